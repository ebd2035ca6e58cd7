from django.urls import path

from casebook.access_audit import reports, views

app_name = "access_audit"
urlpatterns = [
    path("children/<str:child_id>/who-viewed/", views.who_viewed, name="who-viewed"),
    path("emergency-access/", views.break_glass, name="break-glass"),
    path("emergency-access/report/", views.break_glass_report, name="break-glass-report"),
    path("children/<str:child_id>/subject-access/", views.subject_access, name="subject-access"),
    path("access-review/", views.access_review, name="access-review"),
    path("information-governance/", views.information_governance, name="information-governance"),
    *[path(f"access-review/{slug}/", views.access_review_report_view(slug), name=f"access-review-{slug}")
      for slug in reports.REPORTS],
]
