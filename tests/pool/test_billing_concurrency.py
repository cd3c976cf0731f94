"""Confirming the same hours from several connections at once pays exactly once, and settling
late cancellations from several at once pays each once (PostgreSQL, row locks)."""

import datetime
from decimal import Decimal

import pytest

from mia.pool import billing
from mia.pool.models import Assignment

from ..ceremonies.test_concurrency import at_once
from .test_billing import assignment, late_cancelled

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_ten_confirmations_at_once_pay_once(centre):
    job = assignment(centre)
    end = job.starts_at + datetime.timedelta(minutes=150)

    errors = at_once([lambda: billing.confirm_hours(job, job.starts_at, end, None)] * 10)

    assert len(errors) == 9
    assert {error.code for error in errors} == {"done"}
    job.refresh_from_db()
    assert (job.status, job.allowance) == ("done", Decimal("35.00"))


def test_settling_from_several_connections_pays_each_late_cancellation_once(centre):
    jobs = [late_cancelled(centre) for _ in range(3)]

    errors = at_once([lambda: billing.settle_cancellations(centre)] * 5)

    assert errors == []
    paid = Assignment.objects.filter(pk__in=[j.pk for j in jobs]).values_list(
        "allowance", flat=True
    )
    assert list(paid) == [Decimal("25.00")] * 3
