"""When a volunteer is free: weekly hours, exceptions, absences, other appointments and the
travel time between them (mia/pool/availability.py)."""

import datetime

import numpy as np
import pytest
from django.utils import timezone
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from mia.pool.availability import (
    Busy,
    Calendar,
    CalendarRows,
    Calendars,
    calendars,
    free_volunteers,
    is_free,
    local_span,
)
from mia.pool.models import Absence, Assignment, AvailabilityException, Setting

from .factories import next_weekday, request
from .factories import volunteer as make_volunteer

DAY = datetime.date(2026, 12, 7)  # a Monday
WEEKDAYS_8_TO_20 = [(day, datetime.time(8), datetime.time(20)) for day in range(5)]


def volunteer(centre, **fields):
    # the factory's default week is a generator, used up by the first volunteer it makes
    return make_volunteer(centre, weekly=WEEKDAYS_8_TO_20, **fields)


def at(minute: int, day: datetime.date = DAY) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0))) + (
        datetime.timedelta(minutes=minute)
    )


window = st.tuples(st.integers(0, 23 * 60), st.integers(15, 8 * 60)).map(
    lambda pair: (pair[0], min(pair[0] + pair[1], 24 * 60))
)


@given(
    slots=st.lists(window, max_size=4),
    extra=st.lists(st.tuples(window, st.booleans()), max_size=3),
    appointment=window,
)
def test_the_hours_cover_an_appointment_as_minute_by_minute(slots, extra, appointment):
    """Whatever the slots and exceptions, `check` agrees with counting every minute."""
    calendar = Calendar()
    calendar.slots[DAY.weekday()].extend(slots)
    for (first, last), available in extra:
        calendar.exceptions[DAY].append((first, last, available))
    free_minutes = set()
    for first, last in slots:
        free_minutes |= set(range(first, last))
    for (first, last), available in extra:
        if available:
            free_minutes |= set(range(first, last))
    for (first, last), available in extra:
        if not available:
            free_minutes -= set(range(first, last))
    start, end = appointment
    expected = set(range(start, end)) <= free_minutes
    assert (calendar.check(at(start), at(end)) is None) is expected


@given(
    other=window,
    appointment=window,
    travel=st.integers(0, 90),
    on_site=st.booleans(),
    other_on_site=st.booleans(),
)
def test_another_appointment_keeps_the_travel_time_free(
    other, appointment, travel, on_site, other_on_site
):
    calendar = Calendar()
    calendar.slots[DAY.weekday()].append((0, 24 * 60))
    calendar.busy.append((at(other[0]), at(other[1]), other_on_site))
    gap = travel if on_site or other_on_site else 0
    start, end = appointment
    clear = end + gap <= other[0] or other[1] + gap <= start
    clash = calendar.check(at(start), at(end), on_site=on_site, travel_minutes=travel)
    assert (clash is None) is clear
    if clash is not None:
        assert clash.busy == Busy.APPOINTMENT and clash.other_starts == at(other[0])


# on the half hour: appointments that touch, or nearly, are common
half_hours = st.tuples(st.integers(0, 46), st.integers(1, 8)).map(
    lambda pair: (pair[0] * 30, min((pair[0] + pair[1]) * 30, 24 * 60))
)
# mostly the appointment's weekday, and whole days often, so that many are free
slot = st.tuples(
    st.one_of(st.just(DAY.weekday()), st.integers(0, 6)),
    st.one_of(st.just((0, 24 * 60)), window),
)
people = st.lists(
    st.fixed_dictionaries(
        {
            "slots": st.lists(slot, max_size=4),
            "exceptions": st.lists(
                st.tuples(st.integers(-1, 1), window, st.booleans()), max_size=2
            ),
            "absences": st.lists(st.tuples(st.integers(-2, 1), st.integers(0, 2)), max_size=2),
            "busy": st.lists(st.tuples(half_hours, st.booleans()), max_size=3),
        }
    ),
    min_size=1,
    max_size=6,
)


# by phone, 30 minutes after an appointment on site: the travel time counts
@example(
    people=[
        {
            "slots": [(0, (0, 24 * 60))],
            "exceptions": [],
            "absences": [],
            "busy": [((540, 600), True)],
        }
    ],
    appointment=(630, 690),
    travel=45,
    on_site=False,
    picked=[0],
)
@settings(max_examples=300)
@given(
    people=people,
    appointment=half_hours,
    travel=st.sampled_from([0, 15, 30, 45, 60]),
    on_site=st.booleans(),
    picked=st.lists(st.integers(0, 5), max_size=6, unique=True),
)
def test_the_bulk_test_agrees_with_each_calendar(people, appointment, travel, on_site, picked):
    """`Calendars.free` (arrays) says of everybody what `Calendar.check_span` says of each,
    also for a subset in another order."""
    rows = CalendarRows(slots=[], exceptions=[], absences=[], busy=[])
    ids = [100 + k for k in range(len(people))]
    each = []
    for pk, person in zip(ids, people, strict=True):
        calendar = Calendar()
        for weekday, times in person["slots"]:
            calendar.slots[weekday].append(times)
            rows.slots.append((pk, weekday, *times))
        for shift, (first, last), available in person["exceptions"]:
            day = DAY + datetime.timedelta(days=shift)
            calendar.exceptions[day].append((first, last, available))
            rows.exceptions.append((pk, day, first, last, available))
        for shift, length in person["absences"]:
            days = (
                DAY + datetime.timedelta(days=shift),
                DAY + datetime.timedelta(days=shift + length),
            )
            calendar.absences.append(days)
            rows.absences.append((pk, *days))
        for (first, last), other_on_site in sorted(person["busy"]):
            calendar.busy.append((at(first), at(last), other_on_site))
            rows.busy.append((pk, at(first), at(last), other_on_site))
        each.append(calendar)
    bulk = Calendars(np.array(ids), rows)
    starts, ends = at(appointment[0]), at(appointment[1])
    span = local_span(starts, ends)
    expected = [
        calendar.check(starts, ends, on_site=on_site, travel_minutes=travel) is None
        for calendar in each
    ]
    free = bulk.free(span, starts, ends, on_site=on_site, travel_minutes=travel)
    assert free.tolist() == expected
    event(f"free: {sum(expected)} of {len(expected)}")
    for pk, calendar in zip(ids, each, strict=True):
        assert bulk.calendar(pk).check(
            starts, ends, on_site=on_site, travel_minutes=travel
        ) == calendar.check(starts, ends, on_site=on_site, travel_minutes=travel)
    indexes = np.array([k for k in picked if k < len(ids)], dtype=np.int64)
    part = bulk.subset(indexes).free(span, starts, ends, on_site=on_site, travel_minutes=travel)
    assert part.tolist() == [expected[k] for k in indexes.tolist()]


def test_an_appointment_over_midnight_is_outside_the_hours():
    calendar = Calendar()
    calendar.slots[DAY.weekday()].append((0, 24 * 60))
    calendar.slots[(DAY.weekday() + 1) % 7].append((0, 24 * 60))
    assert calendar.check(at(23 * 60), at(24 * 60)) is None  # until midnight
    assert calendar.check(at(23 * 60), at(25 * 60)).busy == Busy.HOURS


@pytest.mark.django_db
class TestFromTheDatabase:
    def test_weekly_hours_exceptions_and_absences(self, centre):
        person = volunteer(centre)  # weekdays 8–20
        monday = next_weekday(10, 9)
        while monday.weekday() != 0:
            monday += datetime.timedelta(days=1)
        day = timezone.localdate(monday)
        hour = datetime.timedelta(hours=1)
        assert is_free(person, monday, monday + hour)
        saturday = monday + datetime.timedelta(days=5)
        assert not is_free(person, saturday, saturday + hour)
        AvailabilityException.objects.create(
            volunteer=person, day=day + datetime.timedelta(days=5), starts="09:00", ends="12:00"
        )
        assert is_free(person, saturday, saturday + hour)
        AvailabilityException.objects.create(
            volunteer=person, day=day, starts="09:30", ends="10:00", available=False
        )
        assert not is_free(person, monday, monday + hour)
        assert is_free(person, monday + hour, monday + 2 * hour)
        Absence.objects.create(volunteer=person, first_day=day, last_day=day)
        assert not is_free(person, monday + hour, monday + 2 * hour)

    def test_live_assignments_with_travel_time(self, centre):
        person = volunteer(centre)
        starts = next_weekday(12, 10)
        booked = request(centre, starts_at=starts, minutes=60, setting=Setting.ON_SITE)
        assignment = Assignment.objects.create(
            centre=centre,
            request=booked,
            volunteer=person,
            starts_at=starts,
            ends_at=booked.ends_at,
        )
        after = booked.ends_at + datetime.timedelta(minutes=30)
        hour = datetime.timedelta(hours=1)
        assert not is_free(person, after, after + hour, travel_minutes=45)
        assert is_free(person, after, after + hour, travel_minutes=30)
        assert not is_free(person, starts, starts + hour)
        assignment.status = Assignment.Status.CANCELLED_VOLUNTEER
        assignment.save()
        assert is_free(person, starts, starts + hour)

    def test_phone_after_phone_needs_no_travel(self, centre):
        person = volunteer(centre)
        starts = next_weekday(12, 10)
        booked = request(centre, starts_at=starts, minutes=60, setting=Setting.PHONE)
        Assignment.objects.create(
            centre=centre,
            request=booked,
            volunteer=person,
            starts_at=starts,
            ends_at=booked.ends_at,
        )
        hour = datetime.timedelta(hours=1)
        after = booked.ends_at
        assert is_free(person, after, after + hour, travel_minutes=45, on_site=False)
        assert not is_free(person, after, after + hour, travel_minutes=45, on_site=True)

    def test_the_bulk_form_asks_four_queries_for_any_number(
        self, centre, django_assert_num_queries
    ):
        people = [volunteer(centre) for _ in range(6)]
        starts = next_weekday(12, 10)
        Absence.objects.create(
            volunteer=people[0],
            first_day=timezone.localdate(starts),
            last_day=timezone.localdate(starts),
        )
        with django_assert_num_queries(4):
            free = free_volunteers(
                [p.pk for p in people], starts, starts + datetime.timedelta(hours=1)
            )
        assert free == {p.pk for p in people[1:]}
        with django_assert_num_queries(4):
            found = calendars([p.pk for p in people], DAY, DAY + datetime.timedelta(days=30))
        assert set(found) == {p.pk for p in people}
