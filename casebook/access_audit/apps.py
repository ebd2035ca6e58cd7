from django.apps import AppConfig


class AccessAuditConfig(AppConfig):
    name = "casebook.access_audit"
    label = "access_audit"
    verbose_name = "Access control and the access log"

    def ready(self):
        from casebook.access_audit import rules  # noqa: F401  registers the break-glass visibility rule
