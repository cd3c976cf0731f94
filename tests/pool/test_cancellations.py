"""An assignment ends by cancellation in one place (`offers.end_by_cancellation`), whoever
cancels: the institution (its request), the volunteer or the centre (the assignment). What it
writes is what the billing reads, and what the mails promise is what the billing pays."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from mia.outbox.models import OutboxMessage
from mia.pool import billing, offers, requests
from mia.pool.models import Assignment, PoolSettings, Request

from ..factories import member
from .factories import institution, request, volunteer

HOUR = datetime.timedelta(hours=1)
Status = Assignment.Status


def assigned(centre, starts_in: datetime.timedelta) -> Assignment:
    asked = request(
        centre,
        institution(centre),
        starts_at=timezone.now() + starts_in,
        status=Request.Status.ASSIGNED,
    )
    return Assignment.objects.create(
        centre=centre,
        request=asked,
        volunteer=volunteer(centre, email="amira@example.org"),
        starts_at=asked.starts_at,
        ends_at=asked.ends_at,
    )


def cancel(job: Assignment, side: str) -> None:
    if side == "institution":
        requests.cancel_request(job.request, None, "Die Familie ist verzogen.")
    else:
        offers.cancel_assignment(job, None, "Die Familie ist verzogen.", side)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("side", "status"),
    [
        ("institution", Status.CANCELLED_INSTITUTION),
        ("volunteer", Status.CANCELLED_VOLUNTEER),
        ("centre", Status.CANCELLED_CENTRE),
    ],
)
@pytest.mark.parametrize("hours_before", [3, 30])
def test_each_side_writes_what_the_billing_reads(centre, side, status, hours_before):
    member(centre, "coordinator", "pool", email="koordination@example.org")
    job = assigned(centre, hours_before * HOUR)
    before = timezone.now()
    cancel(job, side)
    job.refresh_from_db()
    assert job.status == status
    assert before <= job.cancelled_at <= timezone.now()
    assert job.cancel_reason == "Die Familie ist verzogen."
    # only the institution's cancellation within the window pays (24 hours by default)
    pays = (
        side == "institution" and hours_before < PoolSettings.for_centre(centre).late_cancel_hours
    )
    assert billing.is_late(job, PoolSettings.for_centre(centre)) is pays
    assert (billing.late_cancellation(job) is not None) is pays
    promised = OutboxMessage.objects.filter(body__contains="late cancellation").exists()
    assert promised is pays


@pytest.mark.django_db
def test_the_mail_promises_payment_exactly_when_the_billing_pays(centre):
    """At the edge of the window: the institution's mail and the payout list agree."""
    settings = PoolSettings.for_centre(centre)
    job = assigned(centre, settings.late_cancel_window + datetime.timedelta(minutes=1))
    at = job.starts_at - settings.late_cancel_window  # exactly the window: not late
    requests.cancel_request(job.request, None, "Krank", now=at)
    job.refresh_from_db()
    assert job.cancelled_at == at
    assert billing.late_cancellation(job) is None
    assert not OutboxMessage.objects.filter(body__contains="late cancellation").exists()


@pytest.mark.django_db
def test_an_ended_assignment_is_not_ended_again(centre):
    job = assigned(centre, 30 * HOUR)
    offers.cancel_assignment(job, None, "Krank", "volunteer")
    job.refresh_from_db()
    with pytest.raises(ValueError), transaction.atomic():
        offers.end_by_cancellation(job, "centre", "Noch einmal", timezone.now())
    job.refresh_from_db()
    assert (job.status, job.cancel_reason) == (Status.CANCELLED_VOLUNTEER, "Krank")


@pytest.mark.django_db(transaction=True)
def test_an_assignment_is_cancelled_inside_a_transaction_only(centre):
    """Outside one, no lock could be held: the write is refused, nothing changes."""
    job = assigned(centre, 30 * HOUR)
    with pytest.raises(RuntimeError):
        offers.end_by_cancellation(job, "centre", "Ohne Sperre", timezone.now())
    job.refresh_from_db()
    assert (job.status, job.cancelled_at) == (Status.CONFIRMED, None)
