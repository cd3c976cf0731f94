"""iCalendar feeds: one event, one edition, one organisation."""

from django.urls import path

from ._pending import pending

urlpatterns = [
    path("veranstaltung/<int:pk>.ics", pending, name="event_ics"),
    path("veranstaltungen/<slug:edition>/programm.ics", pending, name="edition_ics"),
    path("veranstaltungen/veranstalter-<int:pk>.ics", pending, name="organisation_ics"),
]
