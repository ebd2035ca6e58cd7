from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "casebook.oversight"
    label = "oversight"
    verbose_name = "Oversight: drift and delay, management oversight, supervision and audits"

    def ready(self) -> None:
        from casebook.access_audit.rules import register_visibility
        from casebook.children.panels import register_tab
        from casebook.clocks.timescales import set_local_values_source
        from casebook.core import chronology, navigation
        from casebook.oversight import rules, selectors, services, views

        register_visibility("oversight_audit_assignment", rules.auditing)
        set_local_values_source(services.local_timescale_values)
        chronology.register("oversight", "Management oversight, supervision and audits", selectors.chronology_entries)
        register_tab("Oversight", "oversight:child", order=80)
        navigation.register("My actions", "oversight:my-actions", order=5, prefix="/oversight/actions",
                            visible=lambda user: user.role in views.ACTION_ROLES)
        navigation.register("Drift and delay", "oversight:dashboard", order=70, prefix="/oversight/dashboard/",
                            visible=lambda user: user.role in views.DASHBOARD_ROLES)
        navigation.register("Supervision", "oversight:supervision", order=71, prefix="/oversight/supervision",
                            visible=lambda user: user.role in views.SUPERVISOR_ROLES)
        navigation.register("Audits", "oversight:programme", order=72, prefix="/oversight/audits",
                            visible=lambda user: user.role in views.AUDIT_VIEW_ROLES)
        navigation.register("Standards and timescales", "oversight:standards", order=96, prefix="/oversight/standards/",
                            visible=lambda user: user.role in views.ADMIN_ROLES)
