from django.urls import path

from casebook.statutory_returns import views

app_name = "statutory_returns"
urlpatterns = [
    path("", views.index, name="index"),
    path("check/", views.check_now, name="check-now"),
    path("findings/<int:run_id>.csv", views.findings_csv, name="findings-csv"),
    path("<int:year>/cin-census.xml", views.cin_census_download, name="cin-census"),
    path("<int:year>/ssda903.zip", views.ssda903_download, name="ssda903"),
    path("annex-a/", views.annex_a, name="annex-a"),
]
