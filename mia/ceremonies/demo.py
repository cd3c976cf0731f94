"""The demo's naturalisation ceremonies: two invented ceremonies of the demo centre with a few
invitees in every state, to try the answer page by hand.

Called by `manage.py load_demo`. Every invitee is invented (surname "Beispiel", invented
house numbers, addresses at example.org) and has a fixed code, so a tester can open
`/einbuergerungsfeier/<code>/` directly (README lists them). Idempotent: ceremonies are found
again by title, invitees by code; what testers answered stays. A ceremony whose day has come
close or passed is moved ahead again, so the demo always has answers open. Nothing is
printed or logged: the names are invented, but the codes still open the pages.

- "Herbst": 250 seats, two companions each; open seats, nobody waiting.
- "Winter": 6 seats, all taken or offered; a waiting list, and an offer waiting for its answer.
"""

import datetime

from django.utils import timezone

from mia.core.models import Centre

from .models import Ceremony, Invitee

Status = Invitee.Status

DETAILS = (
    "Der Oberbürgermeister und der Vorsitz des Integrationsrats begrüßen die neuen "
    "Staatsangehörigen. Es gibt Musik, kurze Reden und danach einen Empfang mit Imbiss.\n\n"
    "Bitte bringen Sie Ihre Eintrittskarte mit (ausgedruckt oder auf dem Handy). Einlass ab "
    "17:30 Uhr. Der Friedensplatz ist mit der U-Bahn (Haltestelle Stadtgarten) gut erreichbar."
)
ACCESSIBILITY = (
    "Stufenloser Zugang über den Seiteneingang am Friedensplatz, Aufzug in den Saal, "
    "Plätze für Rollstühle, Induktionsschleife. Die Reden werden in Deutsche "
    "Gebärdensprache gedolmetscht."
)

# title → (days ahead, seats, companions allowed)
CEREMONIES = {
    "Einbürgerungsfeier Herbst (Demo)": (60, 250, 2),
    "Einbürgerungsfeier Winter (Demo)": (30, 6, 2),
}

# code → (ceremony, name, language, status, companions, e-mail, needs)
INVITEES = {
    "DEMNEU2345": ("Herbst", "Amal Beispiel", "de", Status.INVITED, 0, "", ""),
    "DEMARAB234": ("Herbst", "Yusuf Beispiel", "ar", Status.INVITED, 0, "", ""),
    "DEMJA23456": (
        "Herbst",
        "Olena Beispiel",
        "uk",
        Status.ATTENDING,
        1,
        "olena.beispiel@example.org",
        "Ein Platz für einen Rollstuhl.",
    ),
    "DEMABSAG23": ("Herbst", "Mehmet Beispiel", "tr", Status.DECLINED, 0, "", ""),
    "DEMSARA234": ("Winter", "Sara Beispiel", "de", Status.ATTENDING, 2, "", ""),
    "DEMJNAS234": ("Winter", "Jonas Beispiel", "en", Status.ATTENDING, 1, "", ""),
    "DEMANGEB23": (
        "Winter",
        "Lina Beispiel",
        "de",
        Status.OFFERED,
        0,
        "lina.beispiel@example.org",
        "",
    ),
    "DEMWART234": ("Winter", "Karim Beispiel", "ar", Status.WAITING, 1, "", ""),
    "DEMNEUB234": ("Winter", "Nora Beispiel", "de", Status.INVITED, 0, "", ""),
}


def load_ceremonies_demo(centre: Centre) -> None:
    now = timezone.now()
    ceremonies = {
        title.split()[1]: _ceremony(centre, title, days, seats, companions, now)
        for title, (days, seats, companions) in CEREMONIES.items()
    }
    existing = set(Invitee.objects.filter(code__in=INVITEES).values_list("code", flat=True))
    for number, (code, spec) in enumerate(INVITEES.items(), start=1):
        if code in existing:
            continue
        season, name, language, status, companions, email, needs = spec
        ceremony = ceremonies[season]
        Invitee.objects.create(
            centre=centre,
            ceremony=ceremony,
            code=code,
            name=name,
            street=f"Beispielstraße {number}",
            postcode="44137",
            city="Dortmund",
            email=email,
            language=language,
            status=status,
            companions=companions,
            accessibility_needs=needs,
            responded_at=None if status == Status.INVITED else now - datetime.timedelta(days=3),
            waiting_since=now - datetime.timedelta(days=2) if status == Status.WAITING else None,
            offered_until=now + datetime.timedelta(hours=ceremony.offer_hours)
            if status == Status.OFFERED
            else None,
        )


def _ceremony(centre, title: str, days: int, seats: int, companions: int, now) -> Ceremony:
    ceremony = Ceremony.objects.filter(centre=centre, title=title).first()
    if ceremony is not None and ceremony.rsvp_deadline > now + datetime.timedelta(days=3):
        return ceremony
    day = (now + datetime.timedelta(days=days)).astimezone(timezone.get_default_timezone())
    starts = day.replace(hour=18, minute=0, second=0, microsecond=0)
    values = {
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2, minutes=30),
        "rsvp_deadline": starts - datetime.timedelta(days=14),
    }
    if ceremony is not None:
        # its day came close: the demo moves it ahead, answers open again
        for name, value in values.items():
            setattr(ceremony, name, value)
        ceremony.save()
        return ceremony
    return Ceremony.objects.create(
        centre=centre,
        title=title,
        venue_name="Rathaus Dortmund, Bürgersaal",
        venue_address="Friedensplatz 1\n44135 Dortmund",
        details=DETAILS,
        accessibility=ACCESSIBILITY,
        languages=["de", "gsg"],
        capacity=seats,
        companions_allowed=companions,
        offer_hours=48,
        retention_days=30,
        accepting_answers=True,
        **values,
    )
