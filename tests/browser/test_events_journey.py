"""The whole way of an event, as its people take it, in headless Chromium.

The office invites an organisation's contact person; she accepts the invitation, sets a
password, submits an event; the events office signs in with its second factor, accepts and
publishes it; a visitor finds it in the programme, subscribes to the feeds and downloads the
booklet — and every file parses back.
"""

import datetime
import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from icalendar import Calendar

from mia.events.models import Event
from mia.permissions.invitations import invite
from mia.permissions.roles import Role

from ..factories import edition, member, organisation, venue
from .test_accounts import current_code, password_step, site, submit_with_enter  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Erzählcafé: Ankommen in der Nordstadt"
PASSWORD = "ein-langes-Passwort-für-den-Verein"


def test_an_invited_organisation_submits_and_the_office_publishes(
    browser,
    site,  # noqa: F811
    centre,
    settings,
):
    settings.MIA_BOOKLETS_FOLLOW_PROGRAMME = True  # the booklet follows the publication
    festival = edition(centre, year=2027)
    verein = organisation(centre, name="Erzählcafé Nordstadt e.V.")
    keuning = venue(centre)
    _invitation, token = invite(
        centre, "kontakt@erzaehlcafe.example", Role.ORGANISATION_MEMBER, organisation=verein
    )
    day = festival.starts_on + datetime.timedelta(days=2)

    # the organisation: accepts the invitation, sets a password, submits its event
    guest = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = guest.new_page()
    page.goto(f"{site}/konto/einladung/{token}/")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    submit_with_enter(page)
    page.goto(f"{site}/konto/veranstaltungen/neu/")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "Nachbarinnen erzählen, wie sie in Dortmund angekommen sind.")
    page.select_option("#id_category", "talk")
    page.fill("#id_dates-0-day", day.isoformat())
    page.fill("#id_dates-0-start", "17:00")
    page.fill("#id_dates-0-end", "19:00")
    page.select_option("#id_venue", str(keuning.pk))
    page.locator("#id_languages_0").check()
    page.locator('button.kern-btn[value="submit"]').click()
    page.wait_for_load_state()
    submitted = Event.objects.get(title=TITLE)
    assert submitted.state == "submitted", page.content()[:2000]
    assert submitted.organisation == verein
    guest.close()

    # the events office: signs in with its second factor, accepts and publishes
    office = member(centre, Role.COORDINATOR, domain="events", email="buero@dortmund.example")
    secret = generate_totp_secret()
    TOTP.activate(office, secret)
    staff = browser.new_context(viewport={"width": 1280, "height": 2000}, locale="de-DE")
    page = staff.new_page()
    password_step(page, site, office.email)
    page.locator("#id_code").focus()
    page.keyboard.type(current_code(secret))
    submit_with_enter(page)
    page.goto(f"{site}/verwaltung/snippets/events/event/")
    assert TITLE in page.locator("table.listing").inner_text()
    for action in ("accept", "publish"):
        page.goto(f"{site}/verwaltung/snippets/events/event/inspect/{submitted.pk}/")
        page.locator(f"details:has(input[value={action}]) summary").click()
        page.locator(f"form:has(input[value={action}]) button[type=submit]").click()
        page.wait_for_load_state()
    submitted.refresh_from_db()
    assert submitted.state == "published"
    staff.close()

    # a visitor: the programme, the event page, the feeds, the booklet
    visitor = browser.new_context(viewport={"width": 390, "height": 900}, locale="de-DE")
    page = visitor.new_page()
    page.goto(f"{site}/veranstaltungen/{festival.slug}/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == TITLE
    assert "Dietrich-Keuning-Haus" in page.content()

    for path in (
        f"/veranstaltung/{submitted.pk}.ics",
        f"/veranstaltungen/{festival.slug}/programm.ics",
        f"/veranstaltungen/veranstalter-{verein.pk}.ics",
    ):
        response = page.request.get(f"{site}{path}")
        assert response.status == 200, path
        calendar = Calendar.from_ical(response.body())
        events = calendar.walk("VEVENT")
        assert [str(e["SUMMARY"]) for e in events] == [TITLE], path
        assert events[0]["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert calendar.walk("VTIMEZONE")

    response = page.request.get(f"{site}/veranstaltungen/{festival.slug}/programmheft-de.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Erzählcafé" in text and "Dietrich-Keuning-Haus" in text
    visitor.close()
