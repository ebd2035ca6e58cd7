from django.apps import AppConfig


class AccessAuditConfig(AppConfig):
    name = "casebook.access_audit"
    label = "access_audit"
    verbose_name = "Access control and the access log"

    def ready(self):
        from casebook.access_audit import rules  # noqa: F401  registers the break-glass visibility rule
        from casebook.accounts.models import MANAGER_ROLES, Role
        from casebook.core import navigation

        # The same roles as the report's @role_page: a link nobody else could follow.
        navigation.register("Emergency access", "access_audit:break-glass-report", order=95,
                            visible=lambda user: user.role in {*MANAGER_ROLES, Role.AUDITOR})
        from casebook.access_audit.views import ACCESS_REVIEW_ROLES

        navigation.register("Access review", "access_audit:access-review", order=96,
                            visible=lambda user: user.role in ACCESS_REVIEW_ROLES,
                            hub="access_audit:break-glass-report")
