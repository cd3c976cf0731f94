"""Requests for a mediator: the rules (`mia.pool.requests`) and the institution's pages."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from mia.organisations.models import OrganisationMember
from mia.outbox.models import OutboxMessage
from mia.permissions.roles import Role
from mia.pool import requests
from mia.pool.models import Assignment, Institution, Offer, PoolSettings, Request, Setting

from ..factories import member, sign_in
from .factories import district, institution, next_weekday, request, topic, volunteer

pytestmark = pytest.mark.django_db


def contact_of(the_institution: Institution, email: str = "kontakt@schule.example"):
    user = member(the_institution.centre, Role.INSTITUTION_CONTACT, email=email)
    OrganisationMember.objects.create(organisation=the_institution.organisation, user=user)
    return user


@pytest.fixture
def school(centre):
    return institution(centre)


@pytest.fixture
def contact(client, school):
    user = contact_of(school)
    sign_in(client, user, second_factor=False)
    return user


@pytest.fixture
def coordinator(centre):
    return member(centre, Role.COORDINATOR, "pool", email="koordination@ki.example")


def data(centre, **changes) -> dict:
    values = {
        "language": "ar",
        "dialect": "apc",
        "starts_at": next_weekday(14),
        "minutes": 90,
        "setting": Setting.ON_SITE,
        "place": "Mallinckrodtstraße 100",
        "district": district(centre),
        "topic": topic(centre),
        "gender_wish": "",
        "notes": "Erstes Gespräch nach der Anmeldung",
        "contact_name": "Frau Beispiel",
        "contact_phone": "0231 000000",
    }
    return {**values, **changes}


def form(centre, **changes) -> dict:
    """What the browser sends for `data(centre, **changes)`."""
    values = data(centre)
    local = timezone.localtime(values.pop("starts_at"))
    values.update(
        {
            "day": local.date().isoformat(),
            "start": local.strftime("%H:%M"),
            "district": values["district"].pk,
            "topic": values["topic"].pk,
        }
    )
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


# -- the rules --------------------------------------------------------------------------------


def test_submit_stores_the_request_and_tells_the_coordinators(centre, school, coordinator):
    user = contact_of(school)
    made = requests.submit(school, user, data(centre))
    assert made.status == Request.Status.OPEN
    assert made.requested_by == user
    assert made.urgent is False
    assert (made.language, made.dialect, made.minutes) == ("ar", "apc", 90)
    mail = OutboxMessage.objects.get()
    assert mail.to == ["koordination@ki.example"]
    assert mail.subject.startswith("New request for ")
    assert "Grundschule am Nordmarkt" in mail.body


def test_without_pool_coordinators_the_centre_address_hears_of_it(centre, school):
    centre.email = "ki@dortmund.example"
    centre.save()
    requests.submit(school, contact_of(school), data(centre))
    assert OutboxMessage.objects.get().to == ["ki@dortmund.example"]


def test_a_short_notice_request_is_taken_and_flagged_urgent(centre, school, coordinator):
    made = requests.submit(
        school, None, data(centre, starts_at=timezone.now() + datetime.timedelta(days=1))
    )
    assert made.urgent is True
    assert OutboxMessage.objects.get().subject.startswith("URGENT: ")


def test_phone_and_video_need_no_address_and_keep_none(centre, school):
    made = requests.submit(
        school, None, data(centre, setting=Setting.PHONE, place="Irgendwo 1", district=None)
    )
    assert (made.place, made.district) == ("", None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"language": "xx"},
            "language",
            "We do not know this language. Please choose it from the list.",
        ),
        (
            {"language": "tr", "dialect": "apc"},
            "dialect",
            "This variety does not belong to the language chosen. Please choose one of the list, or none.",
        ),
        (
            {"minutes": 5},
            "minutes",
            "An appointment lasts from 15 minutes up to 4 hours. For a longer one, please make two requests.",
        ),
        (
            {"minutes": 241},
            "minutes",
            "An appointment lasts from 15 minutes up to 4 hours. For a longer one, please make two requests.",
        ),
        ({"place": "  "}, "place", "Please give the address where the appointment takes place."),
        ({"district": None}, "district", "Please choose the district of the address."),
    ],
)
def test_what_the_pool_cannot_take_is_refused_at_its_field(centre, changes, field, message):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        requests.check(centre, data(centre, **changes))
    assert refused.value.message_dict == {field: [message]}


def test_a_request_in_the_past_is_refused(centre):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        requests.check(
            centre, data(centre, starts_at=timezone.now() - datetime.timedelta(minutes=1))
        )
    assert refused.value.message_dict == {
        "starts_at": ["This time has passed already. Please check the date and the start time."]
    }


def test_an_excluded_topic_is_refused_with_its_explanation(centre):
    court = topic(
        centre, "Gericht", excluded=True, explanation="Dafür braucht es vereidigte Dolmetscher."
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        requests.check(centre, data(centre, topic=court))
    assert refused.value.message_dict == {
        "topic": [
            "The pool does not take appointments on “Gericht”. Dafür braucht es vereidigte Dolmetscher."
        ]
    }


def test_another_centres_topic_and_district_are_refused(centre, other_centre):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        requests.check(
            centre, data(centre, topic=topic(other_centre), district=district(other_centre))
        )
    assert refused.value.message_dict == {
        "district": ["Please choose a district from the list."],
        "topic": ["Please choose a topic from the list."],
    }


@pytest.mark.parametrize(
    "status",
    [Institution.Status.PENDING, Institution.Status.SUSPENDED, Institution.Status.REJECTED],
)
def test_only_an_approved_institution_requests(centre, status):
    waiting = institution(centre, "Kita Sonnenschein", status=status)
    with translation.override("en"), pytest.raises(requests.RequestError) as refused:
        requests.submit(waiting, None, data(centre))
    assert refused.value.message == "Your institution is not approved for requests at the moment."
    assert not Request.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_refused_request_leaves_nothing_behind(centre, school, coordinator):
    with pytest.raises(ValidationError):
        requests.submit(school, None, data(centre, minutes=0))
    assert not Request.objects.exists()
    assert not OutboxMessage.objects.exists()


# -- cancelling -------------------------------------------------------------------------------


def assigned(centre, school, starts_at):
    asked = request(centre, school, starts_at=starts_at, status=Request.Status.ASSIGNED)
    person = volunteer(centre, "Amira Beispiel", email="amira@example.org")
    Assignment.objects.create(
        centre=centre,
        request=asked,
        volunteer=person,
        starts_at=asked.starts_at,
        ends_at=asked.ends_at,
    )
    return asked


def test_cancelling_ends_the_request_its_assignment_and_open_offers(centre, school, coordinator):
    asked = assigned(centre, school, next_weekday(10))
    waiting = volunteer(centre)
    Offer.objects.create(
        centre=centre,
        request=asked,
        volunteer=waiting,
        token_hash="x" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    user = contact_of(school)
    now = timezone.now()
    done = requests.cancel_request(asked, user, "  Die Familie ist verzogen. ", now=now)
    assert done.status == Request.Status.CANCELLED
    assert (done.cancelled_at, done.cancelled_by_institution) == (now, True)
    assert done.cancel_reason == "Die Familie ist verzogen."
    # twelve months on (the default retention), not 365 days: the same moment a year later
    assert done.erase_after == now + relativedelta(months=12)
    assignment = Assignment.objects.get()
    assert (assignment.status, assignment.cancelled_at) == (
        Assignment.Status.CANCELLED_INSTITUTION,
        now,
    )
    assert Offer.objects.get().status == Offer.Status.WITHDRAWN
    mails = {tuple(m.to): m for m in OutboxMessage.objects.all()}
    assert set(mails) == {("koordination@ki.example",), ("amira@example.org",)}
    assert "late cancellation" not in mails[("amira@example.org",)].body
    assert mails[("koordination@ki.example",)].subject.startswith("Cancelled: request for ")


def test_a_late_cancellation_is_said_to_the_volunteer_and_coordinators(centre, school, coordinator):
    asked = assigned(centre, school, timezone.now() + datetime.timedelta(hours=5))
    assert requests.is_late(asked, PoolSettings.for_centre(centre)) is True
    requests.cancel_request(asked, None, "Krank")
    bodies = " ".join(OutboxMessage.objects.values_list("body", flat=True))
    assert "paid for a late cancellation" in bodies
    assert "allowance for a late cancellation" in bodies


def test_without_an_assignment_a_short_notice_cancellation_is_not_late(centre, school):
    asked = request(centre, school, starts_at=timezone.now() + datetime.timedelta(hours=5))
    assert requests.is_late(asked, PoolSettings.for_centre(centre)) is False


def test_the_retention_follows_the_pools_setting(centre, school):
    pool = PoolSettings.for_centre(centre)
    pool.retention_months = 3
    pool.save()
    now = timezone.now()
    done = requests.cancel_request(request(centre, school), None, "Termin entfällt", now=now)
    assert 89 <= (done.erase_after - now).days <= 92


@pytest.mark.parametrize(
    "status", [Request.Status.CANCELLED, Request.Status.DONE, Request.Status.UNFILLED]
)
def test_an_ended_request_cannot_be_cancelled(centre, school, status):
    asked = request(centre, school, status=status)
    with translation.override("en"), pytest.raises(requests.RequestError) as refused:
        requests.cancel_request(asked, None, "Grund")
    assert refused.value.message == "This request can no longer be cancelled."


def test_a_begun_appointment_cannot_be_cancelled(centre, school):
    asked = request(centre, school, starts_at=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(requests.RequestError):
        requests.cancel_request(asked, None, "Grund")
    assert Request.objects.get().status == Request.Status.OPEN


def test_a_cancellation_needs_a_reason(centre, school):
    with translation.override("en"), pytest.raises(requests.RequestError) as refused:
        requests.cancel_request(request(centre, school), None, "   ")
    assert refused.value.message == "Please say why you cancel."
    assert Request.objects.get().status == Request.Status.OPEN


# -- the pages --------------------------------------------------------------------------------


def test_the_form_lists_excluded_topics_with_their_explanation(client, centre, contact):
    topic(
        centre,
        "Polizei",
        excluded=True,
        explanation="Bitte wenden Sie sich an vereidigte Dolmetscher.",
    )
    response = client.get("/en/sprachmittlung/anfrage/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Polizei – not taken by the pool" in html
    assert "Bitte wenden Sie sich an vereidigte Dolmetscher." in html
    assert 'name="confirm_urgent"' not in html
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )


def test_a_request_sent_by_the_form_lands_on_its_page(client, centre, contact, school):
    response = client.post("/en/sprachmittlung/anfrage/", form(centre))
    made = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pool:request_detail", kwargs={"pk": made.pk})
    assert (made.institution, made.requested_by, made.urgent) == (school, contact, False)


def test_a_short_notice_request_asks_for_a_confirmation_first(client, centre, contact):
    tomorrow = next_weekday(1)
    sent = form(centre, day=timezone.localtime(tomorrow).date().isoformat())
    response = client.post("/en/sprachmittlung/anfrage/", sent)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This request is short notice" in html
    assert "Please confirm that you know the request is short notice." in html
    assert not Request.objects.exists()
    response = client.post("/en/sprachmittlung/anfrage/", {**sent, "confirm_urgent": "on"})
    assert response.status_code == 302
    assert Request.objects.get().urgent is True


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"language": "xx"}, "We do not know this language. Please choose it from the list."),
        ({"language": ""}, "Please choose the language."),
        (
            {"day": "2020-01-06"},
            "This time has passed already. Please check the date and the start time.",
        ),
        ({"day": "morgen"}, "Please give the date as day, month and year."),
        ({"start": "25:00"}, "Please give the time as hours and minutes, e.g. 14:30."),
        ({"minutes": "300"}, "An appointment lasts from 15 minutes up to 4 hours."),
        ({"minutes": "eine Stunde"}, "Please give the duration as a number of minutes, e.g. 60."),
        ({"setting": "letter"}, "Select a valid choice"),
        ({"place": ""}, "Please give the address where the appointment takes place."),
        ({"district": ""}, "Please choose the district of the address."),
        ({"district": "999999"}, "Please choose a district from the list."),
        ({"topic": ""}, "Please choose the topic of the appointment."),
        ({"topic": "999999"}, "Please choose a topic from the list."),
        ({"notes": "x" * 2001}, "Ensure this value has at most 2000 characters"),
    ],
)
def test_each_bad_input_is_refused_with_its_message(client, centre, contact, changes, message):
    response = client.post("/en/sprachmittlung/anfrage/", form(centre, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Request.objects.exists()


def test_an_excluded_topic_is_refused_at_the_field(client, centre, contact):
    court = topic(centre, "Gericht", excluded=True, explanation="Nur mit vereidigten Dolmetschern.")
    response = client.post("/en/sprachmittlung/anfrage/", form(centre, topic=court.pk))
    assert response.status_code == 400
    assert 'id="id_topic_error"' in response.content.decode()
    assert "Nur mit vereidigten Dolmetschern." in response.content.decode()
    assert not Request.objects.exists()


def test_a_time_the_clocks_skip_is_refused(client, centre, contact):
    # the last Sunday of March 2027: 02:30 does not exist in Germany
    response = client.post(
        "/en/sprachmittlung/anfrage/", form(centre, day="2027-03-28", start="02:30")
    )
    assert response.status_code == 400
    assert "This time does not exist on that day" in response.content.decode()


def test_a_contact_of_several_institutions_chooses_one(client, centre, contact):
    kita = institution(centre, "Kita Regenbogen", kind=Institution.Kind.DAY_CARE)
    OrganisationMember.objects.create(organisation=kita.organisation, user=contact)
    response = client.post("/en/sprachmittlung/anfrage/", form(centre, institution=kita.pk))
    assert response.status_code == 302
    assert Request.objects.get().institution == kita


def test_a_suspended_institutions_contact_cannot_request(client, centre, contact, school):
    Institution.objects.filter(pk=school.pk).update(status=Institution.Status.SUSPENDED)
    assert client.get("/en/sprachmittlung/anfrage/").status_code == 403
    response = client.get("/en/sprachmittlung/anfragen/")
    assert response.status_code == 200
    assert "New requests are not possible at the moment." in response.content.decode()


def test_an_account_without_the_contact_role_is_not_a_contact(client, site_pages, centre, school):
    user = member(centre, Role.ORGANISATION_MEMBER)
    OrganisationMember.objects.create(organisation=school.organisation, user=user)
    sign_in(client, user, second_factor=False)
    assert client.get("/en/sprachmittlung/anfrage/").status_code == 403
    assert client.get("/en/sprachmittlung/anfragen/").status_code == 403


def test_the_list_shows_coming_appointments_first_with_the_status_in_words(
    client, centre, contact, school
):
    later = request(centre, school, starts_at=next_weekday(20))
    sooner = request(centre, school, starts_at=next_weekday(8), status=Request.Status.ASSIGNED)
    past = request(
        centre,
        school,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        status=Request.Status.DONE,
    )
    theirs = request(centre, institution(centre, "Andere Schule"))
    response = client.get("/en/sprachmittlung/anfragen/")
    html = response.content.decode()
    links = [reverse("pool:request_detail", kwargs={"pk": r.pk}) for r in (sooner, later, past)]
    positions = [html.index(f'href="{link}"') for link in links]
    assert positions == sorted(positions)
    assert reverse("pool:request_detail", kwargs={"pk": theirs.pk}) not in html
    assert "A mediator is coming." in html
    assert "Done: the hours are confirmed." in html


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_costs_the_same_queries_for_one_or_three_requests(
    client, centre, contact, school, count, django_assert_num_queries
):
    for days in range(count):
        request(centre, school, starts_at=next_weekday(8 + days))
    client.get("/en/sprachmittlung/anfragen/")  # the session and site are warm
    with django_assert_num_queries(QUERIES_FOR_THE_LIST):
        response = client.get("/en/sprachmittlung/anfragen/")
    assert response.status_code == 200


QUERIES_FOR_THE_LIST = 5


def test_the_detail_names_only_the_mediators_first_name(client, centre, contact, school):
    asked = assigned(centre, school, next_weekday(10))
    response = client.get(reverse("pool:request_detail", kwargs={"pk": asked.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Amira" in html
    assert "Beispiel" not in html.replace("Frau Beispiel", "")
    assert "amira@example.org" not in html


def test_another_institutions_request_looks_like_none(client, centre, contact):
    theirs = request(centre, institution(centre, "Andere Schule"))
    assert client.get(reverse("pool:request_detail", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.get(reverse("pool:request_cancel", kwargs={"pk": theirs.pk})).status_code == 404
    assert (
        client.post(
            reverse("pool:request_cancel", kwargs={"pk": theirs.pk}), {"reason": "x"}
        ).status_code
        == 404
    )
    assert Request.objects.get().status == Request.Status.OPEN


def test_the_cancel_page_warns_of_a_late_cancellation(client, centre, contact, school):
    asked = assigned(centre, school, timezone.now() + datetime.timedelta(hours=3))
    html = client.get(f"/en/sprachmittlung/anfragen/{asked.pk}/absagen/").content.decode()
    assert "This is a late cancellation" in html
    response = client.post(f"/en/sprachmittlung/anfragen/{asked.pk}/absagen/", {"reason": ""})
    assert response.status_code == 400
    assert "Please say why you cancel." in response.content.decode()
    assert Request.objects.get().status == Request.Status.ASSIGNED
    response = client.post(
        f"/en/sprachmittlung/anfragen/{asked.pk}/absagen/", {"reason": "Schule geschlossen"}
    )
    assert response.status_code == 302
    assert Request.objects.get().status == Request.Status.CANCELLED


def test_the_cancel_page_without_an_assignment_does_not_warn(client, centre, contact, school):
    asked = request(centre, school, starts_at=timezone.now() + datetime.timedelta(hours=3))
    html = client.get(f"/en/sprachmittlung/anfragen/{asked.pk}/absagen/").content.decode()
    assert "This is a late cancellation" not in html


def test_an_ended_request_offers_no_cancellation(client, centre, contact, school):
    asked = request(centre, school, status=Request.Status.CANCELLED)
    detail = client.get(reverse("pool:request_detail", kwargs={"pk": asked.pk})).content.decode()
    assert "/absagen/" not in detail
    response = client.get(reverse("pool:request_cancel", kwargs={"pk": asked.pk}))
    assert response.status_code == 302


def test_the_form_starts_with_the_institutions_address(client, centre, contact, school):
    school.street, school.postcode, school.city = "Schulstraße 1", "44147", "Dortmund"
    school.district = district(centre)
    school.save()
    form_shown = client.get("/en/sprachmittlung/anfrage/").context["form"]
    assert form_shown["place"].value() == "Schulstraße 1, 44147 Dortmund"
    assert str(form_shown["district"].value()) == str(school.district_id)
    html = client.get("/en/sprachmittlung/anfrage/").content.decode()
    # asked for on site, so not marked optional
    label = html.split('for="id_place"')[1].split("</label>")[0]
    assert "optional" not in label
