"""Offers and assignments (mia/pool/offers.py): the whole life cycle of an offer, each refusal
with its message, the mails each side gets and what they leave out."""

import datetime
import re

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mia.outbox.models import OutboxMessage
from mia.permissions.models import hash_token
from mia.pool import offers
from mia.pool.models import Assignment, Offer, PoolSettings, Request, Setting, Volunteer
from mia.pool.offers import OfferError

from ..factories import member
from . import factories as pool

pytestmark = pytest.mark.django_db
LINK = re.compile(r"/sprachmittlung/angebot/([A-Za-z0-9_-]+)/")


def tokens_in_outbox() -> dict[str, str]:
    """volunteer's address → the token of the last offer link mailed to them."""
    found = {}
    for mail in OutboxMessage.objects.filter(purpose=offers.MAIL_OFFER).order_by("pk"):
        match = LINK.search(mail.body)
        if match:
            found[mail.to[0]] = match.group(1)
    return found


def offer_to(request, *people, by=None) -> list[str]:
    """Offers `request` to `people`; their tokens, in order (read from the mails)."""
    offers.make_offers(request, people, by)
    tokens = tokens_in_outbox()
    return [tokens[person.email] for person in people]


def mails_to(address: str) -> list[OutboxMessage]:
    return [m for m in OutboxMessage.objects.order_by("pk") if address in m.to]


@pytest.fixture
def setup(centre):
    centre.email = "pool@example.org"
    centre.phone = "0231 50-12345"
    centre.save()
    school = pool.institution(centre)
    contact = member(centre, "institution_contact", email="lehrerin@example.org")
    school.organisation.memberships.create(user=contact)
    request = pool.request(
        centre,
        school,
        district=pool.district(centre),
        contact_name="Frau Yilmaz",
        contact_phone="0231 111",
        notes="Bitte am Haupteingang klingeln.",
    )
    coordinator = member(centre, "coordinator", "pool", email="koordination@example.org")
    return {
        "request": request,
        "coordinator": coordinator,
        "amira": pool.volunteer(centre, "Amira Haddad"),
        "bilal": pool.volunteer(centre, "Bilal Saleh"),
        "contact": contact,
    }


def test_make_offers_stores_only_the_hash_and_mails_the_link(setup):
    request, amira = setup["request"], setup["amira"]
    made = offers.make_offers(request, [amira], setup["coordinator"])
    assert len(made) == 1
    offer = Offer.objects.get()
    token = tokens_in_outbox()[amira.email]
    assert len(token) >= 43
    assert offer.token_hash == hash_token(token)
    assert token not in offer.token_hash
    assert offer.offered_by == setup["coordinator"]
    assert Request.objects.get(pk=request.pk).status == Request.Status.OFFERED
    hours = PoolSettings.for_centre(request.centre).offer_hours
    assert abs(offer.expires_at - (timezone.now() + datetime.timedelta(hours=hours))) < (
        datetime.timedelta(minutes=1)
    )


def test_the_offer_mail_says_what_is_needed_to_decide_but_not_the_address(setup):
    offer_to(setup["request"], setup["amira"])
    (mail,) = mails_to(setup["amira"].email)
    assert "Innenstadt-Nord" in mail.body  # the district
    assert "Elterngespräch" in mail.body  # the topic
    assert "90" in mail.body  # the duration
    assert "Mallinckrodtstraße" not in mail.body
    assert "Grundschule am Nordmarkt" not in mail.body
    assert "Frau Yilmaz" not in mail.body
    assert "://testserver/sprachmittlung/angebot/" in mail.body
    assert mail.reply_to == ["pool@example.org"]


def test_an_offer_never_lasts_past_the_appointment(setup):
    request = setup["request"]
    request.starts_at = timezone.now() + datetime.timedelta(hours=5)
    request.save()
    offers.make_offers(request, [setup["amira"]], None)
    assert Offer.objects.get().expires_at == request.starts_at


def test_accept_makes_the_assignment_and_tells_everyone(setup):
    request, amira, bilal = setup["request"], setup["amira"], setup["bilal"]
    token_a, _token_b = offer_to(request, amira, bilal)
    OutboxMessage.objects.all().delete()

    assignment = offers.accept(token_a)

    assert assignment.volunteer == amira
    assert (assignment.starts_at, assignment.ends_at) == (request.starts_at, request.ends_at)
    assert assignment.status == Assignment.Status.CONFIRMED
    assert Request.objects.get(pk=request.pk).status == Request.Status.ASSIGNED
    statuses = dict(Offer.objects.values_list("volunteer__name", "status"))
    assert statuses == {"Amira Haddad": "accepted", "Bilal Saleh": "taken"}
    assert Offer.objects.get(volunteer=amira).answered_at is not None

    (to_amira,) = mails_to(amira.email)
    assert "Mallinckrodtstraße 100" in to_amira.body  # the full place, now
    assert "Frau Yilmaz" in to_amira.body and "0231 111" in to_amira.body
    assert "Bitte am Haupteingang klingeln." in to_amira.body
    (to_bilal,) = mails_to(bilal.email)
    assert "Amira" not in to_bilal.body  # who took it is none of their business
    (to_school,) = mails_to("lehrerin@example.org")
    assert "Amira" in to_school.body
    assert "Haddad" not in to_school.body  # the first name only
    assert amira.email not in to_school.body
    assert "0231 50-12345" in to_school.body  # the centre's phone for questions


def test_a_second_accept_says_it_was_accepted_already(setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    offers.accept(token)
    with pytest.raises(OfferError) as refused:
        offers.accept(token)
    assert refused.value.code == "accepted"
    assert refused.value.message == "You have already accepted this appointment. Thank you!"
    assert Assignment.objects.count() == 1


def test_the_second_volunteer_is_told_it_was_taken(setup):
    token_a, token_b = offer_to(setup["request"], setup["amira"], setup["bilal"])
    offers.accept(token_a)
    with pytest.raises(OfferError) as refused:
        offers.accept(token_b)
    assert refused.value.code == "taken"
    assert "Another volunteer has already accepted" in refused.value.message
    with pytest.raises(OfferError) as declined:
        offers.decline(token_b)
    assert declined.value.code == "taken"


def test_an_expired_link_is_refused(setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    Offer.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(OfferError) as refused:
        offers.accept(token)
    assert refused.value.code == "expired"
    assert "run out" in refused.value.message
    assert Assignment.objects.count() == 0


def test_an_unknown_link_is_refused(setup):
    offer_to(setup["request"], setup["amira"])
    with pytest.raises(OfferError) as refused:
        offers.accept("x" * 43)
    assert refused.value.code == "unknown"
    with pytest.raises(OfferError):
        offers.decline("")


def test_another_centres_link_is_unknown_there(setup, other_centre):
    (token,) = offer_to(setup["request"], setup["amira"])
    with pytest.raises(OfferError) as refused:
        offers.accept(token, centre=other_centre)
    assert refused.value.code == "unknown"


def test_a_cancelled_request_cannot_be_accepted(setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    Request.objects.update(status=Request.Status.CANCELLED)
    with pytest.raises(OfferError) as refused:
        offers.accept(token)
    assert refused.value.code == "cancelled"


def test_decline_with_a_reason_and_the_request_opens_again_when_all_declined(setup):
    request = setup["request"]
    token_a, token_b = offer_to(request, setup["amira"], setup["bilal"])
    offers.decline(token_a, "  Nicht frei  ")
    assert Request.objects.get(pk=request.pk).status == Request.Status.OFFERED
    assert Offer.objects.get(volunteer=setup["amira"]).decline_reason == "Nicht frei"
    assert mails_to("koordination@example.org") == []
    offers.decline(token_b)
    assert Request.objects.get(pk=request.pk).status == Request.Status.OPEN
    (told,) = mails_to("koordination@example.org")
    assert "declined" in told.subject or "abgelehnt" in told.subject.lower() or told.subject
    with pytest.raises(OfferError) as again:
        offers.decline(token_a)
    assert again.value.code == "declined"
    with pytest.raises(OfferError) as late:
        offers.accept(token_a)
    assert late.value.code == "declined"


def test_offers_are_refused_for_a_request_that_is_not_open(setup):
    request = setup["request"]
    request.status = Request.Status.ASSIGNED
    request.save()
    with pytest.raises(OfferError) as refused:
        offers.make_offers(request, [setup["amira"]], None)
    assert refused.value.code == "not_offerable"
    assert Offer.objects.count() == 0


def test_offers_are_refused_for_a_request_in_the_past(setup):
    request = setup["request"]
    request.starts_at = timezone.now() - datetime.timedelta(hours=1)
    request.save()
    with pytest.raises(OfferError) as refused:
        offers.make_offers(request, [setup["amira"]], None)
    assert refused.value.code == "past"
    assert (
        refused.value.message == "This appointment has already begun: it can no longer be offered."
    )


def test_offers_are_refused_to_a_volunteer_whose_requirements_lapsed(setup, centre):
    lapsed = pool.volunteer(centre, "Cem Lapsed", police_certificate_renew_by=timezone.localdate())
    with pytest.raises(OfferError) as refused:
        offers.make_offers(setup["request"], [setup["amira"], lapsed], None)
    assert refused.value.code == "not_eligible"
    assert refused.value.message.startswith("Cem Lapsed cannot be offered this appointment")
    assert "police certificate renewal" in refused.value.message
    # all or none
    assert Offer.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    assert Request.objects.get(pk=setup["request"].pk).status == Request.Status.OPEN


def test_offers_are_refused_to_a_paused_volunteer_or_another_centres(setup, other_centre):
    paused = pool.volunteer(setup["request"].centre, "Paula", status=Volunteer.Status.PAUSED)
    with pytest.raises(OfferError) as refused:
        offers.make_offers(setup["request"], [paused], None)
    assert refused.value.code == "not_eligible"
    stranger = pool.volunteer(other_centre, "Fremd")
    with pytest.raises(OfferError):
        offers.make_offers(setup["request"], [stranger], None)
    with pytest.raises(OfferError) as nobody:
        offers.make_offers(setup["request"], [], None)
    assert nobody.value.code == "nobody"


def test_the_same_volunteer_is_not_offered_twice_while_the_offer_is_open(setup):
    offer_to(setup["request"], setup["amira"])
    with pytest.raises(OfferError) as refused:
        offers.make_offers(setup["request"], [setup["amira"]], None)
    assert refused.value.code == "offered_already"


def test_a_volunteer_whose_requirements_lapsed_meanwhile_cannot_accept(setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    Volunteer.objects.filter(pk=setup["amira"].pk).update(status=Volunteer.Status.PAUSED)
    with pytest.raises(OfferError) as refused:
        offers.accept(token)
    assert refused.value.code == "not_eligible_now"


def test_an_overlapping_appointment_cannot_be_accepted(setup, centre):
    first = setup["request"]
    second = pool.request(
        centre, first.institution, starts_at=first.starts_at + datetime.timedelta(minutes=60)
    )
    (token_1,) = offer_to(first, setup["amira"])
    (token_2,) = offer_to(second, setup["amira"])
    offers.accept(token_1)
    with pytest.raises(OfferError) as refused:
        offers.accept(token_2)
    assert refused.value.code == "overlap"


def test_withdraw_stops_the_link_and_tells_the_volunteer(setup):
    request = setup["request"]
    (token,) = offer_to(request, setup["amira"])
    offer = Offer.objects.get()
    offers.withdraw(offer, setup["coordinator"])
    assert Offer.objects.get().status == Offer.Status.WITHDRAWN
    assert Request.objects.get(pk=request.pk).status == Request.Status.OPEN
    assert len(mails_to(setup["amira"].email)) == 2
    with pytest.raises(OfferError) as refused:
        offers.accept(token)
    assert refused.value.code == "withdrawn"
    with pytest.raises(OfferError) as again:
        offers.withdraw(offer, setup["coordinator"])
    assert again.value.code == "not_open"


def test_a_volunteer_who_drops_out_puts_the_request_back_to_matching(setup):
    request = setup["request"]
    (token,) = offer_to(request, setup["amira"])
    assignment = offers.accept(token)
    OutboxMessage.objects.all().delete()
    offers.cancel_assignment(assignment, None, "Krank", "volunteer")
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.CANCELLED_VOLUNTEER
    assert assignment.cancel_reason == "Krank"
    assert assignment.cancelled_at is not None
    assert Request.objects.get(pk=request.pk).status == Request.Status.OPEN
    (told,) = mails_to("koordination@example.org")
    assert "Krank" in told.body and "Amira Haddad" in told.body
    (school,) = mails_to("lehrerin@example.org")
    assert "Krank" not in school.body
    # and it can be offered again, to someone else
    offers.make_offers(request, [setup["bilal"]], setup["coordinator"])
    assert Request.objects.get(pk=request.pk).status == Request.Status.OFFERED


def test_the_centre_cancels_and_the_volunteer_is_told(setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    assignment = offers.accept(token)
    OutboxMessage.objects.all().delete()
    offers.cancel_assignment(assignment, setup["coordinator"], "Termin verlegt", "centre")
    assert Assignment.objects.get().status == Assignment.Status.CANCELLED_CENTRE
    (mail,) = mails_to(setup["amira"].email)
    assert "Termin verlegt" in mail.body


@pytest.mark.parametrize(
    ("reason", "side", "code"),
    [("", "volunteer", "reason"), ("   ", "centre", "reason"), ("x", "institution", "side")],
)
def test_a_cancellation_needs_a_reason_and_a_side(setup, reason, side, code):
    (token,) = offer_to(setup["request"], setup["amira"])
    assignment = offers.accept(token)
    with pytest.raises(OfferError) as refused:
        offers.cancel_assignment(assignment, None, reason, side)
    assert refused.value.code == code
    assert Assignment.objects.get().status == Assignment.Status.CONFIRMED


def test_a_cancelled_assignment_cannot_be_cancelled_again(setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    assignment = offers.accept(token)
    offers.cancel_assignment(assignment, None, "Krank", "volunteer")
    with pytest.raises(OfferError) as refused:
        offers.cancel_assignment(assignment, None, "Krank", "volunteer")
    assert refused.value.code == "not_cancellable"


def test_the_database_refuses_a_second_live_assignment(setup):
    """The last line of defence, whatever the code does."""
    from django.db import IntegrityError, transaction

    (token,) = offer_to(setup["request"], setup["amira"])
    first = offers.accept(token)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            centre=first.centre,
            request=first.request,
            volunteer=setup["bilal"],
            starts_at=first.starts_at,
            ends_at=first.ends_at,
        )


def test_expired_offers_close_and_the_request_opens_again(setup):
    request = setup["request"]
    offer_to(request, setup["amira"], setup["bilal"])
    offers.decline(tokens_in_outbox()[setup["bilal"].email])
    assert offers.expire_offers() == 0
    Offer.objects.filter(status="open").update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert offers.expire_offers() == 1
    assert offers.expire_offers() == 0  # run twice, nothing more
    assert dict(Offer.objects.values_list("volunteer__name", "status")) == {
        "Amira Haddad": "expired",
        "Bilal Saleh": "declined",
    }
    assert Request.objects.get(pk=request.pk).status == Request.Status.OPEN
    assert len(mails_to("koordination@example.org")) == 1


def test_the_command_expires_offers(setup):
    from io import StringIO

    from django.core.management import call_command

    offer_to(setup["request"], setup["amira"])
    Offer.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    out = StringIO()
    call_command("pool_reminders", stdout=out)
    assert (
        out.getvalue().strip()
        == "offers expired: 1, requests not filled: 0, appointments reminded: 0"
    )


def test_phone_appointments_mail_no_district(setup):
    request = setup["request"]
    request.setting = Setting.PHONE
    request.save()
    offer_to(request, setup["amira"])
    (mail,) = mails_to(setup["amira"].email)
    assert "Innenstadt-Nord" not in mail.body


def test_the_same_volunteer_named_twice_is_offered_once(setup):
    made = offers.make_offers(setup["request"], [setup["amira"], setup["amira"]], None)
    assert len(made) == 1
    assert len(mails_to(setup["amira"].email)) == 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=150))
def test_any_typed_token_finds_nothing_and_is_refused_clearly(setup, typed):
    assert offers.find(setup["request"].centre, typed) is None
    with pytest.raises(OfferError) as refused:
        offers.accept(typed)
    assert refused.value.code == "unknown"


# -- not filled ---------------------------------------------------------------------------------


def test_closing_as_not_filled_withdraws_the_offers_and_tells_the_institution(setup):
    request, amira = setup["request"], setup["amira"]
    offer_to(request, amira)
    closed = offers.close_unfilled(request, Request.Unfilled.NOBODY, setup["coordinator"])
    assert (closed.status, closed.unfilled_reason) == ("unfilled", "nobody")
    assert closed.erase_after is not None
    assert Offer.objects.get().status == "withdrawn"
    assert "No longer needed" in mails_to(amira.email)[-1].subject
    told = mails_to("lehrerin@example.org")[-1]
    assert "could not find a language mediator" in told.body
    assert "working days ahead" not in told.body
    # it is over: no second close, no offers, no acceptance
    with pytest.raises(OfferError) as again:
        offers.close_unfilled(request, Request.Unfilled.NOBODY, None)
    assert again.value.code == "not_offerable"
    with pytest.raises(OfferError):
        offers.make_offers(request, [setup["bilal"]], None)


def test_a_late_request_is_told_to_ask_earlier(setup):
    offers.close_unfilled(setup["request"], Request.Unfilled.LATE, None)
    assert "working days ahead" in mails_to("lehrerin@example.org")[-1].body


@pytest.mark.parametrize("reason", ["withdrawn", "", "other"])
def test_closing_needs_one_of_the_centres_reasons(setup, reason):
    with pytest.raises(OfferError) as refused:
        offers.close_unfilled(setup["request"], reason, None)
    assert refused.value.code == "unfilled_reason"
    assert Request.objects.get(pk=setup["request"].pk).status == "open"


def test_an_assigned_request_cannot_be_closed_as_not_filled(setup):
    request = setup["request"]
    offers.accept(offer_to(request, setup["amira"])[0])
    with pytest.raises(OfferError):
        offers.close_unfilled(request, Request.Unfilled.NOBODY, None)
    assert Request.objects.get(pk=request.pk).status == "assigned"


def test_past_requests_nobody_took_end_as_not_filled_with_their_reason(setup, centre):
    declined = setup["request"]
    offer_to(declined, setup["amira"])
    Offer.objects.update(status="declined")
    urgent = pool.request(centre, declined.institution, urgent=True)
    quiet = pool.request(centre, declined.institution)
    coming = pool.request(centre, declined.institution)
    Request.objects.exclude(pk=coming.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert offers.close_past_requests() == 3
    assert offers.close_past_requests() == 0  # twice closes once
    reasons = dict(Request.objects.values_list("pk", "unfilled_reason"))
    assert (reasons[declined.pk], reasons[urgent.pk], reasons[quiet.pk]) == (
        "declined",
        "late",
        "nobody",
    )
    assert Request.objects.get(pk=coming.pk).status == "open"
