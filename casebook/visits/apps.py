from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "casebook.visits"
    label = "visits"
