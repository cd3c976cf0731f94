"""Answering an invitation: seats, the waiting list and the offers of freed seats.

Seats are never kept in a counter. What is taken is worked out from the rows each time
(attending, and offered until the offer runs out), as pretix counts its quotas, inside one
short transaction that holds the ceremony's row lock (`_booking`):

1. everything a request needs that is not the seat count (its form, the invitee) is read
   before; the transaction then takes the lock as its first statement (on PostgreSQL with a
   lock timeout: a request waits at most `MIA_LOCK_TIMEOUT_MS`, then gets a "try again"
   instead of hanging, mia/core/locks.py), so answers to one ceremony are made one after the other, answers to different
   ceremonies in parallel; on SQLite the transaction begins IMMEDIATE (mia/settings/base.py),
   which takes the database's write lock at once instead of failing when it upgrades;
2. `_settle` brings the ceremony up to date: offers that ran out lapse, and seats that are
   free go to the waiting list, so correctness never depends on the background task
   (`tasks.advance_offers`) having run;
3. the change is checked against the seats as they are now and written;
4. seats it freed are offered at once, before the commit.

The waiting list is served strictly in order (decision 0021): freed seats are offered to
the first in line only once they are enough for them and the companions they asked for;
nobody behind overtakes, not even with a smaller party, and a new "yes" joins the end of the
list while anyone waits. A big group waits longer for its seats, but never for ever.

An offer holds its seats for `Ceremony.offer_hours`, never past the ceremony's start; with
less than `MIN_OFFER` left before the start no offer is made. An offer that runs out lapses:
the invitee counts as declined (`offered_until` stays, so the page can say what happened) and
may answer again while answers are open; the seats go to the next in line.

After the deadline for answers (`Ceremony.answers_close_at`) nobody answers or changes an
answer any more: the guest list is what the ceremony is planned with. What stays possible
until the start is what only frees seats or fills them from the list: accepting or declining
an offer, and leaving the waiting list.
"""

import datetime
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import OperationalError, connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from mia.core.locks import lock_row, lock_timed_out, lock_timeout_ms
from mia.core.models import Centre
from mia.outbox.services import queue_rendered_mail

from .links import answer_url, page_language
from .models import CODE_ALPHABET, CODE_LENGTH, Ceremony, Invitee, holds_seat, normalise_code

logger = logging.getLogger(__name__)
Status = Invitee.Status

# An offer needs at least this long before the ceremony starts to be of any use.
MIN_OFFER = datetime.timedelta(hours=1)
# The outbox purpose of the mail that offers a freed seat.
OFFER_MAIL = "ceremony.offer"


class AnswerError(Exception):
    """An answer that cannot be taken; `code` says why, `message` says it to the invitee."""

    def __init__(self, code: str, message, **params) -> None:
        self.code = code
        self.params = params
        self.message = str(message) % params if params else str(message)
        super().__init__(code)

    def __str__(self) -> str:
        return self.message


def _error(code: str) -> Callable[..., AnswerError]:
    messages = {
        "not_open": _("Answers are not open yet. Please try again later."),
        "closed": _(
            "The deadline for answers was %(deadline)s: your answer can no longer be changed "
            "here. Please contact the office."
        ),
        "over": _("The ceremony has taken place."),
        "unknown": _("This invitation is no longer valid."),
        "companions": _("You can bring between 0 and %(allowed)s companions."),
        "full": _(
            "There are not enough free seats for more companions. Your answer stays as it "
            "was: you and %(companions)s companions."
        ),
        "no_offer": _("There is no seat offered to you (any more)."),
        "not_waiting": _("You are not on the waiting list."),
        "busy": _("Many people are answering right now. Please send your answer again."),
    }
    return lambda **params: AnswerError(code, messages[code], **params)


# -- reading ------------------------------------------------------------------------------------


def find(centre: Centre, typed: str) -> Invitee | None:
    """The invitee of this centre with the code as typed or read off a letter, or None.

    A code that cannot be one (wrong length or letters) costs no query. An anonymised
    invitee has no code any more, so its old code finds nothing.
    """
    code = normalise_code(typed or "")
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
        return None
    found = list(Invitee.objects.raw(_FIND_SQL, [centre.pk, code]))
    if not found:
        return None
    invitee = found[0]
    invitee.centre = centre
    invitee.ceremony = Ceremony.objects.raw(_CEREMONY_SQL, [invitee.ceremony_id])[0]
    return invitee


# Every answer begins here, so written out: composing the ORM's join took longer than the two
# statements take to run (benchmarked).
_FIND_SQL = f"""
    SELECT * FROM {Invitee._meta.db_table}
    WHERE centre_id = %s AND code = %s AND NOT anonymised
"""  # noqa: S608  (no input in the text)
_CEREMONY_SQL = f"SELECT * FROM {Ceremony._meta.db_table} WHERE id = %s"  # noqa: S608


def answers_open(ceremony: Ceremony, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return ceremony.accepting_answers and now < ceremony.answers_close_at


def open_for_answers(centre: Centre, now: datetime.datetime | None = None) -> Ceremony | None:
    """The centre's next ceremony whose invitees can answer now: the home page points to the
    page where they type their code."""
    now = now or timezone.now()
    return (
        Ceremony.objects.filter(
            centre=centre, accepting_answers=True, starts_at__gt=now, rsvp_deadline__gt=now
        )
        .order_by("starts_at")
        .first()
    )


def offer_is_open(invitee: Invitee, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        invitee.status == Status.OFFERED
        and invitee.offered_until is not None
        and invitee.offered_until > now
    )


def place_in_line(invitee: Invitee) -> int:
    """1 for the first on the waiting list, and so on; 0 if not waiting."""
    if invitee.status != Status.WAITING or invitee.waiting_since is None:
        return 0
    ahead = (
        Invitee.objects.filter(ceremony_id=invitee.ceremony_id, status=Status.WAITING)
        .filter(
            Q(waiting_since__lt=invitee.waiting_since)
            | Q(waiting_since=invitee.waiting_since, pk__lt=invitee.pk)
        )
        .count()
    )
    return ahead + 1


@dataclass(frozen=True)
class Counts:
    """The figures of one ceremony: what the office plans with, and what stays anonymous
    once the names are gone (the rows are kept, blanked, so these work after retention)."""

    invited: int
    answered: int
    attending: int
    companions: int
    seats_taken: int
    declined: int
    waiting: int
    offered: int
    arrived: int
    capacity: int

    @property
    def seats_free(self) -> int:
        return max(self.capacity - self.seats_taken, 0)


def counts(ceremony: Ceremony, now: datetime.datetime | None = None) -> Counts:
    """One query. An offer that ran out but was not settled yet counts as declined, as it
    will be, so the figures never depend on the background task."""
    now = now or timezone.now()
    live_offer = Q(status=Status.OFFERED, offered_until__gt=now)
    seats = F("companions") + 1
    figures = Invitee.objects.filter(ceremony=ceremony).aggregate(
        invited=Count("pk"),
        answered=Count("pk", filter=~Q(status=Status.INVITED)),
        attending=Count("pk", filter=Q(status=Status.ATTENDING)),
        companion_total=Coalesce(Sum("companions", filter=Q(status=Status.ATTENDING)), 0),
        held=Coalesce(Sum(seats, filter=holds_seat(now)), 0),
        declined=Count(
            "pk", filter=Q(status=Status.DECLINED) | (Q(status=Status.OFFERED) & ~live_offer)
        ),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
        offered=Count("pk", filter=live_offer),
        arrived=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    return Counts(
        invited=figures["invited"],
        answered=figures["answered"],
        attending=figures["attending"],
        companions=figures["companion_total"],
        seats_taken=figures["held"],
        declined=figures["declined"],
        waiting=figures["waiting"],
        offered=figures["offered"],
        arrived=figures["arrived"],
        capacity=ceremony.capacity,
    )


# -- the lock -------------------------------------------------------------------------------------


def _booking(change: Callable) -> Callable:
    """Runs `change(ceremony, invitee, now, seats, …)` in one short transaction under the
    ceremony's row lock, with the ceremony settled first (`seats` is what is held and how
    many wait, as of then) and again if the change freed seats; a lock not had within
    `MIA_LOCK_TIMEOUT_MS` becomes the "busy" error, and nothing is saved.

    An answer that only takes seats costs four statements here, each a round trip to the
    database: the lock (which sets its own timeout), the invitee with the seats and the list
    in one, the update, the commit. Each statement sees what was committed before it began,
    so everything read after the lock is current (PostgreSQL's READ COMMITTED)."""

    @functools.wraps(change)
    def run(invitee: Invitee, *args, now: datetime.datetime | None = None, **kwargs) -> Invitee:
        try:
            with transaction.atomic():
                ceremony = _lock(invitee.ceremony_id)
                # the clock read under the lock: answers are stamped (and queued) in the order
                # they got it, whoever came through the door first
                now = now or timezone.now()
                # read again under the lock: another request may have changed it meanwhile
                current, counted = _read(invitee.pk, ceremony.pk, now)
                seats, offered = _settle(ceremony, now, counted)
                if offered or counted[2]:
                    current = Invitee.objects.get(pk=invitee.pk)  # settling may have moved it
                if current.anonymised or not current.code:
                    raise _error("unknown")()
                current.ceremony = ceremony
                current.centre = invitee.centre
                before = (current.status, current.seats)
                change(ceremony, current, now, seats, *args, **kwargs)
                if _may_free(before, current):
                    _settle(ceremony, now)
        except OperationalError as error:
            if lock_timed_out(error):
                logger.warning(
                    "ceremony %s: lock not had within %s ms", invitee.ceremony_id, lock_timeout_ms()
                )
                raise _error("busy")() from error
            raise
        return current

    return run


def _may_free(before: tuple[str, int], after: Invitee) -> bool:
    """Whether a change gave up seats or a place in line: then the next in line may fit."""
    status, seats = before
    if status in (Status.ATTENDING, Status.OFFERED, Status.WAITING):
        return after.status != status or after.seats < seats
    return False


def _lock(ceremony_id: int) -> Ceremony:
    return lock_row(Ceremony, ceremony_id)


@dataclass
class Seats:
    """What the rows say under the lock: seats held (attending, and offers still open) and
    how many wait."""

    held: int
    waiting: int


def _first_waiting(ceremony: Ceremony, before: Invitee) -> Invitee | None:
    """The first on the waiting list ahead of `before`."""
    return (
        Invitee.objects.filter(ceremony=ceremony)
        .waiting()
        .filter(
            Q(waiting_since__lt=before.waiting_since)
            | Q(waiting_since=before.waiting_since, pk__lt=before.pk)
        )
        .first()
    )


# The seats held (attending, and offers still open), how many wait, how many offers ran out.
# Written out: it runs in every answer, under the lock, and the ORM took longer to compose it
# than the database to answer (FILTER works alike on PostgreSQL and SQLite).
_SEATS_SQL = f"""
    SELECT
        COALESCE(SUM(companions + 1) FILTER (
            WHERE status = '{Status.ATTENDING.value}'
               OR (status = '{Status.OFFERED.value}' AND offered_until > %s)
               OR checked_in_at IS NOT NULL
        ), 0) AS held,
        COUNT(*) FILTER (WHERE status = '{Status.WAITING.value}') AS waiting,
        COUNT(*) FILTER (WHERE status = '{Status.OFFERED.value}' AND offered_until <= %s) AS lapsed,
        COALESCE((
            SELECT first.companions + 1 FROM {Invitee._meta.db_table} AS first
            WHERE first.ceremony_id = %s AND first.status = '{Status.WAITING.value}'
            ORDER BY first.waiting_since, first.id LIMIT 1
        ), 0) AS first_needs
    FROM {Invitee._meta.db_table}
    WHERE ceremony_id = %s
"""  # noqa: S608  (no input in the text: the statuses are the model's constants)
# The invitee and the seats in one statement (one snapshot, one round trip).
_READ_SQL = f"""
    SELECT invitee.*, seats.held, seats.waiting, seats.lapsed, seats.first_needs
    FROM ({_SEATS_SQL}) AS seats CROSS JOIN {Invitee._meta.db_table} AS invitee
    WHERE invitee.id = %s
"""  # noqa: S608


def _read(invitee_id: int, ceremony_id: int, now: datetime.datetime) -> tuple[Invitee, tuple]:
    moment = connection.ops.adapt_datetimefield_value(now)
    found = list(
        Invitee.objects.raw(_READ_SQL, [moment, moment, ceremony_id, ceremony_id, invitee_id])
    )
    if not found:
        raise _error("unknown")()
    row = found[0]
    return row, (int(row.held), int(row.waiting), int(row.lapsed), int(row.first_needs))


def seats_held(ceremony: Ceremony, now: datetime.datetime) -> int:
    """The seats that are someone's (`models.holds_seat`), companions included."""
    return _count_seats(ceremony.pk, now)[0]


def _count_seats(ceremony_id: int, now: datetime.datetime) -> tuple[int, int, int, int]:
    """Seats held, how many wait, how many offers ran out, what the first in line needs."""
    moment = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(_SEATS_SQL, [moment, moment, ceremony_id, ceremony_id])
        return tuple(int(figure) for figure in cursor.fetchone())


def _settle(
    ceremony: Ceremony, now: datetime.datetime, counted: tuple[int, ...] | None = None
) -> tuple[Seats, list[Invitee]]:
    """Offers that ran out lapse; free seats are offered down the waiting list, in order,
    while they are enough for the first in line. Call under the ceremony's lock; `counted`
    is `_count_seats` read under it already. One statement (or none) when there is nothing
    to do."""
    held, waiting, lapsed, first_needs = counted or _count_seats(ceremony.pk, now)
    seats = Seats(held=held, waiting=waiting)
    if lapsed:
        Invitee.objects.filter(
            ceremony=ceremony, status=Status.OFFERED, offered_until__lte=now
        ).update(status=Status.DECLINED, updated_at=now)
    until = min(now + datetime.timedelta(hours=ceremony.offer_hours), ceremony.starts_at)
    free = ceremony.capacity - seats.held
    offered: list[Invitee] = []
    # the first in line decides: while their party does not fit, nobody is offered a seat
    # (what every answer to a full hall meets, so it costs no statement)
    if until - now < MIN_OFFER or not seats.waiting or first_needs > free:
        return seats, offered
    while free > 0 and seats.waiting:
        # each offer takes a seat at least, so no more than `free` people can be offered
        queue = list(Invitee.objects.filter(ceremony=ceremony).waiting()[:free])
        if not queue:
            break
        for invitee in queue:
            if invitee.seats > free:
                free = 0  # strictly in order: the first in line waits for enough seats
                break
            invitee.status = Status.OFFERED
            invitee.offered_until = until
            invitee.save(update_fields=["status", "offered_until", "updated_at"])
            free -= invitee.seats
            seats.held += invitee.seats
            seats.waiting -= 1
            offered.append(invitee)
    for invitee in offered:
        invitee.ceremony = ceremony
        _mail_offer(invitee)
    if offered:
        _follow_up(ceremony.pk, until)
    return seats, offered


def _mail_offer(invitee: Invitee) -> None:
    """The offer by mail, in the invitee's language, where they gave an address."""
    if not invitee.email:
        return
    ceremony = invitee.ceremony
    with translation.override(page_language(invitee)):
        context = {
            "invitee": invitee,
            "ceremony": ceremony,
            "centre": ceremony.centre,
            "url": answer_url(invitee),
            "until": timezone.localtime(invitee.offered_until),
            "starts": timezone.localtime(ceremony.starts_at),
        }
    queue_rendered_mail(
        "ceremonies/mail/offer",
        context,
        language=page_language(invitee),
        centre=ceremony.centre,
        to=[invitee.email],
        reply_to=[ceremony.centre.email] if ceremony.centre.email else [],
        purpose=OFFER_MAIL,
    )


def _follow_up(ceremony_id: int, until: datetime.datetime) -> None:
    """When the offers run out, the background task passes their seats on (on backends that
    can wait; the every-minute command and the next answer do it anyway)."""
    from .tasks import advance_offers

    task = advance_offers
    if not task.get_backend().supports_defer:
        return
    task = task.using(run_after=until + datetime.timedelta(seconds=1))
    transaction.on_commit(lambda: task.enqueue(ceremony_id))


# -- the invitee's steps -------------------------------------------------------------------------


def _check_open(ceremony: Ceremony, now: datetime.datetime) -> None:
    if now >= ceremony.starts_at:
        raise _error("over")()
    if not ceremony.accepting_answers:
        raise _error("not_open")()
    if now >= ceremony.answers_close_at:
        deadline = timezone.localtime(ceremony.answers_close_at)
        raise _error("closed")(deadline=formats.date_format(deadline, "DATETIME_FORMAT"))


@_booking
def answer(
    ceremony: Ceremony,
    invitee: Invitee,
    now: datetime.datetime,
    seats: Seats,
    *,
    attending: bool,
    companions: int = 0,
    accessibility_needs: str | None = None,
    email: str | None = None,
) -> None:
    """Yes (with companions) or no, first answer or a change, until answers close.

    Yes takes the seats if they are free and nobody waits; otherwise the invitee joins the
    end of the waiting list (or keeps their place on it). Someone with seats already who asks
    for more companions gets them only from seats nobody waits for; else their answer stays as
    it was ("full"). No gives up seat, offer or place in line.
    """
    _check_open(ceremony, now)
    if not 0 <= companions <= ceremony.companions_allowed:
        raise _error("companions")(allowed=ceremony.companions_allowed)
    if accessibility_needs is not None:
        invitee.accessibility_needs = accessibility_needs
    if email is not None:
        invitee.email = email
    invitee.responded_at = now
    free = ceremony.capacity - seats.held
    if not attending:
        _give_up(invitee)
    elif invitee.status == Status.ATTENDING or offer_is_open(invitee, now):
        more = companions - invitee.companions
        if more > 0 and (free < more or seats.waiting):
            raise _error("full")(companions=invitee.companions)
        invitee.status = Status.ATTENDING
        invitee.offered_until = None
        invitee.waiting_since = None
        invitee.companions = companions
    else:
        waiting = invitee.status == Status.WAITING and invitee.waiting_since is not None
        invitee.companions = companions
        # first in line: nobody waits (a newcomer), or nobody ahead (already waiting)
        first = _first_waiting(ceremony, before=invitee) is None if waiting else not seats.waiting
        if first and free >= invitee.seats:
            invitee.status = Status.ATTENDING
            invitee.waiting_since = None
        else:
            invitee.status = Status.WAITING
            if not waiting:
                invitee.waiting_since = now
        invitee.offered_until = None
    invitee.save(update_fields=ANSWER_FIELDS)


# what an answer changes: saved alone, not the whole row (staff may edit the rest meanwhile)
ANSWER_FIELDS = [
    "status",
    "companions",
    "accessibility_needs",
    "email",
    "responded_at",
    "waiting_since",
    "offered_until",
    "updated_at",
]


def _give_up(invitee: Invitee) -> None:
    invitee.status = Status.DECLINED
    # needs for a visit that will not happen have no purpose left (they may concern health)
    invitee.accessibility_needs = ""
    invitee.offered_until = None
    invitee.waiting_since = None


@_booking
def accept_offer(
    ceremony: Ceremony, invitee: Invitee, now: datetime.datetime, seats: Seats
) -> None:
    """Take the seats offered, while the offer is open (answers may have closed meanwhile:
    the offer has its own time limit)."""
    if now >= ceremony.starts_at:
        raise _error("over")()
    if not offer_is_open(invitee, now):
        raise _error("no_offer")()
    invitee.status = Status.ATTENDING
    invitee.offered_until = None
    invitee.waiting_since = None
    invitee.responded_at = now
    invitee.save(update_fields=ANSWER_FIELDS)


@_booking
def decline_offer(
    ceremony: Ceremony, invitee: Invitee, now: datetime.datetime, seats: Seats
) -> None:
    """Say no to the seats offered: they go to the next in line at once."""
    if not offer_is_open(invitee, now):
        raise _error("no_offer")()
    _give_up(invitee)
    invitee.responded_at = now
    invitee.save(update_fields=ANSWER_FIELDS)


@_booking
def leave_waiting_list(
    ceremony: Ceremony, invitee: Invitee, now: datetime.datetime, seats: Seats
) -> None:
    """Step off the waiting list (also after answers closed: it only helps those behind)."""
    if now >= ceremony.starts_at:
        raise _error("over")()
    if invitee.status != Status.WAITING:
        raise _error("not_waiting")()
    _give_up(invitee)
    invitee.responded_at = now
    invitee.save(update_fields=ANSWER_FIELDS)


@_booking
def change_companions(
    ceremony: Ceremony, invitee: Invitee, now: datetime.datetime, seats: Seats, *, companions: int
) -> None:
    """The office changes how many companions come (an invitee rang up), also after answers
    closed, until the start. The seats follow the same rule as the invitee's own change: more
    companions for someone with seats only from seats nobody waits for; fewer free seats for
    the next in line at once."""
    if now >= ceremony.starts_at:
        raise _error("over")()
    if not 0 <= companions <= ceremony.companions_allowed:
        raise _error("companions")(allowed=ceremony.companions_allowed)
    more = companions - invitee.companions
    holds = (
        invitee.status == Status.ATTENDING
        or offer_is_open(invitee, now)
        or invitee.checked_in_at is not None
    )
    if more > 0 and holds and (ceremony.capacity - seats.held < more or seats.waiting):
        raise _error("full")(companions=invitee.companions)
    invitee.companions = companions
    invitee.save(update_fields=["companions", "updated_at"])


def advance(ceremony_id: int, now: datetime.datetime | None = None) -> int:
    """Lapse the ceremony's offers that ran out and offer their seats on; how many offers
    were made. What the background task and the every-minute command run."""
    with transaction.atomic():
        ceremony = _lock(ceremony_id)
        _seats, offered = _settle(ceremony, now or timezone.now())
        return len(offered)


def advance_all(now: datetime.datetime | None = None) -> int:
    """Every ceremony with an offer that ran out, or with free seats and a waiting list."""
    now = now or timezone.now()
    due = set(
        Invitee.objects.filter(status=Status.OFFERED, offered_until__lte=now).values_list(
            "ceremony_id", flat=True
        )
    )
    due |= set(
        Invitee.objects.filter(status=Status.WAITING, ceremony__starts_at__gt=now)
        .values_list("ceremony_id", flat=True)
        .distinct()
    )
    return sum(advance(ceremony_id, now) for ceremony_id in sorted(due))
