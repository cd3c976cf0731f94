"""The public programme and event pages."""

from django.urls import path

from ._pending import pending

urlpatterns = [
    path("veranstaltungen/", pending, name="index"),
    path("veranstaltungen/<slug:edition>/", pending, name="programme"),
    path("veranstaltung/<int:pk>-<slug:slug>/", pending, name="detail"),
]
