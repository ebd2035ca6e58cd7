from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "casebook.plans"
    label = "plans"
    verbose_name = "Plan goals and progress"

    def ready(self):
        from casebook.accounts.models import MANAGER_ROLES
        from casebook.children.panels import register_tab
        from casebook.core import navigation
        from casebook.plans import chronology  # noqa: F401  registers the plan entries

        register_tab("Plans", "plans:list", order=50)
        navigation.register("Plan quality", "plans:quality-gaps", order=65,
                            visible=lambda user: user.role in MANAGER_ROLES, prefix="/plans/",
                            hub="oversight:dashboard")
