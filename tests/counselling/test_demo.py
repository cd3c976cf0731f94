"""The demo's counselling offices: invented, marked as examples, spread over Dortmund."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from mia.core.models import Centre
from mia.counselling import finder
from mia.counselling.demo import OFFICES, load_counselling_demo
from mia.counselling.models import (
    Closure,
    District,
    Office,
    OpeningSlot,
    PostcodeArea,
    Provider,
)

MODELS = (District, PostcodeArea, Provider, Office, OpeningSlot, Closure)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(centre):
    load_counselling_demo(centre)
    return centre


def originals(centre):
    return Office.objects.originals().filter(centre=centre)


def find(centre, **answers) -> list[str]:
    form = finder.FinderForm(answers, centre=centre)
    assert form.is_valid(), form.errors
    offices, _origin = finder.search(centre, form.criteria())
    return [office.name for office in offices]


def test_load_demo_twice_changes_nothing(db):
    call_command("load_demo", verbosity=0)
    centre = Centre.objects.get(slug="dortmund")
    before = counts()
    changed = dict(Office.objects.values_list("pk", "updated_at"))
    call_command("load_demo", verbosity=0)
    assert counts() == before
    assert dict(Office.objects.values_list("pk", "updated_at")) == changed
    assert originals(centre).count() == len(OFFICES) == 14
    assert before["District"] == 12


def test_every_office_is_an_invented_example(demo):
    offices = originals(demo)
    assert all(office.is_example for office in offices)
    assert all(office.name.startswith("Beispiel: ") for office in offices)
    assert all(office.provider.name.endswith("(Demo)") for office in offices)
    assert all(office.email.endswith(".example") for office in offices)
    assert all(office.website.endswith(".example") for office in offices if office.website)


def test_offices_are_spread_over_all_twelve_districts(demo):
    districts = set(originals(demo).values_list("district__name", flat=True))
    assert districts == set(District.objects.filter(centre=demo).values_list("name", flat=True))
    assert len(districts) == 12
    assert all(office.latitude and office.longitude for office in originals(demo))


def test_programmes_have_their_age_ranges(demo):
    ages = {
        programme: set(
            originals(demo).filter(programme=programme).values_list("age_min", "age_max")
        )
        for programme in ("mbe", "jmd")
    }
    assert ages == {"mbe": {(27, None)}, "jmd": {(12, 27)}}
    assert originals(demo).filter(programme="mbe").count() == 7
    assert originals(demo).filter(programme="jmd").count() == 4
    assert originals(demo).filter(programme="other").count() == 3


def test_the_demo_shows_every_case_of_the_finder(demo, centre):
    offices = originals(demo)
    spoken = {code for office in offices for code in office.languages}
    assert {"ar", "tr", "uk", "ru", "fa", "en"} <= spoken
    assert offices.filter(temporarily_closed=True).count() == 1
    no_hours = [o for o in offices if not o.opening_slots.exists()]
    assert len(no_hours) == 2 and all(o.by_appointment for o in no_hours)
    assert set(offices.values_list("step_free", flat=True)) == {"yes", "no", "unknown"}
    assert offices.exclude(online_url="").count() == 2
    assert Office.objects.filter(centre=centre).due_for_verification().count() == 2
    today = timezone.localdate()
    ahead = Closure.objects.filter(office__centre=centre, ends_on__gte=today)
    assert ahead.count() == 1


def test_two_offices_are_translated_into_english_and_arabic(demo):
    nord = originals(demo).get(name="Beispiel: Migrationsberatung Nordstadt")
    (english,) = finder.page_of(Office.objects.filter(pk=nord.pk), "en")
    assert english.name == "Example: Migration counselling Nordstadt"
    assert english.content_language == "en"
    (arabic,) = finder.page_of(Office.objects.filter(pk=nord.pk), "ar")
    assert arabic.name.startswith("مثال")
    translated = Office.objects.filter(centre=demo).exclude(locale__language_code="de")
    assert sorted(translated.values_list("locale__language_code", flat=True)) == [
        "ar",
        "ar",
        "en",
        "en",
    ]
    assert all(row.is_example for row in translated)


def test_a_30_year_old_arabic_speaker_in_innenstadt_nord_finds_the_mbe_nearest_first(demo):
    names = find(demo, age="30", language="ar", district="innenstadt-nord")
    assert names == [
        "Beispiel: Migrationsberatung Nordstadt",  # 1.2 km
        "Beispiel: Beratung für Frauen Innenstadt-Ost",  # 3.0 km, from 18
        "Beispiel: Migrationsberatung Huckarde",  # 5.0 km
        "Beispiel: Migrationsberatung Hörde",  # 5.6 km
        "Beispiel: Migrationsberatung Aplerbeck",  # 8.9 km
    ]
    assert find(demo, age="30", language="ar", district="innenstadt-nord", programme="mbe") == [
        name for name in names if "Migrationsberatung" in name
    ]


def test_a_17_year_old_in_innenstadt_nord_finds_the_jmd_first(demo):
    names = find(demo, age="17", district="innenstadt-nord")
    assert names == [
        "Beispiel: Jugendmigrationsdienst Nordstadt",  # 1.0 km
        "Beispiel: Antidiskriminierungsberatung Innenstadt-West",  # 2.1 km, any age
        "Beispiel: Jugendmigrationsdienst Hombruch",  # 5.2 km
        "Beispiel: Jugendmigrationsdienst Brackel",  # 6.2 km
        "Beispiel: Sozialberatung Mengede",  # 7.1 km, any age
        "Beispiel: Jugendmigrationsdienst Lütgendortmund",  # 8.9 km
    ]


def test_a_closure_that_is_over_moves_ahead_on_the_next_load(demo):
    (closure,) = Closure.objects.filter(office__centre=demo)
    closure.starts_on = closure.ends_on = datetime.date(2020, 1, 1)
    closure.save()
    load_counselling_demo(demo)
    (moved,) = Closure.objects.filter(office__centre=demo)
    assert moved.starts_on > timezone.localdate()
