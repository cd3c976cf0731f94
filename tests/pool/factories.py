"""Pool records for the tests: volunteers who can be offered, institutions, requests.

Shared by every part of the pool's tests; a part that needs more builds it in its own
helpers, so that this module stays small."""

import datetime
import itertools

from django.utils import timezone

from mia.counselling.models import District
from mia.pool.models import (
    AvailabilitySlot,
    Institution,
    Request,
    Setting,
    Topic,
    Volunteer,
    VolunteerLanguage,
)

from ..factories import organisation

_numbers = itertools.count(1)


def district(centre, name: str = "Innenstadt-Nord", latitude=51.52, longitude=7.46) -> District:
    found, _created = District.objects.get_or_create(
        centre=centre,
        slug=name.lower().replace(" ", "-"),
        defaults={"name": name, "latitude": latitude, "longitude": longitude},
    )
    return found


def topic(centre, name: str = "Elterngespräch", **fields) -> Topic:
    found, _created = Topic.objects.get_or_create(centre=centre, name=name, defaults=fields)
    return found


def volunteer(
    centre,
    name: str | None = None,
    *,
    languages=(("ar", "apc", 4),),
    settings=(Setting.ON_SITE, Setting.PHONE, Setting.VIDEO),
    weekly=tuple((day, datetime.time(8), datetime.time(20)) for day in range(5)),
    status: str = Volunteer.Status.ACTIVE,
    **fields,
) -> Volunteer:
    """An active volunteer with every requirement in place, free on weekdays 8–20 unless
    told otherwise."""
    number = next(_numbers)
    today = timezone.localdate()
    values = {
        "name": name or f"Freiwillige {number}",
        "email": f"freiwillige{number}@example.org",
        "status": status,
        "settings_accepted": list(settings),
        "confidentiality_signed_on": today - datetime.timedelta(days=200),
        "training_completed_on": today - datetime.timedelta(days=190),
        "police_certificate_inspected_on": today - datetime.timedelta(days=180),
        "police_certificate_renew_by": today + datetime.timedelta(days=3 * 365),
        "intake_at": timezone.now() - datetime.timedelta(days=180),
        **fields,
    }
    person = Volunteer.objects.create(centre=centre, **values)
    for language, dialect, level in languages:
        VolunteerLanguage.objects.create(
            volunteer=person, language=language, dialect=dialect, level=level
        )
    for weekday, starts, ends in weekly:
        AvailabilitySlot.objects.create(volunteer=person, weekday=weekday, starts=starts, ends=ends)
    return person


def institution(centre, name: str = "Grundschule am Nordmarkt", **fields) -> Institution:
    values = {
        "kind": Institution.Kind.SCHOOL,
        "status": Institution.Status.APPROVED,
        "street": "Mallinckrodtstraße 100",
        "postcode": "44145",
        "city": "Dortmund",
        **fields,
    }
    return Institution.objects.create(
        centre=centre, organisation=organisation(centre, name), **values
    )


def next_weekday(days_ahead: int = 10, hour: int = 10) -> datetime.datetime:
    """A weekday at least `days_ahead` days from now, at `hour` local time."""
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def request(centre, the_institution: Institution | None = None, **fields) -> Request:
    values = {
        "language": "ar",
        "dialect": "",
        "starts_at": next_weekday(),
        "minutes": 90,
        "setting": Setting.ON_SITE,
        "place": "Mallinckrodtstraße 100, 44145 Dortmund",
        **fields,
    }
    values.setdefault("topic", topic(centre))
    return Request.objects.create(
        centre=centre, institution=the_institution or institution(centre), **values
    )
