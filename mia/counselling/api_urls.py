from . import api

app_name = "counselling_api"
urlpatterns = list(api.urlpatterns)
