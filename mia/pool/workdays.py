"""Working days for the pool's lead time: weekdays that are no public holiday in the centre's
federal state (python-holidays, decision 0028).

A request for an appointment less than `PoolSettings.lead_working_days` working days ahead is
still taken, but flagged urgent: the coordinators see it first and the institution is told
before it sends the request that a mediator may not be found in time.
"""

import datetime
import functools

import holidays
from django.utils import timezone


@functools.lru_cache(maxsize=64)
def _holidays(region: str, year: int) -> frozenset[datetime.date]:
    """The public holidays of one federal state (ISO 3166-2 code without "DE-") in one year."""
    return frozenset(holidays.country_holidays("DE", subdiv=region, years=year))


def is_working_day(day: datetime.date, region: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(region, day.year)


def _weekdays_after(start: datetime.date, end: datetime.date) -> int:
    """Mondays to Fridays in (start, end], by arithmetic: a long range costs nothing."""
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    first = start.weekday()
    for offset in range(1, rest + 1):
        if (first + offset) % 7 < 5:
            count += 1
    return count


def working_days_between(start_date: datetime.date, end_date: datetime.date, region: str) -> int:
    """The working days after `start_date` up to and including `end_date` (0 when the end is
    not after the start): asked on a Monday for the Monday after, that is five.

    `region` is the federal state whose public holidays count (e.g. "NW").
    """
    if end_date <= start_date:
        return 0
    count = _weekdays_after(start_date, end_date)
    for year in range(start_date.year, end_date.year + 1):
        count -= sum(
            1
            for day in _holidays(region, year)
            if start_date < day <= end_date and day.weekday() < 5
        )
    return count


def is_urgent(
    starts_at: datetime.datetime, settings, *, now: datetime.datetime | None = None
) -> bool:
    """Whether an appointment at `starts_at` is asked with less than the pool's lead time
    (`settings` is the centre's `PoolSettings`). Days are counted in the centre's time zone."""
    today = timezone.localdate(now or timezone.now())
    day = timezone.localdate(starts_at)
    return working_days_between(today, day, settings.holiday_region) < settings.lead_working_days
