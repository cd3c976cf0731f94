"""A language-mediation pool at a large city's scale for the benchmarks:
`ensure_bench_pool(volunteers, requests)`.

Deterministic (a fixed random seed): 10,000 volunteers and 2,000 open requests in the demo
centre, over its districts (Dortmund's in the demo; synthetic ones when it has fewer than
eight). Volunteers speak one to three of 40 languages in the shares German pools report
(Arabic, Ukrainian, Farsi/Dari, Turkish, Russian, Kurdish first), with a variety for most
who speak a language that has them; a level each; a home district; a third list the districts
they reach; settings accepted; weekly hours (one to four windows); a few exceptions and
absences; some decline a topic or cap their hours; 6 % have a lapsed police certificate, 2 %
no training yet; 90 % active, 7 % paused, 3 % left. Each has had 0–4 appointments this year
(billed, with an allowance) and a tenth one ahead. Requests follow demand: on site 65 %,
phone 25 %, video 10 %; a variety asked for in half the requests whose language has them; a
gender wish in 8 %; weekdays 8:00–17:00 over the next eight weeks.

Bench records are told apart by their e-mail domain and institutions' names: made once, kept
while the counts match, made again otherwise. `python -m bench.pool_data [volunteers]
[requests]` makes them and prints the centre's slug.
"""

import datetime
import random
import sys

SEED = 7
DOMAIN = "pool.bench.invalid"
INSTITUTIONS = 60
# (code, share of volunteers, share of requests)
LANGUAGES = [
    ("ar", 20, 24),
    ("uk", 9, 14),
    ("fa", 9, 9),
    ("tr", 9, 7),
    ("ru", 8, 8),
    ("ku", 6, 6),
    ("ps", 3, 4),
    ("ti", 2, 3),
    ("so", 2, 2),
    ("ro", 3, 3),
    ("bg", 3, 3),
    ("pl", 3, 2),
    ("sq", 2, 2),
    ("sr", 2, 1),
    ("bs", 1, 1),
    ("hr", 1, 1),
    ("fr", 3, 1),
    ("en", 4, 1),
    ("es", 2, 1),
    ("it", 1, 1),
    ("pt", 1, 1),
    ("vi", 1, 1),
    ("zh", 1, 1),
    ("hi", 1, 1),
    ("ur", 1, 1),
    ("bn", 1, 1),
    ("ta", 1, 1),
    ("am", 1, 1),
    ("ha", 1, 1),
    ("yo", 1, 1),
    ("ig", 1, 1),
    ("ln", 1, 1),
    ("sw", 1, 1),
    ("el", 1, 1),
    ("hu", 1, 1),
    ("cs", 1, 1),
    ("mk", 1, 1),
    ("hy", 1, 1),
    ("ka", 1, 1),
    ("az", 1, 1),
]
TOPICS = ["Elterngespräch", "Schulanmeldung", "Kita-Aufnahme", "Jobcenter", "Wohnungsamt"]


def _language_with_variety(rng: random.Random, code: str) -> tuple[str, str]:
    from mia.pool.languages import DIALECTS

    varieties = DIALECTS.get(code, ())
    if varieties and rng.random() < 0.8:
        return code, rng.choice(varieties[:4])
    return code, ""


def _districts(centre) -> list:
    from mia.counselling.models import District

    found = list(
        District.objects.filter(centre=centre, latitude__isnull=False).exclude(
            slug__startswith="bench-"
        )
    )
    if len(found) >= 8:
        return found
    made = []
    for n in range(12):
        district, _created = District.objects.update_or_create(
            centre=centre,
            slug=f"bench-pool-{n:02d}",
            defaults={
                "name": f"Bench-Bezirk {n:02d}",
                "latitude": 51.45 + (n % 4) * 0.03,
                "longitude": 7.35 + (n // 4) * 0.06,
            },
        )
        made.append(district)
    return made


def _institutions(centre) -> list:
    from mia.organisations.models import Organisation
    from mia.pool.models import Institution

    found = []
    for n in range(INSTITUTIONS):
        organisation, _created = Organisation.objects.get_or_create(
            centre=centre, name=f"Bench-Einrichtung {n:02d}", defaults={"kind": "association"}
        )
        institution, _created = Institution.objects.get_or_create(
            organisation=organisation,
            defaults={
                "centre": centre,
                "kind": Institution.Kind.SCHOOL,
                "status": Institution.Status.APPROVED,
            },
        )
        found.append(institution)
    return found


def _clear(centre, institutions) -> None:
    from mia.pool.models import Assignment, Offer, Request, Volunteer

    Assignment.objects.filter(centre=centre, request__institution__in=institutions).delete()
    Offer.objects.filter(centre=centre, request__institution__in=institutions).delete()
    Request.objects.filter(centre=centre, institution__in=institutions).delete()
    Volunteer.objects.filter(centre=centre, email__endswith=f"@{DOMAIN}").delete()


def ensure_bench_pool(volunteers: int = 10_000, requests: int = 2_000):
    from django.db import connection, transaction
    from django.utils import timezone

    from mia.core.models import Centre
    from mia.pool.models import Request, Volunteer

    centre = Centre.objects.order_by("pk").first()
    institutions = _institutions(centre)
    have = Volunteer.objects.filter(centre=centre, email__endswith=f"@{DOMAIN}").count()
    open_ = Request.objects.filter(
        centre=centre,
        institution__in=institutions,
        status=Request.Status.OPEN,
        starts_at__gt=timezone.now(),
    ).count()
    if have == volunteers and open_ == requests:
        return centre
    with transaction.atomic():
        _clear(centre, institutions)
        _make(centre, institutions, volunteers, requests)
    if connection.vendor == "postgresql":
        # fresh rows: without statistics the planner guesses badly until autovacuum ran
        with connection.cursor() as cursor:
            for model in (Volunteer, Request):
                cursor.execute(f"ANALYZE {model._meta.db_table}")  # noqa: S608 (a model's table)
            cursor.execute(
                "ANALYZE pool_assignment, pool_volunteerlanguage, pool_availabilityslot, "
                "pool_availabilityexception, pool_absence, pool_volunteer_districts, "
                "pool_volunteer_topics_declined, pool_offer"
            )
    return centre


def _make(centre, institutions, count: int, request_count: int) -> None:
    from django.utils import timezone

    from mia.pool.models import (
        Absence,
        Assignment,
        AvailabilityException,
        AvailabilitySlot,
        PoolSettings,
        Request,
        Setting,
        Topic,
        Volunteer,
        VolunteerLanguage,
    )

    rng = random.Random(SEED)  # noqa: S311 (bench data, not secrets)
    settings = PoolSettings.for_centre(centre)
    districts = _districts(centre)
    topics = [Topic.objects.get_or_create(centre=centre, name=name)[0] for name in TOPICS]
    codes = [code for code, _v, _r in LANGUAGES]
    volunteer_weights = [v for _c, v, _r in LANGUAGES]
    request_weights = [r for _c, _v, r in LANGUAGES]
    today = timezone.localdate()
    now = timezone.now()

    people = []
    for n in range(count):
        status = rng.choices(
            [Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED, Volunteer.Status.LEFT],
            [90, 7, 3],
        )[0]
        accepted = [
            setting
            for setting, share in (
                (Setting.ON_SITE, 0.85),
                (Setting.PHONE, 0.7),
                (Setting.VIDEO, 0.5),
            )
            if rng.random() < share
        ] or [Setting.PHONE]
        lapsed = rng.random() < 0.06
        people.append(
            Volunteer(
                centre=centre,
                status=status,
                name=f"Bench Freiwillige {n:05d}",
                email=f"v{n:05d}@{DOMAIN}",
                home_district=rng.choice(districts),
                settings_accepted=accepted,
                gender=rng.choices(["female", "male", ""], [55, 37, 8])[0],
                max_hours_per_month=rng.choice([8, 10, 12, 20]) if rng.random() < 0.2 else None,
                confidentiality_signed_on=today - datetime.timedelta(days=rng.randint(30, 900)),
                training_completed_on=(
                    None
                    if rng.random() < 0.02
                    else today - datetime.timedelta(days=rng.randint(20, 800))
                ),
                police_certificate_inspected_on=today
                - datetime.timedelta(days=rng.randint(20, 1000)),
                police_certificate_renew_by=today
                + datetime.timedelta(
                    days=rng.randint(-200, -1) if lapsed else rng.randint(60, 1500)
                ),
                intake_at=now - datetime.timedelta(days=rng.randint(20, 900)),
            )
        )
    people = Volunteer.objects.bulk_create(people, batch_size=2000)

    languages, slots, exceptions, absences = [], [], [], []
    reach = Volunteer.districts.through
    declined = Volunteer.topics_declined.through
    reaches, declines = [], []
    for person in people:
        chosen: dict[tuple[str, str], int] = {}
        for code in rng.choices(
            codes, volunteer_weights, k=rng.choices([1, 2, 3], [55, 35, 10])[0]
        ):
            chosen[_language_with_variety(rng, code)] = rng.choices([2, 3, 4], [20, 35, 45])[0]
        languages += [
            VolunteerLanguage(volunteer=person, language=code, dialect=variety, level=level)
            for (code, variety), level in chosen.items()
        ]
        days = rng.sample(range(6), rng.randint(1, 4))
        for day in days:
            start = rng.randint(8, 15)
            slots.append(
                AvailabilitySlot(
                    volunteer=person,
                    weekday=day,
                    starts=datetime.time(start),
                    ends=datetime.time(min(start + rng.randint(2, 6), 21)),
                )
            )
        if rng.random() < 0.1:
            day = today + datetime.timedelta(days=rng.randint(1, 56))
            exceptions.append(
                AvailabilityException(
                    volunteer=person,
                    day=day,
                    starts=datetime.time(9),
                    ends=datetime.time(13),
                    available=rng.random() < 0.5,
                )
            )
        if rng.random() < 0.05:
            first = today + datetime.timedelta(days=rng.randint(1, 50))
            absences.append(
                Absence(
                    volunteer=person,
                    first_day=first,
                    last_day=first + datetime.timedelta(days=rng.randint(0, 14)),
                )
            )
        if rng.random() < 0.33:
            reaches += [
                reach(volunteer_id=person.pk, district_id=d.pk)
                for d in rng.sample(districts, min(len(districts), rng.randint(2, 6)))
            ]
        if rng.random() < 0.1:
            declines.append(declined(volunteer_id=person.pk, topic_id=rng.choice(topics).pk))
    VolunteerLanguage.objects.bulk_create(languages, batch_size=5000)
    AvailabilitySlot.objects.bulk_create(slots, batch_size=5000)
    AvailabilityException.objects.bulk_create(exceptions, batch_size=5000)
    Absence.objects.bulk_create(absences, batch_size=5000)
    reach.objects.bulk_create(reaches, batch_size=5000)
    declined.objects.bulk_create(declines, batch_size=5000)

    zone = timezone.get_current_timezone()
    year_start = datetime.date(today.year, 1, 1)

    def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), zone)

    def weekday_ahead(low: int, high: int) -> datetime.date:
        day = today + datetime.timedelta(days=rng.randint(low, high))
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        return day

    # this year's appointments (billed) and some ahead (confirmed)
    past, ahead = [], []
    for person in people:
        if person.status == Volunteer.Status.LEFT:
            continue
        for _ in range(rng.choices([0, 1, 2, 3, 4], [30, 25, 20, 15, 10])[0]):
            span = max((today - year_start).days - 1, 1)
            day = year_start + datetime.timedelta(days=rng.randint(0, span))
            past.append((person, moment(day, rng.randint(8, 16)), rng.choice([60, 90, 120, 180])))
        if rng.random() < 0.1:
            ahead.append((person, moment(weekday_ahead(1, 56), rng.randint(8, 16)), 90))
    made = Request.objects.bulk_create(
        [
            Request(
                centre=centre,
                institution=rng.choice(institutions),
                language="ar",
                starts_at=starts,
                minutes=minutes,
                setting=Setting.ON_SITE,
                district=rng.choice(districts),
                topic=rng.choice(topics),
                status=Request.Status.DONE if starts < now else Request.Status.ASSIGNED,
            )
            for _person, starts, minutes in past + ahead
        ],
        batch_size=5000,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                centre=centre,
                request=request,
                volunteer=person,
                status=Assignment.Status.DONE if starts < now else Assignment.Status.CONFIRMED,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=minutes),
                allowance=settings.allowance(minutes) if starts < now else None,
            )
            for request, (person, starts, minutes) in zip(made, past + ahead, strict=True)
        ],
        batch_size=5000,
    )

    open_requests = []
    for _ in range(request_count):
        code, variety = rng.choices(codes, request_weights)[0], ""
        from mia.pool.languages import DIALECTS

        if DIALECTS.get(code) and rng.random() < 0.5:
            variety = rng.choice(DIALECTS[code][:4])
        setting = rng.choices([Setting.ON_SITE, Setting.PHONE, Setting.VIDEO], [65, 25, 10])[0]
        day = weekday_ahead(2, 56)
        open_requests.append(
            Request(
                centre=centre,
                institution=rng.choice(institutions),
                language=code,
                dialect=variety,
                starts_at=moment(day, rng.randint(8, 16), rng.choice([0, 30])),
                minutes=rng.choice([60, 90, 120]),
                setting=setting,
                district=rng.choice(districts) if setting == Setting.ON_SITE else None,
                topic=rng.choice(topics),
                gender_wish=rng.choices(["", "female", "male"], [92, 6, 2])[0],
                urgent=rng.random() < 0.1,
            )
        )
    Request.objects.bulk_create(open_requests, batch_size=2000)


if __name__ == "__main__":
    import django

    django.setup()
    centre = ensure_bench_pool(
        int(sys.argv[1]) if len(sys.argv) > 1 else 10_000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 2_000,
    )
    print(centre.slug)
