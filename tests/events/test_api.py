"""The JSON API: public events and venues of the asking host's centre, as open data."""

import datetime
import json

import pytest
from django.utils import translation
from drf_spectacular.validation import validate_schema
from wagtail.models import Locale

from mia.events import services
from mia.events.models import Event, Venue
from mia.organisations.models import Organisation
from mia.permissions.roles import Role

from ..factories import (
    berlin,
    edition,
    event,
    make_image,
    member,
    organisation,
    sign_in,
    venue,
)

EVENTS = "/api/v1/events/"
VENUES = "/api/v1/venues/"


@pytest.fixture
def festival(centre):
    return edition(centre)


@pytest.fixture
def verein(centre):
    return organisation(centre, website="https://planerladen.example")


@pytest.fixture
def keuning(centre):
    return venue(centre, accessibility_notes="Aufzug am Seiteneingang")


@pytest.fixture
def reading(centre, festival, verein, keuning):
    return event(
        centre,
        edition=festival,
        organisation=verein,
        venue=keuning,
        languages=["de", "tr"],
        is_free=False,
        price="5 €, ermäßigt 3 €",
        registration_required=True,
        registration_info="Per Mail an die Bücherei",
        registration_url="https://anmeldung.example/lesung",
        age_min=12,
        target_group="Jugendliche und Erwachsene",
        contact_email="privat@example.org",
        contact_phone="0231 123456",
    )


def translation_of(original, language: str, **text):
    copy = original.copy_for_translation(Locale.objects.get_or_create(language_code=language)[0])
    for field, value in text.items():
        setattr(copy, field, value)
    copy.save()
    return copy


def get_json(client, url: str, params=None, **headers):
    response = client.get(url, params or {}, headers=headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def titles(data) -> list[str]:
    return [item["title"] for item in data["results"]]


# -- the representation ----------------------------------------------------------------------


def test_event_list_shows_everything_the_programme_shows(
    client, reading, festival, verein, keuning
):
    data = get_json(client, EVENTS)
    assert data["count"] == 1
    assert data["next"] is None
    assert data["previous"] is None
    (item,) = data["results"]
    with translation.override("de"):
        label = str(reading.get_category_display())
    assert item == {
        "id": reading.pk,
        "url": f"http://testserver/veranstaltung/{reading.pk}-lesung-geschichten-aus-der-nordstadt/",
        "ical_url": f"http://testserver/veranstaltung/{reading.pk}.ics",
        "api_url": f"http://testserver/api/v1/events/{reading.pk}/",
        "title": "Lesung: Geschichten aus der Nordstadt",
        "summary": "Autorinnen lesen aus ihren Büchern.",
        "description": "",
        "content_language": "de",
        "category": {"code": "talk", "label": label},
        "state": "published",
        "cancellation_reason": None,
        "dates": [{"start": "2026-06-21T18:00:00+02:00", "end": "2026-06-21T20:00:00+02:00"}],
        "venue": {
            "id": keuning.pk,
            "url": f"http://testserver/api/v1/venues/{keuning.pk}/",
            "name": "Dietrich-Keuning-Haus",
            "street": "Leopoldstraße 50–58",
            "postcode": "44147",
            "city": "Dortmund",
            "address": "Leopoldstraße 50–58, 44147 Dortmund",
            "district": "Innenstadt-Nord",
            "latitude": 51.5219,
            "longitude": 7.4653,
            "accessibility": {
                "step_free": "yes",
                "accessible_toilet": "unknown",
                "induction_loop": "unknown",
                "notes": "Aufzug am Seiteneingang",
            },
            "map_url": keuning.map_url,
            "updated_at": item["venue"]["updated_at"],
        },
        "attendance": "on_site",
        "online_url": None,
        "languages": ["de", "tr"],
        "is_free": False,
        "price": "5 €, ermäßigt 3 €",
        "target_group": "Jugendliche und Erwachsene",
        "age_min": 12,
        "age_max": None,
        "family_friendly": False,
        "registration": {
            "required": True,
            "info": "Per Mail an die Bücherei",
            "url": "https://anmeldung.example/lesung",
        },
        "organiser": {
            "id": verein.pk,
            "name": "Planerladen e.V.",
            "website": "https://planerladen.example",
        },
        "edition": {"slug": "internationale-woche-2026", "name": "Internationale Woche 2026"},
        "image": None,
        "sequence": 0,
        "updated_at": item["updated_at"],
    }
    assert datetime.datetime.fromisoformat(item["updated_at"]) == reading.updated_at


def test_no_personal_contact_details_are_published(client, reading):
    raw = client.get(EVENTS).content.decode()
    assert "privat@example.org" not in raw
    assert "0231 123456" not in raw
    assert "kontakt@planerladen.example" not in raw  # the organisation's own address


def test_online_event_has_no_venue_but_its_link(client, centre, keuning):
    online = event(
        centre, attendance="online", online_url="https://meet.example/abc", venue=keuning
    )
    item = get_json(client, f"{EVENTS}{online.pk}/")
    assert item["venue"] is None
    assert item["online_url"] == "https://meet.example/abc"


def test_cancelled_event_is_listed_with_its_reason(client, reading):
    office = member(reading.centre, Role.COORDINATOR, domain="events")
    services.transition(reading, "cancel", office, message="Die Autorin ist erkrankt.")
    item = get_json(client, f"{EVENTS}{reading.pk}/")
    assert item["state"] == "cancelled"
    assert item["cancellation_reason"] == "Die Autorin ist erkrankt."
    assert item["sequence"] == 1


def test_image_with_alt_text_and_rights(client, centre):
    pictured = event(
        centre, image=make_image("Lesung"), image_alt="Zwei Frauen lesen", image_rights="Foto: KI"
    )
    image = get_json(client, f"{EVENTS}{pictured.pk}/")["image"]
    assert image["url"].startswith("http://testserver/media/original_images/")
    assert (image["width"], image["height"]) == (64, 36)
    assert (image["alt"], image["rights"]) == ("Zwei Frauen lesen", "Foto: KI")


def test_events_are_ordered_by_their_first_date(client, centre, festival):
    day = festival.starts_on
    late = event(centre, title="Spät", dates=[(berlin(day, 20), berlin(day, 21))])
    early = event(centre, title="Früh", dates=[(berlin(day, 9), berlin(day, 10))])
    series = event(
        centre,
        title="Reihe",
        dates=[
            (berlin(day, 15), berlin(day, 16)),
            (
                berlin(day + datetime.timedelta(days=1), 8),
                berlin(day + datetime.timedelta(days=1), 9),
            ),
        ],
    )
    assert [i["id"] for i in get_json(client, EVENTS)["results"]] == [early.pk, series.pk, late.pk]


# -- languages -------------------------------------------------------------------------------


def test_lang_parameter_gives_the_translation(client, reading):
    translation_of(reading, "en", title="Reading: stories from the Nordstadt", summary="")
    item = get_json(client, EVENTS, {"lang": "en"})["results"][0]
    assert item["title"] == "Reading: stories from the Nordstadt"
    assert item["summary"] == "Autorinnen lesen aus ihren Büchern."  # empty: the original's
    assert item["content_language"] == "en"
    assert item["url"].startswith(f"http://testserver/en/veranstaltung/{reading.pk}-")
    with translation.override("en"):
        assert item["category"]["label"] == str(reading.get_category_display())


def test_accept_language_gives_the_translation(client, reading):
    translation_of(reading, "tr", title="Okuma")
    response = client.get(EVENTS, headers={"Accept-Language": "fr;q=1, tr-TR;q=0.8, de;q=0.5"})
    assert response.json()["results"][0]["title"] == "Okuma"
    assert response["Content-Language"] == "tr"
    assert "Accept-Language" in response["Vary"]


def test_lang_parameter_wins_over_accept_language(client, reading):
    translation_of(reading, "tr", title="Okuma")
    data = get_json(client, EVENTS, {"lang": "de"}, **{"Accept-Language": "tr"})
    assert titles(data) == ["Lesung: Geschichten aus der Nordstadt"]


def test_without_translation_the_original_is_named(client, reading):
    item = get_json(client, EVENTS, {"lang": "ar"})["results"][0]
    assert item["title"] == "Lesung: Geschichten aus der Nordstadt"
    assert item["content_language"] == "de"


def test_a_language_the_centre_does_not_offer_falls_back(client, reading):
    response = client.get(EVENTS, {"lang": "fr"})
    assert response["Content-Language"] == "de"


# -- who sees what ---------------------------------------------------------------------------


def test_only_public_events_of_this_centre(client, centre, other_centre, festival):
    event(centre, title="Veröffentlicht")
    event(centre, title="Abgesagt", state="cancelled")
    for state in ("draft", "submitted", "changes_requested", "accepted", "rejected", "withdrawn"):
        event(centre, title=state, state=state)
    theirs = event(other_centre, title="Bochum")
    assert sorted(titles(get_json(client, EVENTS))) == ["Abgesagt", "Veröffentlicht"]
    assert client.get(f"{EVENTS}{theirs.pk}/").status_code == 404
    response = client.get(EVENTS, HTTP_HOST="bochum.test")
    assert titles(response.json()) == ["Bochum"]


def test_hidden_event_and_translation_rows_are_not_found(client, centre, reading):
    draft = event(centre, state="draft")
    english = translation_of(reading, "en", title="Reading")
    assert client.get(f"{EVENTS}{draft.pk}/").status_code == 404
    assert client.get(f"{EVENTS}{english.pk}/").status_code == 404
    assert client.get(f"{EVENTS}{english.pk}/")["Content-Type"] == "application/json"


def test_signed_in_staff_see_the_same_open_data(client, centre, reading):
    event(centre, title="Entwurf", state="draft")
    sign_in(client, member(centre, Role.CENTRE_ADMIN))
    assert titles(get_json(client, EVENTS)) == ["Lesung: Geschichten aus der Nordstadt"]


# -- filters ---------------------------------------------------------------------------------


@pytest.fixture
def programme(centre, festival, verein, keuning):
    stairs = venue(centre, name="Kellerclub", district="Hörde", step_free="no")
    day = festival.starts_on
    made = {
        "fest": event(
            centre,
            title="Münsterstraßenfest",
            category="festival",
            edition=festival,
            venue=keuning,
            family_friendly=True,
            languages=["de", "tr", "ar"],
            dates=[(berlin(day, 12), berlin(day, 20))],
        ),
        "film": event(
            centre,
            title="Filmabend im Keller",
            description="Ein Dokumentarfilm über Ankommen.",
            category="film",
            edition=festival,
            organisation=verein,
            venue=stairs,
            is_free=False,
            price="4 €",
            dates=[
                (
                    berlin(day + datetime.timedelta(days=3), 19),
                    berlin(day + datetime.timedelta(days=3), 21),
                )
            ],
        ),
        "online": event(
            centre,
            title="Digitales Sprachcafé",
            category="talk",
            attendance="online",
            online_url="https://meet.example/cafe",
            languages=["uk"],
            dates=[
                (
                    berlin(day + datetime.timedelta(days=6), 17),
                    berlin(day + datetime.timedelta(days=6), 18),
                )
            ],
        ),
    }
    return made


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["fest", "film", "online"]),
        ({"edition": "internationale-woche-2026"}, ["fest", "film"]),
        ({"category": "film"}, ["film"]),
        ({"district": "hörde"}, ["film"]),
        ({"language": "tr"}, ["fest"]),
        ({"language": "uk"}, ["online"]),
        ({"free": "true"}, ["fest", "online"]),
        ({"free": "false"}, ["film"]),
        ({"family": "true"}, ["fest"]),
        ({"accessible": "true"}, ["fest"]),
        ({"online": "true"}, ["online"]),
        ({"online": "false"}, ["fest", "film"]),
        ({"from": "2026-06-24"}, ["film", "online"]),
        ({"to": "2026-06-24"}, ["fest", "film"]),
        ({"from": "2026-06-22", "to": "2026-06-26"}, ["film"]),
        ({"q": "dokumentarfilm"}, ["film"]),
        ({"q": "sprachcafé digitales"}, ["online"]),
        ({"category": "festival", "family": "true", "accessible": "true"}, ["fest"]),
        ({"category": "festival", "online": "true"}, []),
    ],
)
def test_filters(client, programme, params, expected):
    names = {e.pk: name for name, e in programme.items()}
    data = get_json(client, EVENTS, params)
    assert [names[i["id"]] for i in data["results"]] == expected
    assert data["count"] == len(expected)


def test_organisation_filter(client, programme, verein):
    assert titles(get_json(client, EVENTS, {"organisation": verein.pk})) == ["Filmabend im Keller"]


def test_text_search_finds_translations(client, programme):
    translation_of(programme["fest"], "en", title="Münsterstraße street festival")
    assert titles(get_json(client, EVENTS, {"q": "street"})) == ["Münsterstraßenfest"]


def test_date_range_needs_one_date_inside_it(client, centre):
    june = [
        (berlin(datetime.date(2026, 6, d), 10), berlin(datetime.date(2026, 6, d), 11))
        for d in (1, 30)
    ]
    event(centre, title="Anfang und Ende", dates=june)
    assert titles(get_json(client, EVENTS, {"from": "2026-06-10", "to": "2026-06-20"})) == []
    assert titles(get_json(client, EVENTS, {"from": "2026-06-10"})) == ["Anfang und Ende"]


@pytest.mark.parametrize(
    "params",
    [
        {"category": "party"},
        {"from": "2026-13-45"},
        {"organisation": "abc"},
        {"organisation": "1.5"},
        {"language": "xx"},
    ],
)
def test_invalid_filters_answer_400_with_the_reason(client, programme, params):
    response = client.get(EVENTS, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == list(params)
    assert "ETag" not in response


# -- pagination ------------------------------------------------------------------------------


def test_pagination(client, centre):
    for n in range(5):
        event(centre, title=f"Veranstaltung {n}")
    first = get_json(client, EVENTS, {"page_size": 2})
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["next"] == "http://testserver/api/v1/events/?page=2&page_size=2"
    last = get_json(client, EVENTS, {"page_size": 2, "page": 3})
    assert len(last["results"]) == 1
    assert last["next"] is None
    assert client.get(EVENTS, {"page": 9}).status_code == 404


def test_page_size_is_capped(client, centre):
    from mia.core.api import Pagination

    assert (Pagination.page_size, Pagination.max_page_size) == (50, 200)
    event(centre)
    assert get_json(client, EVENTS, {"page_size": 100000})["count"] == 1


# -- conditional requests ----------------------------------------------------------------------


def test_unchanged_list_answers_304_after_one_query(client, reading, django_assert_num_queries):
    first = client.get(EVENTS, {"category": "talk"})
    assert first["ETag"] and first["Last-Modified"]
    with django_assert_num_queries(1):
        again = client.get(EVENTS, {"category": "talk"}, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    assert again["ETag"] == first["ETag"]
    since = client.get(
        EVENTS, {"category": "talk"}, headers={"If-Modified-Since": first["Last-Modified"]}
    )
    assert since.status_code == 304


def test_renaming_the_organiser_gives_the_list_and_the_event_a_new_version(client, reading, verein):
    # everything changed yesterday, so that a change now is one Last-Modified can tell
    yesterday = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    for model in (Event, Venue, Organisation):
        model.objects.update(updated_at=yesterday)
    addresses = [EVENTS, f"{EVENTS}{reading.pk}/"]
    before = {address: client.get(address) for address in addresses}
    verein.name = "Planerladen gGmbH"
    verein.save()
    for address, first in before.items():
        again = client.get(address, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 200, address
        assert "Planerladen gGmbH" in again.content.decode()
        since = client.get(address, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 200, address


def test_etag_differs_by_query_and_language(client, reading):
    plain = client.get(EVENTS)["ETag"]
    assert client.get(EVENTS, {"category": "talk"})["ETag"] != plain
    assert client.get(EVENTS, {"lang": "en"})["ETag"] != plain
    assert client.get(EVENTS, headers={"Accept-Language": "en"})["ETag"] != plain
    assert client.get(EVENTS)["ETag"] == plain


def test_a_change_gives_a_new_version(client, reading):
    office = member(reading.centre, Role.COORDINATOR, domain="events")
    first = client.get(EVENTS)
    reading.title = "Lesung am Abend"
    services.save_event(reading, services.slots_of(reading), office)
    again = client.get(
        EVENTS,
        headers={"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]},
    )
    assert again.status_code == 200
    assert titles(again.json()) == ["Lesung am Abend"]


def test_unpublishing_moves_last_modified(client, centre, reading):
    office = member(centre, Role.COORDINATOR, domain="events")
    event(centre, title="Bleibt")
    yesterday = reading.updated_at - datetime.timedelta(days=1)
    for model in (Event, Venue, Organisation):
        model.objects.update(updated_at=yesterday)
    first = client.get(EVENTS, {"category": "talk"})
    services.transition(reading, "unpublish", office)
    # a client that only knows the date must not keep the list with the withdrawn event
    again = client.get(
        EVENTS, {"category": "talk"}, headers={"If-Modified-Since": first["Last-Modified"]}
    )
    assert again.status_code == 200
    assert titles(again.json()) == ["Bleibt"]


def test_a_translation_changes_the_version_of_its_language(client, reading):
    english, german = client.get(EVENTS, {"lang": "en"})["ETag"], client.get(EVENTS)["ETag"]
    translation_of(reading, "en", title="Reading")
    assert client.get(EVENTS, {"lang": "en"})["ETag"] != english
    assert client.get(EVENTS)["ETag"] == german


def test_a_venue_change_changes_the_version(client, reading, keuning):
    before = client.get(EVENTS)["ETag"]
    keuning.induction_loop = "yes"
    keuning.save()
    assert client.get(EVENTS)["ETag"] != before


def test_detail_answers_304(client, reading):
    first = client.get(f"{EVENTS}{reading.pk}/")
    again = client.get(f"{EVENTS}{reading.pk}/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


# -- headers ---------------------------------------------------------------------------------


def test_open_data_headers_and_no_cookies(client, reading):
    response = client.get(EVENTS)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]
    assert response.cookies == {}
    assert "X-Cache" not in response  # never from the page cache: filters, languages


def test_preflight_is_allowed(client, centre):
    response = client.options(EVENTS, headers={"Origin": "https://example.org"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_writing_is_not_allowed(client, reading):
    assert client.post(EVENTS, {"title": "x"}).status_code == 405
    assert client.delete(f"{EVENTS}{reading.pk}/").status_code == 405


# -- queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3, 12])
def test_list_query_count_is_fixed(
    client, centre, festival, verein, count, django_assert_max_num_queries
):
    place = venue(centre)
    for n in range(count):
        shown = event(
            centre,
            title=f"Veranstaltung {n}",
            edition=festival,
            organisation=verein,
            venue=place,
            image=make_image(f"Bild {n}"),
        )
        translation_of(shown, "en", title=f"Event {n}")
    client.get(VENUES)  # the centre of the host is cached from now on
    # fingerprint, count, page of events (venue, organiser, image, edition joined), dates,
    # translations
    with django_assert_max_num_queries(5):
        data = get_json(client, EVENTS, {"lang": "en"})
    assert len(data["results"]) == count
    with django_assert_max_num_queries(4):
        data = get_json(client, VENUES)
    assert len(data["results"]) == 1


# -- venues ----------------------------------------------------------------------------------


def test_venues_are_those_of_public_events(client, centre, other_centre, reading, keuning):
    venue(centre, name="Ohne Veranstaltung")
    unverified = venue(centre, name="Vorgeschlagen", verified=False)
    event(centre, title="Entwurf", state="draft", venue=venue(centre, name="Nur Entwurf"))
    event(
        centre,
        title="Online",
        attendance="online",
        online_url="https://x.example",
        venue=venue(centre, name="Nur online"),
    )
    event(centre, title="Unbestätigt", venue=unverified)
    venue(other_centre, name="Bochum")
    data = get_json(client, VENUES)
    assert [v["name"] for v in data["results"]] == ["Dietrich-Keuning-Haus"]
    assert get_json(client, f"{VENUES}{keuning.pk}/")["accessibility"]["notes"] == (
        "Aufzug am Seiteneingang"
    )
    assert client.get(f"{VENUES}{unverified.pk}/").status_code == 404


def test_venue_filters(client, programme, keuning):
    assert [v["name"] for v in get_json(client, VENUES, {"accessible": "true"})["results"]] == [
        "Dietrich-Keuning-Haus"
    ]
    assert [v["name"] for v in get_json(client, VENUES, {"district": "Hörde"})["results"]] == [
        "Kellerclub"
    ]
    assert get_json(client, VENUES, {"edition": "gibt-es-nicht"})["count"] == 0


def test_venue_list_answers_304(client, reading):
    first = client.get(VENUES)
    again = client.get(VENUES, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


# -- OpenAPI ---------------------------------------------------------------------------------


def test_openapi_document_is_valid_and_complete(client, centre):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    validate_schema(document)
    assert document["openapi"].startswith("3.")
    assert sorted(document["paths"]) == [
        "/api/v1/events/",
        "/api/v1/events/{id}/",
        "/api/v1/offices.geojson",
        "/api/v1/offices/",
        "/api/v1/statistics/naturalisations/",
        "/api/v1/venues/",
        "/api/v1/venues/{id}/",
    ]
    listing = document["paths"]["/api/v1/events/"]["get"]
    parameters = {p["name"] for p in listing["parameters"]}
    assert parameters >= {
        "edition",
        "organisation",
        "category",
        "district",
        "language",
        "free",
        "family",
        "accessible",
        "online",
        "from",
        "to",
        "q",
        "lang",
        "page",
        "page_size",
    }
    assert set(listing["responses"]) == {"200", "304"}
    event_schema = document["components"]["schemas"]["Event"]["properties"]
    assert {"id", "url", "ical_url", "dates", "venue", "organiser", "sequence"} <= set(event_schema)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert (
        client.get("/api/v1/openapi.json", headers={"If-None-Match": response["ETag"]}).status_code
        == 304
    )
