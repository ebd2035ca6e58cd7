from django.urls import path

from casebook.plans import views

app_name = "plans"
_child = "children/<str:child_id>/plans/"
_plan = _child + "<int:plan_id>/"
urlpatterns = [
    path(_child, views.plan_list, name="list"),
    path(_child + "open/<str:kind>/<int:record_id>/", views.plan_open, name="open"),
    path(_plan, views.plan_detail, name="plan"),
    path(_plan + "goals/add/", views.goal_add, name="goal-add"),
    path(_plan + "goals/<int:goal_id>/edit/", views.goal_edit, name="goal-edit"),
    path(_plan + "goals/<int:goal_id>/actions/add/", views.action_add, name="action-add"),
    path(_plan + "finalise/", views.plan_finalise, name="finalise"),
    path(_plan + "reviews/add/", views.review_add, name="review-add"),
    path("plans/quality/", views.quality_gaps, name="quality-gaps"),
]
