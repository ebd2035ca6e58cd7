from django.apps import AppConfig


class LookedAfterConfig(AppConfig):
    name = "casebook.looked_after"
    label = "looked_after"
    verbose_name = "Looked-after children and care leavers"

    def ready(self):
        from casebook.accounts.models import MANAGER_ROLES, Role
        from casebook.children.panels import register_tab
        from casebook.core import navigation
        from casebook.looked_after import chronology, timescales  # noqa: F401  register entries and clocks

        from casebook.children.panels import has_record, register_status
        from casebook.looked_after.status import child_status

        register_status("looked_after", child_status)
        from django.db.models import Exists, OuterRef

        from casebook.children.panels import register_list_status
        from casebook.looked_after.models import CareEpisode

        register_list_status("lac", "Looked after", lambda: Exists(CareEpisode.objects.filter(
            child=OuterRef("pk"), end_date__isnull=True)))
        # Shown once there is something to show; the summary links to a first record otherwise.
        register_tab("Care", "looked_after:care", order=40, visible=has_record("care"))
        register_tab("Missing", "looked_after:missing", order=45, visible=has_record("missing"))
        navigation.register("Missing episodes", "looked_after:missing-list", order=60,
                            visible=lambda user: user.role in MANAGER_ROLES, prefix="/looked-after/",
                            hub="oversight:dashboard")
        # An IRO's own work, in their menu (managers may open the page too; their overdue reviews
        # are on the drift and delay dashboard).
        navigation.register("Looked-after reviews", "looked_after:reviews-due", order=59,
                            visible=lambda user: user.role == Role.IRO, prefix="/looked-after/reviews/")
        adoption_team = {Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER, *MANAGER_ROLES}
        navigation.register("Adopters", "looked_after:adopters", order=62, prefix="/adopters/",
                            visible=lambda user: user.role in adoption_team)

        from casebook.looked_after.case_types import care_leavers, children_looked_after
        from casebook.workforce.caseloads import register_case_type

        # The keys are the caseload weight names (workforce.caseloads.DEFAULT_WEIGHTS).
        register_case_type("CLA", children_looked_after)
        register_case_type("CARE_LEAVER", care_leavers)

        from casebook.access_audit.rules import register_visibility
        from casebook.looked_after.rules import review_chair

        register_visibility("looked_after_review_chair", review_chair)
