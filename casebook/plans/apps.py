from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "casebook.plans"
    label = "plans"
