"""The public application: stored whole or not at all, each mistake told at its field, the
coordinators told through the outbox, and the form limited per address."""

import time

import pytest
from django.core import signing
from django.test import override_settings

from mia.outbox.models import OutboxMessage
from mia.permissions.roles import Role
from mia.pool.models import Volunteer, VolunteerLanguage

from ..factories import member
from . import factories as pool

# in English: the messages compared are the source texts, whatever the translations say
URL = "/en/sprachmittlung/mitmachen/"


def _started(seconds_ago: float = 10) -> str:
    return signing.dumps(time.time() - seconds_ago, salt="mia.contact.form-started")


@pytest.fixture
def places(site_pages, centre):
    north = pool.district(centre, "Innenstadt-Nord")
    east = pool.district(centre, "Innenstadt-Ost", 51.51, 7.49)
    school = pool.topic(centre, "Elterngespräch")
    court = pool.topic(centre, "Gericht", excluded=True, explanation="Vereidigte Dolmetscher")
    return {"north": north, "east": east, "school": school, "court": court}


def _data(places, **overrides) -> dict:
    data = {
        "name": "Leyla Demir",
        "email": "Leyla@Example.org",
        "phone": "0231 123456",
        "german_level": "C1",
        "home_district": places["north"].pk,
        "districts": [places["north"].pk, places["east"].pk],
        "settings_accepted": ["on_site", "phone"],
        "gender": "female",
        "topics_declined": [places["school"].pk],
        "motivation": "Ich habe selbst erlebt, wie wichtig das ist.",
        "homepage": "",
        "started": _started(),
        "languages-TOTAL_FORMS": "3",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "12",
        "languages-0-language": "ar",
        "languages-0-dialect": "apc",
        "languages-0-level": "4",
        "languages-1-language": "ku",
        "languages-1-dialect": "kmr",
        "languages-1-level": "3",
        "languages-2-language": "",
        "languages-2-dialect": "",
        "languages-2-level": "",
    }
    data.update(overrides)
    return data


def test_application_is_stored_with_its_languages_and_coordinators_are_told(client, centre, places):
    coordinator = member(centre, Role.COORDINATOR, "pool", email="pool@example.org")
    response = client.post(URL, _data(places))
    assert response.status_code == 302
    assert response["Location"] == URL + "?gesendet=1"
    volunteer = Volunteer.objects.get()
    assert (volunteer.centre, volunteer.status, volunteer.email) == (
        centre,
        Volunteer.Status.APPLIED,
        "leyla@example.org",
    )
    assert volunteer.settings_accepted == ["on_site", "phone"]
    assert volunteer.home_district == places["north"]
    assert set(volunteer.districts.all()) == {places["north"], places["east"]}
    assert list(volunteer.topics_declined.all()) == [places["school"]]
    assert sorted(VolunteerLanguage.objects.values_list("language", "dialect", "level")) == [
        ("ar", "apc", 4),
        ("ku", "kmr", 3),
    ]
    mail = OutboxMessage.objects.get(purpose="pool.volunteer_applied")
    assert mail.to == [coordinator.email]
    # the notice carries no contact data: the record is read in the back office
    assert "0231" not in mail.body and "leyla@example.org" not in mail.body
    assert f"/verwaltung/pool/volunteers/inspect/{volunteer.pk}/" in mail.body
    # the applicant gets a receipt that says what comes next, and repeats no data but the name
    receipt = OutboxMessage.objects.get(purpose="pool.volunteer_received")
    assert receipt.to == ["leyla@example.org"]
    assert "What happens next" in receipt.body and "0231" not in receipt.body


def test_confirmation_page(client, places):
    response = client.get(URL + "?gesendet=1")
    assert response.status_code == 200
    assert "Thank you for your application" in response.content.decode()


def test_form_shows_three_language_rows_and_only_open_topics(client, places):
    html = client.get(URL).content.decode()
    assert html.count('name="languages-') >= 9 + 4  # three rows of three, and the management
    assert "Elterngespräch" in html
    assert "Gericht" not in html


def test_without_a_pool_coordinator_the_centre_hears_of_it(client, centre, places):
    client.post(URL, _data(places))
    assert OutboxMessage.objects.get(purpose="pool.volunteer_applied").to == [centre.email]


@pytest.mark.parametrize(
    ("overrides", "where", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"email": "keine-adresse"}, "email", "invalid"),
        ({"settings_accepted": []}, "settings_accepted", "required"),
        ({"german_level": ""}, "german_level", "required"),
        ({"home_district": "99999"}, "home_district", "invalid_choice"),
        ({"topics_declined": ["99999"]}, "topics_declined", "invalid_choice"),
        ({"gender": "robot"}, "gender", "invalid_choice"),
    ],
)
def test_bad_input_is_told_at_the_field_and_nothing_is_saved(
    client, places, overrides, where, code
):
    response = client.post(URL, _data(places, **overrides))
    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()[where]] == [code]
    # the message stands at the field, tied to it for screen readers
    assert f'id="id_{where}_error"' in response.content.decode()
    assert Volunteer.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_own_message_for_a_missing_way_of_mediating(client, places):
    response = client.post(URL, _data(places, settings_accepted=[]))
    assert response.context["form"].errors["settings_accepted"] == [
        "Please choose at least one way you can mediate."
    ]


def test_excluded_topic_cannot_be_sent(client, places):
    response = client.post(URL, _data(places, topics_declined=[places["court"].pk]))
    assert response.status_code == 400
    assert "topics_declined" in response.context["form"].errors


def test_unknown_language_is_refused_at_its_row(client, places):
    response = client.post(URL, _data(places, **{"languages-0-language": "xx"}))
    assert response.status_code == 400
    row = response.context["languages"].forms[0]
    assert row.errors["language"] == [
        "xx is not a language the pool knows. Please choose one from the list."
    ]
    assert Volunteer.objects.count() == 0


def test_variety_of_another_language_is_refused(client, places):
    response = client.post(URL, _data(places, **{"languages-0-dialect": "kmr"}))
    assert response.status_code == 400
    errors = response.context["languages"].forms[0].errors["dialect"]
    # the variety by the pool's own name, the language with its own name for itself
    assert errors == ["Kurmanji (Northern Kurdish) is not a variety of Arabic (العربية)."]


def test_row_without_level_is_refused(client, places):
    response = client.post(URL, _data(places, **{"languages-1-level": ""}))
    assert response.context["languages"].forms[1].errors["level"] == [
        "Please say how well you speak it."
    ]


def test_no_language_at_all_is_refused(client, places):
    empty = {f"languages-{i}-{f}": "" for i in range(3) for f in ("language", "dialect", "level")}
    response = client.post(URL, _data(places, **empty))
    assert response.status_code == 400
    assert response.context["languages"].non_form_errors() == [
        "Please give at least one language you can mediate."
    ]
    assert Volunteer.objects.count() == 0


def test_same_language_twice_is_refused(client, places):
    response = client.post(
        URL,
        _data(places, **{"languages-1-language": "ar", "languages-1-dialect": "apc"}),
    )
    assert response.status_code == 400
    assert "is given twice" in response.context["languages"].non_form_errors()[0]


def test_error_summary_links_to_the_fields(client, places):
    response = client.post(URL, _data(places, name="", **{"languages-0-level": ""}))
    html = response.content.decode()
    assert 'href="#id_name"' in html
    assert 'href="#id_languages-0-level"' in html
    assert 'aria-invalid="true"' in html


def test_bots_filling_the_hidden_field_are_refused(client, places):
    response = client.post(URL, _data(places, homepage="http://spam.example"))
    assert response.status_code == 400
    assert Volunteer.objects.count() == 0


def test_too_fast_is_refused(client, places):
    response = client.post(URL, _data(places, started=_started(seconds_ago=0.5)))
    assert response.status_code == 400
    assert Volunteer.objects.count() == 0


@override_settings(MIA_FORM_RATE="2/h")
def test_applications_are_limited_per_address(client, places):
    for number in range(2):
        assert client.post(URL, _data(places, email=f"a{number}@example.org")).status_code == 302
    response = client.post(URL, _data(places, email="a3@example.org"))
    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert Volunteer.objects.count() == 2


def test_application_service_refuses_another_centres_district(centre, other_centre):
    from django.core.exceptions import ValidationError

    from mia.pool import volunteers

    foreign = pool.district(other_centre, "Wattenscheid")
    with pytest.raises(ValidationError) as refused:
        volunteers.apply(
            centre,
            {
                "name": "A",
                "email": "a@example.org",
                "settings_accepted": ["phone"],
                "districts": [foreign],
                "languages": [{"language": "tr", "dialect": "", "level": 3}],
            },
        )
    assert list(refused.value.message_dict) == ["districts"]
    assert Volunteer.objects.count() == 0


def test_application_service_refuses_unknown_language(centre):
    from django.core.exceptions import ValidationError

    from mia.pool import volunteers

    with pytest.raises(ValidationError) as refused:
        volunteers.apply(
            centre,
            {
                "name": "A",
                "email": "a@example.org",
                "settings_accepted": ["phone"],
                "languages": [{"language": "qqq", "dialect": "", "level": 3}],
            },
        )
    assert refused.value.message_dict["languages"] == [
        "qqq is not a language code MIA knows (ISO 639)."
    ]
    assert Volunteer.objects.count() == 0


def test_german_page_is_the_default(client, places):
    response = client.get("/sprachmittlung/mitmachen/")
    assert response.status_code == 200
    assert '<html lang="de"' in response.content.decode()


def test_arabic_page_is_right_to_left(client, places):
    html = client.get("/ar/sprachmittlung/mitmachen/").content.decode()
    assert 'dir="rtl"' in html


def test_apply_page_loads_nothing_from_another_host_and_sets_only_the_csrf_cookie(client, places):
    from ..test_security import _assert_self_contained

    response = client.get(URL)
    _assert_self_contained(response.content.decode())
    assert set(response.cookies) == {"csrftoken"}
    # the privacy notice says what the registry declares, and links the privacy page
    assert "Art. 6 (1) (b) GDPR" in response.content.decode()
    assert 'href="/datenschutz/"' in response.content.decode()
