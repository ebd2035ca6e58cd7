from django.urls import path

from casebook.oversight import views

app_name = "oversight"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/items/", views.items, name="items"),
    path("dashboard/items.csv", views.items_csv, name="items-csv"),
    path("dashboard/open-cases/", views.open_cases, name="open-cases"),
    path("dashboard/open-cases.csv", views.open_cases_csv, name="open-cases-csv"),
    path("dashboard/actions/", views.scope_actions, name="scope-actions"),
    path("actions/", views.my_actions, name="my-actions"),
    path("actions.csv", views.my_actions_csv, name="my-actions-csv"),
    path("children/<str:child_id>/oversight/", views.child_oversight, name="child"),
    path("children/<str:child_id>/oversight/new/", views.oversight_add, name="record"),
    path("children/<str:child_id>/oversight/case-discussion/", views.case_discussion_add, name="case-discussion"),
    path("children/<str:child_id>/audits/new/", views.audit_start, name="audit-start"),
    path("children/<str:child_id>/audits/<int:audit_id>/", views.audit, name="audit"),
    path("children/<str:child_id>/audits/<int:audit_id>/moderate/", views.audit_moderate, name="audit-moderate"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision.csv", views.supervision_csv, name="supervision-csv"),
    path("supervision/new/", views.supervision_add, name="supervision-add"),
    path("audits/", views.programme, name="programme"),
    path("audits.csv", views.programme_csv, name="programme-csv"),
    path("audits/target/", views.programme_edit, name="programme-edit"),
    path("audits/sample/", views.sample, name="sample"),
    path("standards/", views.standards, name="standards"),
    path("standards/new/", views.standard_edit, name="standard-add"),
    path("standards/<int:standard_id>/", views.standard_edit, name="standard-edit"),
    path("timescales/", views.timescale_settings, name="timescales"),
    path("timescales/<str:item>/", views.timescale_edit, name="timescale-edit"),
]
