from django.urls import path

from casebook.assessments import views

app_name = "assessments"
urlpatterns = [
    path("children/<str:child_id>/assessments/", views.assessment_list, name="list"),
    path("children/<str:child_id>/assessments/start/", views.assessment_start, name="start"),
    path("children/<str:child_id>/assessments/<int:assessment_id>/", views.assessment_edit, name="edit"),
]
