from django.apps import AppConfig


class FrontDoorConfig(AppConfig):
    name = "casebook.front_door"
    label = "front_door"
    verbose_name = "Front door: contacts, MASH, referrals, allocation"
