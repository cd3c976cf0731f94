"""A large festival programme for the benchmarks: `make_programme(centre, edition, count)`.

Deterministic (a fixed random seed), so every run measures the same programme: events spread
over the edition's days, one to three dates each, at a few dozen venues, from some forty
organisations, in every category, with a quarter translated into each of the centre's other
languages and a few cancelled. Run as a module to create the bench edition in the demo
centre: `python -m bench.events_data [count]`; it prints the edition's slug.
"""

import datetime
import random
import sys
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
BENCH_SLUG = "bench-programm"

WORDS = [
    "Begegnung",
    "Nachbarschaft",
    "Sprache",
    "Musik",
    "Erinnerung",
    "Zukunft",
    "Familie",
    "Kinder",
    "Literatur",
    "Film",
    "Tanz",
    "Küche",
    "Fußball",
    "Garten",
    "Kunst",
    "Geschichte",
    "Arbeit",
    "Schule",
    "Heimat",
    "Vielfalt",
    "Stimmen",
    "Brücken",
]
DISTRICTS = ("Innenstadt-Nord", "Innenstadt-West", "Innenstadt-Ost", "Eving", "Hörde", "Huckarde")
LANGUAGES = ("de", "tr", "ar", "uk", "ru", "pl", "ku", "fa", "en")


def make_programme(centre, edition, count: int = 400, seed: int = 4) -> list:
    """Create `count` published events in `edition` (and what they need); returns them."""
    from django.conf import settings
    from wagtail.models import Locale

    from mia.events.models import Access, Category, Event, EventDate, Venue
    from mia.organisations.models import Organisation

    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    organisations = [
        Organisation.objects.get_or_create(
            centre=centre,
            name=f"Bench-Verein {n:02d}",
            defaults={"kind": rng.choice(Organisation.Kind.values)},
        )[0]
        for n in range(40)
    ]
    venues = [
        Venue.objects.get_or_create(
            centre=centre,
            name=f"Bench-Ort {n:02d}",
            defaults={
                "street": f"Münsterstraße {n + 1}",
                "postcode": "44145",
                "district": DISTRICTS[n % len(DISTRICTS)],
                "latitude": f"{51.52 + n / 1000:.6f}",
                "longitude": f"{7.46 + n / 1000:.6f}",
                "step_free": rng.choice(Access.values),
                "accessible_toilet": rng.choice(Access.values),
            },
        )[0]
        for n in range(30)
    ]
    locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    others = {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in centre.language_codes
        if code != settings.LANGUAGE_CODE
    }
    days = edition.days
    events, dates = [], []
    for n in range(count):
        words = rng.sample(WORDS, 3)
        attendance = rng.choices(["on_site", "online", "hybrid"], weights=[8, 1, 1])[0]
        event = Event(
            centre=centre,
            locale=locale,
            edition=edition,
            organisation=rng.choice(organisations),
            venue=None if attendance == "online" else rng.choice(venues),
            attendance=attendance,
            online_url="" if attendance == "on_site" else "https://treffen.example/raum",
            state=Event.State.CANCELLED if n % 37 == 0 else Event.State.PUBLISHED,
            title=f"{words[0]} und {words[1]} ({n + 1})",
            summary=f"Ein Abend über {words[0]}, {words[1]} und {words[2]} in der Nordstadt.",
            description=" ".join(rng.choices(WORDS, k=60)),
            category=rng.choice(Category.values),
            languages=rng.sample(LANGUAGES, rng.randint(1, 3)),
            is_free=rng.random() < 0.8,
            price="" if n % 5 else "5 €, ermäßigt 3 €",
            family_friendly=rng.random() < 0.3,
            published_at=datetime.datetime(2026, 5, 1, tzinfo=BERLIN),
        )
        events.append(event)
    Event.objects.bulk_create(events)
    for event in events:
        for day in rng.sample(days, rng.choice([1, 1, 1, 2, 3])):
            start = datetime.datetime.combine(
                day, datetime.time(rng.randint(9, 20), rng.choice([0, 30])), BERLIN
            )
            dates.append(
                EventDate(event=event, start=start, end=start + datetime.timedelta(hours=2))
            )
    EventDate.objects.bulk_create(dates)
    translations = []
    for index, event in enumerate(events):
        code = list(others)[index % len(others)] if others and index % 4 == 0 else None
        if code is None:
            continue
        copy = Event(
            centre=centre,
            locale=others[code],
            translation_key=event.translation_key,
            edition=edition,
            organisation=event.organisation,
            venue=event.venue,
            attendance=event.attendance,
            state=event.state,
            title=f"[{code}] {event.title}",
            summary=f"[{code}] {event.summary}",
            category=event.category,
            languages=event.languages,
        )
        translations.append(copy)
    Event.objects.bulk_create(translations)
    return events


def ensure_bench_edition(count: int = 400):
    """The demo centre's bench edition with `count` events, made once and kept."""
    from django.db import transaction

    from mia.core.models import Centre
    from mia.events.models import Edition

    centre = Centre.objects.order_by("pk").first()
    edition = Edition.objects.filter(centre=centre, slug=BENCH_SLUG).first()
    if edition is not None and edition.events.filter(locale__language_code="de").count() == count:
        return edition
    with transaction.atomic():
        if edition is not None:
            edition.events.all().delete()
            edition.delete()
        edition = Edition.objects.create(
            centre=centre,
            name="Bench-Programm",
            slug=BENCH_SLUG,
            starts_on=datetime.date(2026, 6, 20),
            ends_on=datetime.date(2026, 6, 28),
            submissions_open_at=datetime.datetime(2026, 1, 1, tzinfo=BERLIN),
            submissions_close_at=datetime.datetime(2026, 4, 30, tzinfo=BERLIN),
            intro="Ein großes Programm, um MIA zu messen.",
            programme_published=True,
        )
        make_programme(centre, edition, count)
    return edition


if __name__ == "__main__":
    import django

    django.setup()
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    print(ensure_bench_edition(size).slug)
