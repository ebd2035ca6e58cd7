from django.urls import path

from casebook.workforce import views

app_name = "workforce"
urlpatterns = [
    path("workers/", views.workers, name="workers"),
    path("workers/<int:worker_id>/", views.worker_edit, name="worker-edit"),
    path("workers/<int:worker_id>/absences/new/", views.absence_add, name="absence-add"),
    path("teams/<int:team_id>/funded-posts/", views.establishment_edit, name="establishment-edit"),
    path("caseloads/", views.caseload_list, name="caseloads"),
    path("caseloads.csv", views.caseload_csv, name="caseloads-csv"),
    path("caseloads/weights-and-caps/", views.caseload_settings, name="caseload-settings"),
    path("figures/", views.figures, name="figures"),
    path("figures.csv", views.figures_csv, name="figures-csv"),
    path("overview/", views.overview_page, name="overview"),
    path("overview/<str:key>/children/", views.overview_children, name="overview-children"),
    path("improvement-plan/", views.plan, name="plan"),
    path("improvement-plan/recommendations/new/", views.recommendation_add, name="recommendation-add"),
    path("improvement-plan/recommendations/<int:recommendation_id>/actions/new/", views.action_add, name="action-add"),
    path("improvement-plan/actions/<int:action_id>/", views.action_edit, name="action-edit"),
]
