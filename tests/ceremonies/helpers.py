"""Ceremonies and invitees for the back office's tests."""

import datetime

from django.utils import timezone

from mia.ceremonies.models import Ceremony, Invitee


def ceremony(centre, **kwargs) -> Ceremony:
    starts = timezone.now() + datetime.timedelta(days=30)
    values = {
        "title": "Einbürgerungsfeier Mai",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
        "venue_name": "Rathaus, Bürgersaal",
        "venue_address": "Friedensplatz 1\n44135 Dortmund",
        "capacity": 250,
        "companions_allowed": 1,
        "rsvp_deadline": starts - datetime.timedelta(days=10),
        "accepting_answers": True,
        **kwargs,
    }
    return Ceremony.objects.create(centre=centre, **values)


def invitee(ceremony: Ceremony, name: str = "Amina Haddad", **kwargs) -> Invitee:
    values = {
        "street": "Mallinckrodtstraße 12",
        "postcode": "44147",
        "city": "Dortmund",
        "language": "de",
        **kwargs,
    }
    return Invitee.objects.create(centre=ceremony.centre, ceremony=ceremony, name=name, **values)
