app_name = "looked_after"
urlpatterns: list = []
