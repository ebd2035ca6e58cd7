app_name = "children_in_need"
urlpatterns: list = []
