"""The demo's counselling offices: Dortmund's districts and postcode areas, and fourteen
invented offices spread over the city, every one of them marked as an example.

Called by `manage.py load_demo` once the pages exist. Idempotent: the places are updated in
place (`load_places`), providers and offices are found again by name and only what is
missing is made; a second load changes nothing. The offices are inventions: their names
say "Beispiel", their providers are "Beispielträger … (Demo)", their streets are real
public streets of the district with invented house numbers, their contact details use
reserved names (.example) and numbers nobody answers. They show the finder's cases: MBE for
adults from 27, JMD for 12 to 27, other counselling; many languages; offices by appointment
only, one temporarily closed, one with a closure ahead; every kind of step-free answer; two
not verified for more than a year. Two are translated into English and Arabic
(`demo_translations.py`).
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale

from mia.core.models import Centre

from .demo_translations import OFFICES as OFFICE_TRANSLATIONS
from .models import Closure, Office, OpeningSlot, Provider
from .places import load_places

DORTMUND = Path(__file__).resolve().parent / "data" / "dortmund.json"

PROVIDERS = {
    "a": ("Beispielträger A (Demo)", "https://traeger-a.example"),
    "b": ("Beispielträger B (Demo)", "https://traeger-b.example"),
    "c": ("Beispielträger C (Demo)", "https://traeger-c.example"),
    "d": ("Beispielträger D (Demo)", "https://traeger-d.example"),
}

MO, TU, WE, TH, FR = range(5)

# key → the office as its provider would enter it. "hours": (weekday, opens, closes);
# "verified": days before the day of loading; "closure": (first day, last day) from then.
OFFICES: dict[str, dict] = {
    "mbe-nord": {
        "name": "Beispiel: Migrationsberatung Nordstadt",
        "provider": "a",
        "programme": "mbe",
        "street": "Münsterstraße 25",
        "postcode": "44145",
        "languages": ["de", "ar", "tr", "ku"],
        "topics": ["residence", "work", "family", "money"],
        "hours": [(MO, "09:00", "12:00"), (TU, "09:00", "12:00"), (TH, "14:00", "17:00")],
        "by_appointment": True,
        "step_free": "yes",
        "accessibility_notes": "Eingang ebenerdig, Aufzug ins 1. Obergeschoss.",
        "description": (
            "Beratung für Zugewanderte ab 27 Jahren: Aufenthalt, Arbeit, Sprachkurse, Familie "
            "und Geld. Kostenlos und vertraulich, auf Wunsch mit Dolmetschung."
        ),
        "hours_note": "Offene Sprechstunde; außerhalb der Zeiten nach Vereinbarung.",
        "verified": 40,
    },
    "mbe-west": {
        "name": "Beispiel: Migrationsberatung Innenstadt-West",
        "provider": "b",
        "programme": "mbe",
        "street": "Kampstraße 47",
        "postcode": "44137",
        "languages": ["de", "en", "ru", "uk"],
        "topics": ["german", "work", "residence"],
        "hours": [(TU, "09:00", "13:00"), (TH, "09:00", "13:00")],
        "appointment_url": "https://traeger-b.example/termine",
        "step_free": "yes",
        "description": (
            "Für Erwachsene ab 27 Jahren in den ersten Jahren in Deutschland: Integrationskurs, "
            "Anerkennung von Abschlüssen, Arbeitssuche."
        ),
        "verified": 90,
    },
    "mbe-hoerde": {
        "name": "Beispiel: Migrationsberatung Hörde",
        "provider": "c",
        "programme": "mbe",
        "street": "Hermannstraße 71",
        "postcode": "44263",
        "languages": ["de", "ar", "fa", "ps"],
        "topics": ["residence", "family", "housing"],
        "hours": [(MO, "09:00", "12:00"), (WE, "09:00", "12:00"), (WE, "13:30", "16:00")],
        "step_free": "no",
        "accessibility_notes": "Drei Stufen am Eingang; Beratung im Erdgeschoss des "
        "Nachbarhauses nach Absprache.",
        "description": "Beratung für Erwachsene ab 27 Jahren rund um Aufenthalt, Familie und "
        "Wohnen.",
        "verified": 120,
    },
    "mbe-eving": {
        "name": "Beispiel: Migrationsberatung Eving",
        "provider": "a",
        "programme": "mbe",
        "street": "Evinger Platz 4",
        "postcode": "44339",
        "languages": ["de", "tr", "bg", "ro"],
        "topics": ["work", "money", "health"],
        "hours": [],
        "by_appointment": True,
        "appointment_url": "https://traeger-a.example/termin-eving",
        "step_free": "unknown",
        "description": "Beratung nur nach Vereinbarung, auch telefonisch.",
        "verified": 200,
    },
    "mbe-scharnhorst": {
        "name": "Beispiel: Migrationsberatung Scharnhorst",
        "provider": "d",
        "programme": "mbe",
        "street": "Gleiwitzstraße 281",
        "postcode": "44328",
        "languages": ["de", "ru", "uk", "pl"],
        "topics": ["residence", "work", "german"],
        "hours": [(TU, "10:00", "13:00"), (FR, "09:00", "12:00")],
        "temporarily_closed": True,
        "closed_note": "Wegen Umbau vorübergehend geschlossen. Bitte wenden Sie sich an die "
        "Migrationsberatung Nordstadt.",
        "step_free": "yes",
        "description": "Beratung für Erwachsene ab 27 Jahren.",
        "verified": 30,
    },
    "mbe-aplerbeck": {
        "name": "Beispiel: Migrationsberatung Aplerbeck",
        "provider": "b",
        "programme": "mbe",
        "street": "Köln-Berliner-Straße 12",
        "postcode": "44287",
        "languages": ["de", "en", "ar"],
        "topics": ["work", "education", "residence"],
        "hours": [(WE, "13:00", "16:00")],
        "by_appointment": True,
        "step_free": "yes",
        "description": "Sprechstunde mittwochs, sonst nach Vereinbarung.",
        "verified": 430,  # due for verification
    },
    "mbe-huckarde": {
        "name": "Beispiel: Migrationsberatung Huckarde",
        "provider": "c",
        "programme": "mbe",
        "street": "Urbanusstraße 9",
        "postcode": "44369",
        "languages": ["de", "tr", "ar", "sq"],
        "topics": ["family", "money", "housing"],
        "hours": [(MO, "13:00", "16:00"), (TH, "09:00", "12:00")],
        "step_free": "unknown",
        "description": "Beratung für Erwachsene ab 27 Jahren im Stadtteilzentrum.",
        "verified": 60,
    },
    "jmd-nord": {
        "name": "Beispiel: Jugendmigrationsdienst Nordstadt",
        "provider": "a",
        "programme": "jmd",
        "street": "Leopoldstraße 16",
        "postcode": "44147",
        "languages": ["de", "ar", "tr", "uk", "en"],
        "topics": ["education", "german", "work", "discrimination"],
        "hours": [(day, "10:00", "16:00") for day in (MO, TU, WE, TH)] + [(FR, "10:00", "13:00")],
        "online_url": "https://traeger-a.example/online-beratung",
        "step_free": "yes",
        "accessibility_notes": "Barrierefreier Eingang am Hof, rollstuhlgerechtes WC.",
        "description": (
            "Für junge Menschen von 12 bis 27 Jahren: Schule, Ausbildung, Studium, Deutsch "
            "lernen und alles, was beim Ankommen schwierig ist. Auch online."
        ),
        "hours_note": "Ohne Termin in der offenen Sprechstunde.",
        "verified": 20,
        "age_min": 12,
        "age_max": 27,
    },
    "jmd-hombruch": {
        "name": "Beispiel: Jugendmigrationsdienst Hombruch",
        "provider": "d",
        "programme": "jmd",
        "street": "Harkortstraße 58",
        "postcode": "44225",
        "languages": ["de", "ru", "uk", "fa"],
        "topics": ["education", "work"],
        "hours": [(TU, "14:00", "18:00"), (TH, "14:00", "18:00")],
        "step_free": "yes",
        "description": "Beratung für Jugendliche und junge Erwachsene von 12 bis 27 Jahren.",
        "verified": 75,
        "age_min": 12,
        "age_max": 27,
    },
    "jmd-luetgendortmund": {
        "name": "Beispiel: Jugendmigrationsdienst Lütgendortmund",
        "provider": "b",
        "programme": "jmd",
        "street": "Limbecker Straße 30",
        "postcode": "44388",
        "languages": ["de", "tr", "ro", "bg"],
        "topics": ["education", "family"],
        "hours": [(WE, "10:00", "15:00")],
        "appointment_url": "https://traeger-b.example/jmd-termin",
        "step_free": "no",
        "description": "Für junge Menschen von 12 bis 27 Jahren; Termine auch online buchbar.",
        "verified": 500,  # due for verification
        "age_min": 12,
        "age_max": 27,
    },
    "jmd-brackel": {
        "name": "Beispiel: Jugendmigrationsdienst Brackel",
        "provider": "c",
        "programme": "jmd",
        "street": "Brackeler Hellweg 120",
        "postcode": "44309",
        "languages": ["de", "ar", "ps", "ti"],
        "topics": ["education", "german", "residence"],
        "hours": [(MO, "10:00", "14:00"), (WE, "10:00", "14:00")],
        "step_free": "yes",
        "description": "Beratung und Gruppenangebote für junge Menschen von 12 bis 27 Jahren.",
        "verified": 15,
        "closure": (10, 14),
        "age_min": 12,
        "age_max": 27,
    },
    "frauen-ost": {
        "name": "Beispiel: Beratung für Frauen Innenstadt-Ost",
        "provider": "d",
        "programme": "other",
        "street": "Ruhrallee 63",
        "postcode": "44141",
        "languages": ["de", "tr", "ar", "fa"],
        "topics": ["family", "health", "discrimination"],
        "hours": [(TU, "09:00", "12:00"), (TH, "14:00", "17:00")],
        "step_free": "yes",
        "description": "Beratung von Frauen für Frauen ab 18 Jahren, auf Wunsch anonym.",
        "verified": 100,
        "age_min": 18,
    },
    "antidiskriminierung": {
        "name": "Beispiel: Antidiskriminierungsberatung Innenstadt-West",
        "provider": "b",
        "programme": "other",
        "street": "Hansastraße 19",
        "postcode": "44137",
        "languages": ["de", "en", "fr"],
        "topics": ["discrimination"],
        "hours": [],
        "by_appointment": True,
        "online_url": "https://traeger-b.example/melden",
        "step_free": "yes",
        "description": "Wer Diskriminierung erlebt hat, bekommt hier Rat und Begleitung.",
        "verified": 50,
    },
    "sozial-mengede": {
        "name": "Beispiel: Sozialberatung Mengede",
        "provider": "a",
        "programme": "other",
        "street": "Siegburgstraße 6",
        "postcode": "44359",
        "languages": ["de", "pl", "ru"],
        "topics": ["money", "housing", "health"],
        "hours": [(MO, "09:00", "12:00"), (TH, "09:00", "12:00")],
        "step_free": "unknown",
        "description": "Beratung zu Geld, Schulden, Wohnung und Gesundheit für alle Menschen "
        "im Stadtbezirk.",
        "verified": 150,
    },
}


def load_counselling_demo(centre: Centre) -> None:
    """Dortmund's places and the demo offices of `centre`, with their translations."""
    load_places(centre, DORTMUND)
    providers = {
        key: Provider.objects.get_or_create(centre=centre, name=name, defaults={"website": web})[0]
        for key, (name, web) in PROVIDERS.items()
    }
    german = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    known = {o.name: o for o in Office.objects.filter(centre=centre, locale=german)}
    today = timezone.localdate()
    offices = {}
    for key, spec in OFFICES.items():
        office = known.get(spec["name"])
        if office is None:
            office = _office(centre, german, providers[spec["provider"]], key, spec, today)
        offices[key] = office
        if "closure" in spec:
            _keep_closure_ahead(office, spec["closure"], today)
    _translations(offices)


def _office(centre, locale, provider, key: str, spec: dict, today: datetime.date) -> Office:
    office = Office.objects.create(
        centre=centre,
        locale=locale,
        provider=provider,
        programme=spec["programme"],
        name=spec["name"],
        description=spec["description"],
        street=spec["street"],
        postcode=spec["postcode"],
        city="Dortmund",
        phone=f"0231 0000-{100 + list(OFFICES).index(key):03d}",
        email=f"{key}@{provider.website.removeprefix('https://')}",
        website=provider.website,
        appointment_url=spec.get("appointment_url", ""),
        online_url=spec.get("online_url", ""),
        languages=spec["languages"],
        age_min=spec.get("age_min", 27 if spec["programme"] == "mbe" else 0),
        age_max=spec.get("age_max"),
        topics=spec["topics"],
        by_appointment=spec.get("by_appointment", False),
        hours_note=spec.get("hours_note", ""),
        temporarily_closed=spec.get("temporarily_closed", False),
        closed_note=spec.get("closed_note", ""),
        step_free=spec["step_free"],
        accessibility_notes=spec.get("accessibility_notes", ""),
        verified_on=today - datetime.timedelta(days=spec["verified"]),
        is_example=True,
    )
    OpeningSlot.objects.bulk_create(
        OpeningSlot(
            office=office,
            weekday=weekday,
            opens=datetime.time.fromisoformat(opens),
            closes=datetime.time.fromisoformat(closes),
        )
        for weekday, opens, closes in spec["hours"]
    )
    return office


def _keep_closure_ahead(office: Office, days: tuple[int, int], today: datetime.date) -> None:
    """The office's closure lies ahead: made once, moved forward once it is over."""
    if office.closures.filter(ends_on__gte=today).exists():
        return
    office.closures.all().delete()
    Closure.objects.create(
        office=office,
        starts_on=today + datetime.timedelta(days=days[0]),
        ends_on=today + datetime.timedelta(days=days[1]),
        note="Teamfortbildung",
    )


def _translations(offices: dict[str, Office]) -> None:
    """The translation rows still missing; untranslated text falls back to the original's."""
    for key, languages in OFFICE_TRANSLATIONS.items():
        original = offices[key]
        have = set(
            Office.objects.filter(translation_key=original.translation_key).values_list(
                "locale__language_code", flat=True
            )
        )
        for code, fields in languages.items():
            if code in have:
                continue
            locale, _created = Locale.objects.get_or_create(language_code=code)
            translation = original.copy_for_translation(locale)
            for field in Office.TRANSLATED_TEXT:
                setattr(translation, field, fields.get(field, ""))
            translation.save()
