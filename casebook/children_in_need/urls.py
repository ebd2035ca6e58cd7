from django.urls import path

from casebook.children_in_need import views

app_name = "children_in_need"
_child = "children/<str:child_id>/child-in-need/"
urlpatterns = [
    path(_child, views.overview, name="overview"),
    path(f"{_child}plans/start/", views.plan_start, name="plan-start"),
    path(f"{_child}plans/<int:plan_id>/review/", views.review_add, name="review-add"),
    path(f"{_child}plans/<int:plan_id>/end/", views.plan_end, name="plan-end"),
    path(f"{_child}close/", views.episode_close, name="episode-close"),
]
