"""Wagtail's reference index ("where is this used") holds content, not back-office records."""

from django.apps import apps
from django.urls import reverse
from wagtail.models import ReferenceIndex


def _tracked() -> set[str]:
    reverse("wagtailadmin_home")  # the admin's URLs register the viewsets and their models
    return {model._meta.label for model in ReferenceIndex.tracked_models}


def test_personal_records_are_not_indexed():
    tracked = _tracked()
    for label in (
        "ceremonies.Invitee",
        "ceremonies.Ceremony",
        "core.Membership",
        "permissions.Invitation",
        "statistics.NaturalisationYear",
    ):
        assert apps.get_model(label)
        assert label not in tracked, label


def test_records_that_use_images_are_indexed():
    # deleting a logo or an event's picture warns where it is used
    tracked = _tracked()
    assert "organisations.Organisation" in tracked
    assert "events.Event" in tracked
