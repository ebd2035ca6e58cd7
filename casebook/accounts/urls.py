from django.urls import path

from casebook.accounts import views
from casebook.accounts.two_factor.urls import urlpatterns as two_factor_urlpatterns

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    *two_factor_urlpatterns,
]
