from django.urls import path

from casebook.visits import views

app_name = "visits"
_child = "children/<str:child_id>/visits/"
urlpatterns = [
    path(_child, views.visit_list, name="list"),
    path(_child + "add/", views.visit_add, name="add"),
    path(_child + "voice/", views.voice, name="voice"),
]
