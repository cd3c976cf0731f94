"""The open-data files and their description: one address each, the same in every language."""

from .views import data_urlpatterns

app_name = "statistics_data"
urlpatterns = list(data_urlpatterns)
