"""Opening hours: whether an office is open at a moment or on a day, and its week as a table.

Times are local to the centre (Europe/Berlin); a slot never runs past midnight (the model
requires it to close after it opens on the same day). Works on the offices' `opening_slots`
and `closures` as `attach_hours` sets them, so a list of offices costs no query per office.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import Closure, Office, OpeningSlot, Weekday


@dataclass(frozen=True)
class Status:
    """What a visitor needs to know about going there now."""

    open_now: bool
    until: datetime.time | None = None
    # the next time it opens, within a week: (day, time)
    next_opening: tuple[datetime.date, datetime.time] | None = None
    closed_reason: str = ""  # temporarily closed, or a closure today
    has_hours: bool = True


def local_now(now: datetime.datetime | None = None) -> datetime.datetime:
    return timezone.localtime(now or timezone.now(), timezone.get_default_timezone())


def _closure_on(closures: list[Closure], day: datetime.date) -> Closure | None:
    return next((c for c in closures if c.starts_on <= day <= c.ends_on), None)


def status(office: Office, now: datetime.datetime | None = None) -> Status:
    now = local_now(now)
    slots = list(office.opening_slots.all())
    if office.temporarily_closed:
        return Status(False, closed_reason=office.closed_note or "closed", has_hours=bool(slots))
    if not slots:
        return Status(False, has_hours=False)
    closures = list(office.closures.all())  # once: each .all() costs a manager and a copy
    today, time = now.date(), now.time()
    closure = _closure_on(closures, today)
    if closure is None:
        for slot in slots:
            if slot.weekday == today.weekday() and slot.opens <= time < slot.closes:
                return Status(True, until=slot.closes)
    for offset in range(8):
        day = today + datetime.timedelta(days=offset)
        if _closure_on(closures, day):
            continue
        later = sorted(
            slot.opens
            for slot in slots
            if slot.weekday == day.weekday() and (offset or slot.opens > time)
        )
        if later:
            return Status(
                False, next_opening=(day, later[0]), closed_reason=closure.note if closure else ""
            )
    return Status(False, closed_reason=closure.note if closure else "")


def week(office: Office) -> list[tuple[str, list[OpeningSlot]]]:
    """Each weekday with its slots, Monday first: the rows of the office page's table."""
    slots = list(office.opening_slots.all())
    return [
        (label, [slot for slot in slots if slot.weekday == value])
        for value, label in Weekday.choices
    ]


def _slot_at(moment: datetime.datetime) -> Exists:
    time = moment.time()
    return Exists(
        OpeningSlot.objects.filter(
            office=OuterRef("pk"), weekday=moment.weekday(), opens__lte=time, closes__gt=time
        )
    )


def open_at(moment: datetime.datetime) -> Q:
    """Offices open at `moment` (local time), or without hours (by appointment)."""
    moment = local_now(moment)
    return _open(moment.date(), _slot_at(moment))


def open_now_at(moment: datetime.datetime) -> Q:
    """What `status(office, moment).open_now` says, as a condition the database checks:
    not temporarily closed, no closure that day, and a slot at that time (an office without
    hours is not open now, it sees people by appointment)."""
    moment = local_now(moment)
    return Q(temporarily_closed=False) & ~Exists(_closed_on(moment.date())) & _slot_at(moment)


def open_on(day: datetime.date) -> Q:
    """Offices open at some time on `day`, or without hours (by appointment)."""
    slot = OpeningSlot.objects.filter(office=OuterRef("pk"), weekday=day.weekday())
    return _open(day, Exists(slot))


def _closed_on(day: datetime.date) -> QuerySet:
    return Closure.objects.filter(office=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day)


def _open(day: datetime.date, slot_exists: Exists) -> Q:
    any_slot = OpeningSlot.objects.filter(office=OuterRef("pk"))
    # an office without hours is shown with "by appointment": one can always ask for one
    return (
        Q(temporarily_closed=False) & ~Exists(_closed_on(day)) & (slot_exists | ~Exists(any_slot))
    )


def attach_hours(offices: list[Office]) -> list[Office]:
    """Give each office of a list already loaded its slots and closures, in two queries. They are set as the offices' in-memory children (modelcluster), which
    `office.opening_slots.all()` then reads without the queryset per office and relation that
    prefetching builds (about a third of the finder's time for a page of 20)."""
    if not offices:
        return offices
    slots: dict[int, list[OpeningSlot]] = {office.pk: [] for office in offices}
    closures: dict[int, list[Closure]] = {office.pk: [] for office in offices}
    for slot in OpeningSlot.objects.filter(office_id__in=list(slots)):
        slots[slot.office_id].append(slot)
    for closure in Closure.objects.filter(office_id__in=list(closures)):
        closures[closure.office_id].append(closure)
    for office in offices:
        office.opening_slots = slots[office.pk]
        office.closures = closures[office.pk]
    return offices
