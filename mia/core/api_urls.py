from .api import urlpatterns as api_urlpatterns

app_name = "api"
urlpatterns = list(api_urlpatterns)
