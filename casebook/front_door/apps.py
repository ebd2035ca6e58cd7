from django.apps import AppConfig


class FrontDoorConfig(AppConfig):
    name = "casebook.front_door"
    label = "front_door"
    verbose_name = "Front door: contacts, MASH, referrals, allocation"

    def ready(self):
        from casebook.access_audit.rules import register_visibility
        from casebook.accounts.models import Role
        from casebook.children.panels import register_tab
        from casebook.core import navigation
        from casebook.front_door import chronology, timescales  # noqa: F401  register entries and clocks
        from casebook.front_door.rules import front_door_open_contact

        register_visibility("front_door_open_contact", front_door_open_contact)
        navigation.register("Front door", "front_door:queue", order=20, prefix="/front-door/contacts/",
                            visible=lambda user: user.role == Role.MASH_WORKER or user.is_manager)
        navigation.register("Awaiting allocation", "front_door:awaiting-allocation", order=21,
                            visible=lambda user: user.is_manager)
        navigation.register("Threshold consistency", "front_door:consistency", order=22,
                            visible=lambda user: user.is_manager, hub="front_door:queue")
        register_tab("Contacts", "front_door:child-contacts", order=20)
