from django.apps import AppConfig


class ChildrenInNeedConfig(AppConfig):
    name = "casebook.children_in_need"
    label = "children_in_need"
