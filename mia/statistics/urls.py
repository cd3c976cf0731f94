"""The statistics page, language-prefixed like the rest of the site (/en/statistik/…)."""

from .views import page_urlpatterns

app_name = "statistics"
urlpatterns = list(page_urlpatterns)
