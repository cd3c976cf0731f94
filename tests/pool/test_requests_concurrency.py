"""Cancelling twice at the same moment (a double click), each on a connection of its own
(PostgreSQL): one cancellation, one mail."""

import pytest

from mia.outbox.models import OutboxMessage
from mia.pool import requests
from mia.pool.models import Assignment, Request

from ..ceremonies.test_concurrency import at_once
from .factories import institution, request, volunteer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_cancellations_at_once_cancel_once_and_tell_once(centre):
    school = institution(centre)
    asked = request(centre, school, status=Request.Status.ASSIGNED)
    person = volunteer(centre, email="amira@example.org")
    Assignment.objects.create(
        centre=centre,
        request=asked,
        volunteer=person,
        starts_at=asked.starts_at,
        ends_at=asked.ends_at,
    )
    errors = at_once([lambda: requests.cancel_request(asked, None, "Doppelt geklickt")] * 2)
    assert len(errors) == 1 and isinstance(errors[0], requests.RequestError)
    assert Request.objects.get().status == Request.Status.CANCELLED
    assert OutboxMessage.objects.filter(to=["amira@example.org"]).count() == 1
