"""The pool's public pages (language-prefixed like the rest of the site): volunteers apply and
keep their availability and hours; institutions register, request, cancel and confirm hours;
offers are answered through their signed link. Each part lives in its own module."""

from .views import hours, institutions, offers, volunteers

app_name = "pool"
urlpatterns = [
    *volunteers.urlpatterns,
    *institutions.urlpatterns,
    *offers.urlpatterns,
    *hours.urlpatterns,
]
