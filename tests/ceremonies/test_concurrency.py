"""Many invitees answering in the same moment, each on a connection of its own (PostgreSQL).

The seats are never exceeded, companions count, those who did not get a seat wait in the
order they got the lock, and nobody gets an error. 50 threads: the PostgreSQL server of the
test machine allows 100 connections for everything that runs on it (`make bench` answers
500 at once over HTTP).
"""

import random
import threading
from collections.abc import Callable

import pytest
from django.db import connection

from mia.ceremonies import services
from mia.ceremonies.models import Invitee

from ..concurrency import row_held
from .factories import ceremony, invitee

Status = Invitee.Status
THREADS = 50
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(steps: list[Callable[[], object]]) -> list[BaseException]:
    """Runs every step in its own thread (and database connection), all released together;
    the errors they raised."""
    barrier = threading.Barrier(len(steps))
    errors: list[BaseException] = []

    def run(step):
        try:
            barrier.wait()
            step()
        except BaseException as error:  # noqa: BLE001  (every error is a failure here)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def replay(ceremony_capacity: int, parties: list[tuple[int, int]]) -> dict[int, str]:
    """What answering one after the other gives: (invitee, seats) in the order they got the
    lock → each invitee's status."""
    free, waiting, outcome = ceremony_capacity, False, {}
    for pk, seats in parties:
        if not waiting and seats <= free:
            free -= seats
            outcome[pk] = Status.ATTENDING
        else:
            waiting = True
            outcome[pk] = Status.WAITING
    return outcome


def test_fifty_answer_at_once_and_exactly_the_seats_are_taken(centre):
    feier = ceremony(centre, capacity=20, companions_allowed=0)
    people = [invitee(feier) for _ in range(THREADS)]
    errors = at_once([lambda p=p: services.answer(p, attending=True, companions=0) for p in people])
    assert errors == []
    figures = services.counts(feier)
    assert (figures.attending, figures.seats_taken, figures.waiting) == (20, 20, 30)
    queue = list(Invitee.objects.filter(ceremony=feier).waiting())
    assert [services.place_in_line(p) for p in queue] == list(range(1, 31))


def test_with_companions_the_seats_hold_and_the_order_is_kept(centre):
    feier = ceremony(centre, capacity=40, companions_allowed=2)
    draw = random.Random(20260505)  # the same parties every run
    people = [invitee(feier) for _ in range(THREADS)]
    wanted = {p.pk: draw.randint(0, 2) for p in people}
    errors = at_once(
        [lambda p=p: services.answer(p, attending=True, companions=wanted[p.pk]) for p in people]
    )
    assert errors == []
    rows = list(Invitee.objects.filter(ceremony=feier).order_by("responded_at", "pk"))
    assert len({row.responded_at for row in rows}) == THREADS  # one after the other
    assert all(row.companions == wanted[row.pk] for row in rows)
    expected = replay(40, [(row.pk, 1 + wanted[row.pk]) for row in rows])
    assert {row.pk: row.status for row in rows} == expected
    figures = services.counts(feier)
    assert figures.seats_taken == sum(r.seats for r in rows if r.status == Status.ATTENDING)
    assert 40 - 2 <= figures.seats_taken <= 40  # the first in line waits for a party of 3
    assert figures.attending + figures.waiting == THREADS


def test_cancellations_and_new_answers_at_once_offer_each_freed_seat_once(centre):
    feier = ceremony(centre, capacity=25, companions_allowed=1)
    holders = [services.answer(invitee(feier), attending=True) for _ in range(25)]
    waiting = [services.answer(invitee(feier), attending=True) for _ in range(15)]
    newcomers = [invitee(feier) for _ in range(THREADS - 20)]
    leaving = holders[:20]
    errors = at_once(
        [lambda p=p: services.answer(p, attending=False) for p in leaving]
        + [lambda p=p: services.answer(p, attending=True) for p in newcomers]
    )
    assert errors == []
    figures = services.counts(feier)
    assert figures.seats_taken == 25
    # the fifteen who waited before got the freed seats, in order; five newcomers too
    assert {p.status for p in Invitee.objects.filter(pk__in=[p.pk for p in waiting])} == {
        Status.OFFERED
    }
    offered_newcomers = Invitee.objects.filter(
        pk__in=[p.pk for p in newcomers], status=Status.OFFERED
    ).count()
    booked_newcomers = Invitee.objects.filter(
        pk__in=[p.pk for p in newcomers], status=Status.ATTENDING
    ).count()
    assert offered_newcomers + booked_newcomers == 5
    assert figures.waiting == len(newcomers) - 5


def test_the_same_invitee_twice_at_once_takes_one_seat(centre):
    feier = ceremony(centre, capacity=5, companions_allowed=2)
    person = invitee(feier)
    errors = at_once(
        [lambda: services.answer(person, attending=True, companions=2) for _ in range(10)]
    )
    assert errors == []
    assert services.counts(feier).seats_taken == 3


def test_a_lock_held_too_long_says_busy_instead_of_waiting_for_ever(centre, settings):
    feier = ceremony(centre)
    person = invitee(feier)
    settings.MIA_LOCK_TIMEOUT_MS = 200
    with row_held(feier), pytest.raises(services.AnswerError) as refused:
        services.answer(person, attending=True)
    assert refused.value.code == "busy"
    assert Invitee.objects.get(pk=person.pk).status == Status.INVITED
