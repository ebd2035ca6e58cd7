from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("casebook.core.urls")),
    path("accounts/", include("casebook.accounts.urls")),
    path("children/", include("casebook.children.urls")),
    path("", include("casebook.access_audit.urls")),
    path("front-door/", include("casebook.front_door.urls")),
    # Journey apps put child pages under children/<child_id>/<app>/ and their own lists here.
    path("", include("casebook.assessments.urls")),
    path("", include("casebook.child_protection.urls")),
    path("", include("casebook.children_in_need.urls")),
    path("", include("casebook.looked_after.urls")),
    path("", include("casebook.plans.urls")),
    path("", include("casebook.visits.urls")),
    path("oversight/", include("casebook.oversight.urls")),
    path("workforce/", include("casebook.workforce.urls")),
    path("returns/", include("casebook.statutory_returns.urls")),
    path("django-admin/", admin.site.urls),
]

handler404 = "casebook.core.views.not_found"
handler403 = "casebook.core.views.forbidden"
handler500 = "casebook.core.views.server_error"
