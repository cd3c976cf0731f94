"""When a volunteer can take an appointment.

A volunteer is free for [starts, ends] (local time) when

- the day's hours cover it: the weekly slots of that weekday together with the exceptions of
  that date that add hours (`available=True`), less the exceptions that take hours away
  (`available=False`) — adjacent or overlapping windows join, so 8–12 and 12–14 cover 11–13;
- no absence includes that date;
- no live assignment (`Assignment.LIVE`) overlaps [starts − travel, ends + travel], where the
  travel time is the pool's `travel_minutes` when either appointment is on site and nothing
  between two phone or video appointments.

An appointment runs within one local day (it may end at midnight). `calendars()` reads
everything for many volunteers at once, in four queries; `Calendar.check` answers in plain
Python, so that the ranking asks no query per volunteer.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from django.db.models import QuerySet
from django.utils import timezone

from .models import Absence, Assignment, AvailabilityException, AvailabilitySlot, Setting

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


def calendars(
    volunteers: Iterable[int] | QuerySet,
    first_day: datetime.date,
    last_day: datetime.date,
    *,
    margin_minutes: int = 0,
) -> dict[int, Calendar]:
    """The calendars of `volunteers` (ids, or a queryset of ids) for the local days from
    `first_day` to `last_day`, with live assignments `margin_minutes` beyond: four queries."""
    if not isinstance(volunteers, QuerySet):
        volunteers = list(volunteers)
    found: dict[int, Calendar] = defaultdict(Calendar)
    if isinstance(volunteers, list):
        for pk in volunteers:
            found[pk] = Calendar()
    slots = AvailabilitySlot.objects.filter(volunteer__in=volunteers)
    if (last_day - first_day).days < 6:
        slots = slots.filter(
            weekday__in={
                (first_day + datetime.timedelta(days=k)).weekday()
                for k in range((last_day - first_day).days + 1)
            }
        )
    for pk, weekday, starts, ends in slots.values_list("volunteer_id", "weekday", "starts", "ends"):
        found[pk].slots[weekday].append((_minutes(starts), _minutes(ends)))
    for pk, day, starts, ends, available in AvailabilityException.objects.filter(
        volunteer__in=volunteers, day__gte=first_day, day__lte=last_day
    ).values_list("volunteer_id", "day", "starts", "ends", "available"):
        found[pk].exceptions[day].append((_minutes(starts), _minutes(ends), available))
    for pk, first, last in Absence.objects.filter(
        volunteer__in=volunteers, first_day__lte=last_day, last_day__gte=first_day
    ).values_list("volunteer_id", "first_day", "last_day"):
        found[pk].absences.append((first, last))
    zone = timezone.get_current_timezone()
    margin = datetime.timedelta(minutes=margin_minutes)
    window_start = datetime.datetime.combine(first_day, datetime.time(0), zone) - margin
    window_end = (
        datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(0), zone)
        + margin
    )
    for pk, starts, ends, setting in Assignment.objects.filter(
        volunteer__in=volunteers,
        status__in=Assignment.LIVE,
        starts_at__lt=window_end,
        ends_at__gt=window_start,
    ).values_list("volunteer_id", "starts_at", "ends_at", "request__setting"):
        found[pk].busy.append((starts, ends, setting == Setting.ON_SITE))
    return dict(found)


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
