"""The demo's language-mediation pool: topics (with those the pool refuses), the settings,
three approved institutions, twelve volunteers and eight requests in the coming weeks.

Called by `manage.py load_demo` after the counselling demo (whose districts of Dortmund
give the volunteers and appointments their places). Everyone is invented: volunteers are
called "… Beispiel", institutions end in "(Demo)", addresses are public streets with
invented numbers, e-mail addresses are at example.org. Idempotent: topics, institutions and
volunteers are found again by name or address; requests are only made for a demo
institution that has none, so a second load changes nothing.

The volunteers cover the cases matching must tell apart: Levantine and Maghrebi Arabic,
Kurmanji and Sorani, Dari and Farsi, Turkish, Ukrainian, Russian, Tigrinya, Somali; one
volunteer's police certificate has lapsed, another's is due in three weeks.
"""

import datetime
import hashlib
import secrets

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from mia.core.models import Centre
from mia.counselling.models import District
from mia.organisations.models import Organisation

from .institutions import ORGANISATION_KIND
from .models import (
    Assignment,
    AvailabilitySlot,
    Institution,
    Offer,
    PoolSettings,
    Request,
    Setting,
    Topic,
    Volunteer,
    VolunteerLanguage,
)

SWORN = (
    "Hier geht es um Rechte und Pflichten mit rechtlichen Folgen. Dafür braucht es "
    "vereidigte Dolmetscherinnen und Dolmetscher (Liste beim Landgericht), keine "
    "ehrenamtliche Sprachmittlung."
)
# name → (excluded, explanation)
TOPICS: dict[str, tuple[bool, str]] = {
    "Elterngespräch in der Schule": (False, ""),
    "Aufnahmegespräch in der Kita": (False, ""),
    "Elternabend / Informationsabend": (False, ""),
    "Beratungstermin": (False, ""),
    "Termin bei einer Behörde": (False, ""),
    "Gerichtsverfahren": (True, SWORN),
    "Polizeiliche Vernehmung oder Anzeige": (True, SWORN),
    "Ärztliche Diagnose oder Aufklärung": (
        True,
        "Bei Diagnosen und Aufklärung vor Behandlungen geht es um die Gesundheit und um "
        "Haftung: Bitte nutzen Sie professionelle oder vereidigte Dolmetschdienste, etwa über "
        "die Praxis, das Krankenhaus oder die Krankenkasse.",
    ),
    "Gutachten zum sonderpädagogischen Förderbedarf (AO-SF)": (
        True,
        "Das Verfahren entscheidet über die Schullaufbahn eines Kindes. Dafür sind "
        "vereidigte Dolmetscherinnen und Dolmetscher vorgesehen; die Schulaufsicht nennt "
        "Ansprechpersonen.",
    ),
}

# organisation name → (kind, street, postcode, district name, contact)
INSTITUTIONS: dict[str, tuple[str, str, str, str, str]] = {
    "Beispiel-Grundschule am Nordmarkt (Demo)": (
        Institution.Kind.SCHOOL,
        "Mallinckrodtstraße 1000",
        "44145",
        "Innenstadt-Nord",
        "Sabine Beispiel",
    ),
    "Beispiel-Kita Regenbogen (Demo)": (
        Institution.Kind.DAY_CARE,
        "Hörder Bahnhofstraße 900",
        "44263",
        "Hörde",
        "Jonas Beispiel",
    ),
    "Beispiel-Familienberatung Eving (Demo)": (
        Institution.Kind.COUNSELLING,
        "Evinger Platz 900",
        "44339",
        "Eving",
        "Petra Beispiel",
    ),
}

ALL = (Setting.ON_SITE, Setting.PHONE, Setting.VIDEO)
MO, TU, WE, TH, FR, SA = range(6)

# name → languages (code, variety, level), gender, home district, settings, weekly slots
# ((weekday, from hour, until hour)), requirement ("ok", "lapsed", "due")
VOLUNTEERS: dict[str, dict] = {
    "Amira Beispiel": {
        "languages": [("ar", "apc", 4), ("en", "", 3)],
        "gender": "female",
        "home": "Innenstadt-Nord",
        "slots": [(MO, 8, 13), (WE, 8, 13), (FR, 8, 12)],
    },
    "Youssef Beispiel": {
        "languages": [("ar", "ary", 4), ("fr", "", 3)],
        "gender": "male",
        "home": "Innenstadt-West",
        "slots": [(TU, 14, 19), (TH, 14, 19)],
    },
    "Rojda Beispiel": {
        "languages": [("ku", "kmr", 4), ("tr", "", 3)],
        "gender": "female",
        "home": "Scharnhorst",
        "slots": [(MO, 9, 16), (TU, 9, 16), (WE, 9, 16)],
    },
    "Hawre Beispiel": {
        "languages": [("ku", "ckb", 4), ("ar", "acm", 2)],
        "gender": "male",
        "home": "Eving",
        "settings": (Setting.PHONE, Setting.VIDEO),
        "slots": [(WE, 15, 20), (SA, 10, 14)],
    },
    "Mariam Beispiel": {
        "languages": [("fa", "prs", 4), ("ps", "pbu", 3)],
        "gender": "female",
        "home": "Hörde",
        "slots": [(MO, 13, 18), (TH, 8, 12)],
    },
    "Parisa Beispiel": {
        "languages": [("fa", "pes", 4), ("en", "", 3)],
        "gender": "female",
        "home": "Hombruch",
        "slots": [(TU, 8, 12), (FR, 8, 14)],
    },
    "Emre Beispiel": {
        "languages": [("tr", "", 4), ("en", "", 2)],
        "gender": "male",
        "home": "Innenstadt-Ost",
        "slots": [(MO, 16, 20), (WE, 16, 20), (FR, 14, 18)],
    },
    "Olena Beispiel": {
        "languages": [("uk", "", 4), ("ru", "", 4)],
        "gender": "female",
        "home": "Brackel",
        "slots": [(day, 9, 15) for day in (MO, TU, WE, TH, FR)],
    },
    "Dmitri Beispiel": {
        "languages": [("ru", "", 4), ("uk", "", 3)],
        "gender": "male",
        "home": "Aplerbeck",
        "slots": [(TU, 10, 16), (TH, 10, 16)],
        "requirements": "lapsed",
    },
    "Senait Beispiel": {
        "languages": [("ti", "", 4), ("am", "", 3)],
        "gender": "female",
        "home": "Innenstadt-Nord",
        "slots": [(WE, 9, 14), (FR, 9, 14)],
    },
    "Abdi Beispiel": {
        "languages": [("so", "", 4), ("ar", "apd", 2)],
        "gender": "male",
        "home": "Huckarde",
        "slots": [(MO, 10, 15), (TH, 13, 18)],
        "requirements": "due",
    },
    "Elif Beispiel": {
        "languages": [("tr", "", 4), ("ku", "kmr", 3)],
        "gender": "female",
        "home": "Mengede",
        "slots": [(TU, 13, 18), (TH, 13, 18)],
    },
}

# (institution key, days ahead, hour, language, variety, minutes, setting, topic, state,
#  volunteer for the offer or assignment, gender wish, notes)
REQUESTS = [
    (0, 9, 10, "ar", "apc", 60, Setting.ON_SITE, 0, Request.Status.OPEN, "", "female",
     "Erstes Elterngespräch nach der Einschulung."),
    (0, 16, 15, "ku", "kmr", 90, Setting.ON_SITE, 2, Request.Status.OPEN, "", "",
     "Informationsabend zur weiterführenden Schule, mehrere Familien."),
    (1, 2, 9, "fa", "prs", 60, Setting.ON_SITE, 1, Request.Status.OPEN, "", "",
     "Aufnahmegespräch, das Kind ist drei Jahre alt."),
    (2, 12, 11, "ti", "", 90, Setting.VIDEO, 3, Request.Status.OPEN, "", "female",
     "Beratung zu Erziehungsfragen."),
    (1, 11, 14, "uk", "", 45, Setting.PHONE, 1, Request.Status.OFFERED, "Olena Beispiel", "",
     "Rückfragen zum Betreuungsvertrag."),
    (0, 8, 8, "tr", "", 60, Setting.ON_SITE, 0, Request.Status.ASSIGNED, "Emre Beispiel", "",
     "Gespräch über die Versetzung."),
    (2, 20, 10, "ar", "ary", 120, Setting.ON_SITE, 4, Request.Status.ASSIGNED,
     "Youssef Beispiel", "male", "Begleitung zur Terminvorbereitung, Unterlagen liegen vor."),
    (1, 6, 10, "fa", "pes", 60, Setting.ON_SITE, 1, Request.Status.CANCELLED, "", "",
     "Eingewöhnung."),
]  # fmt: skip


def load_pool_demo(centre: Centre) -> None:
    with transaction.atomic():
        PoolSettings.for_centre(centre)
        districts = {d.name: d for d in District.objects.filter(centre=centre)}
        topics = _topics(centre)
        institutions = [
            _institution(centre, name, spec, districts) for name, spec in INSTITUTIONS.items()
        ]
        volunteers = {
            name: _volunteer(centre, name, spec, districts) for name, spec in VOLUNTEERS.items()
        }
        for index, institution in enumerate(institutions):
            if not institution.requests.exists():
                _requests(centre, index, institution, topics, volunteers, districts)


def _topics(centre: Centre) -> list[Topic]:
    found = []
    for position, (name, (excluded, explanation)) in enumerate(TOPICS.items()):
        topic, _created = Topic.objects.get_or_create(
            centre=centre,
            name=name,
            defaults={"excluded": excluded, "explanation": explanation, "position": position},
        )
        found.append(topic)
    return found


def _institution(centre: Centre, name: str, spec, districts) -> Institution:
    kind, street, postcode, district_name, contact = spec
    slug = name.split(" (")[0].lower().replace(" ", "-")
    organisation, _created = Organisation.objects.get_or_create(
        centre=centre,
        name=name,
        defaults={
            "kind": ORGANISATION_KIND[kind],
            "contact_name": contact,
            "email": f"{slug}@example.org",
        },
    )
    institution, _created = Institution.objects.get_or_create(
        organisation=organisation,
        defaults={
            "centre": centre,
            "kind": kind,
            "status": Institution.Status.APPROVED,
            "street": street,
            "postcode": postcode,
            "city": "Dortmund",
            "district": districts.get(district_name),
            "decided_at": timezone.now(),
        },
    )
    return institution


def _volunteer(centre: Centre, name: str, spec: dict, districts) -> Volunteer:
    email = name.lower().replace(" ", ".") + "@example.org"
    found = Volunteer.objects.filter(centre=centre, email=email).first()
    if found is not None:
        return found
    today = timezone.localdate()
    renew_by = {
        "lapsed": today - datetime.timedelta(days=10),
        "due": today + datetime.timedelta(days=21),
    }.get(spec.get("requirements", "ok"), today + datetime.timedelta(days=2 * 365))
    home = districts.get(spec["home"])
    person = Volunteer.objects.create(
        centre=centre,
        name=name,
        email=email,
        status=Volunteer.Status.ACTIVE,
        home_district=home,
        gender=spec["gender"],
        german_level="C1",
        settings_accepted=list(spec.get("settings", ALL)),
        confidentiality_signed_on=today - datetime.timedelta(days=400),
        training_completed_on=today - datetime.timedelta(days=380),
        police_certificate_inspected_on=today - datetime.timedelta(days=370),
        police_certificate_renew_by=renew_by,
        intake_at=timezone.now() - datetime.timedelta(days=370),
    )
    # the home district and the two next to it in the list: where they go
    names = list(districts)
    if home is not None:
        at = names.index(home.name)
        person.districts.set([districts[n] for n in names[max(at - 1, 0) : at + 2]])
    VolunteerLanguage.objects.bulk_create(
        VolunteerLanguage(volunteer=person, language=code, dialect=variety, level=level)
        for code, variety, level in spec["languages"]
    )
    AvailabilitySlot.objects.bulk_create(
        AvailabilitySlot(
            volunteer=person,
            weekday=weekday,
            starts=datetime.time(start),
            ends=datetime.time(end),
        )
        for weekday, start, end in spec["slots"]
    )
    return person


def _weekday_ahead(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _requests(centre, index, institution, topics, volunteers, districts) -> None:
    from .workdays import is_urgent

    pool = PoolSettings.for_centre(centre)
    now = timezone.now()
    for spec in REQUESTS:
        (owner, days, hour, language, variety, minutes, setting, topic, state, person,
         wish, notes) = spec  # fmt: skip
        if owner != index:
            continue
        starts_at = _weekday_ahead(days, hour)
        on_site = setting == Setting.ON_SITE
        request = Request.objects.create(
            centre=centre,
            institution=institution,
            language=language,
            dialect=variety,
            starts_at=starts_at,
            minutes=minutes,
            setting=setting,
            place=f"{institution.street}, {institution.postcode} Dortmund" if on_site else "",
            district=institution.district if on_site else None,
            topic=topics[topic],
            gender_wish=wish,
            notes=notes,
            contact_name=institution.organisation.contact_name,
            urgent=is_urgent(starts_at, pool, now=now),
            status=state,
        )
        if state == Request.Status.CANCELLED:
            Request.objects.filter(pk=request.pk).update(
                cancelled_at=now,
                cancelled_by_institution=True,
                cancel_reason="Die Familie hat einen anderen Termin bekommen.",
                erase_after=now + relativedelta(months=pool.retention_months),
            )
        if not person:
            continue
        volunteer = volunteers[person]
        offer = Offer.objects.create(
            centre=centre,
            request=request,
            volunteer=volunteer,
            # a link nobody knows: the demo's offers are answered in the back office
            token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
            status=Offer.Status.OPEN if state == Request.Status.OFFERED else Offer.Status.ACCEPTED,
            expires_at=now + datetime.timedelta(hours=pool.offer_hours),
            answered_at=None if state == Request.Status.OFFERED else now,
        )
        if state == Request.Status.ASSIGNED:
            Assignment.objects.create(
                centre=centre,
                request=request,
                volunteer=volunteer,
                offer=offer,
                starts_at=request.starts_at,
                ends_at=request.ends_at,
            )
