from django.urls import path

from casebook.accounts.two_factor import views

# Included in the accounts namespace (casebook/accounts/urls.py).
urlpatterns = [
    path("two-factor/set-up/", views.set_up, name="two-factor-set-up"),
    path("two-factor/", views.verify, name="two-factor-verify"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("two-factor/recovery-codes/new/", views.recovery_codes_renew, name="recovery-codes-new"),
]
