"""The volunteer's own area: times (weekly slots that must not overlap, exceptions, absences
not in the past), their details, and the download of their data (audited)."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from mia.audit.models import AuditEntry
from mia.permissions.roles import Role
from mia.pool import volunteers as services
from mia.pool.models import Assignment, AvailabilitySlot, VolunteerLanguage

from ..factories import member, sign_in
from . import factories as pool
from .test_billing import confirmed

# in English: the messages compared are the source texts, whatever the translations say
TIMES = "/en/sprachmittlung/ehrenamt/zeiten/"


@pytest.fixture
def volunteer(site_pages, centre):
    user = member(centre, Role.VOLUNTEER)
    return pool.volunteer(centre, user=user, email=user.email, weekly=())


@pytest.fixture
def signed_in(client, volunteer):
    sign_in(client, volunteer.user, second_factor=False)
    return client


def _management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "40",
    }


def _times(slots=(), exceptions=(), absences=()) -> dict:
    data = {}
    for prefix, rows in (("slots", slots), ("exceptions", exceptions), ("absences", absences)):
        data.update(_management(prefix, len(rows) + 1))
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{k}": v for k, v in row.items()})
    return data


def _slot(weekday, starts, ends) -> dict:
    return {"weekday": str(weekday), "starts": starts, "ends": ends}


def _day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# -- the slot validator ---------------------------------------------------------------------

minutes = st.integers(min_value=0, max_value=24 * 60 - 2)


@st.composite
def slots(draw):
    start = draw(minutes)
    end = draw(st.integers(min_value=start + 1, max_value=24 * 60 - 1))
    weekday = draw(st.integers(min_value=0, max_value=6))
    as_time = lambda m: datetime.time(m // 60, m % 60)  # noqa: E731
    return services.Slot(weekday, as_time(start), as_time(end))


def _share_time(a, b) -> bool:
    return a.weekday == b.weekday and a.starts < b.ends and b.starts < a.ends


relaxed = hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(st.lists(slots(), max_size=8))
def test_overlaps_are_exactly_the_pairs_that_share_time(drawn):
    found = {frozenset((id(a), id(b))) for a, b in services.overlapping_slots(drawn)}
    expected = {
        frozenset((id(a), id(b)))
        for i, a in enumerate(drawn)
        for b in drawn[i + 1 :]
        if _share_time(a, b)
    }
    assert found == expected


@relaxed
@given(st.lists(slots(), max_size=8))
def test_check_refuses_exactly_when_some_slots_overlap(drawn):
    overlapping = any(_share_time(a, b) for i, a in enumerate(drawn) for b in drawn[i + 1 :])
    try:
        services.check_weekly_slots(drawn)
    except ValidationError as refused:
        assert overlapping
        assert all(error.code == "overlap" for error in refused.error_list)
    else:
        assert not overlapping


def test_slots_that_only_touch_are_fine():
    services.check_weekly_slots(
        [
            services.Slot(1, datetime.time(14), datetime.time(16)),
            services.Slot(1, datetime.time(16), datetime.time(18)),
        ]
    )


# -- the times page -------------------------------------------------------------------------


def test_times_are_saved(signed_in, volunteer):
    response = signed_in.post(
        TIMES,
        _times(
            slots=[_slot(1, "14:00", "18:00"), _slot(3, "09:00", "12:00")],
            exceptions=[{"day": _day(3), "starts": "10:00", "ends": "12:00", "available": "no"}],
            absences=[{"first_day": _day(10), "last_day": _day(20)}],
        ),
    )
    assert response.status_code == 302
    assert [str(s) for s in volunteer.slots.all()] == [
        "Tuesday 14:00–18:00",
        "Thursday 09:00–12:00",
    ]
    exception = volunteer.exceptions.get()
    assert (exception.available, exception.starts) == (False, datetime.time(10))
    absence = volunteer.absences.get()
    assert absence.last_day - absence.first_day == datetime.timedelta(days=10)
    # the page it leads back to says so, once
    page = signed_in.get(response["Location"]).content.decode()
    assert '<div class="kern-alert kern-alert--success mia-notice" role="status">' in page
    assert "Your times are saved." in page
    assert "Your times are saved." not in signed_in.get(response["Location"]).content.decode()


def test_overlapping_weekly_slots_are_refused_with_nothing_saved(signed_in, volunteer):
    AvailabilitySlot.objects.create(
        volunteer=volunteer, weekday=0, starts=datetime.time(8), ends=datetime.time(9)
    )
    response = signed_in.post(
        TIMES, _times(slots=[_slot(1, "14:00", "18:00"), _slot(1, "17:00", "19:00")])
    )
    assert response.status_code == 400
    assert response.context["slots"].non_form_errors() == [
        "On Tuesday, 14:00–18:00 and 17:00–19:00 overlap. Please join them into one time "
        "or change one of them."
    ]
    assert list(volunteer.slots.values_list("weekday", "starts")) == [(0, datetime.time(8))]


def test_end_before_start_is_refused_at_the_row(signed_in, volunteer):
    response = signed_in.post(TIMES, _times(slots=[_slot(2, "18:00", "14:00")]))
    assert response.status_code == 400
    assert response.context["slots"].forms[0].errors["ends"] == ["The end must be after the start."]
    assert 'href="#id_slots-0-ends"' in response.content.decode()


def test_half_filled_row_says_what_is_missing(signed_in):
    response = signed_in.post(TIMES, _times(slots=[{"weekday": "2", "starts": "10:00"}]))
    assert response.context["slots"].forms[0].errors["ends"] == [
        "Please give the time you are free until."
    ]


def test_absence_in_the_past_is_refused(signed_in, volunteer):
    response = signed_in.post(
        TIMES, _times(absences=[{"first_day": _day(-5), "last_day": _day(-2)}])
    )
    assert response.status_code == 400
    errors = response.context["absences"].forms[0].errors
    assert errors["first_day"] == ["This day is in the past."]
    assert volunteer.absences.count() == 0


def test_exception_in_the_past_is_refused(signed_in, volunteer):
    response = signed_in.post(
        TIMES,
        _times(
            exceptions=[{"day": _day(-1), "starts": "10:00", "ends": "11:00", "available": "yes"}]
        ),
    )
    assert response.context["exceptions"].forms[0].errors["day"] == ["This date is in the past."]


def test_absence_that_began_before_today_stays_when_kept(signed_in, volunteer):
    volunteer.absences.create(
        first_day=timezone.localdate() - datetime.timedelta(days=2),
        last_day=timezone.localdate() + datetime.timedelta(days=2),
    )
    form = signed_in.get(TIMES).context["absences"]
    data = _management("absences", 2, 1)
    data.update(
        {
            "absences-0-first_day": form.forms[0].initial["first_day"].isoformat(),
            "absences-0-last_day": form.forms[0].initial["last_day"].isoformat(),
        }
    )
    data.update(_management("slots", 1))
    data.update(_management("exceptions", 1))
    assert signed_in.post(TIMES, data).status_code == 302
    assert volunteer.absences.count() == 1


def test_rows_marked_for_removal_go(signed_in, volunteer):
    AvailabilitySlot.objects.create(
        volunteer=volunteer, weekday=0, starts=datetime.time(8), ends=datetime.time(9)
    )
    data = _times()
    data.update(_management("slots", 3, 1))
    data.update(
        {
            "slots-0-weekday": "0",
            "slots-0-starts": "08:00",
            "slots-0-ends": "09:00",
            "slots-0-DELETE": "on",
        }
    )
    assert signed_in.post(TIMES, data).status_code == 302
    assert volunteer.slots.count() == 0


def test_times_page_is_keyboard_complete_without_script(signed_in):
    html = signed_in.get(TIMES).content.decode()
    assert "<script" not in html.split("<main", 1)[-1].split("</main>")[0]
    assert html.count('name="slots-') >= 2 * 3


# -- the details page -----------------------------------------------------------------------


def test_volunteer_changes_languages_and_settings(signed_in, volunteer, centre):
    data = {
        "phone": "0231 99",
        "german_level": "B2",
        "settings_accepted": ["video"],
        "gender": "",
        **_management("languages", 3, 1),
        "languages-0-language": "fa",
        "languages-0-dialect": "prs",
        "languages-0-level": "4",
    }
    response = signed_in.post("/en/sprachmittlung/ehrenamt/angaben/", data)
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.settings_accepted == ["video"]
    assert list(
        VolunteerLanguage.objects.filter(volunteer=volunteer).values_list(
            "language", "dialect", "level"
        )
    ) == [("fa", "prs", 4)]


def test_details_with_an_unknown_language_change_nothing(signed_in, volunteer):
    data = {
        "german_level": "B2",
        "settings_accepted": ["video"],
        **_management("languages", 3, 1),
        "languages-0-language": "zz",
        "languages-0-level": "4",
    }
    response = signed_in.post("/en/sprachmittlung/ehrenamt/angaben/", data)
    assert response.status_code == 400
    volunteer.refresh_from_db()
    assert len(volunteer.settings_accepted) == 3
    assert list(volunteer.languages.values_list("language", flat=True)) == ["ar"]


# -- the volunteer's home and the export ----------------------------------------------------


def _assignment(centre, volunteer, **fields):
    request = pool.request(centre, **fields.pop("request", {}))
    return Assignment.objects.create(
        centre=centre,
        request=request,
        volunteer=volunteer,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        **fields,
    )


def test_home_lists_coming_appointments_and_requirements_due(signed_in, volunteer, centre):
    volunteer.police_certificate_renew_by = timezone.localdate() + datetime.timedelta(days=20)
    volunteer.save()
    _assignment(centre, volunteer)
    html = signed_in.get("/sprachmittlung/ehrenamt/").content.decode()
    assert "Grundschule am Nordmarkt" in html
    assert "Please renew your extended police certificate" in html


def test_home_links_each_appointment_to_its_cancellation_or_its_hours(signed_in, volunteer, centre):
    school = pool.institution(centre)
    past = {"the_institution": school, "starts_at": timezone.now() - datetime.timedelta(days=3)}
    coming = _assignment(centre, volunteer, request={"the_institution": school})
    over = _assignment(centre, volunteer, request=past)
    reported = _assignment(centre, volunteer, request=past, status=Assignment.Status.REPORTED)
    _assignment(centre, volunteer, request=past, status=Assignment.Status.DONE)
    html = signed_in.get("/en/sprachmittlung/ehrenamt/").content.decode()
    links = set(re.findall(r'href="(/en/sprachmittlung/ehrenamt/einsaetze/[^"]+)"', html))
    assert links == {
        f"/en/sprachmittlung/ehrenamt/einsaetze/{coming.pk}/absagen/",
        f"/en/sprachmittlung/ehrenamt/einsaetze/{over.pk}/stunden/",
        f"/en/sprachmittlung/ehrenamt/einsaetze/{reported.pk}/stunden/",
    }
    assert "Reported: check or correct the hours" in html


def test_export_holds_everything_and_is_audited(signed_in, volunteer, centre):
    done = _assignment(
        centre,
        volunteer,
        status=Assignment.Status.DONE,
        allowance=Decimal("25.00"),
        payout_month=datetime.date(2026, 10, 1),
    )
    done.actual_start = done.starts_at
    done.actual_end = done.starts_at + datetime.timedelta(minutes=100)
    done.save()
    volunteer.absences.create(
        first_day=datetime.date(2030, 1, 1), last_day=datetime.date(2030, 1, 5)
    )
    AvailabilitySlot.objects.create(
        volunteer=volunteer, weekday=4, starts=datetime.time(9), ends=datetime.time(13)
    )
    response = signed_in.get("/sprachmittlung/ehrenamt/meine-daten/")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["volunteer"]["email"] == volunteer.email
    assert data["languages"] == [{"language": "ar", "dialect": "apc", "level": 4}]
    assert data["weekly_availability"] == [{"weekday": 4, "from": "09:00", "until": "13:00"}]
    assert data["absences"] == [{"from": "2030-01-01", "until": "2030-01-05"}]
    [assignment] = data["assignments"]
    assert (assignment["minutes"], assignment["allowance"], assignment["payout_month"]) == (
        100,
        "25.00",
        "2026-10-01",
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert (entry.actor, entry.object_id) == (volunteer.user, str(volunteer.pk))


def test_the_overview_lists_the_years_allowances_against_the_ceiling(signed_in, volunteer, centre):
    confirmed(centre, 150, person=volunteer)
    confirmed(centre, 90, person=volunteer)
    html = signed_in.get("/en/sprachmittlung/ehrenamt/").content.decode()
    assert "Paid so far this year: 60.00 €." in html
    assert "780.00 € of it are left" in html
    assert html.count("35.00 €") == 1 and html.count("25.00 €") == 1


def test_the_overview_costs_the_same_queries_for_one_or_three_paid_appointments(
    signed_in, volunteer, centre
):
    home = "/en/sprachmittlung/ehrenamt/"
    confirmed(centre, 90, person=volunteer)
    signed_in.get(home)  # warms the caches both counts share
    with CaptureQueriesContext(connection) as one:
        signed_in.get(home)
    confirmed(centre, 150, person=volunteer)
    confirmed(centre, 60, person=volunteer)
    signed_in.get(home)  # saving emptied the caches: warm them again
    with CaptureQueriesContext(connection) as three:
        assert signed_in.get(home).content.decode().count(" €</td>") == 3
    assert len(three) == len(one)
