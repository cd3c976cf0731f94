"""The demo's pool: invented institutions, volunteers and requests, loaded twice alike."""

import pytest
from django.utils import timezone

from mia.counselling.demo import DORTMUND
from mia.counselling.places import load_places
from mia.pool.demo import INSTITUTIONS, REQUESTS, TOPICS, VOLUNTEERS, load_pool_demo
from mia.pool.models import (
    Assignment,
    Institution,
    Offer,
    PoolSettings,
    Request,
    Topic,
    Volunteer,
    VolunteerLanguage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(centre):
    load_places(centre, DORTMUND)
    load_pool_demo(centre)
    load_pool_demo(centre)
    return centre


def test_a_second_load_duplicates_nothing(loaded):
    assert Topic.objects.filter(centre=loaded).count() == len(TOPICS)
    assert Institution.objects.filter(centre=loaded).count() == len(INSTITUTIONS) == 3
    assert Volunteer.objects.filter(centre=loaded).count() == len(VOLUNTEERS) == 12
    assert Request.objects.filter(centre=loaded).count() == len(REQUESTS) == 8
    assert PoolSettings.objects.filter(centre=loaded).count() == 1


def test_everyone_is_invented_and_approved(loaded):
    names = Volunteer.objects.filter(centre=loaded).values_list("name", flat=True)
    assert all(name.endswith(" Beispiel") for name in names)
    assert all(
        email.endswith("@example.org")
        for email in Volunteer.objects.values_list("email", flat=True)
    )
    institutions = Institution.objects.filter(centre=loaded).select_related("organisation")
    assert all(i.organisation.name.endswith("(Demo)") and i.approved for i in institutions)
    assert all(i.district is not None for i in institutions)


def test_the_varieties_matching_tells_apart_are_there(loaded):
    pairs = set(VolunteerLanguage.objects.values_list("language", "dialect"))
    assert {
        ("ar", "apc"),
        ("ar", "ary"),
        ("ku", "kmr"),
        ("ku", "ckb"),
        ("fa", "prs"),
        ("fa", "pes"),
    } <= pairs
    assert {"tr", "uk", "ru", "ti"} <= {language for language, _d in pairs}


def test_one_volunteer_has_lapsed_and_one_is_due_soon(loaded):
    today = timezone.localdate()
    people = Volunteer.objects.filter(centre=loaded)
    eligible = set(people.eligible_on(today).values_list("name", flat=True))
    assert "Dmitri Beispiel" not in eligible
    assert len(eligible) == 11
    due = people.get(name="Abdi Beispiel").police_certificate_renew_by
    assert 0 < (due - today).days <= 30
    assert all(person.slots.exists() and person.districts.exists() for person in people)


def test_the_requests_are_coming_and_in_several_states(loaded):
    requests = Request.objects.filter(centre=loaded)
    assert all(r.starts_at > timezone.now() for r in requests)
    states = list(requests.values_list("status", flat=True))
    assert states.count(Request.Status.OPEN) == 4
    assert set(states) == {"open", "offered", "assigned", "cancelled"}
    assert Assignment.objects.filter(centre=loaded).count() == 2
    assert Offer.objects.filter(centre=loaded, status=Offer.Status.OPEN).count() == 1
    excluded = Topic.objects.filter(centre=loaded, excluded=True)
    assert excluded.count() == 4 and all(t.explanation for t in excluded)
    assert not requests.filter(topic__excluded=True).exists()
