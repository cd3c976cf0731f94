"""The programme booklet as a download."""

from django.urls import path

from ._pending import pending

urlpatterns = [
    path("veranstaltungen/<slug:edition>/programmheft-<str:language>.pdf", pending, name="booklet"),
]
