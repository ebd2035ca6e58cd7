from django.urls import path

from casebook.front_door import views

app_name = "front_door"
_contact = "children/<str:child_id>/contacts/<int:contact_id>/"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("awaiting-allocation/", views.awaiting_allocation, name="awaiting-allocation"),
    path("consistency/", views.consistency, name="consistency"),
    path("consistency.csv", views.consistency_csv, name="consistency-csv"),
    path("contacts/new/", views.contact_create, name="contact-create"),
    path("contacts/<int:contact_id>/children/", views.contact_children, name="contact-children"),
    path("children/<str:child_id>/contacts/", views.child_contacts, name="child-contacts"),
    path("children/<str:child_id>/allocate/", views.allocate, name="allocate"),
    path(_contact, views.contact_detail, name="contact"),
    path(_contact + "rag/", views.contact_rag, name="contact-rag"),
    path(_contact + "checks/new/", views.check_add, name="check-add"),
    path(_contact + "checks/<int:check_id>/", views.check_answer, name="check-answer"),
    path(_contact + "decision/", views.contact_decision, name="contact-decision"),
    path(_contact + "sign-off/", views.contact_sign_off, name="contact-sign-off"),
]
