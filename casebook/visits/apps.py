from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "casebook.visits"
    label = "visits"
    verbose_name = "Visits and the child's voice"

    def ready(self):
        from casebook.children.panels import register_tab
        from casebook.visits import chronology  # noqa: F401  registers the visit entries

        register_tab("Visits", "visits:list", order=55)
        register_tab("Child's voice", "visits:voice", order=56)
