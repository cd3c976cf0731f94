from .views import api

app_name = "events_api"
urlpatterns = list(api.urlpatterns)
