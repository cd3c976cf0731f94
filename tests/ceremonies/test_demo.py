"""The demo's ceremonies: invented invitees in every state, with codes a tester can type."""

import datetime

import pytest
from django.utils import timezone

from mia.ceremonies import services
from mia.ceremonies.demo import INVITEES, load_ceremonies_demo
from mia.ceremonies.models import Ceremony, Invitee

Status = Invitee.Status
pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_and_loads_twice_alike(centre):
    load_ceremonies_demo(centre)
    load_ceremonies_demo(centre)
    assert Ceremony.objects.filter(centre=centre).count() == 2
    people = Invitee.objects.filter(centre=centre)
    assert people.count() == len(INVITEES)
    assert set(people.values_list("status", flat=True)) == set(Status.values)
    assert all(name.endswith(" Beispiel") for name in people.values_list("name", flat=True))
    winter = Ceremony.objects.get(title__contains="Winter")
    figures = services.counts(winter)
    assert (figures.seats_taken, figures.capacity, figures.waiting) == (6, 6, 1)
    herbst = Ceremony.objects.get(title__contains="Herbst")
    assert services.counts(herbst).seats_free == 248
    # every code opens its page, and answers are open
    assert all(services.find(centre, code) for code in INVITEES)
    assert all(services.answers_open(c) for c in (winter, herbst))


def test_a_demo_ceremony_whose_day_came_is_moved_ahead(centre):
    load_ceremonies_demo(centre)
    herbst = Ceremony.objects.get(title__contains="Herbst")
    past = timezone.now() - datetime.timedelta(days=1)
    Ceremony.objects.filter(pk=herbst.pk).update(starts_at=past, rsvp_deadline=past)
    load_ceremonies_demo(centre)
    herbst.refresh_from_db()
    assert services.answers_open(herbst)
    assert Invitee.objects.filter(ceremony=herbst, erase_after__gt=herbst.starts_at).count() == 4


def test_a_yes_in_the_full_demo_ceremony_joins_the_waiting_list(centre):
    load_ceremonies_demo(centre)
    nora = services.find(centre, "DEMNEUB234")
    assert services.answer(nora, attending=True).status == Status.WAITING
    amal = services.find(centre, "DEMNEU2345")
    assert services.answer(amal, attending=True, companions=2).status == Status.ATTENDING
