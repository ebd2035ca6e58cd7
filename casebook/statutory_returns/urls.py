app_name = "statutory_returns"
urlpatterns: list = []
