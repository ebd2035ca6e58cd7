from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "casebook.demo"
    label = "demo"
    verbose_name = "The synthetic local authority"
