"""Counselling offices at the scale of all of NRW for the benchmarks:
`ensure_bench_offices(count)`.

Deterministic (a fixed random seed), so every run measures the same offices: 5,000 offices
spread over North Rhine-Westphalia's bounding box, around 600 synthetic postcode areas in 40
synthetic districts ("Bench-Kreis NN", beside the demo's Dortmund districts), run by 60
providers; MBE, JMD and other counselling in realistic shares, with the age ranges of their
programmes, German and one to four other languages, two to five topics, weekly hours for
most (some by appointment only), a few closures ahead and temporarily closed offices, and a
fifth translated. Bench records are told apart by their names ("Bench-…"): made once, kept,
made again only when the count changes. Run as a module to create them in the demo centre:
`python -m bench.counselling_data [count]`; it prints the query string of the finder with
every filter set, for the scenario to load.
"""

import datetime
import random
import sys

SEED = 5
# North Rhine-Westphalia, roughly: south-west to north-east corner
SOUTH, WEST, NORTH, EAST = 50.32, 5.87, 52.53, 9.46
DISTRICTS = 40
POSTCODES_PER_DISTRICT = 15
PROVIDERS = 60
LANGUAGES = ["ar", "tr", "ru", "uk", "en", "fa", "pl", "ro", "bg", "ku", "fr", "ps", "ti", "sq"]
LANGUAGE_WEIGHTS = [14, 12, 10, 10, 9, 7, 6, 5, 5, 5, 4, 3, 2, 2]
STREETS = ["Hauptstraße", "Bahnhofstraße", "Kirchstraße", "Marktplatz", "Schulstraße", "Ringstraße"]
# The benchmark's question: every filter of the finder set (see `finder_query`).
BENCH_DISTRICT = "bench-kreis-07"


def _district_point(rng: random.Random) -> tuple[float, float]:
    return rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST)


def make_places(centre, rng: random.Random) -> list:
    """The synthetic districts with their postcode areas around their centre points."""
    from mia.counselling.models import District, PostcodeArea

    districts = []
    for n in range(DISTRICTS):
        latitude, longitude = _district_point(rng)
        district, _created = District.objects.update_or_create(
            centre=centre,
            slug=f"bench-kreis-{n:02d}",
            defaults={"name": f"Bench-Kreis {n:02d}", "latitude": latitude, "longitude": longitude},
        )
        districts.append(district)
    known = set(PostcodeArea.objects.filter(centre=centre).values_list("postcode", flat=True))
    areas = []
    for n, district in enumerate(districts):
        for m in range(POSTCODES_PER_DISTRICT):
            # 32000–59999 is NRW's range; 6xxxx-free synthetic codes, none of Dortmund's
            postcode = f"{32000 + n * 600 + m * 37:05d}"
            if postcode in known:
                continue
            areas.append(
                PostcodeArea(
                    centre=centre,
                    postcode=postcode,
                    district=district,
                    latitude=district.latitude + rng.uniform(-0.05, 0.05),
                    longitude=district.longitude + rng.uniform(-0.08, 0.08),
                )
            )
    PostcodeArea.objects.bulk_create(areas)
    return list(PostcodeArea.objects.filter(centre=centre, district__in=districts))


def _hours(rng: random.Random) -> list[tuple[int, datetime.time, datetime.time]]:
    if rng.random() < 0.3:
        return []  # by appointment only
    slots = []
    for weekday in sorted(rng.sample(range(5), rng.randint(2, 5))):
        opens = rng.choice([8, 9, 10])
        slots.append((weekday, datetime.time(opens), datetime.time(opens + rng.choice([3, 4]))))
        if rng.random() < 0.4:
            start = rng.choice([13, 14])
            slots.append((weekday, datetime.time(start), datetime.time(start + 2, 30)))
    return slots


def make_offices(centre, count: int, seed: int = SEED) -> int:
    """Create `count` offices (originals) in `centre`, with hours, closures and translations."""
    from django.conf import settings
    from django.utils.text import slugify
    from wagtail.models import Locale

    from mia.core.accessibility import Access
    from mia.counselling.models import (
        Closure,
        Located,
        Office,
        OpeningSlot,
        Programme,
        Provider,
        Topic,
    )

    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    areas = make_places(centre, rng)
    providers = [
        Provider.objects.get_or_create(centre=centre, name=f"Bench-Träger {n:02d}")[0]
        for n in range(PROVIDERS)
    ]
    german = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    others = [
        Locale.objects.get_or_create(language_code=code)[0]
        for code in centre.language_codes
        if code != settings.LANGUAGE_CODE
    ]
    today = datetime.date.today()
    offices, hours = [], []
    for n in range(count):
        area = rng.choice(areas)
        programme = rng.choices(Programme.values, weights=[55, 30, 15])[0]
        age_min, age_max = {
            Programme.MBE: (27, None),
            Programme.JMD: (12, 27),
            Programme.OTHER: rng.choice([(0, None), (16, None), (18, None), (14, 21)]),
        }[programme]
        spoken = {rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS)[0] for _ in range(4)}
        name = f"Bench-Beratung {n:04d} {area.district.name}"
        offices.append(
            Office(
                centre=centre,
                locale=german,
                provider=rng.choice(providers),
                programme=programme,
                name=name,
                slug=slugify(name),
                description="Beratung für Zugewanderte: Sprache, Arbeit, Aufenthalt, Familie.",
                street=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                postcode=area.postcode,
                city=area.district.name,
                district=area.district,
                latitude=area.latitude + rng.uniform(-0.01, 0.01),
                longitude=area.longitude + rng.uniform(-0.015, 0.015),
                located=Located.ENTERED,
                phone=f"0{rng.randint(200, 299)} {rng.randint(100000, 999999)}",
                email=f"beratung{n}@bench.example",
                website="https://bench.example",
                appointment_url="https://bench.example/termin" if rng.random() < 0.5 else "",
                online_url="https://bench.example/online" if rng.random() < 0.25 else "",
                languages=["de", *sorted(spoken)[: rng.randint(1, 4)]],
                age_min=age_min,
                age_max=age_max,
                topics=rng.sample(Topic.values, rng.randint(2, 5)),
                by_appointment=rng.random() < 0.5,
                temporarily_closed=rng.random() < 0.02,
                step_free=rng.choices(Access.values, weights=[50, 20, 30])[0],
                verified_on=today - datetime.timedelta(days=rng.randint(0, 500)),
            )
        )
        hours.append(_hours(rng))
    Office.objects.bulk_create(offices, batch_size=500)
    slots, closures, translations = [], [], []
    for office, week in zip(offices, hours, strict=True):
        slots += [OpeningSlot(office=office, weekday=d, opens=o, closes=c) for d, o, c in week]
        if rng.random() < 0.1:
            first = today + datetime.timedelta(days=rng.randint(-3, 60))
            closures.append(
                Closure(
                    office=office,
                    starts_on=first,
                    ends_on=first + datetime.timedelta(days=rng.randint(0, 14)),
                    note="Urlaub",
                )
            )
        if others and rng.random() < 0.2:
            locale = rng.choice(others)
            copy = Office(
                **{
                    field.attname: getattr(office, field.attname)
                    for field in Office._meta.concrete_fields
                    if field.attname not in ("id", "locale_id")
                }
            )
            copy.locale = locale
            copy.name = f"[{locale.language_code}] {office.name}"
            translations.append(copy)
    OpeningSlot.objects.bulk_create(slots, batch_size=1000)
    Closure.objects.bulk_create(closures, batch_size=1000)
    Office.objects.bulk_create(translations, batch_size=500)
    return len(offices)


def bench_offices(centre):
    from mia.counselling.models import Office

    return Office.objects.filter(centre=centre, name__startswith="Bench-Beratung")


def ensure_bench_offices(count: int = 5000):
    """The demo centre with `count` bench offices, made once and kept."""
    from django.db import connection, transaction

    from mia.core.models import Centre
    from mia.counselling.models import (
        Closure,
        District,
        Office,
        OpeningSlot,
        PostcodeArea,
        Provider,
    )

    centre = Centre.objects.order_by("pk").first()
    originals = bench_offices(centre).filter(locale__language_code="de")
    if originals.count() == count:
        return centre
    with transaction.atomic():
        bench_offices(centre).delete()
        Provider.objects.filter(centre=centre, name__startswith="Bench-Träger").delete()
        PostcodeArea.objects.filter(centre=centre, district__slug__startswith="bench-").delete()
        District.objects.filter(centre=centre, slug__startswith="bench-").delete()
        make_offices(centre, count)
    if connection.vendor == "postgresql":
        # as autovacuum would soon: statistics for the planner, and the visibility map that
        # lets the validators read the offices' index alone
        with connection.cursor() as cursor:
            for model in (Office, OpeningSlot, Closure, Provider, District, PostcodeArea):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return centre


def finder_query(today: datetime.date | None = None) -> dict[str, str]:
    """Every filter of the finder: a 30-year-old Arabic speaker in one of the bench districts
    looking for MBE on work, open now and on the next weekday, online, step-free."""
    today = today or datetime.date.today()
    day = today + datetime.timedelta(days=1)
    while day.weekday() > 4:
        day += datetime.timedelta(days=1)
    return {
        "age": "30",
        "language": "ar",
        "district": BENCH_DISTRICT,
        "programme": "mbe",
        "topic": "work",
        "open_now": "true",
        "day": day.isoformat(),
        "online": "true",
        "step_free": "true",
    }


if __name__ == "__main__":
    from urllib.parse import urlencode

    import django

    django.setup()
    ensure_bench_offices(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
    print(urlencode(finder_query()))
