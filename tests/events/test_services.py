"""The life of an event: states, who moves them, what the organisation sees and receives."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from mia.events import services
from mia.events.models import AccessCode, Edition, Event, EventMessage
from mia.outbox.models import OutboxMessage
from mia.permissions.roles import Role

from ..factories import berlin, edition, event, member, organisation, organisation_member, venue


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
def office(centre):
    return member(centre, Role.COORDINATOR, domain="events")


@pytest.fixture
def draft(centre, festival, verein):
    return event(centre, state="draft", edition=festival, organisation=verein, venue=venue(centre))


def test_an_event_goes_from_draft_to_published(draft, submitter, office):
    services.transition(draft, "submit", submitter)
    services.transition(draft, "accept", office)
    published = services.transition(draft, "publish", office)
    assert published.state == Event.State.PUBLISHED
    assert published.published_at is not None
    assert [m.state for m in draft.messages.all()] == ["submitted", "accepted", "published"]


def test_the_organisation_cannot_accept_its_own_event(draft, submitter):
    services.transition(draft, "submit", submitter)
    with pytest.raises(PermissionDenied):
        services.transition(draft, "accept", submitter)


def test_another_organisation_cannot_touch_the_event(draft, centre):
    stranger = organisation_member(organisation(centre, name="Anderer Verein"))
    with pytest.raises(PermissionDenied):
        services.transition(draft, "submit", stranger)
    assert services.allowed_actions(stranger, draft) == []


def test_a_state_change_that_does_not_exist_is_refused(draft, office):
    with pytest.raises(services.TransitionError):
        services.transition(draft, "publish", office)


def test_internal_notes_are_never_shown_or_mailed(draft, submitter, office):
    services.transition(draft, "submit", submitter)
    services.transition(
        draft,
        "request_changes",
        office,
        message="Bitte ergänzen Sie den Ort.",
        internal_note="Der Verein war letztes Jahr unzuverlässig.",
    )
    shown = list(services.messages_for_organisation(draft))
    assert [m.body for m in shown if m.body] == ["Bitte ergänzen Sie den Ort."]
    assert EventMessage.objects.filter(internal=True).count() == 1
    mails = OutboxMessage.objects.all()
    assert mails and all("unzuverlässig" not in m.body for m in mails)


def test_mails_to_the_organisation_wait_for_the_office(draft, submitter, office):
    services.transition(draft, "submit", submitter)
    services.transition(draft, "accept", office)
    mail = OutboxMessage.objects.get()
    assert mail.status == OutboxMessage.Status.HELD
    assert set(mail.to) == {"kontakt@planerladen.example", "vorstand@verein.example"}
    with translation.override("de"):
        assert mail.subject.startswith(str(services.MAIL_SUBJECTS["accepted"]))


def test_submitting_after_the_window_needs_an_access_code(centre, draft, submitter, festival):
    festival.submissions_close_at = timezone.now() - datetime.timedelta(days=1)
    festival.save()
    with pytest.raises(services.TransitionError):
        services.transition(draft, "submit", submitter)
    code = AccessCode.objects.create(
        centre=centre, edition=festival, valid_until=timezone.now() + datetime.timedelta(days=2)
    )
    services.transition(draft, "submit", submitter, access_code=code.code.lower())
    draft.refresh_from_db()
    assert draft.state == "submitted" and draft.access_code == code


def test_an_access_code_admits_only_as_many_events_as_it_allows(
    centre, festival, verein, submitter
):
    festival.submissions_close_at = timezone.now() - datetime.timedelta(days=1)
    festival.save()
    code = AccessCode.objects.create(
        centre=centre, edition=festival, valid_until=timezone.now() + datetime.timedelta(days=2)
    )
    first, second = (
        event(
            centre,
            state="draft",
            edition=festival,
            organisation=verein,
            venue=venue(centre, name=n),
        )
        for n in ("A", "B")
    )
    services.transition(first, "submit", submitter, access_code=code.code)
    with pytest.raises(services.TransitionError):
        services.transition(second, "submit", submitter, access_code=code.code)


def test_a_date_outside_the_edition_is_refused(centre, festival):
    day = festival.ends_on + datetime.timedelta(days=1)
    slots = [services.Slot(berlin(day, 10), berlin(day, 12))]
    assert services.date_errors(slots, festival)


def test_a_public_change_raises_the_calendar_sequence(draft, submitter, office):
    services.transition(draft, "submit", submitter)
    services.transition(draft, "publish", office)
    draft.refresh_from_db()
    before = draft.sequence
    draft.title = "Neuer Titel"
    services.save_event(draft, services.slots_of(draft), office)
    services.transition(draft, "cancel", office, message="Krankheit")
    draft.refresh_from_db()
    assert draft.sequence == before + 2
    assert draft.state == "cancelled" and draft.cancellation_note == "Krankheit"


def test_an_edition_takes_submissions_from_its_opening_until_its_close(centre, other_centre):
    festival = edition(centre)
    edition(other_centre)
    opens, closes = festival.submissions_open_at, festival.submissions_close_at
    second = datetime.timedelta(seconds=1)
    for moment, accepted in (
        (opens - second, False),
        (opens, True),
        (closes - second, True),
        (closes, False),
    ):
        assert festival.accepts_submissions(moment) is accepted, moment
        found = Edition.objects.for_centre(centre).accepting_submissions(moment)
        assert list(found) == ([festival] if accepted else []), moment


def test_overlaps_at_one_venue_are_found(centre, festival, verein):
    place = venue(centre)
    day = festival.starts_on
    a = event(
        centre,
        state="submitted",
        edition=festival,
        venue=place,
        dates=[(berlin(day, 10), berlin(day, 12))],
    )
    b = event(
        centre,
        state="published",
        edition=festival,
        venue=place,
        dates=[(berlin(day, 11), berlin(day, 13))],
    )
    c = event(
        centre,
        state="published",
        edition=festival,
        venue=place,
        dates=[(berlin(day, 13), berlin(day, 14))],
    )
    assert [other.event for _mine, other in services.overlapping(a)] == [b]
    assert services.overlap_map([a, b, c]) == {a.pk: 1, b.pk: 1}


def test_the_review_page_and_the_queue_find_the_same_clashes(centre, festival):
    place, elsewhere = venue(centre), venue(centre, name="Nordmarkt")
    day = festival.starts_on
    series = event(
        centre,
        state="submitted",
        edition=festival,
        venue=place,
        dates=[(berlin(day, 10), berlin(day, 12)), (berlin(day, 18), berlin(day, 20))],
    )
    morning = event(
        centre, state="accepted", edition=festival, venue=place,
        dates=[(berlin(day, 11), berlin(day, 19))],
    )  # fmt: skip
    # online, with the venue left over from an earlier version: it takes no room there
    stream = event(
        centre, state="published", edition=festival, venue=place, attendance="online",
        dates=[(berlin(day, 10), berlin(day, 11))],
    )  # fmt: skip
    # not live, or somewhere else: no clash
    event(centre, state="rejected", edition=festival, venue=place)
    event(centre, state="published", edition=festival, venue=elsewhere)

    pairs = services.overlapping(series)
    assert [(mine.start, theirs.event) for mine, theirs in pairs] == [
        (berlin(day, 10), morning),
        (berlin(day, 18), morning),
    ]
    assert services.overlapping(stream) == []
    counts = services.overlap_map([series, morning, stream])
    assert counts == {series.pk: 2, morning.pk: 2}
    assert counts[series.pk] == len(pairs)


def test_accepting_an_event_verifies_the_venue_its_organisation_proposed(draft, submitter, office):
    draft.venue.verified = False
    draft.venue.save()
    services.transition(draft, "submit", submitter)
    services.transition(draft, "accept", office)
    draft.venue.refresh_from_db()
    assert draft.venue.verified
