"""Working days for the lead time: weekends and the federal state's public holidays skipped."""

import datetime
import zoneinfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mia.pool.models import PoolSettings
from mia.pool.workdays import is_urgent, is_working_day, working_days_between

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
days = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2035, 12, 31))


def counted_one_by_one(start: datetime.date, end: datetime.date, region: str) -> int:
    known = holidays.country_holidays("DE", subdiv=region)
    total = 0
    day = start + datetime.timedelta(days=1)
    while day <= end:
        if day.weekday() < 5 and day not in known:
            total += 1
        day += datetime.timedelta(days=1)
    return total


def test_a_monday_to_the_next_monday_is_five_working_days():
    assert working_days_between(datetime.date(2026, 3, 2), datetime.date(2026, 3, 9), "NW") == 5


def test_easter_monday_and_good_friday_are_no_working_days():
    # Thursday 2 April 2026 to Tuesday 7 April: only the Tuesday counts
    assert working_days_between(datetime.date(2026, 4, 2), datetime.date(2026, 4, 7), "NW") == 1


def test_corpus_christi_is_a_holiday_in_north_rhine_westphalia_not_in_berlin():
    thursday = datetime.date(2026, 6, 4)
    assert is_working_day(thursday, "NW") is False
    assert is_working_day(thursday, "BE") is True


def test_an_end_before_the_start_is_no_working_day():
    assert working_days_between(datetime.date(2026, 3, 9), datetime.date(2026, 3, 2), "NW") == 0


@settings(max_examples=60, deadline=None)
@given(days, st.integers(min_value=0, max_value=400), st.sampled_from(["NW", "BY", "BE"]))
def test_the_arithmetic_matches_counting_day_by_day(start, length, region):
    end = start + datetime.timedelta(days=length)
    assert working_days_between(start, end, region) == counted_one_by_one(start, end, region)


@settings(max_examples=60, deadline=None)
@given(days, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60))
def test_working_days_add_up_over_consecutive_spans(start, first, second):
    middle = start + datetime.timedelta(days=first)
    end = middle + datetime.timedelta(days=second)
    assert working_days_between(start, middle, "NW") + working_days_between(
        middle, end, "NW"
    ) == working_days_between(start, end, "NW")


@settings(max_examples=60, deadline=None)
@given(days, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=20))
def test_urgent_exactly_when_fewer_working_days_than_the_lead_time(today, ahead, lead):
    pool = PoolSettings(lead_working_days=lead, holiday_region="NW")
    now = datetime.datetime.combine(today, datetime.time(9), tzinfo=BERLIN)
    starts = now + datetime.timedelta(days=ahead, hours=2)
    expected = working_days_between(today, starts.date(), "NW") < lead
    assert is_urgent(starts, pool, now=now) is expected


@pytest.mark.parametrize(("ahead", "urgent"), [(7, False), (6, True), (1, True)])
def test_a_request_on_monday_for_the_monday_after_is_in_time(ahead, urgent):
    pool = PoolSettings(lead_working_days=5, holiday_region="NW")
    monday = datetime.datetime(2026, 3, 2, 9, tzinfo=BERLIN)
    starts = monday + datetime.timedelta(days=ahead)
    assert is_urgent(starts, pool, now=monday) is urgent
