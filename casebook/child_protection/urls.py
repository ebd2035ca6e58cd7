from django.urls import path

from casebook.child_protection import views

app_name = "child_protection"
_child = "children/<str:child_id>/child-protection/"
urlpatterns = [
    path(_child, views.overview, name="overview"),
    path(f"{_child}strategy-discussions/add/", views.strategy_discussion_add, name="strategy-discussion-add"),
    path(f"{_child}strategy-discussions/<int:discussion_id>/", views.strategy_discussion_edit,
         name="strategy-discussion-edit"),
    path(f"{_child}conferences/<int:conference_id>/", views.conference_edit, name="conference-edit"),
    path(f"{_child}conferences/<int:conference_id>/decision/", views.conference_decision_edit,
         name="conference-decision"),
    path(f"{_child}strategy-discussions/<int:discussion_id>/section-47/", views.section47_start, name="section47-start"),
    path(f"{_child}section-47/<int:s47_id>/", views.section47_conclude, name="section47-conclude"),
    path(f"{_child}section-47/<int:s47_id>/conference/", views.initial_conference_add, name="initial-conference-add"),
    path(f"{_child}plans/<int:plan_id>/review/", views.review_conference_add, name="review-conference-add"),
    path(f"{_child}plans/<int:plan_id>/core-group/", views.core_group_add, name="core-group-add"),
    path(f"{_child}plans/<int:plan_id>/end/", views.plan_end, name="plan-end"),
    path("child-protection/panel-review/", views.panel_review, name="panel-review"),
]
