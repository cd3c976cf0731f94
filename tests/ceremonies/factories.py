"""Ceremonies and invitees for the tests of answering (services, pages, concurrency)."""

import datetime
import itertools

from django.utils import timezone

from mia.ceremonies.models import Ceremony, Invitee

_numbers = itertools.count(1)


def ceremony(centre, *, days: int = 30, **fields) -> Ceremony:
    """A ceremony `days` ahead, open for answers until ten days before."""
    starts = fields.pop("starts_at", None) or timezone.now() + datetime.timedelta(days=days)
    values = {
        "title": "Einbürgerungsfeier Frühjahr",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
        "venue_name": "Rathaus Dortmund, Bürgersaal",
        "venue_address": "Friedensplatz 1\n44135 Dortmund",
        "details": "Empfang durch den Oberbürgermeister, Musik und ein kleiner Imbiss.",
        "accessibility": "Stufenloser Zugang über den Seiteneingang; Induktionsschleife.",
        "languages": ["de", "gsg"],
        "capacity": 10,
        "companions_allowed": 2,
        "rsvp_deadline": starts - datetime.timedelta(days=10),
        "offer_hours": 48,
        "accepting_answers": True,
        **fields,
    }
    return Ceremony.objects.create(centre=centre, **values)


def invitee(ceremony: Ceremony, **fields) -> Invitee:
    number = next(_numbers)
    values = {
        "name": f"Beispiel Person {number}",
        "street": f"Beispielstraße {number}",
        "postcode": "44137",
        "city": "Dortmund",
        "language": "de",
        **fields,
    }
    return Invitee.objects.create(centre=ceremony.centre, ceremony=ceremony, **values)
