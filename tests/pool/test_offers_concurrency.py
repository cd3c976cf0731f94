"""Volunteers accepting the same request at the same moment, each on a connection of its own
(PostgreSQL): exactly one assignment, the others are told it was taken, nobody gets an
error. The technique of tests/ceremonies/test_concurrency.py: threads released together by a
barrier."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from mia.pool import offers, requests
from mia.pool.models import Assignment, Offer, Request
from mia.pool.offers import OfferError

from ..concurrency import row_held
from . import factories as pool
from .test_offers import tokens_in_outbox

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(steps: list[Callable[[], object]]) -> tuple[list, list[BaseException]]:
    """Runs every step in its own thread (and database connection), all released together;
    what they returned and the errors they raised."""
    barrier = threading.Barrier(len(steps))
    results: list = []
    errors: list[BaseException] = []

    def run(step):
        try:
            barrier.wait()
            results.append(step())
        except BaseException as error:  # noqa: BLE001  (collected, judged by the test)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def test_two_volunteers_accepting_at_the_same_moment_make_one_assignment(centre):
    request = pool.request(centre)
    people = [pool.volunteer(centre), pool.volunteer(centre)]
    offers.make_offers(request, people, None)
    tokens = [tokens_in_outbox()[person.email] for person in people]

    results, errors = at_once([lambda t=t: offers.accept(t) for t in tokens])

    assert len(results) == 1
    assert [(type(e), e.code) for e in errors] == [(OfferError, "taken")]
    assert Assignment.objects.filter(request=request).count() == 1
    winner = Assignment.objects.get(request=request).volunteer
    assert winner == results[0].volunteer
    assert sorted(Offer.objects.values_list("status", flat=True)) == ["accepted", "taken"]
    assert Request.objects.get(pk=request.pk).status == Request.Status.ASSIGNED


def test_twenty_volunteers_at_once_and_still_one(centre):
    request = pool.request(centre)
    people = [pool.volunteer(centre) for _ in range(20)]
    offers.make_offers(request, people, None)
    found = tokens_in_outbox()
    tokens = [found[person.email] for person in people]

    results, errors = at_once([lambda t=t: offers.accept(t) for t in tokens])

    assert len(results) == 1
    assert {e.code for e in errors} == {"taken"} and len(errors) == 19
    assert Assignment.objects.filter(request=request).count() == 1
    assert Offer.objects.filter(status="taken").count() == 19


def test_the_same_link_twice_at_once_accepts_once(centre):
    request = pool.request(centre)
    person = pool.volunteer(centre)
    offers.make_offers(request, [person], None)
    token = tokens_in_outbox()[person.email]

    results, errors = at_once([lambda: offers.accept(token) for _ in range(5)])

    assert len(results) == 1
    assert {e.code for e in errors} == {"accepted"}
    assert Assignment.objects.count() == 1


def test_accepting_and_withdrawing_at_once_leave_a_consistent_state(centre):
    request = pool.request(centre)
    people = [pool.volunteer(centre), pool.volunteer(centre)]
    made = offers.make_offers(request, people, None)
    token = tokens_in_outbox()[people[0].email]

    _results, errors = at_once(
        [lambda: offers.accept(token), lambda: offers.withdraw(made[0], None)]
    )

    assert len(errors) == 1 and isinstance(errors[0], OfferError)
    offer = Offer.objects.get(pk=made[0].pk)
    assignments = Assignment.objects.filter(request=request).count()
    if offer.status == Offer.Status.ACCEPTED:
        assert assignments == 1 and errors[0].code == "not_open"
    else:
        assert offer.status == Offer.Status.WITHDRAWN
        assert assignments == 0 and errors[0].code == "withdrawn"


def test_reminders_run_twice_at_once_send_once(centre):
    import datetime

    from django.utils import timezone

    from mia.outbox.models import OutboxMessage
    from mia.pool import reminders

    request = pool.request(centre, starts_at=timezone.now() + datetime.timedelta(hours=3))
    person = pool.volunteer(centre)
    offers.make_offers(request, [person], None)
    offers.accept(tokens_in_outbox()[person.email])
    OutboxMessage.objects.all().delete()

    results, errors = at_once([reminders.send_reminders for _ in range(4)])

    assert errors == []
    assert sorted(results) == [0, 0, 0, 1]
    assert OutboxMessage.objects.count() == 2  # the volunteer's and the institution's


def test_a_cancellation_while_the_request_is_locked_says_busy_and_changes_nothing(centre, settings):
    request = pool.request(centre)
    settings.MIA_LOCK_TIMEOUT_MS = 200
    with row_held(request), pytest.raises(requests.RequestError, match="right now"):
        requests.cancel_request(request, None, "Termin entfällt")
    request.refresh_from_db()
    assert (request.status, request.cancel_reason) == (Request.Status.OPEN, "")
