"""The programme and an event page in headless Chromium: German and Arabic, desktop and phone,
the filter form used by keyboard alone, and axe-core clean."""

import datetime
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from wagtail.models import Locale

from mia.events.models import Event

from ..factories import berlin, edition, event, make_image, organisation, venue
from .conftest import axe_violations
from .test_accounts import check, site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "shots" / "public"  # outside the repo, to be looked at
WIDTHS = {"desktop": 1280, "phone": 360}
PROGRAMME = "/veranstaltungen/internationale-woche-2026/"


def shots(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at {width}px"
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


@pytest.fixture
def festival(site, site_pages, centre):  # noqa: F811
    iw = edition(centre)
    keuning = venue(centre, accessibility_notes="Eingang über die Rampe an der Leopoldstraße.")
    depot = venue(centre, "Depot", district="Innenstadt-West", step_free="no")
    vmdo = organisation(centre, "VMDO e.V.", website="https://vmdo.example.org")
    planerladen = organisation(centre)
    day = iw.starts_on
    fest = event(
        centre,
        edition=iw,
        venue=keuning,
        organisation=vmdo,
        title="Münsterstraßenfest",
        summary="Das große Straßenfest zur Eröffnung der Internationalen Woche.",
        description="Über 60 Stände mit Essen aus aller Welt.\nBühnenprogramm ab 14 Uhr.",
        category="festival",
        languages=["de", "tr", "ar"],
        family_friendly=True,
        image=make_image("Straßenfest"),
        image_alt="Menschen an Ständen auf der Münsterstraße",
        image_rights="Foto: Stadt Dortmund",
        contact_email="fest@vmdo.example.org",
        dates=[(berlin(day, 12), berlin(day, 20))],
    )
    Event.objects.create(
        centre=centre,
        locale=Locale.objects.get_or_create(language_code="ar")[0],
        translation_key=fest.translation_key,
        state=fest.state,
        category=fest.category,
        title="مهرجان شارع مونستر",
        summary="مهرجان الشارع الكبير لافتتاح الأسبوع الدولي.",
        description="أكثر من 60 كشكًا مع طعام من جميع أنحاء العالم.",
    )
    event(
        centre,
        edition=iw,
        venue=depot,
        organisation=planerladen,
        title="Lesung: Geschichten aus der Nordstadt",
        category="talk",
        is_free=False,
        price="5 €, ermäßigt 3 €",
        registration_required=True,
        registration_info="Anmeldung per E-Mail",
        dates=[
            (berlin(day, 19), berlin(day, 21)),
            (
                berlin(day + datetime.timedelta(days=2), 18),
                berlin(day + datetime.timedelta(days=2), 20),
            ),
        ],
    )
    event(
        centre,
        edition=iw,
        organisation=planerladen,
        title="Filmabend online: Ankommen",
        category="film",
        attendance="online",
        online_url="https://treffen.example/film",
        languages=["uk", "de"],
        dates=[
            (
                berlin(day + datetime.timedelta(days=1), 20),
                berlin(day + datetime.timedelta(days=1), 22),
            )
        ],
    )
    event(
        centre,
        edition=iw,
        venue=keuning,
        organisation=vmdo,
        state="cancelled",
        cancellation_note="Die Referentin ist erkrankt.",
        title="Kochworkshop",
        category="workshop",
        dates=[
            (
                berlin(day + datetime.timedelta(days=1), 10),
                berlin(day + datetime.timedelta(days=1), 13),
            )
        ],
    )
    # the centre's events all year: on the events index and the home page
    soon = timezone.localdate() + datetime.timedelta(days=1)
    later = soon + datetime.timedelta(days=9)
    event(
        centre,
        venue=keuning,
        organisation=vmdo,
        title="Sprachcafé: Deutsch üben bei Kaffee und Kuchen",
        category="information",
        dates=[(berlin(soon, 17), berlin(soon, 19)), (berlin(later, 17), berlin(later, 19))],
    )
    event(
        centre,
        venue=depot,
        state="cancelled",
        title="Nachbarschaftsfest im Depot",
        category="festival",
        dates=[(berlin(later, 15), berlin(later, 18))],
    )
    return {"site": site, "fest": fest}


@pytest.mark.parametrize("language", ["de", "ar"])
def test_programme_and_event_page_read_well_and_pass_axe(page, festival, language):
    address = festival["site"]
    prefix = "/ar" if language == "ar" else ""
    failures: dict = {}
    page.goto(address + prefix + PROGRAMME)
    check(page, failures, "programme", language)
    shots(page, f"{language}-programme")

    page.goto(address + prefix + "/veranstaltungen/")
    check(page, failures, "index", language)
    shots(page, f"{language}-index")

    fest = festival["fest"]
    page.goto(f"{address}{prefix}/veranstaltung/{fest.pk}-{fest.slug}/")
    check(page, failures, "event", language)
    heading = page.locator("h1")
    if language == "ar":
        assert heading.inner_text() == "مهرجان شارع مونستر"
        assert heading.get_attribute("lang") is None  # translated: the page's own language
    else:
        assert heading.inner_text() == "Münsterstraßenfest"
    shots(page, f"{language}-event")

    reading = Event.objects.get(title__startswith="Lesung")
    page.goto(f"{address}{prefix}/veranstaltung/{reading.pk}-{reading.slug}/")
    check(page, failures, "event-untranslated", language)
    if language == "ar":
        assert page.locator("h1").get_attribute("lang") == "de"
        assert page.locator("h1").get_attribute("dir") == "ltr"
    shots(page, f"{language}-event-untranslated")

    page.goto(address + prefix + "/")
    check(page, failures, "home", language)
    shots(page, f"{language}-home")
    assert failures == {}


@pytest.mark.parametrize("language", ["de", "ar"])
def test_programme_filters_work_by_keyboard_alone(page, festival, language):
    address = festival["site"]
    prefix = "/ar" if language == "ar" else ""
    page.goto(address + prefix + PROGRAMME)
    titles = page.locator(".mia-programme__title")
    assert titles.count() == 5  # the reading twice

    # type a search and send it with Enter
    page.locator("#id_q").focus()
    page.keyboard.type("Nordstadt")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=Nordstadt**")
    assert titles.count() == 2
    assert page.locator("#id_q").input_value() == "Nordstadt"

    # open "more filters" and tick "free of charge" with the keyboard, then send the form
    page.goto(address + prefix + PROGRAMME)
    page.locator(".mia-filters__more summary").focus()
    page.keyboard.press("Enter")
    free = page.locator("#id_free")
    for _press in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_free":
            break
    assert page.evaluate("document.activeElement.id") == "id_free"
    page.keyboard.press("Space")
    assert free.is_checked()
    for _press in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**free=on**")
    assert titles.count() == 3  # the festival, the film, the cancelled workshop
    assert page.locator("#id_free").is_checked()
    assert page.locator(".mia-filters__more").get_attribute("open") is not None
    assert axe_violations(page) == []
    shots(page, f"{language}-programme-filtered")

    # nothing found: said so, with the way back
    page.goto(address + prefix + PROGRAMME + "?q=Quantenphysik")
    assert titles.count() == 0
    assert page.locator(".mia-empty").is_visible()
    assert axe_violations(page) == []
    shots(page, f"{language}-programme-empty")
