from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "casebook.oversight"
    label = "oversight"
