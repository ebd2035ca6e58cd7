from django.apps import AppConfig


class StatutoryReturnsConfig(AppConfig):
    name = "casebook.statutory_returns"
    label = "statutory_returns"
