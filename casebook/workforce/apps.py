from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "casebook.workforce"
    label = "workforce"
