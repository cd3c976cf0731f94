"""When a volunteer can take an appointment.

A volunteer is free for [starts, ends] (local time) when

- the day's hours cover it: the weekly slots of that weekday together with the exceptions of
  that date that add hours (`available=True`), less the exceptions that take hours away
  (`available=False`) — adjacent or overlapping windows join, so 8–12 and 12–14 cover 11–13;
- no absence includes that date;
- no live assignment (`Assignment.LIVE`) overlaps [starts − travel, ends + travel], where the
  travel time is the pool's `travel_minutes` when either appointment is on site and nothing
  between two phone or video appointments.

An appointment runs within one local day (it may end at midnight). `calendar_rows()` reads
everything for many volunteers at once, in four queries; `Calendar.check` answers for one
volunteer in plain Python, `Calendars.free` for all of them at once on NumPy arrays (the
ranking), so that nothing asks a query per volunteer.
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

import numpy as np
from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .models import (
    Absence,
    Assignment,
    AvailabilityException,
    AvailabilitySlot,
    Request,
    Setting,
)

DAY = 24 * 60


class Busy(Enum):
    """Why a volunteer is not free."""

    HOURS = "hours"  # outside the weekly hours (or an exception takes them away)
    ABSENT = "absent"  # a day away
    APPOINTMENT = "appointment"  # another appointment, with the travel time between


@dataclass(frozen=True)
class Clash:
    busy: Busy
    # the appointment in the way, for Busy.APPOINTMENT
    other_starts: datetime.datetime | None = None


def _minutes(moment: datetime.time) -> int:
    return moment.hour * 60 + moment.minute


def local_span(
    starts: datetime.datetime, ends: datetime.datetime
) -> tuple[datetime.date, int, int] | None:
    """(local date, minute of the start, minute of the end) or None when the appointment
    does not fit in one local day."""
    first, last = timezone.localtime(starts), timezone.localtime(ends)
    start = first.hour * 60 + first.minute + first.second / 60
    if last.date() == first.date():
        end = last.hour * 60 + last.minute + last.second / 60
    elif last.date() == first.date() + datetime.timedelta(days=1) and last.time() == datetime.time(
        0
    ):
        end = DAY
    else:
        return None
    return first.date(), start, end


@dataclass
class Calendar:
    """One volunteer's hours and commitments, as plain data."""

    slots: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    exceptions: dict[datetime.date, list[tuple[int, int, bool]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    absences: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)
    # live assignments: (starts, ends, on site)
    busy: list[tuple[datetime.datetime, datetime.datetime, bool]] = field(default_factory=list)

    def covers(self, day: datetime.date, start: float, end: float) -> bool:
        windows = list(self.slots.get(day.weekday(), ()))
        for first, last, available in self.exceptions.get(day, ()):
            if available:
                windows.append((first, last))
            elif first < end and start < last:
                return False
        joined: list[list[float]] = []
        for first, last in sorted(windows):
            if joined and first <= joined[-1][1]:
                joined[-1][1] = max(joined[-1][1], last)
            else:
                joined.append([first, last])
        return any(first <= start and end <= last for first, last in joined)

    def check(
        self,
        starts: datetime.datetime,
        ends: datetime.datetime,
        *,
        on_site: bool = True,
        travel_minutes: int = 0,
    ) -> Clash | None:
        """None when free, else what is in the way (a day away first, then the hours, then
        another appointment)."""
        return self.check_span(
            local_span(starts, ends), starts, ends, on_site=on_site, travel_minutes=travel_minutes
        )

    def check_span(
        self,
        span: tuple[datetime.date, float, float] | None,
        starts: datetime.datetime,
        ends: datetime.datetime,
        *,
        on_site: bool,
        travel_minutes: int,
    ) -> Clash | None:
        """`check` with the local day and minutes worked out once (`local_span`)."""
        if span is None:
            return Clash(Busy.HOURS)
        day, start, end = span
        if any(first <= day <= last for first, last in self.absences):
            return Clash(Busy.ABSENT)
        if not self.covers(day, start, end):
            return Clash(Busy.HOURS)
        for other_starts, other_ends, other_on_site in self.busy:
            gap = datetime.timedelta(minutes=travel_minutes if on_site or other_on_site else 0)
            if other_starts < ends + gap and starts - gap < other_ends:
                return Clash(Busy.APPOINTMENT, other_starts)
        return None


@dataclass
class CalendarRows:
    """What the calendars of many volunteers are made of, row by row, the volunteer's id
    first (times of the day in minutes)."""

    slots: list[tuple[int, int, int, int]]  # weekday, from, until
    exceptions: list[tuple[int, datetime.date, int, int, bool]]  # day, from, until, available
    absences: list[tuple[int, datetime.date, datetime.date]]  # first day, last day
    # live assignments in the order they start: starts, ends, on site
    busy: list[tuple[int, datetime.datetime, datetime.datetime, bool]]


def ids_subquery(ids: list[int]) -> RawSQL:
    """`ids` as a subquery for `__in`, in one parameter: a list of 2,500 placeholders costs
    PostgreSQL more to plan than the query to run, and a subquery that finds the volunteers
    anew in each query costs a scan of all of them each time."""
    if connection.vendor == "postgresql":
        # as the text of an array: psycopg would quote a list's numbers one by one
        return RawSQL("SELECT unnest(%s::bigint[])", ("{" + ",".join(map(str, ids)) + "}",))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))


def calendar_rows(
    volunteers: Iterable[int] | QuerySet,
    first_day: datetime.date,
    last_day: datetime.date,
    *,
    margin_minutes: int = 0,
) -> CalendarRows:
    """The rows of the calendars of `volunteers` (ids, or a queryset of ids) for the local
    days from `first_day` to `last_day`, with live assignments `margin_minutes` beyond: four
    queries."""
    if not isinstance(volunteers, QuerySet):
        volunteers = ids_subquery(list(volunteers))
    slots = AvailabilitySlot.objects.filter(volunteer__in=volunteers)
    if (last_day - first_day).days < 6:
        slots = slots.filter(
            weekday__in={
                (first_day + datetime.timedelta(days=k)).weekday()
                for k in range((last_day - first_day).days + 1)
            }
        )
    zone = timezone.get_current_timezone()
    margin = datetime.timedelta(minutes=margin_minutes)
    window_start = datetime.datetime.combine(first_day, datetime.time(0), zone) - margin
    window_end = (
        datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(0), zone)
        + margin
    )
    # the hours without their default order: they are joined anyway, so no sort is needed
    return CalendarRows(
        slots=[
            (pk, weekday, _minutes(starts), _minutes(ends))
            for pk, weekday, starts, ends in slots.order_by().values_list(
                "volunteer_id", "weekday", "starts", "ends"
            )
        ],
        exceptions=[
            (pk, day, _minutes(starts), _minutes(ends), available)
            for pk, day, starts, ends, available in AvailabilityException.objects.filter(
                volunteer__in=volunteers, day__gte=first_day, day__lte=last_day
            ).values_list("volunteer_id", "day", "starts", "ends", "available")
        ],
        absences=list(
            Absence.objects.filter(
                volunteer__in=volunteers, first_day__lte=last_day, last_day__gte=first_day
            ).values_list("volunteer_id", "first_day", "last_day")
        ),
        # in the assignments' order (by start): a clash names the first in the way
        busy=[
            (pk, starts, ends, setting == Setting.ON_SITE)
            for pk, starts, ends, setting in Assignment.objects.filter(
                volunteer__in=volunteers,
                status__in=Assignment.LIVE,
                starts_at__lt=window_end,
                ends_at__gt=window_start,
            )
            # the setting of each request by its key, not a join: PostgreSQL expects ten
            # times the few rows there are and joined all requests (a scan of the table)
            .annotate(
                setting=Subquery(
                    Request.objects.filter(pk=OuterRef("request_id")).values("setting")
                )
            )
            .values_list("volunteer_id", "starts_at", "ends_at", "setting")
        ],
    )


def _add_rows(found: dict[int, Calendar], rows: CalendarRows) -> dict[int, Calendar]:
    for pk, weekday, first, last in rows.slots:
        found[pk].slots[weekday].append((first, last))
    for pk, day, first, last, available in rows.exceptions:
        found[pk].exceptions[day].append((first, last, available))
    for pk, first, last in rows.absences:
        found[pk].absences.append((first, last))
    for pk, starts, ends, on_site in rows.busy:
        found[pk].busy.append((starts, ends, on_site))
    return found


def calendars(
    volunteers: Iterable[int] | QuerySet,
    first_day: datetime.date,
    last_day: datetime.date,
    *,
    margin_minutes: int = 0,
) -> dict[int, Calendar]:
    """The calendars of `volunteers` (ids, or a queryset of ids) for the local days from
    `first_day` to `last_day`, with live assignments `margin_minutes` beyond: four queries."""
    found: dict[int, Calendar] = defaultdict(Calendar)
    if not isinstance(volunteers, QuerySet):
        volunteers = list(volunteers)
        for pk in volunteers:
            found[pk] = Calendar()
    rows = calendar_rows(volunteers, first_day, last_day, margin_minutes=margin_minutes)
    return dict(_add_rows(found, rows))


class _ByVolunteer:
    """The rows as one `Calendar` per volunteer, made on first use (only exceptions and the
    words for near misses need them) and shared by the subsets of `Calendars`."""

    def __init__(self, rows: CalendarRows):
        self.rows = rows
        self.found: dict[int, Calendar] | None = None

    def calendar(self, pk: int) -> Calendar:
        if self.found is None:
            self.found = _add_rows(defaultdict(Calendar), self.rows)
        return self.found.get(pk) or Calendar()


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def _microseconds(moment: datetime.datetime) -> int:
    # whole numbers: comparisons as exact as those of the datetimes
    return (moment - _EPOCH) // _MICROSECOND


def _int_array(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.int64)


class Calendars:
    """The calendars of many volunteers as arrays (volunteer `ids[k]` at position k), to
    tell who is free for an appointment with a few NumPy operations whatever their number:
    `free()` is `Calendar.check_span(...) is None` for each of them. `calendar(pk)` gives
    one volunteer's as a `Calendar`, for the words of what is in the way."""

    def __init__(self, ids: np.ndarray, rows: CalendarRows):
        self.ids = np.asarray(ids, dtype=np.int64)
        self.n = len(self.ids)
        position = {pk: k for k, pk in enumerate(self.ids.tolist())}
        self._by_volunteer = _ByVolunteer(rows)
        windows = [
            (position[pk], weekday, first, last)
            for pk, weekday, first, last in _joined(rows.slots)
            if pk in position
        ]
        self.window_owner = _int_array([row[0] for row in windows])
        self.window_weekday = _int_array([row[1] for row in windows])
        self.window_first = _int_array([row[2] for row in windows])
        self.window_last = _int_array([row[3] for row in windows])
        # the days with exceptions: the hours of those who have one are checked one by one
        self.exception_days: dict[datetime.date, np.ndarray] = {}
        for pk, day, *_times in rows.exceptions:
            if pk in position:
                mask = self.exception_days.setdefault(day, np.zeros(self.n, dtype=bool))
                mask[position[pk]] = True
        absences = [(position[pk], *days) for pk, *days in rows.absences if pk in position]
        self.absence_owner = _int_array([row[0] for row in absences])
        self.absence_first = _int_array([row[1].toordinal() for row in absences])
        self.absence_last = _int_array([row[2].toordinal() for row in absences])
        busy = [(position[pk], *rest) for pk, *rest in rows.busy if pk in position]
        self.busy_owner = _int_array([row[0] for row in busy])
        self.busy_starts = _int_array([_microseconds(row[1]) for row in busy])
        self.busy_ends = _int_array([_microseconds(row[2]) for row in busy])
        self.busy_on_site = np.array([row[3] for row in busy], dtype=bool)

    def subset(self, indexes: np.ndarray) -> "Calendars":
        """The same calendars narrowed to the volunteers at `indexes`, in that order."""
        part = object.__new__(Calendars)
        part.__dict__.update(self.__dict__)
        part.ids = self.ids[indexes]
        part.n = len(indexes)
        renumber = np.full(self.n, -1, dtype=np.int64)
        renumber[indexes] = np.arange(len(indexes))
        for prefix, names in (
            ("window", ("weekday", "first", "last")),
            ("absence", ("first", "last")),
            ("busy", ("starts", "ends", "on_site")),
        ):
            owners = renumber[getattr(self, f"{prefix}_owner")]
            kept = owners >= 0
            setattr(part, f"{prefix}_owner", owners[kept])
            for name in names:
                setattr(part, f"{prefix}_{name}", getattr(self, f"{prefix}_{name}")[kept])
        part.exception_days = {day: mask[indexes] for day, mask in self.exception_days.items()}
        return part

    def calendar(self, pk: int) -> Calendar:
        return self._by_volunteer.calendar(pk)

    def free(
        self,
        span: tuple[datetime.date, float, float] | None,
        starts: datetime.datetime,
        ends: datetime.datetime,
        *,
        on_site: bool,
        travel_minutes: int,
    ) -> np.ndarray:
        """True where the volunteer is free for [starts, ends] (`span`: its `local_span`)."""
        free = np.zeros(self.n, dtype=bool)
        if span is None:
            return free
        day, start, end = span
        covers = (
            (self.window_weekday == day.weekday())
            & (self.window_first <= start)
            & (self.window_last >= end)
        )
        free[self.window_owner[covers]] = True
        ordinal = day.toordinal()
        away = (self.absence_first <= ordinal) & (self.absence_last >= ordinal)
        free[self.absence_owner[away]] = False
        gap = np.where(on_site | self.busy_on_site, travel_minutes * 60_000_000, 0)
        in_the_way = (self.busy_starts < _microseconds(ends) + gap) & (
            _microseconds(starts) - gap < self.busy_ends
        )
        free[self.busy_owner[in_the_way]] = False
        # an exception may add hours or take them away: the exact test, one by one
        exceptional = self.exception_days.get(day)
        if exceptional is not None:
            for k in np.flatnonzero(exceptional).tolist():
                clash = self.calendar(int(self.ids[k])).check_span(
                    span, starts, ends, on_site=on_site, travel_minutes=travel_minutes
                )
                free[k] = clash is None
        return free


def _joined(slots: list[tuple[int, int, int, int]]) -> list[list[int]]:
    """The weekly windows with those of one volunteer and weekday that overlap or touch
    joined into one (8–12 and 12–14 cover 11–13), as `Calendar.covers` joins them."""
    joined: list[list[int]] = []
    for pk, weekday, first, last in sorted(slots):
        previous = joined[-1] if joined else None
        if previous and previous[0] == pk and previous[1] == weekday and first <= previous[3]:
            previous[3] = max(previous[3], last)
        else:
            joined.append([pk, weekday, first, last])
    return joined


def free_volunteers(
    volunteers: Iterable[int] | QuerySet,
    starts: datetime.datetime,
    ends: datetime.datetime,
    *,
    travel_minutes: int = 0,
    on_site: bool = True,
) -> set[int]:
    """The ids among `volunteers` who are free for [starts, ends]: the bulk form of
    `is_free`, four queries whatever their number."""
    first = timezone.localdate(starts)
    found = calendars(volunteers, first, first, margin_minutes=travel_minutes)
    return {
        pk
        for pk, calendar in found.items()
        if calendar.check(starts, ends, on_site=on_site, travel_minutes=travel_minutes) is None
    }


def is_free(
    volunteer,
    starts: datetime.datetime,
    ends: datetime.datetime,
    *,
    travel_minutes: int = 0,
    on_site: bool = True,
) -> bool:
    """Whether `volunteer` can take an appointment from `starts` to `ends`. `travel_minutes`
    is kept free before and after it when it or the other appointment is on site (`on_site`
    says whether this one is)."""
    return volunteer.pk in free_volunteers(
        [volunteer.pk], starts, ends, travel_minutes=travel_minutes, on_site=on_site
    )
