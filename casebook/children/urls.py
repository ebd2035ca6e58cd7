from django.urls import path

from casebook.children import views

app_name = "children"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<str:child_id>/", views.summary, name="summary"),
    path("<str:child_id>/edit/", views.edit, name="edit"),
    path("<str:child_id>/addresses/add/", views.address_add, name="address-add"),
    path("<str:child_id>/network/add/", views.relationship_add, name="relationship-add"),
    path("<str:child_id>/chronology/", views.chronology_page, name="chronology"),
    path("<str:child_id>/history/", views.history, name="history"),
]
