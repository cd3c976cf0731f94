"""The events office in headless Chromium: sign in with the second factor, accept several
events from the queue at once, publish one from its review page, read the held mails.

Screenshots go to /tmp/shots/review/ (outside the repository), to be looked at by a person.
Wagtail's own admin is not checked with axe-core (it is Wagtail's to keep accessible).
"""

import datetime
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from mia.events.models import Event
from mia.outbox.models import OutboxMessage
from mia.permissions.roles import Role

from ..factories import berlin, edition, event, member, organisation, organisation_member, venue
from .test_accounts import site, staff_signs_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "shots" / "review"


def shot(page, name: str) -> None:
    # Wagtail's admin scrolls inside its layout: a tall window shows the whole page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_events_office_accepts_from_the_queue_and_publishes(page, site, centre):  # noqa: F811
    festival = edition(centre)
    verein = organisation(centre)
    organisation_member(verein, email="vorstand@verein.example")
    keuning = venue(centre)
    day = festival.starts_on

    def submitted(title, hour, days_ago, state="submitted"):
        return event(
            centre,
            state=state,
            edition=festival,
            organisation=verein,
            venue=keuning,
            title=title,
            dates=[(berlin(day, hour), berlin(day, hour + 2))],
            submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        )

    lesung = submitted("Lesung: Geschichten aus der Nordstadt", 18, 6)
    konzert = submitted("Konzert im Saal", 19, 4)  # the same hall at the same time
    submitted("Fußballturnier der Vereine", 10, 2)
    submitted("Straßenfest", 12, 9, state="published")

    office = member(centre, Role.COORDINATOR, domain="events", email="buero@dortmund.example")
    # the texts below are the admin's English ones: this member of staff chose English
    staff_signs_in(page, site, office)
    assert page.url == f"{site}/verwaltung/"

    page.goto(f"{site}/verwaltung/snippets/events/event/")
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 4
    # oldest submission first; the two events in the same hall are marked
    assert "Straßenfest" in rows.nth(0).inner_text()
    assert page.get_by_text("1 overlap").count() == 2
    shot(page, "01-queue")

    for item in (lesung, konzert):
        page.locator(f'input[data-bulk-action-checkbox][data-object-id="{item.pk}"]').check()
    straßenfest = Event.objects.get(title="Straßenfest")
    page.locator(f'input[data-bulk-action-checkbox][data-object-id="{straßenfest.pk}"]').check()
    page.locator('[data-bulk-action-footer] a[href*="/bulk/events/event/accept/"]').click()
    page.wait_for_load_state()
    assert "/bulk/events/event/accept/" in page.url
    assert page.get_by_text("it stays as it is").count() == 1
    shot(page, "02-bulk-accept-confirm")
    page.get_by_role("button", name="Yes, go ahead").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{site}/verwaltung/snippets/events/event/")
    assert page.get_by_text("2 events accepted.").count() == 1
    assert page.get_by_text("could not be changed").count() == 1
    shot(page, "03-queue-after-accept")
    assert {e.title: e.state for e in Event.objects.all()}[konzert.title] == "accepted"

    page.goto(f"{site}/verwaltung/snippets/events/event/inspect/{lesung.pk}/")
    assert page.get_by_text("Also at Dietrich-Keuning-Haus at that time:").count() == 1
    shot(page, "04-review")
    page.locator("details:has(input[value=publish]) summary").click()
    page.fill("#id_publish-message", "Ihre Lesung steht im Programm.")
    page.locator("form:has(input[value=publish]) button[type=submit]").click()
    page.wait_for_load_state()
    lesung.refresh_from_db()
    assert lesung.state == "published"
    shot(page, "05-review-published")

    # the mails to the organisation wait; the office reads one and releases it
    page.goto(f"{site}/verwaltung/outbox/?status=held")
    shot(page, "06-held-mails")
    held = OutboxMessage.objects.held().filter(purpose=f"event.{lesung.pk}").latest("pk")
    page.goto(f"{site}/verwaltung/outbox/inspect/{held.pk}/")
    assert page.get_by_text("Ihre Lesung steht im Programm.").count() == 1
    shot(page, "07-held-mail")
    page.get_by_role("button", name="Release").click()
    page.wait_for_load_state()
    held.refresh_from_db()
    assert held.status in (OutboxMessage.Status.PENDING, OutboxMessage.Status.SENT)
    shot(page, "08-released")

    # the office edits the published event: the calendars learn of it (SEQUENCE)
    page.goto(f"{site}/verwaltung/snippets/events/event/edit/{lesung.pk}/")
    shot(page, "09-edit")
    page.fill("#id_title", "Lesung: Geschichten aus der Nordstadt (mit Musik)")
    page.locator("button.action-save").first.click()
    page.wait_for_load_state()
    lesung.refresh_from_db()
    assert lesung.title.endswith("(mit Musik)")
    assert lesung.sequence == 2  # published once, edited once
    shot(page, "10-edited")
