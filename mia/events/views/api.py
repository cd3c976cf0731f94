"""The JSON API for events and venues."""

from django.urls import path

from ._pending import pending

urlpatterns = [
    path("events/", pending, name="events"),
    path("venues/", pending, name="venues"),
    path("openapi.json", pending, name="openapi"),
]
