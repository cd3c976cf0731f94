"""When a volunteer is free: weekly hours, exceptions, absences, other appointments and the
travel time between them (mia/pool/availability.py)."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mia.pool.availability import Busy, Calendar, calendars, free_volunteers, is_free
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
