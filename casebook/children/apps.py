from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "casebook.children"
    label = "children"
    verbose_name = "The child's record"

    def ready(self):
        from casebook.children import chronology  # noqa: F401  registers the record's own entries
        from casebook.children.panels import register_tab
        from casebook.core import navigation

        navigation.register("Find a child", "children:search", order=10, prefix="/children/")

        register_tab("Summary", "children:summary", order=0)
        register_tab("Chronology", "children:chronology", order=10)
        register_tab("Record history", "children:history", order=90, visible=lambda user, child: user.is_manager)
        register_tab("Who has viewed", "access_audit:who-viewed", order=95, visible=lambda user, child: user.is_manager)
