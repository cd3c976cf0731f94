"""PLACEHOLDER for the public counselling pages (built on another branch): only the office
page's named route, so that the API can link to it. The lead replaces this file with the real
one when merging; the real view must keep the name `counselling:office` and the kwargs `pk`
and `slug`."""

from django.http import Http404
from django.urls import path

app_name = "counselling"


def _not_yet(request, pk: int, slug: str):
    raise Http404


urlpatterns = [path("beratung/<int:pk>-<slug:slug>/", _not_yet, name="office")]
