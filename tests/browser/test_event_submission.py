"""An organisation's member submits an event in the browser, by keyboard and without JavaScript.

Then axe-core on the list, the form (also with its errors), the status page and the
confirmation, in German and Arabic. Screenshots at phone and desktop width go to
/tmp/shots/submit/, to be looked at by a person.
"""

import datetime
import tempfile
from pathlib import Path

import pytest
from django.utils import translation

from mia.events.models import Category, Event, EventMessage
from mia.outbox.models import OutboxMessage

from ..factories import edition, event, organisation, organisation_member, venue
from .conftest import axe_violations
from .test_accounts import assert_error_at_field, password_step, site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "shots" / "submit"
WIDTHS = (390, 1280)


def shots(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def check(page, failures: dict, name: str, language: str) -> None:
    assert page.locator("html").get_attribute("lang") == language, name
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    violations = axe_violations(page)
    if violations:
        failures[f"{language}:{name}"] = violations


def press(page, selector: str, key: str = "Enter") -> None:
    """Move the focus to a button and press it: a navigation follows."""
    page.locator(selector).focus()
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def clear_segments(page, selector: str) -> None:
    """Empty every part (day, month, year; hours, minutes) of a date or time input.

    The focus stays in the part last typed into; Backspace empties a part, the left arrow key
    goes back to the one before, so the focus ends in the first part.
    """
    page.locator(selector).focus()
    for _segment in range(3):
        page.keyboard.press("Backspace")
        page.keyboard.press("ArrowLeft")


def type_date(page, selector: str, day: datetime.date) -> None:
    """Type a day into a date input, in the order of the browser's locale (d.m.y or m/d/y)."""
    for text in (day.strftime("%d%m%Y"), day.strftime("%m%d%Y")):
        clear_segments(page, selector)
        page.keyboard.type(text)
        if page.locator(selector).input_value() == day.isoformat():
            return
    raise AssertionError(f"{selector}: {page.locator(selector).input_value()}")


def type_time(page, selector: str, hour: int, minute: int = 0) -> None:
    """Type a time into a time input, with a 24-hour or a 12-hour clock."""
    twelve = f"{hour % 12 or 12:02}{minute:02}{'P' if hour >= 12 else 'A'}"
    for text in (f"{hour:02}{minute:02}", twelve):
        clear_segments(page, selector)
        page.keyboard.type(text)
        if page.locator(selector).input_value() == f"{hour:02}:{minute:02}":
            return
    raise AssertionError(f"{selector}: {page.locator(selector).input_value()}")


@pytest.fixture
def world(centre):
    festival = edition(centre, year=2027)
    verein = organisation(centre, name="Kulturverein Nordstadt")
    place = venue(centre)
    venue(centre, name="Reinoldikirche", street="Ostenhellweg 2", district="Innenstadt-Ost")
    user = organisation_member(verein, email="vorstand@kulturverein.example")
    return {"festival": festival, "verein": verein, "place": place, "user": user}


def test_a_member_submits_an_event_by_keyboard_without_javascript(
    browser,
    site,  # noqa: F811
    centre,
    world,
):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        password_step(page, site, world["user"].email)
        page.goto(f"{site}/konto/")
        press(page, 'a[href="/konto/veranstaltungen/"]')
        press(page, 'a[href="/konto/veranstaltungen/neu/"]')

        # first a submission with nothing filled in: refused, errors at the fields
        press(page, 'button[value="submit"]')
        assert page.locator("#form-errors").is_visible()
        assert page.locator("#id_title").get_attribute("aria-invalid") == "true"
        assert Event.objects.count() == 0

        type_into(page, "#id_title", "Lesung: Geschichten aus der Nordstadt")
        page.keyboard.press("Tab")
        page.keyboard.type("Autorinnen lesen aus ihren Büchern.")
        type_into(page, "#id_description", "Mit Tee und Musik.")
        page.locator("#id_category").focus()
        with translation.override("de"):
            page.keyboard.type(str(Category.TALK.label))  # typing picks the option
        type_date(page, "#id_dates-0-day", datetime.date(2027, 6, 22))
        type_time(page, "#id_dates-0-start", 18)
        type_time(page, "#id_dates-0-end", 20)
        page.locator("#id_venue").focus()
        page.keyboard.type("Dietrich")
        page.locator("#id_languages_0").focus()  # Deutsch
        page.keyboard.press("Space")
        page.locator("#id_languages_2").focus()  # Türkçe
        page.keyboard.press("Space")
        press(page, 'button.kern-btn[value="save"]')
        draft = Event.objects.get()
        assert draft.state == "draft" and draft.venue == world["place"]
        assert page.url.endswith(f"/konto/veranstaltungen/{draft.pk}/bearbeiten/")
        assert page.get_by_role("status").is_visible()

        # a second date, without JavaScript: the page comes back with one more row
        press(page, 'button[value="add_date"]')
        assert page.locator("#id_dates-1-day").is_visible()
        assert page.evaluate("document.activeElement.id") in ("id_dates-1-day", "")
        type_date(page, "#id_dates-1-day", datetime.date(2027, 6, 24))
        type_time(page, "#id_dates-1-start", 10)
        type_time(page, "#id_dates-1-end", 12)
        press(page, 'button[value="submit"]')

        draft.refresh_from_db()
        assert draft.state == "submitted", page.content()[:2000]
        assert draft.dates.count() == 2
        assert page.url.endswith(f"/konto/veranstaltungen/{draft.pk}/")

        # a message to the office, by keyboard
        type_into(page, "#id_body", "Wir bringen eigene Stühle mit.")
        press(page, 'form[action$="/nachricht/"] button[type=submit]')
        assert EventMessage.objects.filter(body="Wir bringen eigene Stühle mit.").exists()
        assert OutboxMessage.objects.get().to == [centre.email]
        assert "Wir bringen eigene Stühle mit." in page.content()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_event_pages_have_no_axe_violations(
    page,
    site,  # noqa: F811
    centre,
    world,
    language,
):
    prefix = "/ar" if language == "ar" else ""
    festival, verein, place = world["festival"], world["verein"], world["place"]
    submitted = event(
        centre,
        state="submitted",
        edition=festival,
        organisation=verein,
        venue=place,
        languages=["de", "ar", "tr"],
        contact_email="kontakt@kulturverein.example",
        online_url="https://meet.example.org/lesung",
        attendance="hybrid",
    )
    event(
        centre,
        title="Kinderfest im Nordmarkt",
        state="published",
        edition=festival,
        organisation=verein,
        venue=place,
    )
    EventMessage.objects.create(
        centre=centre,
        event=submitted,
        from_office=True,
        body="Bitte nennen Sie noch die Altersgruppe.",
    )
    failures: dict = {}
    password_step(page, site, world["user"].email, prefix=prefix)

    page.goto(f"{site}{prefix}/konto/")
    check(page, failures, "overview", language)
    page.goto(f"{site}{prefix}/konto/veranstaltungen/")
    check(page, failures, "list", language)
    shots(page, f"{language}-list")

    page.goto(f"{site}{prefix}/konto/veranstaltungen/neu/")
    check(page, failures, "form", language)
    shots(page, f"{language}-form")
    page.fill("#id_title", "Lesung")
    page.fill("#id_online_url", "javascript:alert(1)")
    page.fill("#id_age_min", "12")
    page.fill("#id_age_max", "8")
    page.fill("#id_dates-0-day", "2027-07-30")
    page.fill("#id_dates-0-start", "18:00")
    page.fill("#id_dates-0-end", "17:00")
    page.locator('button.kern-btn[value="submit"]').click()
    page.wait_for_load_state()
    assert_error_at_field(page, "id_online_url")
    assert_error_at_field(page, "id_dates-0-end")
    assert_error_at_field(page, "id_dates-0-day")
    assert_error_at_field(page, "id_age_max")
    check(page, failures, "form-errors", language)
    shots(page, f"{language}-form-errors")
    assert Event.objects.count() == 2

    page.goto(f"{site}{prefix}/konto/veranstaltungen/{submitted.pk}/")
    check(page, failures, "status", language)
    shots(page, f"{language}-status")
    page.locator('form[action$="/aktion/withdraw/"] button').click()
    page.wait_for_load_state()
    check(page, failures, "confirm", language)
    shots(page, f"{language}-confirm")
    assert failures == {}
