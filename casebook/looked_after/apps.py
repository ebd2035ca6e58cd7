from django.apps import AppConfig


class LookedAfterConfig(AppConfig):
    name = "casebook.looked_after"
    label = "looked_after"
