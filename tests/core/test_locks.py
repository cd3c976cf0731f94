"""The shared row lock (mia/core/locks.py) on PostgreSQL: a wait that reaches its limit is
an error the callers recognise, and a missing row is the model's DoesNotExist."""

import pytest
from django.db import OperationalError, transaction

from mia.core.locks import lock_row, lock_timed_out
from mia.core.models import Centre

from ..concurrency import row_held

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_free_row_is_locked_and_returned(centre):
    with transaction.atomic():
        assert lock_row(Centre, centre.pk) == centre


def test_a_held_row_is_waited_for_only_as_long_as_the_setting_says(centre, settings):
    settings.MIA_LOCK_TIMEOUT_MS = 100
    with row_held(centre), pytest.raises(OperationalError) as waited, transaction.atomic():
        lock_row(Centre, centre.pk)
    assert lock_timed_out(waited.value)


def test_a_missing_row_is_the_models_does_not_exist():
    with pytest.raises(Centre.DoesNotExist), transaction.atomic():
        lock_row(Centre, 987654)


def test_other_database_errors_are_not_taken_for_a_timeout():
    assert not lock_timed_out(OperationalError("could not connect to server"))
