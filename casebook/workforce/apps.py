from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "casebook.workforce"
    label = "workforce"
    verbose_name = "Workforce, caseloads and the leaders' view"

    def ready(self) -> None:
        from casebook.core import navigation
        from casebook.workforce import views

        # Workforce records are about staff, not children, so nothing joins the child's chronology.
        navigation.register("Overview", "workforce:overview", order=80, prefix="/workforce/overview/",
                            visible=lambda user: user.role in views.LEADER_ROLES)
        navigation.register("Caseloads", "workforce:caseloads", order=81, prefix="/workforce/caseloads/",
                            visible=lambda user: user.role in views.CASELOAD_ROLES)
        navigation.register("Workforce", "workforce:workers", order=82, prefix="/workforce/workers/",
                            visible=lambda user: user.role in views.WORKER_VIEW_ROLES, hub="workforce:caseloads")
        navigation.register("Improvement plan", "workforce:plan", order=83, prefix="/workforce/improvement-plan/",
                            visible=lambda user: user.role in views.PLAN_VIEW_ROLES, hub="workforce:overview")
