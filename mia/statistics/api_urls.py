from . import api

app_name = "statistics_api"
urlpatterns = list(api.urlpatterns)
