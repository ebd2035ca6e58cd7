from django.apps import AppConfig


class ChildrenInNeedConfig(AppConfig):
    name = "casebook.children_in_need"
    label = "children_in_need"
    verbose_name = "Children in need"

    def ready(self):
        from casebook.children.panels import register_tab
        from casebook.children_in_need import chronology, timescales  # noqa: F401  register entries and clocks

        register_tab("Child in need", "children_in_need:overview", order=35)
        from casebook.children.panels import register_status
        from casebook.children_in_need.status import child_status

        register_status("children_in_need", child_status)
        from django.db.models import Exists, OuterRef

        from casebook.children.panels import register_list_status
        from casebook.children_in_need.models import CINPlan

        register_list_status("cin", "CIN", lambda: Exists(CINPlan.objects.filter(child=OuterRef("pk"),
                                                                                end_date__isnull=True)))

        from casebook.children_in_need.case_types import children_on_a_plan
        from casebook.workforce.caseloads import register_case_type

        register_case_type("CIN", children_on_a_plan)
