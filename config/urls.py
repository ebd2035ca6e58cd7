from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("casebook.core.urls")),
    path("accounts/", include("casebook.accounts.urls")),
    path("children/", include("casebook.children.urls")),
    path("", include("casebook.access_audit.urls")),
    path("front-door/", include("casebook.front_door.urls")),
    path("django-admin/", admin.site.urls),
]

handler404 = "casebook.core.views.not_found"
handler403 = "casebook.core.views.forbidden"
handler500 = "casebook.core.views.server_error"
