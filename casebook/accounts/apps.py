from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casebook.accounts"
    label = "accounts"
    verbose_name = "Staff accounts and teams"
