from django.apps import AppConfig


class StatutoryReturnsConfig(AppConfig):
    name = "casebook.statutory_returns"
    label = "statutory_returns"
    verbose_name = "Statutory returns"

    def ready(self):
        from casebook.children.panels import register_panel
        from casebook.core import navigation
        from casebook.statutory_returns.selectors import child_findings_panel, may_see_returns

        register_panel("statutory_returns/_panel.html", child_findings_panel, order=80)
        navigation.register("Returns", "statutory_returns:index", order=75, visible=may_see_returns,
                            prefix="/returns/")
