from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "casebook.core"
    label = "core"
    verbose_name = "Casebook core"

    def ready(self):
        from casebook.core import navigation

        navigation.register("Home", "core:home", order=0)
