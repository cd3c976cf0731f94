"""Who may send a failed mail again, and release or discard a held one: rights from the mail's
centre, and for a held mail of a reviewed purpose, from the domain that reviews it. The
services check it themselves, whichever view calls them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from mia.core.models import Membership
from mia.outbox.models import OutboxMessage
from mia.outbox.services import discard_held, queue_mail, release_held, retry_failed
from mia.outbox.wagtail_hooks import HeldMailPanel
from mia.permissions.roles import Role

from ..factories import member, sign_in

ADMIN = "/verwaltung"


def _held(centre, purpose: str = "event.1") -> OutboxMessage:
    return queue_mail(
        centre=centre, to=["verein@example.org"], subject="Zu Ihrer Veranstaltung", body="b",
        purpose=purpose, hold=True,
    )  # fmt: skip


def _failed(centre, purpose: str = "event.1") -> OutboxMessage:
    return OutboxMessage.objects.create(
        centre=centre,
        to=["gone@example.org"],
        subject="Nicht zugestellt",
        body="b",
        purpose=purpose,
        status=OutboxMessage.Status.FAILED,
        next_attempt_at=timezone.now(),
    )


def _status(message: OutboxMessage) -> str:
    return OutboxMessage.objects.get(pk=message.pk).status


def _grant(user, centre, role: str, domain: str = "") -> None:
    Membership.objects.create(user=user, centre=centre, role=role, domain=domain)


@pytest.fixture
def both_offices(centre, other_centre):
    """Runs the mail of the other centre (may send failed mail again there) and is the events
    office of ours (reads our event mails, and may release them, but not send them again)."""
    user = member(other_centre, Role.COORDINATOR, "messages")
    _grant(user, centre, Role.COORDINATOR, "events")
    return type(user).objects.get(pk=user.pk)


def test_a_failed_mail_is_sent_again_only_with_the_right_in_its_centre(
    centre, other_centre, both_offices
):
    ours, theirs = _failed(centre), _failed(other_centre)
    with pytest.raises(PermissionDenied):
        retry_failed(ours.pk, both_offices)
    assert _status(ours) == OutboxMessage.Status.FAILED
    assert retry_failed(theirs.pk, both_offices) is True
    assert _status(theirs) == OutboxMessage.Status.PENDING


def test_the_retry_view_refuses_a_right_held_in_another_centre(
    client, centre, other_centre, both_offices
):
    ours = _failed(centre)
    sign_in(client, both_offices)
    inspect = client.get(f"{ADMIN}/outbox/inspect/{ours.pk}/")
    assert inspect.status_code == 200  # the events office reads it
    assert "/retry/" not in inspect.content.decode()
    response = client.post(f"{ADMIN}/outbox/retry/{ours.pk}/")
    assert (response.status_code, response["Location"]) == (302, f"{ADMIN}/")  # Wagtail's "no"
    assert _status(ours) == OutboxMessage.Status.FAILED


def test_a_held_mail_is_released_only_with_the_right_in_its_centre(centre, other_centre):
    ours = _held(centre)
    their_office = member(other_centre, Role.COORDINATOR, "events")
    with pytest.raises(PermissionDenied):
        release_held([ours.pk], their_office)
    with pytest.raises(PermissionDenied):
        discard_held(ours.pk, their_office)
    assert _status(ours) == OutboxMessage.Status.HELD

    our_office = member(centre, Role.COORDINATOR, "events")
    assert release_held([ours.pk], our_office) == 1
    assert _status(ours) != OutboxMessage.Status.HELD


def test_one_mail_refused_releases_none(centre, other_centre):
    ours, theirs = _held(centre), _held(other_centre)
    our_office = member(centre, Role.COORDINATOR, "events")
    with pytest.raises(PermissionDenied):
        release_held([ours.pk, theirs.pk], our_office)
    assert {_status(ours), _status(theirs)} == {OutboxMessage.Status.HELD}


def test_a_held_mail_is_released_only_by_the_domain_of_its_purpose(centre):
    event_mail, contact_mail = _held(centre), _held(centre, purpose="contact.contact")
    events_office = member(centre, Role.COORDINATOR, "events")
    messages_office = member(centre, Role.COORDINATOR, "messages")
    for user, mail in (
        (messages_office, event_mail),  # reads every mail of the centre, but is not the office
        (events_office, contact_mail),  # releases the events' mails, not others
    ):
        with pytest.raises(PermissionDenied):
            release_held([mail.pk], user)
        with pytest.raises(PermissionDenied):
            discard_held(mail.pk, user)
    assert {_status(event_mail), _status(contact_mail)} == {OutboxMessage.Status.HELD}

    admin = member(centre, Role.CENTRE_ADMIN)  # holds every domain
    assert release_held([event_mail.pk, contact_mail.pk], admin) == 2
    assert discard_held(_held(centre).pk, events_office) is True


def test_a_mail_no_longer_held_is_left_alone(centre):
    mail = _held(centre)
    office = member(centre, Role.COORDINATOR, "events")
    assert release_held([mail.pk], office) == 1
    assert release_held([mail.pk], office) == 0
    assert discard_held(mail.pk, office) is False
    assert OutboxMessage.objects.filter(pk=mail.pk).exists()


def test_the_dashboard_counts_only_the_held_mails_the_user_may_release(
    client, centre, other_centre, both_offices
):
    _held(centre)
    _held(other_centre)  # read by the mail office of the other centre, not released by it
    sign_in(client, both_offices)
    panels = client.get(f"{ADMIN}/").context["panels"]
    assert [panel.count for panel in panels if isinstance(panel, HeldMailPanel)] == [1]
