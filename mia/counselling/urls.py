"""The counselling finder's public addresses (language-prefixed like the rest of the site)."""

from .views import public

app_name = "counselling"
urlpatterns = [*public.urlpatterns]
