"""The events office in the back office: the review queue, the review page, bulk accept and
publish, editing before publishing, held mails, editions, access codes, venues, translation,
and who may see what."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale

from mia.events import queries, services
from mia.events.models import AccessCode, Edition, Event, Venue
from mia.events.signals import programme_changed
from mia.outbox.models import OutboxMessage
from mia.outbox.services import queue_mail
from mia.permissions.roles import Role

from ..factories import (
    berlin,
    edition,
    event,
    make_image,
    member,
    organisation,
    organisation_member,
    sign_in,
    venue,
)

ADMIN = "/verwaltung"
QUEUE = f"{ADMIN}/snippets/events/event/"


# -- the world ----------------------------------------------------------------------------------


@pytest.fixture
def festival(centre):
    return edition(centre)


@pytest.fixture
def verein(centre):
    return organisation(centre)


@pytest.fixture
def submitter(verein):
    return organisation_member(verein, email="vorstand@verein.example")


@pytest.fixture
def keuning(centre):
    return venue(centre)


@pytest.fixture
def office(centre):
    """The events coordinator: the office that reviews the festival's events.

    Its admin speaks English (a member of staff's choice), the language of the texts below.
    """
    from wagtail.users.models import UserProfile

    user = member(centre, Role.COORDINATOR, domain="events")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def office_client(client, office):
    sign_in(client, office)
    return client


def submitted(centre, festival, verein, keuning, title, *, days_ago=1, hour=18, **kwargs):
    """An event the organisation submitted `days_ago` days ago."""
    kwargs.setdefault(
        "dates", [(berlin(festival.starts_on, hour), berlin(festival.starts_on, hour + 2))]
    )
    return event(
        centre,
        state=kwargs.pop("state", "submitted"),
        edition=festival,
        organisation=verein,
        venue=keuning,
        title=title,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        **kwargs,
    )


@pytest.fixture
def heard():
    """What `programme_changed` said during the test."""
    said = []

    def listener(sender, **kwargs):
        said.append(kwargs)

    programme_changed.connect(listener)
    yield said
    programme_changed.disconnect(listener)


def review_url(e: Event) -> str:
    return f"{QUEUE}inspect/{e.pk}/"


def edit_url(e: Event) -> str:
    return f"{QUEUE}edit/{e.pk}/"


def titles(html: str) -> list[str]:
    """The titles in the queue's table, in their order."""
    return re.findall(r'id="snippet_\d+_title"[^>]*>\s*(.*?)\s*<', html)


# -- the queue ----------------------------------------------------------------------------------


def test_queue_shows_originals_oldest_submission_first_and_no_drafts(
    office_client, centre, festival, verein, keuning
):
    submitted(centre, festival, verein, keuning, "Neu eingereicht", days_ago=1)
    submitted(centre, festival, verein, keuning, "Lange wartend", days_ago=9, hour=10)
    submitted(centre, festival, verein, keuning, "Entwurf", state="draft", days_ago=20, hour=14)
    response = office_client.get(QUEUE)
    assert response.status_code == 200
    assert titles(response.content.decode()) == ["Lange wartend", "Neu eingereicht"]


def test_queue_filters_by_state_edition_category_organisation_and_overlaps(
    office_client, centre, festival, verein, keuning
):
    other_edition = edition(centre, year=2027)
    other_verein = organisation(centre, name="Kulturverein")
    first = submitted(centre, festival, verein, keuning, "Lesung", days_ago=5)
    submitted(centre, festival, verein, keuning, "Zur gleichen Zeit", days_ago=4, category="film")
    submitted(
        centre, festival, other_verein, keuning, "Angenommen", days_ago=3, state="accepted", hour=10
    )
    submitted(
        centre,
        other_edition,
        verein,
        venue(centre, name="Hoeschpark"),
        "Nächstes Jahr",
        days_ago=2,
    )
    Event.objects.filter(pk=first.pk).update(category="talk")

    def shown(query: str) -> list[str]:
        return titles(office_client.get(f"{QUEUE}?{query}").content.decode())

    assert shown("state=accepted") == ["Angenommen"]
    assert shown(f"edition={other_edition.pk}") == ["Nächstes Jahr"]
    assert shown("category=film") == ["Zur gleichen Zeit"]
    assert shown(f"organisation={other_verein.pk}") == ["Angenommen"]
    assert shown("overlaps=true") == ["Lesung", "Zur gleichen Zeit"]
    assert shown("overlaps=false") == ["Angenommen", "Nächstes Jahr"]
    assert shown("q=gleichen") == ["Zur gleichen Zeit"]
    html = office_client.get(QUEUE).content.decode()
    assert html.count("1 overlap") == 2  # the two clashing events are marked


def test_queue_shows_translations_only_under_their_language(
    office_client, centre, festival, verein, keuning
):
    original = submitted(centre, festival, verein, keuning, "Lesung")
    english = original.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    english.title = "Reading"
    english.save()
    assert titles(office_client.get(QUEUE).content.decode()) == ["Lesung"]
    assert titles(office_client.get(f"{QUEUE}?locale=en").content.decode()) == ["Reading"]


def test_queue_queries_do_not_grow_with_the_events(
    office_client, centre, festival, verein, keuning, django_assert_max_num_queries
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries_made:
            assert office_client.get(QUEUE).status_code == 200
        return len(queries_made)

    for n in range(5):
        submitted(centre, festival, verein, keuning, f"Veranstaltung {n}", hour=8 + n % 10)
    count()  # warms the caches every request shares (content types, locales)
    few = count()
    for n in range(5, 30):
        submitted(centre, festival, verein, keuning, f"Veranstaltung {n}", hour=8 + n % 10)
    many = count()
    assert many == few
    with django_assert_max_num_queries(40):
        office_client.get(QUEUE)


# -- bulk accept and publish -------------------------------------------------------------------


def bulk_url(action: str, *events: Event) -> str:
    ids = "&".join(f"id={e.pk}" for e in events)
    return f"{ADMIN}/bulk/events/event/{action}/?{ids}&next={QUEUE}"


def test_bulk_accept_names_the_event_that_cannot_move(
    office_client, centre, festival, verein, keuning, submitter
):
    one = submitted(centre, festival, verein, keuning, "Lesung", hour=10)
    two = submitted(centre, festival, verein, keuning, "Filmabend", hour=14)
    stuck = submitted(centre, festival, verein, keuning, "Schon veröffentlicht", state="published")

    page = office_client.get(bulk_url("accept", one, two, stuck))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lesung" in html and "Filmabend" in html
    assert html.count("it stays as it is") == 1  # the published one is marked before the step

    response = office_client.post(bulk_url("accept", one, two, stuck), follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    states = dict(Event.objects.values_list("title", "state"))
    assert states == {
        "Lesung": "accepted",
        "Filmabend": "accepted",
        "Schon veröffentlicht": "published",
    }
    shown = [str(m).strip() for m in response.context["messages"]]
    assert "2 events accepted." in shown
    assert any("1 event could not be changed" in m and "Schon veröffentlicht" in m for m in shown)
    # each organisation is told, in a mail that waits for the office
    assert OutboxMessage.objects.held().count() == 2


def test_bulk_publish_publishes_accepted_events(office_client, centre, festival, verein, keuning):
    one = submitted(centre, festival, verein, keuning, "Lesung", state="accepted", hour=10)
    two = submitted(centre, festival, verein, keuning, "Filmabend", state="accepted", hour=14)
    office_client.post(bulk_url("publish", one, two))
    assert set(Event.objects.values_list("state", flat=True)) == {"published"}
    assert all(e.published_at for e in Event.objects.all())


def test_bulk_accept_refuses_another_centres_event(
    client, centre, other_centre, festival, verein, keuning
):
    ours = submitted(centre, festival, verein, keuning, "Lesung")
    sign_in(client, member(other_centre, Role.COORDINATOR, domain="events"))
    assert client.get(bulk_url("accept", ours)).status_code == 404  # not even its title shows
    assert client.post(bulk_url("accept", ours)).status_code == 404
    assert Event.objects.get(pk=ours.pk).state == "submitted"


# -- editing before publishing -------------------------------------------------------------------


def form_data(e: Event, **changes) -> dict:
    """What the office's edit form posts for `e`, with `changes`."""
    dates = list(e.dates.all())
    data = {
        "title": e.title,
        "summary": e.summary,
        "description": e.description,
        "category": e.category,
        "centre": e.centre_id,
        "edition": e.edition_id or "",
        "organisation": e.organisation_id or "",
        "attendance": e.attendance,
        "venue": e.venue_id or "",
        "online_url": e.online_url,
        "languages": e.languages,
        "price": e.price,
        "target_group": e.target_group,
        "age_min": "",
        "age_max": "",
        "registration_info": e.registration_info,
        "registration_url": e.registration_url,
        "contact_email": e.contact_email,
        "contact_phone": e.contact_phone,
        "image": "",
        "image_alt": e.image_alt,
        "image_rights": e.image_rights,
        "cancellation_note": e.cancellation_note,
        "dates-TOTAL_FORMS": len(dates),
        "dates-INITIAL_FORMS": len(dates),
        "dates-MIN_NUM_FORMS": 1,
        "dates-MAX_NUM_FORMS": 1000,
    }
    if e.is_free:
        data["is_free"] = "on"
    for n, date in enumerate(dates):
        data[f"dates-{n}-id"] = date.pk
        data[f"dates-{n}-event"] = e.pk
        data[f"dates-{n}-start"] = timezone.localtime(date.start).strftime("%Y-%m-%d %H:%M")
        data[f"dates-{n}-end"] = timezone.localtime(date.end).strftime("%Y-%m-%d %H:%M")
    data.update(changes)
    return data


def test_office_edit_of_a_published_event_bumps_its_sequence_and_tells_the_programme(
    office_client, centre, festival, verein, keuning, django_capture_on_commit_callbacks, heard
):
    published = submitted(centre, festival, verein, keuning, "Lesung", state="published")
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(
            edit_url(published),
            form_data(
                published,
                title="Lesung: Geschichten aus der Nordstadt",
                **{"dates-0-start": f"{festival.starts_on} 19:00"},
            ),
        )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title == "Lesung: Geschichten aus der Nordstadt"
    assert published.sequence == 1
    assert [timezone.localtime(d.start).hour for d in published.dates.all()] == [19]
    assert heard == [
        {"signal": programme_changed, "centre_id": centre.pk, "edition_id": festival.pk}
    ]


def test_office_edit_adds_and_removes_dates(office_client, centre, festival, verein, keuning):
    e = submitted(centre, festival, verein, keuning, "Workshop")
    second_day = festival.starts_on + datetime.timedelta(days=1)
    data = form_data(
        e,
        **{
            "dates-TOTAL_FORMS": 2,
            "dates-1-start": f"{second_day} 10:00",
            "dates-1-end": f"{second_day} 12:00",
        },
    )
    assert office_client.post(edit_url(e), data).status_code == 302
    assert [timezone.localtime(d.start).date() for d in e.dates.all()] == [
        festival.starts_on,
        second_day,
    ]
    data = form_data(e, **{"dates-0-DELETE": "on"})
    assert office_client.post(edit_url(e), data).status_code == 302
    assert [timezone.localtime(d.start).date() for d in e.dates.all()] == [second_day]
    assert e.sequence == 0  # not public yet: calendars have not seen it


def test_the_office_adds_an_event_of_the_centre_itself(office_client, centre, festival, keuning):
    data = {
        "title": "Einbürgerungsfeier",
        "summary": "Die Stadt begrüßt ihre neuen Bürgerinnen und Bürger.",
        "description": "",
        "category": "festival",
        "centre": centre.pk,
        "edition": festival.pk,
        "attendance": "on_site",
        "venue": keuning.pk,
        "languages": ["de", "en"],
        "is_free": "on",
        "dates-TOTAL_FORMS": 2,
        "dates-INITIAL_FORMS": 0,
        "dates-MIN_NUM_FORMS": 1,
        "dates-MAX_NUM_FORMS": 1000,
        "dates-0-start": f"{festival.starts_on} 11:00",
        "dates-0-end": f"{festival.starts_on} 13:00",
    }
    response = office_client.post(f"{QUEUE}add/", data)
    assert response.status_code == 302, response.context["form"].errors
    created = Event.objects.get(title="Einbürgerungsfeier")
    assert (created.state, created.organisation, created.locale.language_code) == (
        "draft",
        None,
        "de",
    )
    assert created.languages == ["de", "en"]
    assert [timezone.localtime(d.start).hour for d in created.dates.all()] == [11]
    # the office submits its own event for review; an organisation's draft it does not
    html = office_client.get(review_url(created)).content.decode()
    assert 'name="action" value="submit"' in html


def test_office_edit_refuses_a_date_outside_the_festival_and_saves_nothing(
    office_client, centre, festival, verein, keuning
):
    e = submitted(centre, festival, verein, keuning, "Workshop")
    outside = festival.ends_on + datetime.timedelta(days=3)
    response = office_client.post(
        edit_url(e),
        form_data(
            e,
            title="Geändert",
            **{"dates-0-start": f"{outside} 10:00", "dates-0-end": f"{outside} 09:00"},
        ),
    )
    assert response.status_code == 200
    formset = response.context["form"].dates
    with translation.override("en"):  # the admin's language (see `office`)
        assert formset.forms[0].errors == {"end": ["The end must be after the start."]}
    response = office_client.post(
        edit_url(e),
        form_data(
            e,
            title="Geändert",
            **{"dates-0-start": f"{outside} 10:00", "dates-0-end": f"{outside} 12:00"},
        ),
    )
    assert response.status_code == 200
    errors = list(response.context["form"].dates.non_form_errors())
    assert len(errors) == 1 and "outside the festival" in errors[0]
    assert 'id="dates-errors"' in response.content.decode()
    e.refresh_from_db()
    assert e.title == "Workshop"


def test_office_edit_offers_only_the_centres_own_records(
    office_client, centre, other_centre, festival, verein, keuning
):
    e = submitted(centre, festival, verein, keuning, "Workshop")
    foreign_venue = venue(other_centre, name="Bochumer Halle")
    form = office_client.get(edit_url(e)).context["form"]
    assert foreign_venue not in form.fields["venue"].queryset
    response = office_client.post(edit_url(e), form_data(e, venue=foreign_venue.pk))
    assert response.context["form"].errors["venue"]
    assert Event.objects.get(pk=e.pk).venue_id == keuning.pk


# -- the review page --------------------------------------------------------------------------


def test_review_page_warns_of_an_overlapping_event_at_the_same_venue(
    office_client, centre, festival, verein, keuning
):
    lesung = submitted(centre, festival, verein, keuning, "Lesung", hour=18)
    submitted(centre, festival, verein, keuning, "Konzert im Saal", hour=19, state="published")
    submitted(centre, festival, verein, venue(centre, name="Hoeschpark"), "Fußball", hour=18)
    html = office_client.get(review_url(lesung)).content.decode()
    assert "Also at Dietrich-Keuning-Haus at that time:" in html
    assert "Konzert im Saal" in html
    assert "Fußball" not in html


def test_review_page_shows_details_and_the_whole_thread_with_internal_notes_marked(
    office_client, centre, festival, verein, keuning, office, submitter
):
    draft = submitted(centre, festival, verein, keuning, "Lesung", state="draft")
    services.transition(draft, "submit", submitter)
    services.post_message(draft, office, "Kennen wir den Verein?", internal=True)
    html = office_client.get(review_url(draft)).content.decode()
    assert "Dietrich-Keuning-Haus, Leopoldstraße 50–58, 44147 Dortmund" in html
    assert "Kennen wir den Verein?" in html
    assert "Internal note – never shown or mailed to the organisation" in html
    # the office's steps from "submitted", in order
    assert re.findall(r'name="action" value="(\w+)"', html) == [
        "request_changes",
        "accept",
        "reject",
        "publish",
        "message",
        "note",
    ]


def test_request_changes_needs_a_message_at_the_field(
    office_client, centre, festival, verein, keuning
):
    e = submitted(centre, festival, verein, keuning, "Lesung")
    response = office_client.post(review_url(e), {"action": "request_changes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_request_changes-message"' in html
    form = response.context["action_forms"][0][2]
    assert list(form.errors) == ["message"]
    # the error stands at the field, which is marked invalid
    field = re.search(r'<textarea[^>]*id="id_request_changes-message"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    with translation.override("en"):  # the admin's language (see `office`)
        assert form.errors["message"][0] in html
    assert Event.objects.get(pk=e.pk).state == "submitted"
    assert OutboxMessage.objects.count() == 0


def test_request_changes_tells_the_organisation_in_a_held_mail_without_the_internal_note(
    office_client, centre, festival, verein, keuning, submitter
):
    e = submitted(centre, festival, verein, keuning, "Lesung")
    response = office_client.post(
        review_url(e),
        {
            "action": "request_changes",
            "request_changes-message": "Bitte nennen Sie die Sprache der Lesung.",
            "request_changes-internal_note": "Letztes Jahr kam niemand.",
        },
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.state == "changes_requested"
    shown = [m.body for m in services.messages_for_organisation(e) if m.body]
    assert shown == ["Bitte nennen Sie die Sprache der Lesung."]
    held = OutboxMessage.objects.get()
    assert held.status == OutboxMessage.Status.HELD
    assert held.purpose == f"event.{e.pk}"
    assert "Bitte nennen Sie die Sprache der Lesung." in held.body
    assert "niemand" not in held.body and "niemand" not in held.subject
    assert set(held.to) == {"kontakt@planerladen.example", "vorstand@verein.example"}
    # the review page lists the held mail, with a way to read and to release it
    html = office_client.get(review_url(e)).content.decode()
    assert f"{ADMIN}/outbox/inspect/{held.pk}/" in html
    assert f"{ADMIN}/outbox/release/{held.pk}/" in html


def test_messages_and_notes_from_the_review_page(office_client, centre, festival, verein, keuning):
    e = submitted(centre, festival, verein, keuning, "Lesung")
    office_client.post(review_url(e), {"action": "note", "note-body": "Nur intern."})
    office_client.post(review_url(e), {"action": "message", "message-body": "Passt 18 Uhr?"})
    assert [(m.body, m.internal) for m in e.messages.all()] == [
        ("Nur intern.", True),
        ("Passt 18 Uhr?", False),
    ]
    mails = list(OutboxMessage.objects.all())
    assert len(mails) == 1 and "Passt 18 Uhr?" in mails[0].body
    assert all("Nur intern." not in m.body for m in OutboxMessage.objects.all())


def test_cancel_needs_a_reason_which_the_programme_shows(
    office_client, centre, festival, verein, keuning
):
    e = submitted(centre, festival, verein, keuning, "Konzert", state="published")
    office_client.post(review_url(e), {"action": "cancel", "cancel-message": ""})
    assert Event.objects.get(pk=e.pk).state == "published"
    office_client.post(review_url(e), {"action": "cancel", "cancel-message": "Die Band ist krank."})
    e.refresh_from_db()
    assert (e.state, e.cancellation_note, e.sequence) == ("cancelled", "Die Band ist krank.", 1)


def test_a_step_the_state_does_not_allow_is_refused(
    office_client, centre, festival, verein, keuning
):
    e = submitted(centre, festival, verein, keuning, "Konzert", state="published")
    response = office_client.post(review_url(e), {"action": "accept"}, follow=True)
    assert Event.objects.get(pk=e.pk).state == "published"
    assert "This step is not possible" in response.content.decode()


# -- held mails -----------------------------------------------------------------------------


@pytest.fixture
def held(centre, festival, verein, keuning, office):
    e = submitted(centre, festival, verein, keuning, "Lesung")
    services.transition(e, "accept", office, message="Wir freuen uns auf Sie.")
    return OutboxMessage.objects.get()


def test_the_office_reads_a_held_mail_in_full(office_client, held):
    html = office_client.get(f"{ADMIN}/outbox/inspect/{held.pk}/").content.decode()
    assert "Wir freuen uns auf Sie." in html
    assert f"{ADMIN}/outbox/release/{held.pk}/" in html
    assert f"{ADMIN}/outbox/discard/{held.pk}/" in html


def test_releasing_a_held_mail_sends_it(
    office_client, held, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(f"{ADMIN}/outbox/release/{held.pk}/")
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == OutboxMessage.Status.SENT
    assert [m.subject for m in mail.outbox] == [held.subject]
    assert "Wir freuen uns auf Sie." in mail.outbox[0].body


def test_release_waits_for_the_worker_when_tasks_run_later(office_client, held, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    office_client.post(f"{ADMIN}/outbox/release/{held.pk}/")
    held.refresh_from_db()
    assert held.status == OutboxMessage.Status.PENDING
    assert mail.outbox == []


def test_bulk_release(office_client, centre, festival, verein, keuning, office):
    for hour in (10, 14):
        e = submitted(centre, festival, verein, keuning, f"Veranstaltung {hour}", hour=hour)
        services.transition(e, "accept", office)
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    url = f"{ADMIN}/bulk/outbox/outboxmessage/release/?id={ids[0]}&id={ids[1]}"
    assert "Veranstaltung 10" in office_client.get(url).content.decode()
    office_client.post(url)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) != {"held"}
    assert OutboxMessage.objects.held().count() == 0


def test_discarding_a_held_mail_asks_then_deletes_it(office_client, held):
    url = f"{ADMIN}/outbox/discard/{held.pk}/"
    assert "Yes, discard it" in office_client.get(url).content.decode()
    assert OutboxMessage.objects.filter(pk=held.pk).exists()
    response = office_client.post(url)
    assert response["Location"] == f"{ADMIN}/outbox/?status=held"
    assert not OutboxMessage.objects.filter(pk=held.pk).exists()
    assert mail.outbox == []


def test_a_sent_mail_cannot_be_discarded(office_client, held):
    OutboxMessage.objects.filter(pk=held.pk).update(status=OutboxMessage.Status.SENT)
    assert office_client.post(f"{ADMIN}/outbox/discard/{held.pk}/").status_code == 404
    assert OutboxMessage.objects.filter(pk=held.pk).exists()


def test_the_dashboard_counts_held_mails(office_client, held):
    html = office_client.get(f"{ADMIN}/").content.decode()
    assert 'id="outbox-held-section"' in html
    assert "1 mail waits until someone has read and released it." in html


# -- who sees what ------------------------------------------------------------------------------


def test_another_centres_office_finds_none_of_our_records(
    client, centre, other_centre, festival, verein, keuning, held
):
    e = Event.objects.get()
    code = AccessCode.objects.create(
        centre=centre, edition=festival, valid_until=timezone.now() + datetime.timedelta(days=3)
    )
    sign_in(client, member(other_centre, Role.COORDINATOR, domain="events"))
    assert titles(client.get(QUEUE).content.decode()) == []
    for url in (
        review_url(e),
        edit_url(e),
        f"{QUEUE}delete/{e.pk}/",
        f"{ADMIN}/editions/edit/{festival.pk}/",
        f"{ADMIN}/venues/inspect/{keuning.pk}/",
        f"{ADMIN}/access-codes/edit/{code.pk}/",
        f"{ADMIN}/outbox/inspect/{held.pk}/",
        f"{ADMIN}/outbox/discard/{held.pk}/",
        f"{ADMIN}/localize/submit/snippet/events/event/{e.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(review_url(e), {"action": "accept"}).status_code == 404
    assert client.post(f"{ADMIN}/outbox/release/{held.pk}/").status_code == 404
    assert Event.objects.get(pk=e.pk).state == "accepted"
    assert OutboxMessage.objects.get(pk=held.pk).status == OutboxMessage.Status.HELD


def test_an_editor_without_the_events_domain_is_sent_home(client, centre, festival, keuning):
    e = event(centre, state="submitted", edition=festival, venue=keuning)
    sign_in(client, member(centre, Role.EDITOR))
    for url in (QUEUE, f"{ADMIN}/editions/", f"{ADMIN}/venues/", f"{ADMIN}/access-codes/"):
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (302, f"{ADMIN}/"), url
    # a record the editor has no right to looks like none
    assert client.get(review_url(e)).status_code == 404
    assert client.post(review_url(e), {"action": "accept"}).status_code == 404


def test_the_events_office_reads_only_event_mails(client, centre, held):
    queue_mail(
        centre=centre,
        to=["ada@example.org"],
        subject="Ihre Nachricht",
        body="b",
        purpose="contact.contact",
    )
    other = OutboxMessage.objects.exclude(pk=held.pk).get()
    events_office = member(centre, Role.COORDINATOR, domain="events")
    sign_in(client, events_office)
    html = client.get(f"{ADMIN}/outbox/").content.decode()
    assert held.subject in html and "Ihre Nachricht" not in html
    assert client.get(f"{ADMIN}/outbox/inspect/{other.pk}/").status_code == 404

    # who runs the centre's mail reads all, but does not release the events office's mails
    messages_office = member(centre, Role.COORDINATOR, domain="messages")
    sign_in(client, messages_office)
    html = client.get(f"{ADMIN}/outbox/").content.decode()
    assert held.subject in html and "Ihre Nachricht" in html
    assert (
        f"/outbox/release/{held.pk}/"
        not in client.get(f"{ADMIN}/outbox/inspect/{held.pk}/").content.decode()
    )
    refused = client.post(f"{ADMIN}/outbox/release/{held.pk}/")
    assert (refused.status_code, refused["Location"]) == (302, f"{ADMIN}/")  # Wagtail's "no"
    assert OutboxMessage.objects.get(pk=held.pk).status == OutboxMessage.Status.HELD


def test_the_events_office_chooses_an_image_for_an_event(client, centre, other_centre, office):
    from mia.permissions.services import centre_collection

    ours, theirs = make_image("Nordstadtfest"), make_image("Bochumer Fest")
    ours.collection = centre_collection(centre)
    ours.save()
    theirs.collection = centre_collection(other_centre)
    theirs.save()
    sign_in(client, office)
    response = client.get(f"{ADMIN}/images/chooser/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nordstadtfest" in html and "Bochumer Fest" not in html
    # with the form to upload one
    assert f"{ADMIN}/images/chooser/create/" in html
    chosen = client.get(f"{ADMIN}/images/chooser/chosen/{ours.pk}/")
    assert chosen.status_code == 200
    refused = client.get(f"{ADMIN}/images/chooser/chosen/{theirs.pk}/")
    assert (refused.status_code, refused["Location"]) == (302, f"{ADMIN}/")  # Wagtail's "no"


def test_a_centre_admin_reviews_too(client, centre, festival, verein, keuning):
    e = submitted(centre, festival, verein, keuning, "Lesung")
    sign_in(client, member(centre, Role.CENTRE_ADMIN))
    assert client.post(review_url(e), {"action": "accept"}).status_code == 302
    assert Event.objects.get(pk=e.pk).state == "accepted"


# -- editions, access codes, venues ---------------------------------------------------------------


def edition_data(centre, **changes) -> dict:
    data = {
        "centre": centre.pk,
        "name": "Internationale Woche 2027",
        "slug": "iw-2027",
        "starts_on": "2027-06-19",
        "ends_on": "2027-06-27",
        "submissions_open_at": "2027-02-01 00:00",
        "submissions_close_at": "2027-04-30 23:59",
        "intro": "Neun Tage Nordstadt.",
        "intros-TOTAL_FORMS": 1,
        "intros-INITIAL_FORMS": 0,
        "intros-MIN_NUM_FORMS": 0,
        "intros-MAX_NUM_FORMS": 1000,
        "intros-0-language": "en",
        "intros-0-text": "Nine days of Nordstadt.",
        "intros-0-ORDER": 1,
    }
    data.update(changes)
    return data


def test_the_office_creates_an_edition_with_its_introductions(office_client, centre):
    response = office_client.post(f"{ADMIN}/editions/new/", edition_data(centre))
    assert response.status_code == 302, response.context["form"].errors
    created = Edition.objects.get(slug="iw-2027")
    assert created.intro_for("en") == ("Nine days of Nordstadt.", "en")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": "2027-06-18"}, "ends_on"),
        ({"submissions_close_at": "2027-01-31 00:00"}, "submissions_close_at"),
        ({"slug": "veranstalter-12"}, "slug"),
    ],
)
def test_edition_errors_stand_at_their_field(office_client, centre, changes, field):
    response = office_client.post(f"{ADMIN}/editions/new/", edition_data(centre, **changes))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Edition.objects.exists()


def test_an_edition_address_is_unique_per_centre(office_client, centre, festival):
    response = office_client.post(
        f"{ADMIN}/editions/new/", edition_data(centre, slug=festival.slug)
    )
    assert list(response.context["form"].errors) == ["slug"]


def test_access_codes_belong_to_their_editions_centre_and_count_their_uses(
    office_client, centre, festival, verein, keuning
):
    response = office_client.post(
        f"{ADMIN}/access-codes/new/",
        {
            "edition": festival.pk,
            "organisation": verein.pk,
            "valid_until": "2026-06-10 12:00",
            "max_uses": 2,
            "note": "Nachzügler Planerladen",
        },
    )
    assert response.status_code == 302
    code = AccessCode.objects.get()
    assert code.centre_id == centre.pk
    submitted(centre, festival, verein, keuning, "Späte Lesung", access_code=code)
    assert "1 of 2" in office_client.get(f"{ADMIN}/access-codes/").content.decode()
    assert (
        "1 of 2" in office_client.get(f"{ADMIN}/access-codes/inspect/{code.pk}/").content.decode()
    )


def venue_data(centre, **changes) -> dict:
    data = {
        "centre": centre.pk,
        "name": "Nordmarkt",
        "street": "Nordmarkt 1",
        "postcode": "44145",
        "city": "Dortmund",
        "district": "Innenstadt-Nord",
        "latitude": "51.5280",
        "longitude": "7.4600",
        "step_free": "yes",
        "accessible_toilet": "unknown",
        "induction_loop": "no",
        "accessibility_notes": "",
        "verified": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"latitude": "91"}, "latitude"), ({"longitude": ""}, "longitude")],
)
def test_venue_coordinates_are_checked(office_client, centre, changes, field):
    response = office_client.post(f"{ADMIN}/venues/new/", venue_data(centre, **changes))
    assert list(response.context["form"].errors) == [field]
    assert not Venue.objects.exists()


def test_venues_to_be_verified_are_listed_and_verified(office_client, centre, verein):
    proposed = venue(centre, name="Vereinsheim", verified=False, proposed_by=verein)
    venue(centre, name="Dietrich-Keuning-Haus")
    html = office_client.get(f"{ADMIN}/venues/?verified=false").content.decode()
    assert "Vereinsheim" in html and "Dietrich-Keuning-Haus" not in html
    page = office_client.get(f"{ADMIN}/venues/inspect/{proposed.pk}/").content.decode()
    assert 'value="verify"' in page
    office_client.post(f"{ADMIN}/venues/inspect/{proposed.pk}/", {"action": "verify"})
    assert Venue.objects.get(pk=proposed.pk).verified is True


# -- translation with wagtail-localize ----------------------------------------------------------


def test_an_event_is_translated_through_wagtail_localize(
    office_client,
    centre,
    other_centre,
    festival,
    verein,
    keuning,
    django_capture_on_commit_callbacks,
    heard,
):
    from wagtail_localize.models import StringSegment, Translation

    english = Locale.objects.get_or_create(language_code="en")[0]
    published = submitted(centre, festival, verein, keuning, "Lesung", state="published")
    submit = f"{ADMIN}/localize/submit/snippet/events/event/{published.pk}/"
    assert office_client.get(submit).status_code == 200
    response = office_client.post(submit, {"locales": [english.pk]})
    assert response.status_code == 302
    translation = Translation.objects.get(target_locale=english)
    target = translation.get_target_instance()
    # only the text is offered to the translator; the facts follow the original
    contexts = {
        segment.context.path: segment.pk
        for segment in StringSegment.objects.filter(source=translation.source)
    }
    assert set(contexts) == {"title", "summary"}
    for path, text in (("title", "Reading"), ("summary", "Authors read from their books.")):
        response = office_client.put(
            f"{ADMIN}/localize/translate/{translation.pk}/strings/{contexts[path]}/edit/",
            f"value={text}",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(edit_url(target), {"action": "publish"})
    assert response.status_code == 302
    # the English programme changed: the booklet in English is made anew
    assert heard and heard[-1]["edition_id"] == festival.pk
    target.refresh_from_db()
    assert (target.title, target.locale, target.centre_id) == ("Reading", english, centre.pk)
    assert target.dates.count() == 0  # the dates stay the original's
    shown = queries.translate([Event.objects.get(pk=published.pk)], "en")[0]
    assert (shown.title, shown.summary, shown.content_language) == (
        "Reading",
        "Authors read from their books.",
        "en",
    )
    # the translation lists under its language, with the original's state
    assert titles(office_client.get(f"{QUEUE}?locale=en").content.decode()) == ["Reading"]

    # another centre cannot open the translation of our event
    office_client.logout()
    sign_in(office_client, member(other_centre, Role.COORDINATOR, domain="events"))
    for url in (
        submit,
        f"{ADMIN}/localize/translate/{translation.pk}/strings/{contexts['title']}/edit/",
        edit_url(target),
    ):
        assert office_client.get(url).status_code == 404, url


def test_a_translation_without_wagtail_localize_is_edited_as_text_only(
    office_client, centre, festival, verein, keuning, django_capture_on_commit_callbacks, heard
):
    published = submitted(centre, festival, verein, keuning, "Lesung", state="published")
    english = published.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    english.save()
    form = office_client.get(edit_url(english)).context["form"]
    assert set(form.fields) == set(Event.TRANSLATED_TEXT)
    assert form.dates is None
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(
            edit_url(english),
            {"title": "Reading", "summary": "Authors read.", "category": "film"},
        )
    assert response.status_code == 302
    english.refresh_from_db()
    assert (english.title, english.category) == ("Reading", "talk")  # facts stay the original's
    assert published.dates.count() == 1 and english.dates.count() == 0
    assert heard and heard[0]["edition_id"] == festival.pk


def _rows(kind: str, centre, festival, first: int, count: int) -> None:
    for n in range(first, first + count):
        if kind == "venues":
            venue(centre, name=f"Ort {n}", proposed_by=organisation(centre, name=f"Verein {n}"))
        elif kind == "editions":
            edition(centre, year=2030 + n)
        elif kind == "access-codes":
            AccessCode.objects.create(
                centre=centre,
                edition=festival,
                organisation=organisation(centre, name=f"Verein {n}"),
                valid_until=timezone.now(),
            )
        elif kind == "outbox":
            queue_mail(
                centre=centre,
                to=["a@example.org"],
                subject="s",
                body="b",
                purpose=f"event.{n}",
                hold=True,
            )


@pytest.mark.parametrize("kind", ["venues", "editions", "access-codes", "outbox"])
def test_office_lists_cost_the_same_for_3_and_13_rows(office_client, centre, festival, kind):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries_made:
            assert office_client.get(f"{ADMIN}/{kind}/").status_code == 200
        return len(queries_made)

    _rows(kind, centre, festival, 0, 3)
    count()
    few = count()
    _rows(kind, centre, festival, 3, 10)
    count()  # new records renew the site's cache generation: the first view loads it again
    assert count() == few


def test_deleting_a_published_event_tells_the_programme(
    office_client, centre, festival, verein, keuning, django_capture_on_commit_callbacks, heard
):
    published = submitted(centre, festival, verein, keuning, "Lesung", state="published")
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(f"{QUEUE}delete/{published.pk}/")
    assert response.status_code == 302
    assert not Event.objects.filter(pk=published.pk).exists()
    assert heard == [
        {"signal": programme_changed, "centre_id": centre.pk, "edition_id": festival.pk}
    ]
