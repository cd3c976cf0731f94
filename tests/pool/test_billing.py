"""The hours and the allowances they pay: reporting and confirming (with every refusal
leaving nothing half-saved), late cancellations, the months a payout goes with, and the
yearly total against the tax-free ceiling."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mia.organisations.models import OrganisationMember
from mia.outbox.models import OutboxMessage
from mia.pool import billing
from mia.pool.models import Assignment, PayoutMonth, PoolSettings, Request

from ..factories import member
from .factories import institution, request, volunteer

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
_places = itertools.count(1)


def assignment(
    centre,
    *,
    person=None,
    starts_at=None,
    minutes: int = 90,
    status: str = Assignment.Status.CONFIRMED,
    place=None,
    **fields,
) -> Assignment:
    """A volunteer's assignment (by default: an appointment that began two hours ago)."""
    starts_at = starts_at or timezone.now().replace(second=0, microsecond=0) - 6 * HOUR
    asked = request(
        centre,
        place or institution(centre, f"Schule {next(_places)}"),
        starts_at=starts_at,
        minutes=minutes,
        status=Request.Status.ASSIGNED,
    )
    return Assignment.objects.create(
        centre=centre,
        request=asked,
        volunteer=person or volunteer(centre),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        status=status,
        **fields,
    )


def contact(place, **fields):
    """A contact account of the institution (a member of its organisation)."""
    user = member(place.centre, "institution_contact", **fields)
    OrganisationMember.objects.create(organisation=place.organisation, user=user)
    return user


def confirmed(centre, minutes: int, *, person=None, by=None, **fields) -> Assignment:
    job = assignment(centre, person=person, minutes=minutes, **fields)
    return billing.confirm_hours(
        job, job.starts_at, job.starts_at + datetime.timedelta(minutes=minutes), by
    )


def late_cancelled(centre, *, person=None, hours_before: float = 3, **fields) -> Assignment:
    """Cancelled by the institution a minute ago, `hours_before` before the appointment: it
    is paid with the month it was cancelled in, so the cancellation is made now, in the same
    local month as the hours confirmed now (an earlier moment fell in the month before on
    the first of a month)."""
    cancelled_at = timezone.now() - datetime.timedelta(minutes=1)
    return assignment(
        centre,
        person=person,
        starts_at=cancelled_at + datetime.timedelta(hours=hours_before),
        status=Assignment.Status.CANCELLED_INSTITUTION,
        cancelled_at=cancelled_at,
        **fields,
    )


# -- the rate table ---------------------------------------------------------------------------


def reference_allowance(minutes: int, base: Decimal, base_hours: int, hourly: Decimal) -> Decimal:
    """The rate table spelt out: the base covers `base_hours`; every hour begun after adds."""
    if minutes <= 0:
        return Decimal("0.00")
    amount, covered = base, base_hours * 60
    while covered < minutes:
        amount += hourly
        covered += 60
    return amount


@given(
    minutes=st.integers(min_value=-10, max_value=16 * 60),
    base=st.decimals(min_value=0, max_value=200, places=2),
    base_hours=st.integers(min_value=1, max_value=8),
    hourly=st.decimals(min_value=0, max_value=100, places=2),
)
def test_the_rate_table_matches_a_plain_reference(minutes, base, base_hours, hourly):
    rates = PoolSettings(base_amount=base, base_hours=base_hours, hourly_amount=hourly)
    assert rates.allowance(minutes) == reference_allowance(minutes, base, base_hours, hourly)


# -- reporting and confirming -----------------------------------------------------------------


def test_reporting_hours_marks_them_reported_and_asks_the_institution(centre):
    place = institution(centre)
    contact(place, email="schule@example.org")
    job = assignment(centre, place=place)
    start, end = (
        job.starts_at + datetime.timedelta(minutes=5),
        job.starts_at + 80 * datetime.timedelta(minutes=1),
    )

    billing.report_hours(job, start, end)

    job.refresh_from_db()
    assert (job.status, job.actual_start, job.actual_end) == ("reported", start, end)
    assert job.reported_at is not None
    assert job.allowance is None
    mail = OutboxMessage.objects.get(purpose=billing.MAIL_PURPOSE)
    assert mail.to == ["schule@example.org"]
    assert f"/sprachmittlung/anfragen/{job.request_id}/stunden/" in mail.body


def test_confirming_pays_by_the_rate_table_and_ends_the_request(centre):
    coordinator = member(centre, "institution_contact")
    job = confirmed(centre, 150, by=coordinator)

    job.refresh_from_db()
    job.request.refresh_from_db()
    now = timezone.now()
    assert job.status == "done"
    assert job.allowance == Decimal("35.00")
    assert job.payout_month == billing.month_of(now)
    assert job.confirmed_by == coordinator
    assert job.request.status == "done"
    months = (
        (job.request.erase_after.year - now.year) * 12 + job.request.erase_after.month - now.month
    )
    assert months == 12


def test_confirming_twice_is_refused_and_pays_once(centre):
    job = confirmed(centre, 90)
    with pytest.raises(ValidationError) as refused:
        billing.confirm_hours(job, job.starts_at, job.starts_at + 4 * HOUR, None)
    assert refused.value.code == "done"
    job.refresh_from_db()
    assert (job.allowance, job.minutes) == (Decimal("25.00"), 90)


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (0, -30, "order"),
        (0, 0, "order"),
        (0, 13 * 60, "too_long"),
        (-26 * 60, -25 * 60, "far"),
        (11 * 60, 12 * 60 + 30, "future"),
    ],
)
def test_times_that_cannot_be_right_are_refused_with_nothing_saved(centre, start, end, code):
    job = assignment(centre, starts_at=timezone.now() - 12 * HOUR)
    minute = datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as refused:
        billing.confirm_hours(
            job, job.starts_at + start * minute, job.starts_at + end * minute, None
        )
    assert refused.value.code == code
    job.refresh_from_db()
    job.request.refresh_from_db()
    assert (job.status, job.actual_start, job.allowance, job.payout_month) == (
        "confirmed",
        None,
        None,
        None,
    )
    assert job.request.status == "assigned"
    assert job.request.erase_after is None


def test_hours_cannot_be_reported_before_the_appointment_started(centre):
    job = assignment(centre, starts_at=timezone.now() + HOUR)
    with pytest.raises(ValidationError) as refused:
        billing.report_hours(job, job.starts_at, job.starts_at + HOUR)
    assert refused.value.code == "not_started"
    assert OutboxMessage.objects.count() == 0


def test_a_cancelled_assignment_has_no_hours(centre):
    job = assignment(centre, status=Assignment.Status.CANCELLED_VOLUNTEER)
    with pytest.raises(ValidationError) as refused:
        billing.report_hours(job, job.starts_at, job.starts_at + HOUR)
    assert refused.value.code == "cancelled"


def test_the_institution_may_correct_what_the_volunteer_reported(centre):
    job = assignment(centre)
    billing.report_hours(job, job.starts_at, job.starts_at + 3 * HOUR)
    billing.confirm_hours(job, job.starts_at, job.starts_at + 2 * HOUR, None)
    job.refresh_from_db()
    assert (job.minutes, job.allowance) == (120, Decimal("25.00"))


# -- months -----------------------------------------------------------------------------------


def test_a_closed_month_sends_later_confirmations_to_the_next_open_month(centre):
    this_month = billing.month_of(timezone.now())
    PayoutMonth.objects.create(centre=centre, month=this_month)
    job = confirmed(centre, 60)
    assert job.payout_month == datetime.date(
        this_month.year + this_month.month // 12, this_month.month % 12 + 1, 1
    )


def test_only_a_month_that_has_ended_can_be_closed_and_only_once(centre):
    last_month = billing.month_of(billing.month_of(timezone.now()) - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        billing.close_month(centre, timezone.localdate(), None)
    assert refused.value.code == "month_not_over"
    billing.close_month(centre, last_month, None)
    with pytest.raises(ValidationError) as again:
        billing.close_month(centre, last_month, None)
    assert again.value.code == "closed"
    assert billing.is_closed(centre, last_month)
    assert PayoutMonth.objects.filter(centre=centre).count() == 1


# -- late cancellations -----------------------------------------------------------------------


def test_a_late_cancellation_by_the_institution_pays_an_hour_once(centre):
    job = late_cancelled(centre, hours_before=3)
    assert billing.late_cancellation(job) == Decimal("25.00")
    assert billing.late_cancellation(job) is None
    job.refresh_from_db()
    assert job.allowance == Decimal("25.00")
    assert job.payout_month == billing.month_of(job.cancelled_at)


@pytest.mark.parametrize(
    ("status", "hours_before"),
    [
        (Assignment.Status.CANCELLED_INSTITUTION, 30),
        (Assignment.Status.CANCELLED_VOLUNTEER, 3),
        (Assignment.Status.CANCELLED_CENTRE, 3),
    ],
)
def test_a_timely_cancellation_or_one_by_another_side_pays_nothing(centre, status, hours_before):
    starts_at = timezone.now() + 48 * HOUR
    job = assignment(
        centre,
        starts_at=starts_at,
        status=status,
        cancelled_at=starts_at - datetime.timedelta(hours=hours_before),
    )
    assert billing.late_cancellation(job) is None
    assert billing.settle_cancellations(centre) == 0
    job.refresh_from_db()
    assert job.allowance is None


def test_settling_pays_the_late_cancellations_of_the_centre_only_once(centre, other_centre):
    mine, theirs = late_cancelled(centre), late_cancelled(other_centre)
    assert billing.settle_cancellations(centre) == 1
    assert billing.settle_cancellations(centre) == 0
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.allowance, theirs.allowance) == (Decimal("25.00"), None)
    mine.request.refresh_from_db()
    assert mine.request.erase_after is not None


def test_a_late_cancellation_uses_the_settings_of_the_centre(centre):
    PoolSettings.objects.update_or_create(
        centre=centre, defaults={"late_cancel_hours": 48, "late_cancel_paid_hours": 3}
    )
    job = late_cancelled(centre, hours_before=40)
    assert billing.late_cancellation(job) == Decimal("35.00")


# -- the payout list and the yearly total -----------------------------------------------------


def test_a_volunteer_with_three_assignments_gets_the_sum(centre):
    person = volunteer(centre, "Amira Haddad")
    confirmed(centre, 90, person=person)
    confirmed(centre, 150, person=person)
    late_cancelled(centre, person=person)
    confirmed(centre, 60)  # someone else

    rows = billing.payout_rows(centre, timezone.localdate())

    amira = next(row for row in rows if row.volunteer_id == person.pk)
    assert (amira.assignments, amira.minutes, amira.amount) == (3, 240, Decimal("85.00"))
    assert amira.hours == Decimal("4.00")
    assert len(rows) == 2


def test_the_year_total_counts_the_months_of_the_year(centre):
    person = volunteer(centre)
    confirmed(centre, 150, person=person)
    earlier = confirmed(centre, 90, person=person)
    Assignment.objects.filter(pk=earlier.pk).update(
        payout_month=datetime.date(timezone.localdate().year - 1, 12, 1)
    )
    assert billing.year_total(person, timezone.localdate().year) == Decimal("35.00")
    assert billing.year_total(person, timezone.localdate().year - 1) == Decimal("25.00")
    assert billing.year_total(volunteer(centre), timezone.localdate().year) == Decimal("0.00")


def test_the_ceiling_warns_at_the_share_set(centre):
    PoolSettings.objects.update_or_create(
        centre=centre,
        defaults={"allowance_ceiling": Decimal("100.00"), "ceiling_warning_share": 60},
    )
    near, over, below = (
        volunteer(centre, "Nah"),
        volunteer(centre, "Drüber"),
        volunteer(centre, "Unter"),
    )
    confirmed(centre, 180, person=near)  # 35 + …
    confirmed(centre, 120, person=near)  # … 25 = 60: exactly the share
    for _ in range(5):
        confirmed(centre, 60, person=over)  # 125: above
    confirmed(centre, 150, person=below)  # 35

    rows = billing.ceiling_rows(centre, timezone.localdate().year)

    assert [(r.volunteer.name, r.total, r.share, r.left, r.reached) for r in rows] == [
        ("Drüber", Decimal("125.00"), 125, Decimal("0.00"), True),
        ("Nah", Decimal("60.00"), 60, Decimal("40.00"), False),
    ]
