"""The pool's ground rules that live in the models: the rate table, requirements, languages,
and the database's guarantee of one live assignment per request."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from mia.pool import languages
from mia.pool.models import Assignment, Offer, PoolSettings, Request, Volunteer

from .factories import request, volunteer
from .test_languages import write_mo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("minutes", "amount"),
    [(0, "0.00"), (1, "25.00"), (120, "25.00"), (121, "35.00"), (180, "35.00"), (181, "45.00")],
)
def test_the_rate_table_pays_the_base_and_each_further_started_hour(centre, minutes, amount):
    assert PoolSettings.for_centre(centre).allowance(minutes) == Decimal(amount)


@given(st.integers(min_value=1, max_value=24 * 60))
def test_a_longer_appointment_never_pays_less(minutes):
    rates = PoolSettings()
    assert rates.allowance(minutes + 1) >= rates.allowance(minutes) >= rates.base_amount


def test_a_late_cancellation_pays_one_hour_by_default(centre):
    assert PoolSettings.for_centre(centre).late_cancellation() == Decimal("25.00")


def test_a_volunteer_whose_police_certificate_is_due_is_not_eligible(centre):
    person = volunteer(centre)
    today = timezone.localdate()
    assert person.requirements_met(today)
    assert Volunteer.objects.eligible_on(today).filter(pk=person.pk).exists()
    person.police_certificate_renew_by = today
    person.save()
    assert not person.requirements_met(today)
    assert person.missing_requirements(today) == ["police certificate renewal"]
    assert not Volunteer.objects.eligible_on(today).filter(pk=person.pk).exists()


def test_languages_are_iso_codes_and_dialects_belong_to_their_language():
    assert languages.is_language("ti") and languages.is_language("prs")
    assert not languages.is_language("xx")
    with pytest.raises(ValidationError):
        languages.validate_language("klingon")
    languages.validate_dialect("ku", "kmr")
    with pytest.raises(ValidationError):
        languages.validate_dialect("ar", "kmr")


def test_the_database_allows_one_live_assignment_per_request(centre):
    wanted = request(centre)
    first, second = volunteer(centre), volunteer(centre)
    times = {"starts_at": wanted.starts_at, "ends_at": wanted.ends_at}
    Assignment.objects.create(centre=centre, request=wanted, volunteer=first, **times)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(centre=centre, request=wanted, volunteer=second, **times)
    # a cancelled one does not count: the request can be assigned again
    Assignment.objects.filter(request=wanted).update(status="cancelled_volunteer")
    Assignment.objects.create(centre=centre, request=wanted, volunteer=second, **times)
    assert wanted.ends_at - wanted.starts_at == datetime.timedelta(minutes=90)


def test_the_open_and_declined_states_have_their_own_catalogue_entries(centre, settings, tmp_path):
    """An open request is "Offen", whatever the counselling office's "Open" ("Geöffnet")
    or the ceremonies' "Declined" (a guest's "Absage") are translated as."""
    write_mo(
        tmp_path / "de" / "LC_MESSAGES" / "django.mo",
        {
            "Open": "Geöffnet",
            "Declined": "Absage",
            "request status\x04Open": "Offen",
            "offer status\x04Open": "Offen",
            "offer status\x04Declined": "Abgelehnt",
        },
    )
    settings.LOCALE_PATHS = [tmp_path]
    with translation.override("de"):
        assert str(Request.Status.OPEN.label) == "Offen"
        assert str(Offer.Status.OPEN.label) == "Offen"
        assert str(Offer.Status.DECLINED.label) == "Abgelehnt"
        assert request(centre).get_status_display() == "Offen"
