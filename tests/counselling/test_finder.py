"""The finder's rules: who fits, in which order, and why."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mia.counselling import finder, hours
from mia.counselling.models import Closure, District, Located
from mia.counselling.places import distance_km, origin_of

from .factories import office, places

BERLIN = ZoneInfo("Europe/Berlin")
# a Tuesday
TUESDAY_10 = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)


@pytest.fixture
def city(centre):
    places(centre)
    return centre


def find(centre, now=TUESDAY_10, **answers):
    form = finder.FinderForm(answers, centre=centre)
    assert form.is_valid(), form.errors
    criteria = form.criteria()
    offices, origin = finder.search(centre, criteria, now)
    return [o.name for o in offices], origin


def test_an_office_takes_its_coordinates_and_district_from_the_postcode(city):
    nord = office(city, postcode="44145")
    assert nord.located == Located.POSTCODE
    assert nord.district.name == "Innenstadt-Nord"
    entered = office(city, name="Exakt", postcode="44145", latitude=51.53, longitude=7.47)
    assert entered.located == Located.ENTERED
    assert (entered.latitude, entered.longitude) == (51.53, 7.47)
    # moved: coordinates taken from the old postcode follow the new one
    nord.postcode = "44287"
    nord.district = None
    nord.save()
    assert nord.district.name == "Aplerbeck"


def test_age_and_language_pick_the_fitting_offices_nearest_first(city):
    office(city, name="MBE Nord", postcode="44147", languages=["de", "ar"], age_min=27)
    office(city, name="MBE Hörde", postcode="44263", languages=["de", "ar"], age_min=27)
    office(city, name="MBE Türkisch", postcode="44147", languages=["de", "tr"], age_min=27)
    office(city, name="JMD Nord", programme="jmd", languages=["de", "ar"], age_min=12, age_max=27)
    names, origin = find(city, age="30", language="ar", district="innenstadt-nord")
    assert names == ["MBE Nord", "MBE Hörde"]
    assert origin.label == "Innenstadt-Nord"
    names, _origin = find(city, age="17", district="innenstadt-nord")
    assert names == ["JMD Nord"]
    names, _origin = find(city, age="17", postcode="44263")
    assert names == ["JMD Nord"]


def test_the_reasons_say_why_an_office_fits(city):
    office(city, name="MBE Nord", postcode="44147", languages=["de", "ar"])
    form = finder.FinderForm(
        {"age": "30", "language": "ar", "district": "innenstadt-nord"}, centre=city
    )
    assert form.is_valid()
    criteria = form.criteria()
    offices, origin = finder.search(city, criteria, TUESDAY_10)
    with translation.override("en"):
        [match] = finder.explain(finder.page_of(offices, "en"), criteria, origin, TUESDAY_10)
        texts = [reason.text for reason in match.reasons]
    assert texts[0] == "Speaks العربية" and match.reasons[0].lang == "ar"
    assert "For your age" in texts
    assert texts[2].startswith("about ") and texts[2].endswith(" km")


def test_open_now_and_on_a_day_keep_offices_without_hours(city):
    office(city, name="Dienstags", hours=[(1, "09:00", "12:00")])
    office(city, name="Mittwochs", hours=[(2, "09:00", "12:00")])
    office(city, name="Nach Vereinbarung", by_appointment=True)
    office(city, name="Geschlossen", hours=[(1, "09:00", "12:00")], temporarily_closed=True)
    holiday = office(city, name="Urlaub", hours=[(1, "09:00", "12:00")])
    Closure.objects.create(
        office=holiday, starts_on=datetime.date(2026, 11, 30), ends_on=datetime.date(2026, 12, 4)
    )
    names, _origin = find(city, open_now="on")
    assert names == ["Dienstags", "Nach Vereinbarung"]
    names, _origin = find(city, day="2026-12-02")
    assert names == ["Mittwochs", "Nach Vereinbarung"]


def test_the_status_tells_until_when_and_when_next(city):
    tuesday = office(city, hours=[(1, "09:00", "12:00"), (3, "14:00", "16:00")])
    tuesday = finder.page_of(type(tuesday).objects.filter(pk=tuesday.pk), "de")[0]
    now = hours.status(tuesday, TUESDAY_10)
    assert now.open_now and now.until == datetime.time(12)
    later = hours.status(tuesday, TUESDAY_10.replace(hour=13))
    assert not later.open_now
    assert later.next_opening == (datetime.date(2026, 12, 3), datetime.time(14))
    no_hours = office(city, name="Ohne Zeiten")
    no_hours = finder.page_of(type(no_hours).objects.filter(pk=no_hours.pk), "de")[0]
    assert hours.status(no_hours, TUESDAY_10).has_hours is False


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"age": "121"}, "age"),
        ({"age": "-1"}, "age"),
        ({"age": "dreißig"}, "age"),
        ({"language": "xx"}, "language"),
        ({"postcode": "99999"}, "postcode"),
        ({"postcode": "4414"}, "postcode"),
        ({"district": "atlantis"}, "district"),
    ],
)
def test_bad_answers_get_a_message_at_their_field(city, answers, field):
    form = finder.FinderForm(answers, centre=city)
    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_another_centres_offices_and_places_are_not_found(city, other_centre):
    office(other_centre, name="Anderswo")
    assert District.objects.filter(centre=other_centre).count() == 0
    names, _origin = find(city)
    assert names == []
    form = finder.FinderForm({"district": "innenstadt-nord"}, centre=other_centre)
    assert not form.is_valid()


def test_a_postcode_is_a_finer_origin_than_the_district(city):
    district = District.objects.get(centre=city, slug="hombruch")
    assert origin_of(city, district=district, postcode="44135").label == "44135"
    assert origin_of(city, district=district).label == "Hombruch"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(age=st.integers(min_value=-1000, max_value=1000), postcode=st.text(max_size=8))
def test_any_age_and_postcode_are_either_accepted_or_refused_at_their_field(city, age, postcode):
    form = finder.FinderForm({"age": str(age), "postcode": postcode}, centre=city)
    form.is_valid()
    assert ("age" in form.errors) != (0 <= age <= finder.AGE_MAX)
    known = "".join(postcode.split()) in {
        "",
        *city.postcode_areas.values_list("postcode", flat=True),
    }
    assert ("postcode" in form.errors) != known


def test_distance_is_the_great_circle():
    # Dortmund main station to Dortmund U, about 0.6 km
    assert 0.5 < distance_km(51.5178, 7.4592, 51.5155, 7.4527) < 0.6
