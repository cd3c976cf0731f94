"""The door: a code from the QR code's link or typed marks the arrival once; who has no seat
is shown as such and let in only on purpose while seats are free; another centre's staff
cannot check anyone in."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from mia.audit.models import AuditEntry
from mia.ceremonies import checkin
from mia.ceremonies.letters import grouped
from mia.ceremonies.models import Invitee
from mia.permissions.roles import Role

from ..factories import member, sign_in
from .helpers import ceremony, invitee

pytestmark = pytest.mark.django_db
ADMIN = "/verwaltung/ceremonies"


def test_the_code_is_read_from_the_link_or_as_typed():
    code = "ABCDEFGHJK"
    assert checkin.code_from(f"https://do.example/einbuergerungsfeier/{code}/") == code
    assert checkin.code_from(f"https://do.example/ar/einbuergerungsfeier/{code}/?x=1") == code
    assert checkin.code_from(" abcd-efgh-jk ") == code
    assert checkin.code_from("ABCD EFGH JK") == code


def test_an_arrival_is_marked_once(client, centre):
    feast = ceremony(centre)
    amina = invitee(feast, status="attending", companions=1)
    sign_in(client, member(centre, Role.COORDINATOR, domain="ceremonies"))
    with translation.override("en"):
        first = client.post(
            f"{ADMIN}/{feast.pk}/check-in/",
            {"code": f"https://testserver/einbuergerungsfeier/{amina.code}/"},
            HTTP_ACCEPT="application/json",
        ).json()
    assert first["outcome"] == "arrived" and first["companions"] == 1
    assert first["figures"] == {"arrived": 1, "guests": 2, "expected": 1, "capacity": 250}
    amina.refresh_from_db()
    arrived_at = amina.checked_in_at
    assert arrived_at is not None
    # scanned again: harmless, and says when
    second = client.post(
        f"{ADMIN}/{feast.pk}/check-in/",
        {"code": grouped(amina.code)},
        HTTP_ACCEPT="application/json",
    ).json()
    assert second["outcome"] == "already"
    assert second["time"] == f"{timezone.localtime(arrived_at):%H:%M}"
    amina.refresh_from_db()
    assert amina.checked_in_at == arrived_at
    assert AuditEntry.objects.filter(action="change", object_id=str(amina.pk)).count() == 1


def test_the_form_works_without_javascript(client, centre):
    feast = ceremony(centre)
    amina = invitee(feast, status="attending")
    sign_in(client, member(centre, Role.COORDINATOR, domain="ceremonies"))
    response = client.post(f"{ADMIN}/{feast.pk}/check-in/", {"code": amina.code})
    assert response.status_code == 200
    assert response.context["result"]["outcome"] == "arrived"
    assert response.context["figures"]["arrived"] == 1


def test_who_has_no_seat_is_let_in_only_on_purpose_and_while_seats_are_free(centre):
    feast = ceremony(centre, capacity=3)
    invitee(feast, "Anna", status="attending", companions=1)
    waiting = invitee(feast, "Reza", street="Weg 2", status="waiting")
    declined = invitee(feast, "Elif", street="Weg 3", status="declined", companions=1)
    result = checkin.check_in(feast, waiting.code, None)
    assert result.outcome == checkin.Outcome.NO_SEAT
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None
    result = checkin.check_in(feast, waiting.code, None, anyway=True)
    assert result.outcome == checkin.Outcome.ARRIVED and result.anyway
    # two seats for Anna, one now for Reza: Elif and her companion find none
    result = checkin.check_in(feast, declined.code, None, anyway=True)
    assert result.outcome == checkin.Outcome.FULL


def test_an_open_offer_holds_a_seat(centre):
    feast = ceremony(centre)
    offered = invitee(
        feast,
        status="offered",
        offered_until=timezone.now() + datetime.timedelta(hours=3),
    )
    assert checkin.check_in(feast, offered.code, None).outcome == checkin.Outcome.ARRIVED


def test_unknown_codes_and_other_ceremonies_codes_find_nobody(centre):
    feast, other = ceremony(centre), ceremony(centre, title="Herbst")
    stranger = invitee(other, status="attending")
    assert checkin.check_in(feast, stranger.code, None).outcome == checkin.Outcome.UNKNOWN
    assert checkin.check_in(feast, "nonsense", None).outcome == checkin.Outcome.UNKNOWN


def test_staff_of_centre_b_cannot_check_in_centre_as_invitee(client, centre, other_centre):
    feast = ceremony(centre)
    amina = invitee(feast, status="attending")
    theirs = ceremony(other_centre)
    sign_in(client, member(other_centre, Role.COORDINATOR, domain="ceremonies"))
    assert client.post(f"{ADMIN}/{feast.pk}/check-in/", {"code": amina.code}).status_code == 404
    response = client.post(
        f"{ADMIN}/{theirs.pk}/check-in/", {"code": amina.code}, HTTP_ACCEPT="application/json"
    )
    assert response.json()["outcome"] == "unknown"
    amina.refresh_from_db()
    assert amina.checked_in_at is None


def test_the_status_is_a_few_queries_whatever_the_crowd(client, centre):
    feast = ceremony(centre)
    sign_in(client, member(centre, Role.COORDINATOR, domain="ceremonies"))
    address = f"{ADMIN}/{feast.pk}/check-in/status/"
    client.get(address)
    with CaptureQueriesContext(connection) as few:
        client.get(address)
    for number in range(30):
        invitee(
            feast,
            f"P {number}",
            street=f"Weg {number}",
            status="attending",
            checked_in_at=timezone.now(),
        )
    with CaptureQueriesContext(connection) as many:
        data = client.get(address).json()
    assert data["arrived"] == 30
    assert len(many) == len(few)


def test_a_guest_let_in_without_a_seat_takes_one_from_the_answers_too(centre, db):
    """The door and the answers count the same seats: after staff let someone in anyway,
    the last free seat is no longer offered to an answer."""
    from mia.ceremonies import services

    from .factories import ceremony as make_ceremony
    from .factories import invitee as make_invitee

    feast = make_ceremony(centre, capacity=2, companions_allowed=1)
    walk_in = make_invitee(feast)
    before = services.counts(feast)
    Invitee.objects.filter(pk=walk_in.pk).update(checked_in_at=timezone.now())
    assert services.counts(feast).seats_taken == before.seats_taken + 1
    assert services.seats_held(feast, timezone.now()) == 1
    late = services.answer(make_invitee(feast), attending=True, companions=1)
    assert late.status == Invitee.Status.WAITING
