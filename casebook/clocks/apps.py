from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "casebook.clocks"
    label = "clocks"
    verbose_name = "Statutory and local timescales"

    def ready(self):
        from casebook.children.panels import register_panel
        from casebook.clocks.selectors import clocks_panel

        register_panel("clocks/_panel.html", clocks_panel, order=10)
