from django.apps import AppConfig


class ChildProtectionConfig(AppConfig):
    name = "casebook.child_protection"
    label = "child_protection"
