"""Answering: seats, the waiting list, offers of freed seats, deadlines (mia/ceremonies/services.py)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from mia.ceremonies import services
from mia.ceremonies.models import Invitee
from mia.ceremonies.services import AnswerError
from mia.outbox.models import OutboxMessage

from .factories import ceremony, invitee

Status = Invitee.Status
pytestmark = pytest.mark.django_db


def refreshed(person: Invitee) -> Invitee:
    return Invitee.objects.get(pk=person.pk)


def yes(person: Invitee, companions: int = 0, **kwargs) -> Invitee:
    return services.answer(person, attending=True, companions=companions, **kwargs)


def no(person: Invitee, **kwargs) -> Invitee:
    return services.answer(person, attending=False, **kwargs)


def test_yes_books_seats_for_the_invitee_and_companions(centre):
    feier = ceremony(centre, capacity=10)
    amal = invitee(feier)
    answered = yes(amal, 2, accessibility_needs="Rollstuhlplatz")
    assert (answered.status, answered.companions, answered.seats) == (Status.ATTENDING, 2, 3)
    stored = refreshed(amal)
    assert (stored.status, stored.accessibility_needs) == (Status.ATTENDING, "Rollstuhlplatz")
    assert stored.responded_at is not None
    assert services.counts(feier).seats_taken == 3


def test_yes_when_full_joins_the_waiting_list(centre):
    feier = ceremony(centre, capacity=3)
    yes(invitee(feier), 2)
    late = yes(invitee(feier), 0)
    assert late.status == Status.WAITING
    assert late.waiting_since is not None
    assert services.place_in_line(late) == 1
    assert services.counts(feier).seats_taken == 3


def test_yes_when_only_some_seats_are_free_waits_for_all_of_them(centre):
    feier = ceremony(centre, capacity=3)
    yes(invitee(feier), 1)
    group = yes(invitee(feier), 1)  # needs 2, 1 free
    assert group.status == Status.WAITING


def test_a_new_yes_never_overtakes_the_waiting_list(centre):
    """Strictly in order: one seat is free, but the first in line needs two; a newcomer who
    needs one joins the end of the list instead of taking it."""
    feier = ceremony(centre, capacity=3)
    yes(invitee(feier), 1)
    first = yes(invitee(feier), 1)
    assert first.status == Status.WAITING
    newcomer = yes(invitee(feier), 0)
    assert newcomer.status == Status.WAITING
    assert services.place_in_line(newcomer) == 2
    assert services.counts(feier).seats_free == 1


def test_no_is_stored_and_takes_no_seat(centre):
    feier = ceremony(centre)
    answered = no(invitee(feier))
    assert answered.status == Status.DECLINED
    assert services.counts(feier).seats_taken == 0


def test_a_no_drops_the_accessibility_needs(centre):
    # they may concern health, and have no purpose once the invitee does not come
    feier = ceremony(centre)
    person = yes(invitee(feier), accessibility_needs="Rollstuhlplatz")
    assert refreshed(person).accessibility_needs == "Rollstuhlplatz"
    no(person, accessibility_needs="Rollstuhlplatz")
    assert refreshed(person).accessibility_needs == ""


def test_cancelling_offers_the_seats_to_the_first_in_line_by_mail(
    centre, django_capture_on_commit_callbacks
):
    feier = ceremony(centre, capacity=2, offer_hours=24)
    holder = yes(invitee(feier), 1)
    first = yes(invitee(feier, email="erste@example.org", language="ar"), 0)
    second = yes(invitee(feier, email="zweite@example.org"), 0)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        no(holder, now=now)
    first, second = refreshed(first), refreshed(second)
    assert first.status == Status.OFFERED
    assert first.offered_until == now + datetime.timedelta(hours=24)
    assert second.status == Status.OFFERED  # two seats freed, one each
    assert services.counts(feier, now).seats_taken == 2
    offers = OutboxMessage.objects.filter(purpose=services.OFFER_MAIL).order_by("pk")
    assert [m.to for m in offers] == [["erste@example.org"], ["zweite@example.org"]]
    # in the invitee's language, with the link to their page in it
    assert "/ar/einbuergerungsfeier/" + first.code + "/" in offers[0].body
    assert feier.title in offers[0].subject
    assert sorted(sent.to[0] for sent in mail.outbox) == ["erste@example.org", "zweite@example.org"]


def test_an_offer_goes_nowhere_by_mail_without_an_address(centre):
    feier = ceremony(centre, capacity=1)
    holder = yes(invitee(feier))
    waiting = yes(invitee(feier, email=""))
    no(holder)
    assert refreshed(waiting).status == Status.OFFERED
    assert not OutboxMessage.objects.filter(purpose=services.OFFER_MAIL).exists()


def test_accepting_an_offer_takes_the_seat(centre):
    feier = ceremony(centre, capacity=1)
    holder = yes(invitee(feier))
    waiting = yes(invitee(feier))
    no(holder)
    accepted = services.accept_offer(refreshed(waiting))
    assert (accepted.status, accepted.offered_until) == (Status.ATTENDING, None)
    assert services.counts(feier).attending == 1


def test_declining_an_offer_passes_it_on_at_once(centre):
    feier = ceremony(centre, capacity=1)
    holder = yes(invitee(feier))
    first = yes(invitee(feier))
    second = yes(invitee(feier))
    no(holder)
    services.decline_offer(refreshed(first))
    assert refreshed(first).status == Status.DECLINED
    assert refreshed(first).offer_lapsed is False
    assert refreshed(second).status == Status.OFFERED


def test_an_offer_that_ran_out_goes_to_the_next_without_the_task(centre):
    """The background task has not run: the next answer of anyone settles it."""
    feier = ceremony(centre, capacity=1, offer_hours=2)
    holder = yes(invitee(feier))
    first = yes(invitee(feier))
    second = yes(invitee(feier))
    start = timezone.now()
    no(holder, now=start)
    assert refreshed(first).status == Status.OFFERED
    later = start + datetime.timedelta(hours=2, seconds=1)
    # counting already treats it as gone
    assert services.counts(feier, later).offered == 0
    no(invitee(feier), now=later)  # someone else's answer
    lapsed = refreshed(first)
    assert lapsed.status == Status.DECLINED and lapsed.offer_lapsed
    assert refreshed(second).status == Status.OFFERED
    assert refreshed(second).offered_until == later + datetime.timedelta(hours=2)


def test_the_offer_task_passes_on_offers_that_ran_out(centre):
    feier = ceremony(centre, capacity=1, offer_hours=2)
    holder = yes(invitee(feier))
    first = yes(invitee(feier))
    second = yes(invitee(feier))
    start = timezone.now()
    no(holder, now=start)
    assert services.advance_all(start + datetime.timedelta(hours=1)) == 0
    assert services.advance_all(start + datetime.timedelta(hours=3)) == 1
    assert refreshed(first).offer_lapsed
    assert refreshed(second).status == Status.OFFERED
    # run again: nothing more to do
    assert services.advance_all(start + datetime.timedelta(hours=3)) == 0


def test_accepting_an_offer_that_ran_out_is_refused(centre):
    feier = ceremony(centre, capacity=1, offer_hours=2)
    holder = yes(invitee(feier))
    first = yes(invitee(feier))
    start = timezone.now()
    no(holder, now=start)
    with pytest.raises(AnswerError) as refused:
        services.accept_offer(refreshed(first), now=start + datetime.timedelta(hours=3))
    assert refused.value.code == "no_offer"
    # the refusal rolled everything back, the lapse included: the next answer settles it
    assert refreshed(first).status == Status.OFFERED


def test_an_offer_holds_the_seats_of_the_whole_party(centre):
    feier = ceremony(centre, capacity=3)
    holder = yes(invitee(feier), 2)
    group = yes(invitee(feier), 2)
    no(holder)
    assert refreshed(group).status == Status.OFFERED
    assert services.counts(feier).seats_taken == 3
    newcomer = yes(invitee(feier))
    assert newcomer.status == Status.WAITING


def test_seats_freed_wait_for_the_first_in_line_until_enough(centre):
    """The first in line needs three; one seat freed is not offered to anybody behind."""
    feier = ceremony(centre, capacity=4)
    a = yes(invitee(feier), 1)
    b = yes(invitee(feier), 1)
    group = yes(invitee(feier), 2)
    single = yes(invitee(feier), 0)
    yes(a, 0)  # one seat freed
    assert (refreshed(group).status, refreshed(single).status) == (Status.WAITING, Status.WAITING)
    assert services.counts(feier).seats_free == 1
    no(b)  # two more: now three are free
    assert refreshed(group).status == Status.OFFERED
    assert refreshed(single).status == Status.WAITING


def test_fewer_companions_free_seats_for_the_list(centre):
    feier = ceremony(centre, capacity=3)
    holder = yes(invitee(feier), 2)
    waiting = yes(invitee(feier))
    yes(holder, 1)
    assert refreshed(holder).companions == 1
    assert refreshed(waiting).status == Status.OFFERED


def test_more_companions_when_full_are_refused_and_the_answer_stays(centre):
    feier = ceremony(centre, capacity=3)
    holder = yes(invitee(feier), 0)
    yes(invitee(feier), 1)
    with pytest.raises(AnswerError) as refused:
        yes(holder, 1)
    assert refused.value.code == "full"
    stored = refreshed(holder)
    assert (stored.status, stored.companions) == (Status.ATTENDING, 0)


def test_more_companions_take_free_seats_nobody_waits_for(centre):
    feier = ceremony(centre, capacity=3)
    holder = yes(invitee(feier), 0)
    assert yes(holder, 2).companions == 2
    assert services.counts(feier).seats_taken == 3


def test_more_companions_never_take_seats_the_list_waits_for(centre):
    feier = ceremony(centre, capacity=4)
    holder = yes(invitee(feier), 0)
    yes(invitee(feier), 1)
    yes(invitee(feier), 2)  # waits for three, one is free
    with pytest.raises(AnswerError) as refused:
        yes(holder, 1)
    assert refused.value.code == "full"


def test_changing_companions_on_the_list_keeps_the_place(centre):
    feier = ceremony(centre, capacity=1)
    yes(invitee(feier))
    first = yes(invitee(feier), 2)
    second = yes(invitee(feier))
    again = yes(first, 1)
    assert (again.status, again.companions) == (Status.WAITING, 1)
    assert services.place_in_line(again) == 1
    assert services.place_in_line(refreshed(second)) == 2


def test_leaving_the_waiting_list(centre):
    feier = ceremony(centre, capacity=1)
    yes(invitee(feier))
    waiting = yes(invitee(feier))
    behind = yes(invitee(feier))
    services.leave_waiting_list(waiting)
    assert refreshed(waiting).status == Status.DECLINED
    assert services.place_in_line(refreshed(behind)) == 1
    with pytest.raises(AnswerError) as refused:
        services.leave_waiting_list(refreshed(waiting))
    assert refused.value.code == "not_waiting"


@pytest.mark.parametrize("companions", [-1, 3, 50])
def test_companions_beyond_the_limit_are_refused(centre, companions):
    feier = ceremony(centre, companions_allowed=2)
    person = invitee(feier)
    with pytest.raises(AnswerError) as refused:
        yes(person, companions)
    assert refused.value.code == "companions"
    assert refreshed(person).status == Status.INVITED


def test_no_answers_after_the_deadline(centre):
    feier = ceremony(centre)
    person = invitee(feier)
    attending = yes(invitee(feier))
    after = feier.rsvp_deadline + datetime.timedelta(minutes=1)
    for step in (lambda: yes(person, now=after), lambda: no(attending, now=after)):
        with pytest.raises(AnswerError) as refused:
            step()
        assert refused.value.code == "closed"
    assert refreshed(person).status == Status.INVITED
    assert refreshed(attending).status == Status.ATTENDING


def test_no_answers_before_they_are_open(centre):
    feier = ceremony(centre, accepting_answers=False)
    with pytest.raises(AnswerError) as refused:
        yes(invitee(feier))
    assert refused.value.code == "not_open"


def test_offers_after_the_deadline_can_be_accepted_but_not_past_the_start(centre):
    """Answers close ten days before; an offer made a day before the start runs until the
    start at the latest, and is accepted although answers are closed."""
    feier = ceremony(centre, capacity=1, offer_hours=48)
    yes(invitee(feier))
    waiting = yes(invitee(feier))
    day_before = feier.starts_at - datetime.timedelta(days=1)
    services.advance(feier.pk, day_before)
    # nothing freed: no offer. Now the office frees a seat (more seats in the back office)
    feier.capacity = 2
    feier.save()
    assert services.advance(feier.pk, day_before) == 1
    offered = refreshed(waiting)
    assert offered.offered_until == feier.starts_at  # not day_before + 48 h
    assert services.accept_offer(offered, now=day_before).status == Status.ATTENDING


def test_no_offer_in_the_last_hour_before_the_start(centre):
    feier = ceremony(centre, capacity=1)
    yes(invitee(feier))
    waiting = yes(invitee(feier))
    feier.capacity = 2
    feier.save()
    assert services.advance(feier.pk, feier.starts_at - datetime.timedelta(minutes=50)) == 0
    assert refreshed(waiting).status == Status.WAITING


def test_leaving_the_list_is_possible_after_the_deadline(centre):
    feier = ceremony(centre, capacity=1)
    yes(invitee(feier))
    waiting = yes(invitee(feier))
    after = feier.rsvp_deadline + datetime.timedelta(days=1)
    services.leave_waiting_list(waiting, now=after)
    assert refreshed(waiting).status == Status.DECLINED


def test_a_lapsed_offer_may_answer_again_and_joins_the_end(centre):
    feier = ceremony(centre, capacity=1, offer_hours=2)
    holder = yes(invitee(feier))
    first = yes(invitee(feier))
    second = yes(invitee(feier))
    start = timezone.now()
    no(holder, now=start)
    later = start + datetime.timedelta(hours=3)
    services.advance(feier.pk, later)
    again = yes(refreshed(first), now=later + datetime.timedelta(minutes=1))
    assert again.status == Status.WAITING
    assert refreshed(second).status == Status.OFFERED


def test_an_anonymised_invitee_answers_nothing(centre):
    feier = ceremony(centre)
    person = invitee(feier)
    code = person.code
    Invitee.objects.filter(pk=person.pk).anonymise()
    assert services.find(centre, code) is None
    with pytest.raises(AnswerError) as refused:
        yes(person)
    assert refused.value.code == "unknown"


def test_codes_are_found_as_typed_and_only_in_their_centre(centre, other_centre):
    feier = ceremony(centre)
    person = invitee(feier, code="ABCDE23456")
    assert services.find(centre, " abcde-23456 ") == person
    assert services.find(centre, "ABCDE 23456") == person
    assert services.find(other_centre, "ABCDE23456") is None
    assert services.find(centre, "ABCDE2345") is None
    assert services.find(centre, "ABCDE2345!") is None


def test_counts_before_and_after_anonymisation(centre):
    feier = ceremony(centre, capacity=4)
    yes(invitee(feier), 2)  # 3 seats
    yes(invitee(feier), 1)  # waits for 2 (1 free)
    no(invitee(feier))
    invitee(feier)
    arrived = yes(invitee(feier, name="Zuletzt"), 0)  # waits too
    # let in at the door anyway: a seat is theirs from then on
    Invitee.objects.filter(pk=arrived.pk).update(checked_in_at=timezone.now())
    before = services.counts(feier)
    expected = services.Counts(
        invited=5,
        answered=4,
        attending=1,
        companions=2,
        seats_taken=4,
        declined=1,
        waiting=2,
        offered=0,
        arrived=1,
        capacity=4,
    )
    assert before == expected
    Invitee.objects.filter(ceremony=feier).anonymise()
    assert services.counts(feier) == expected


def test_retention_anonymises_invitees_after_the_ceremony_and_keeps_the_counts(centre):
    from mia.privacy.services import apply_retention

    feier = ceremony(centre, capacity=2, retention_days=30)
    guest = yes(invitee(feier, email="gast@example.org"), 1, accessibility_needs="Rampe")
    no(invitee(feier))
    before = services.counts(feier)
    just_before = feier.erase_after - datetime.timedelta(minutes=1)
    assert apply_retention(now=just_before)["ceremonies.invitee"] == 0
    assert (
        apply_retention(now=feier.erase_after + datetime.timedelta(minutes=1))["ceremonies.invitee"]
        == 2
    )
    blank = refreshed(guest)
    assert (blank.anonymised, blank.code, blank.name, blank.email) == (True, None, "", "")
    assert (blank.street, blank.accessibility_needs) == ("", "")
    assert (blank.status, blank.companions) == (Status.ATTENDING, 1)
    assert services.counts(feier) == before
    # run again: nothing more is due
    assert (
        apply_retention(now=feier.erase_after + datetime.timedelta(days=1))["ceremonies.invitee"]
        == 0
    )


def test_every_mail_of_an_offer_says_when_it_runs_out(centre, django_capture_on_commit_callbacks):
    feier = ceremony(centre, capacity=1, offer_hours=24)
    holder = yes(invitee(feier))
    waiting = yes(invitee(feier, email="warte@example.org", name="Beispiel Warte"), 1)
    feier.capacity = 2
    feier.save()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        no(holder)
    body = OutboxMessage.objects.get(purpose=services.OFFER_MAIL).body
    offered = refreshed(waiting)
    local = timezone.localtime(offered.offered_until)
    assert f"{local:%H:%M}" in body
    assert "Beispiel Warte" in body
    assert mail.outbox[0].to == ["warte@example.org"]
