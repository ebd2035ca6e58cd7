from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "casebook.assessments"
    label = "assessments"
    verbose_name = "Child and family assessments"

    def ready(self):
        from casebook.assessments import chronology, timescales  # noqa: F401  register entries and clocks
        from casebook.children.panels import register_tab

        register_tab("Assessments", "assessments:list", order=20)
