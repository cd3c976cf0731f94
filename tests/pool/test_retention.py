"""The request's declaration works end to end with the retention run: the details of a billed
request go once `erase_after` has passed, the hours and the statistics stay."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from mia.pool import statistics
from mia.pool.models import Assignment, Request
from mia.privacy.services import apply_retention

from ..factories import member
from .test_billing import HOUR, confirmed
from .test_statistics import a_year_of_requests, year

pytestmark = pytest.mark.django_db


def test_retention_blanks_a_billed_requests_details_and_keeps_the_figures(centre):
    a_year_of_requests(centre)
    billed = confirmed(centre, 90)
    Request.objects.filter(pk=billed.request_id).update(
        notes="Vater spricht nur Arabisch",
        contact_name="Frau Schulz",
        contact_phone="0231 123",
        requested_by=member(centre, "institution_contact"),
    )
    Assignment.objects.filter(pk=billed.pk).update(cancel_reason="Frau Schulz ist krank")
    billed.request.offers.update(decline_reason="Ich kenne die Familie")
    before = statistics.figures(centre, year())

    nothing = apply_retention(timezone.now() + datetime.timedelta(days=300))
    billed.request.refresh_from_db()
    assert nothing["pool.request"] == 0
    assert billed.request.notes == "Vater spricht nur Arabisch"

    removed = apply_retention(timezone.now() + datetime.timedelta(days=400))

    billed.request.refresh_from_db()
    asked = billed.request
    assert removed["pool.request"] == 5  # the billed ones: the others have not ended here
    assert (asked.notes, asked.place, asked.contact_name, asked.contact_phone) == ("", "", "", "")
    assert asked.requested_by is None and asked.anonymised
    assert (asked.language, asked.status) == ("ar", "done")
    job = Assignment.objects.get(pk=billed.pk)
    assert (job.allowance, job.minutes) == (Decimal("25.00"), 90)
    # the reasons, in the volunteer's or the institution's words, go with the details
    assert job.cancel_reason == ""
    assert not asked.offers.exclude(decline_reason="").exists()
    assert statistics.figures(centre, year()) == before
    assert apply_retention(timezone.now() + datetime.timedelta(days=400))["pool.request"] == 0


def test_a_request_not_ended_keeps_its_details(centre):
    job = confirmed(centre, 60)
    Request.objects.filter(pk=job.request_id).update(erase_after=None, notes="noch offen")
    apply_retention(timezone.now() + 100 * 365 * 24 * HOUR)
    job.request.refresh_from_db()
    assert job.request.notes == "noch offen"
