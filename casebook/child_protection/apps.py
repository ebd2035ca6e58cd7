from django.apps import AppConfig


class ChildProtectionConfig(AppConfig):
    name = "casebook.child_protection"
    label = "child_protection"
    verbose_name = "Child protection"

    def ready(self):
        from casebook.accounts.models import Role
        from casebook.child_protection import chronology, timescales  # noqa: F401  register entries and clocks
        from casebook.children.panels import register_tab
        from casebook.core import navigation

        register_tab("Child protection", "child_protection:overview", order=30)
        from casebook.child_protection.status import child_status
        from casebook.children.panels import register_status

        register_status("child_protection", child_status)
        from django.db.models import Exists, OuterRef

        from casebook.child_protection.models import CPPlan
        from casebook.children.panels import register_list_status

        register_list_status("cp", "CP", lambda: Exists(CPPlan.objects.filter(child=OuterRef("pk"), end_date__isnull=True)))
        navigation.register("Panel review", "child_protection:panel-review", order=60,
                            visible=lambda user: user.role == Role.HEAD_OF_SERVICE,
                            prefix="/child-protection/panel-review/", hub="oversight:dashboard")

        from casebook.child_protection.case_types import children_on_a_plan
        from casebook.workforce.caseloads import register_case_type

        register_case_type("CP", children_on_a_plan)

        from casebook.access_audit.rules import register_visibility
        from casebook.child_protection.rules import conference_chair

        register_visibility("child_protection_conference_chair", conference_chair)

        from django.db.models.signals import post_save

        from casebook.children.models import Child

        post_save.connect(_child_saved, sender=Child, dispatch_uid="child_protection_birth_recorded")


def _child_saved(sender, instance, created, update_fields=None, **kwargs):
    """A birth recorded on the child's record moves a pre-birth plan's review clock
    (services.child_birth_recorded). The children app cannot import this one, hence a signal."""
    if created or (update_fields is not None and "date_of_birth" not in update_fields):
        return
    from casebook.child_protection.services import child_birth_recorded

    child_birth_recorded(instance)
