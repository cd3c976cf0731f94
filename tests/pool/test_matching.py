"""Who fits a request and why: each hard condition rules a volunteer out and is named as what
the near miss lacks; the soft score orders the rest; all open requests at once are paired
optimally (mia/pool/matching.py)."""

import datetime
from decimal import Decimal

import numpy as np
import pytest
from django.utils import timezone, translation
from hypothesis import example, given
from hypothesis import strategies as st

from mia.pool.matching import WEIGHTS, _first, rank, suggest_all
from mia.pool.models import (
    Absence,
    Assignment,
    Offer,
    PoolSettings,
    Request,
    Setting,
    Volunteer,
)

from .factories import district, institution, next_weekday, request
from .factories import volunteer as make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


WEEKDAYS_8_TO_20 = [(day, datetime.time(8), datetime.time(20)) for day in range(5)]


def volunteer(centre, name, **fields):
    # the factory's default week is a generator, used up by the first volunteer it makes
    fields.setdefault("weekly", WEEKDAYS_8_TO_20)
    return make_volunteer(centre, name, **fields)


def names(ranking):
    return [candidate.volunteer.name for candidate in ranking.candidates]


def lacks(ranking):
    return {miss.volunteer.name: miss.lacks for miss in ranking.near_misses}


@pytest.fixture
def places(centre):
    return {
        "nord": district(centre, "Innenstadt-Nord", 51.52, 7.46),
        "hoerde": district(centre, "Hörde", 51.48, 7.50),
        "far": district(centre, "Weit draußen", 51.80, 7.90),
    }


@pytest.fixture
def asked(centre, places):
    return request(
        centre,
        language="ar",
        dialect="apc",
        starts_at=next_weekday(12, 10),
        minutes=90,
        setting=Setting.ON_SITE,
        district=places["nord"],
    )


def test_a_volunteer_who_meets_every_condition_is_a_candidate_with_reasons(centre, asked, places):
    volunteer(centre, "Amal", home_district=places["nord"])
    ranking = rank(asked)
    assert names(ranking) == ["Amal"]
    candidate = ranking.candidates[0]
    assert [part.key for part in candidate.parts] == list(WEIGHTS)
    assert candidate.score == pytest.approx(sum(part.points for part in candidate.parts), abs=0.2)
    # at home, no hours, native; the ceiling less this appointment's €25
    assert candidate.score == pytest.approx(100 - WEIGHTS["ceiling"] * 25 / 840, abs=0.1)
    assert any("Innenstadt-Nord" in reason for reason in candidate.reasons)
    assert ranking.near_misses == []


def _lapsed(centre, places, asked):
    volunteer(centre, "Bea", police_certificate_renew_by=timezone.localdate(asked.starts_at))
    return "police certificate due"


def _paused(centre, places, asked):
    volunteer(centre, "Bea", status=Volunteer.Status.PAUSED)
    return "paused"


def _dialect(centre, places, asked):
    volunteer(centre, "Bea", languages=[("ar", "ary", 4)])
    return "speaks Arabic but not North Levantine Arabic"


def _no_dialect(centre, places, asked):
    volunteer(centre, "Bea", languages=[("ar", "", 4)])
    return "speaks Arabic but not North Levantine Arabic"


def _setting(centre, places, asked):
    volunteer(centre, "Bea", settings=[Setting.PHONE, Setting.VIDEO])
    return "does not take appointments on site"


def _district(centre, places, asked):
    person = volunteer(centre, "Bea")
    person.districts.set([places["hoerde"]])
    return "does not go to Innenstadt-Nord"


def _gender(centre, places, asked):
    asked.gender_wish = Request.GenderWish.FEMALE
    asked.save()
    volunteer(centre, "Bea", gender="male")
    return "asked for a woman"


def _topic(centre, places, asked):
    person = volunteer(centre, "Bea")
    person.topics_declined.set([asked.topic])
    return "does not take the topic"


def _declined(centre, places, asked):
    person = volunteer(centre, "Bea")
    Offer.objects.create(
        centre=centre,
        request=asked,
        volunteer=person,
        token_hash="x" * 64,
        status=Offer.Status.DECLINED,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    return "declined this request"


def _hours(centre, places, asked):
    person = volunteer(centre, "Bea", max_hours_per_month=2)
    earlier = asked.starts_at.replace(day=1, hour=8)
    if earlier < timezone.now():
        earlier = asked.starts_at - datetime.timedelta(days=1)
    other = request(
        centre, asked.institution, starts_at=earlier, minutes=60, status=Request.Status.ASSIGNED
    )
    Assignment.objects.create(
        centre=centre, request=other, volunteer=person, starts_at=earlier, ends_at=other.ends_at
    )
    return "at most 2 hours a month"


def _busy(centre, places, asked):
    person = volunteer(centre, "Bea")
    other = request(
        centre,
        asked.institution,
        starts_at=asked.starts_at - datetime.timedelta(minutes=60),
        minutes=30,
        status=Request.Status.ASSIGNED,
    )
    Assignment.objects.create(
        centre=centre,
        request=other,
        volunteer=person,
        starts_at=other.starts_at,
        ends_at=other.ends_at,
    )
    return "busy at 09:00 (another appointment)"


def _hours_of_week(centre, places, asked):
    volunteer(centre, "Bea", weekly=[(5, datetime.time(8), datetime.time(20))])
    return "not available at 10:00 (weekly hours)"


def _away(centre, places, asked):
    person = volunteer(centre, "Bea")
    day = timezone.localdate(asked.starts_at)
    Absence.objects.create(volunteer=person, first_day=day, last_day=day)
    return "away on"


@pytest.mark.parametrize(
    "make",
    [
        _lapsed,
        _paused,
        _dialect,
        _no_dialect,
        _setting,
        _district,
        _gender,
        _topic,
        _declined,
        _hours,
        _busy,
        _hours_of_week,
        _away,
    ],
)
def test_each_hard_condition_excludes_and_is_what_the_near_miss_lacks(centre, places, asked, make):
    words = make(centre, places, asked)
    ranking = rank(asked)
    assert names(ranking) == []
    found = lacks(ranking)
    assert list(found) == ["Bea"]
    assert len(found["Bea"]) == 1 and words in found["Bea"][0], found


def test_a_request_without_a_variety_takes_any(centre, places, asked):
    asked.dialect = ""
    asked.save()
    volunteer(centre, "Bea", languages=[("ar", "ary", 3)])
    volunteer(centre, "Cem", languages=[("ar", "", 2)])
    assert set(names(rank(asked))) == {"Bea", "Cem"}


def test_three_failures_are_no_near_miss_and_other_languages_not_at_all(centre, asked):
    volunteer(centre, "Dana", languages=[("tr", "", 4)])
    volunteer(
        centre,
        "Eda",
        status=Volunteer.Status.PAUSED,
        settings=[Setting.PHONE],
        languages=[("ar", "ary", 4)],
    )
    ranking = rank(asked)
    assert ranking.candidates == [] and ranking.near_misses == []
    assert ranking.speakers == 1


def test_left_and_applied_volunteers_are_not_considered(centre, asked):
    volunteer(centre, "Fe", status=Volunteer.Status.LEFT)
    volunteer(centre, "Gil", status=Volunteer.Status.APPLIED)
    ranking = rank(asked)
    assert ranking.candidates == [] and ranking.near_misses == [] and ranking.speakers == 0


def test_other_centres_volunteers_never_appear(centre, other_centre, asked):
    volunteer(other_centre, "Hana")
    assert rank(asked).speakers == 0


def test_the_soft_score_orders_distance_level_and_fairness(centre, places, asked):
    volunteer(centre, "Near native", home_district=places["nord"])
    volunteer(centre, "Far native", home_district=places["far"])
    volunteer(centre, "Near basic", home_district=places["nord"], languages=[("ar", "apc", 1)])
    busy = volunteer(centre, "Near busy", home_district=places["nord"])
    last_week = timezone.now() - datetime.timedelta(days=7)
    done = request(
        centre, asked.institution, starts_at=last_week, minutes=600, status=Request.Status.DONE
    )
    Assignment.objects.create(
        centre=centre,
        request=done,
        volunteer=busy,
        starts_at=last_week,
        ends_at=done.ends_at,
        status=Assignment.Status.DONE,
        allowance=Decimal("95.00"),
    )
    ranking = rank(asked)
    assert names(ranking)[0] == "Near native"
    scores = {c.volunteer.name: c for c in ranking.candidates}
    parts = {name: {p.key: p.points for p in c.parts} for name, c in scores.items()}
    assert parts["Far native"]["distance"] < parts["Near native"]["distance"]
    assert parts["Near basic"]["language"] == WEIGHTS["language"] / 4
    assert parts["Near busy"]["hours"] < WEIGHTS["hours"]
    assert parts["Near busy"]["waiting"] < WEIGHTS["waiting"]
    assert parts["Near busy"]["ceiling"] < WEIGHTS["ceiling"]
    ordered = [c.score for c in ranking.candidates]
    assert ordered == sorted(ordered, reverse=True)


def test_phone_requests_need_no_district_and_no_travel_time(centre, places, asked):
    person = volunteer(centre, "Ivo")
    person.districts.set([places["hoerde"]])
    other = request(
        centre,
        asked.institution,
        starts_at=asked.starts_at - datetime.timedelta(minutes=60),
        minutes=60,
        setting=Setting.PHONE,
        status=Request.Status.ASSIGNED,
    )
    Assignment.objects.create(
        centre=centre,
        request=other,
        volunteer=person,
        starts_at=other.starts_at,
        ends_at=other.ends_at,
    )
    assert names(rank(asked)) == []  # on site: 45 minutes to get there
    asked.setting = Setting.PHONE
    asked.save()
    assert names(rank(asked)) == ["Ivo"]


def test_the_travel_time_is_the_pools_setting(centre, asked):
    person = volunteer(centre, "Jo")
    other = request(
        centre,
        asked.institution,
        starts_at=asked.starts_at - datetime.timedelta(minutes=90),
        minutes=60,
        status=Request.Status.ASSIGNED,
    )
    Assignment.objects.create(
        centre=centre,
        request=other,
        volunteer=person,
        starts_at=other.starts_at,
        ends_at=other.ends_at,
    )
    settings = PoolSettings.for_centre(centre)
    assert names(rank(asked)) == []  # 30 minutes between, 45 needed
    settings.travel_minutes = 30
    settings.save()
    assert names(rank(asked)) == ["Jo"]


def test_a_volunteer_near_the_ceiling_ranks_lower_and_is_flagged(centre, asked):
    volunteer(centre, "Kai")
    rich = volunteer(centre, "Lea")
    earlier = timezone.now() - datetime.timedelta(days=100)
    if earlier.year != asked.starts_at.year:
        earlier = timezone.localtime(asked.starts_at).replace(month=1, day=2)
    done = request(
        centre, asked.institution, starts_at=earlier, minutes=60, status=Request.Status.DONE
    )
    Assignment.objects.create(
        centre=centre,
        request=done,
        volunteer=rich,
        starts_at=earlier,
        ends_at=earlier + datetime.timedelta(minutes=1),
        status=Assignment.Status.DONE,
        allowance=Decimal("830.00"),
    )
    ranking = rank(asked)
    assert names(ranking) == ["Kai", "Lea"]
    kai, lea = ranking.candidates
    assert kai.flags == []
    assert lea.flags == ["this appointment would go over the tax-free allowance"]
    assert {p.key: p.points for p in lea.parts}["ceiling"] == 0


def test_ranking_costs_the_same_queries_for_any_number(
    centre, places, asked, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    volunteer(centre, "First", home_district=places["nord"])
    PoolSettings.for_centre(centre)
    with CaptureQueriesContext(connection) as few:
        rank(asked)
    for number in range(8):
        person = volunteer(centre, f"More {number}", languages=[("ar", "apc", 2), ("tr", "", 3)])
        person.districts.set([places["nord"], places["hoerde"]])
        Absence.objects.create(
            volunteer=person,
            first_day=timezone.localdate(asked.starts_at) + datetime.timedelta(days=3),
            last_day=timezone.localdate(asked.starts_at) + datetime.timedelta(days=4),
        )
    with django_assert_max_num_queries(len(few)):
        ranking = rank(asked)
    assert len(ranking.candidates) == 9
    assert len(few) <= 10


def test_reported_hours_count_instead_of_the_planned(centre, places, asked):
    """The hours of an appointment are those reported when there are, else those planned:
    for the hours a month and the hours this year."""
    day = timezone.localtime(asked.starts_at)
    later = day.replace(hour=16, minute=0)
    for name, reported in (("Nia", True), ("Ole", False)):
        person = volunteer(centre, name, home_district=places["nord"], max_hours_per_month=4)
        other = request(
            centre, asked.institution, starts_at=later, minutes=60, status=Request.Status.ASSIGNED
        )
        Assignment.objects.create(
            centre=centre,
            request=other,
            volunteer=person,
            starts_at=later,
            ends_at=other.ends_at,
            status=Assignment.Status.REPORTED,
            actual_start=later if reported else None,
            actual_end=later + datetime.timedelta(hours=3) if reported else None,
        )
    ranking = rank(asked)
    assert names(ranking) == ["Ole"]
    assert "1.0 hours of appointments this year" in ranking.candidates[0].reasons
    assert lacks(ranking) == {"Nia": ["at most 4 hours a month, 3.0 taken"]}


def test_without_the_asked_variety_anywhere_the_language_level_scores(centre, places, asked):
    """Nobody speaks the variety asked for: the near misses are scored by their level in
    the language; once somebody speaks it, by their level in it (none: nothing)."""
    volunteer(centre, "Bea", home_district=places["nord"], languages=[("ar", "", 4)])
    alone = rank(asked).near_misses[0]
    volunteer(centre, "Cem", home_district=places["nord"], languages=[("ar", "apc", 1)])
    ranking = rank(asked)
    assert names(ranking) == ["Cem"]
    assert alone.volunteer.name == ranking.near_misses[0].volunteer.name == "Bea"
    assert alone.score - ranking.near_misses[0].score == pytest.approx(WEIGHTS["language"])


def test_a_centre_without_districts(centre):
    asked = request(centre, setting=Setting.PHONE, district=None, starts_at=next_weekday(12, 10))
    volunteer(centre, "Dio")
    ranking = rank(asked)
    assert names(ranking) == ["Dio"]
    assert ranking.candidates[0].parts[0].reason == "nobody travels (By phone)"


def test_suggest_all_is_optimal_where_greedy_is_not(centre, places):
    """Anna is the best for the first request and the only one for the second; Ben can do
    only the first. Greedy (each request its best in turn) fills one; the optimum both."""
    school = institution(centre)
    first = request(
        centre, school, language="ar", starts_at=next_weekday(12, 10), district=places["nord"]
    )
    second = request(
        centre, school, language="fa", starts_at=next_weekday(12, 14), district=places["nord"]
    )
    volunteer(centre, "Anna", languages=[("ar", "", 4), ("fa", "", 4)])
    volunteer(centre, "Ben", languages=[("ar", "", 1)])
    assert names(rank(first)) == ["Anna", "Ben"]
    suggestions = suggest_all(centre)
    paired = {s.request.pk: s.volunteer.name for s in suggestions}
    assert paired == {first.pk: "Ben", second.pk: "Anna"}
    assert all(s.score is not None for s in suggestions)


def test_suggest_all_gives_a_volunteer_one_request_and_reports_the_rest(centre, places):
    school = institution(centre)
    first = request(centre, school, starts_at=next_weekday(12, 10), district=places["nord"])
    second = request(centre, school, starts_at=next_weekday(13, 15), district=places["nord"])
    request(
        centre,
        school,
        starts_at=next_weekday(13, 15),
        status=Request.Status.ASSIGNED,
    )
    volunteer(centre, "Anna")
    volunteer(centre, "Cleo", settings=[Setting.PHONE])
    suggestions = suggest_all(centre)
    assert [s.request.pk for s in suggestions] == [first.pk, second.pk]
    filled = [s for s in suggestions if s.volunteer]
    unfilled = [s for s in suggestions if not s.volunteer]
    assert len(filled) == 1 and filled[0].volunteer.name == "Anna"
    assert len(unfilled) == 1
    reasons = {miss.volunteer.name: miss.lacks for miss in unfilled[0].near_misses}
    assert reasons["Anna"] == ["suggested for another request"]
    assert reasons["Cleo"] == ["does not take appointments on site"]


def test_suggest_all_with_nothing_open(centre):
    assert suggest_all(centre) == []


# the lower score first: rounded, both are 40.0, and V0 comes before V1
@example(scores=[40.0, 40.0000001], failures=[1] * 40, limit=1)
@given(
    scores=st.lists(st.sampled_from([0.0, 12.5, 40.0, 40.0000001, 99.9999999, 100.0]), max_size=40),
    failures=st.lists(st.integers(1, 2), min_size=40, max_size=40),
    limit=st.integers(1, 10),
)
def test_the_first_few_are_those_of_a_full_sort(scores, failures, limit):
    """`_first` sorts only those that can be among the first: the same as sorting all,
    ties (after rounding, as in the ranking) included."""
    total = np.array(scores)
    count = np.array(failures[: len(scores)])
    names = [f"V{k % 3}" for k in range(len(scores))]
    indexes = np.arange(len(scores))

    def by_score(i):
        return (-round(float(total[i]), 6), names[i], i)

    def by_failures(i):
        return (int(count[i]), -float(total[i]), names[i])

    assert (
        _first(indexes, -total, by_score, limit, slack=1e-5)
        == sorted(indexes.tolist(), key=by_score)[:limit]
    )
    assert (
        _first(indexes, count * 1000.0 - total, by_failures, limit)
        == sorted(indexes.tolist(), key=by_failures)[:limit]
    )
