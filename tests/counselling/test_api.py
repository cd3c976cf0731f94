"""The offices API: the finder's offices of the asking host's centre, as JSON and GeoJSON."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone, translation
from drf_spectacular.validation import validate_schema
from wagtail.models import Locale

from mia.counselling import finder
from mia.counselling.fingerprints import offices_fingerprint
from mia.counselling.models import Closure, Office, OpeningSlot, Programme, Provider, Topic

from .factories import office, places

OFFICES = "/api/v1/offices/"
GEOJSON = "/api/v1/offices.geojson"
BERLIN = ZoneInfo("Europe/Berlin")
# open every day, all day: "open now" whenever the test runs (but for the day's last second)
ALWAYS = [(day, "00:00", "23:59:59") for day in range(7)]


def tuesday(hour: int, minute: int = 0) -> datetime.datetime:
    """A Tuesday later than any change a test makes: the clock, not the change, moves the
    version's date."""
    return datetime.datetime(2036, 12, 2, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def city(centre):
    places(centre)
    return centre


@pytest.fixture
def dortmund(city):
    """Offices of every kind around the city (originals, German)."""
    awo = Provider.objects.create(
        centre=city, name="Beispielträger A (Demo)", website="https://traeger-a.example"
    )
    return {
        "mbe_nord": office(
            city,
            name="MBE Nordstadt",
            provider=awo,
            postcode="44147",
            languages=["de", "ar", "tr"],
            topics=["work", "residence"],
            phone="0231 000001",
            email="mbe-nord@traeger-a.example",
            appointment_url="https://traeger-a.example/termin",
            step_free="yes",
            verified_on=datetime.date(2026, 10, 1),
            hours=ALWAYS,
        ),
        "mbe_hoerde": office(
            city, name="MBE Hörde", postcode="44263", languages=["de", "ar"], topics=["work"]
        ),
        "mbe_west": office(
            city,
            name="MBE West",
            postcode="44135",
            languages=["de", "ru"],
            online_url="https://traeger-a.example/online",
        ),
        "jmd_nord": office(
            city,
            name="JMD Nordstadt",
            programme="jmd",
            postcode="44145",
            languages=["de", "ar", "uk"],
            age_min=12,
            age_max=27,
            topics=["education"],
        ),
        "other": office(
            city,
            name="Frauenberatung",
            programme="other",
            postcode="44137",
            languages=["de", "fa"],
            age_min=18,
            temporarily_closed=True,
            closed_note="Umzug",
        ),
    }


def get_json(client, url: str, params=None, **headers):
    response = client.get(url, params or {}, headers=headers)
    assert response.status_code == 200, response.content
    return response.json()


def names(data) -> list[str]:
    return [item["name"] for item in data["results"]]


def translation_of(original: Office, language: str, **text) -> Office:
    copy = original.copy_for_translation(Locale.objects.get_or_create(language_code=language)[0])
    for field, value in text.items():
        setattr(copy, field, value)
    copy.save()
    return copy


# -- the representation ----------------------------------------------------------------------


def test_an_office_carries_what_the_finder_and_its_page_show(client, city, dortmund):
    nord = dortmund["mbe_nord"]
    Closure.objects.create(
        office=nord, starts_on=datetime.date(2000, 1, 1), ends_on=datetime.date(2000, 1, 2)
    )
    ahead = timezone.localdate() + datetime.timedelta(days=30)
    Closure.objects.create(office=nord, starts_on=ahead, ends_on=ahead, note="Betriebsausflug")
    data = get_json(client, OFFICES, {"district": "innenstadt-nord", "language": "ar"})
    item = data["results"][0]
    with translation.override("de"):
        labels = {code: str(label) for code, label in [*Programme.choices, *Topic.choices]}
    assert item == {
        "id": nord.pk,
        "url": f"http://testserver/beratung/{nord.pk}-mbe-nordstadt/",
        "name": "MBE Nordstadt",
        "description": "",
        "content_language": "de",
        "programme": {"code": "mbe", "label": labels["mbe"]},
        "provider": {
            "id": nord.provider_id,
            "name": "Beispielträger A (Demo)",
            "website": "https://traeger-a.example",
        },
        "street": "Mallinckrodtstraße 1",
        "postcode": "44147",
        "city": "Dortmund",
        "address": "Mallinckrodtstraße 1, 44147 Dortmund",
        "district": {"slug": "innenstadt-nord", "name": "Innenstadt-Nord"},
        "latitude": nord.latitude,
        "longitude": nord.longitude,
        "located": "postcode",
        "phone": "0231 000001",
        "email": "mbe-nord@traeger-a.example",
        "website": None,
        "appointment_url": "https://traeger-a.example/termin",
        "online_url": None,
        "languages": ["de", "ar", "tr"],
        "age_min": 27,
        "age_max": None,
        "topics": [
            {"code": "work", "label": labels["work"]},
            {"code": "residence", "label": labels["residence"]},
        ],
        "opening_hours": [
            {"weekday": day + 1, "opens": "00:00", "closes": "23:59"} for day in range(7)
        ],
        "hours_note": "",
        "by_appointment": False,
        "closures": [
            {
                "starts_on": ahead.isoformat(),
                "ends_on": ahead.isoformat(),
                "note": "Betriebsausflug",
            }
        ],
        "temporarily_closed": False,
        "closed_note": "",
        "open_now": True,
        "distance_km": item["distance_km"],
        "step_free": "yes",
        "accessibility_notes": "",
        "verified_on": "2026-10-01",
        "is_example": False,
        "updated_at": item["updated_at"],
    }
    assert 0 < item["distance_km"] < 2
    assert datetime.datetime.fromisoformat(item["updated_at"]) == nord.updated_at


def test_the_representation_has_the_fields_the_document_describes(client, rf, dortmund):
    from mia.counselling.serializers import OfficeSerializer

    item = get_json(client, OFFICES)["results"][0]
    assert list(item) == list(OfficeSerializer().fields)


def test_without_a_place_offices_come_by_name_without_distance(client, dortmund):
    data = get_json(client, OFFICES)
    assert names(data) == [
        "Frauenberatung",
        "JMD Nordstadt",
        "MBE Hörde",
        "MBE Nordstadt",
        "MBE West",
    ]
    assert {item["distance_km"] for item in data["results"]} == {None}
    closed = data["results"][0]
    assert (closed["temporarily_closed"], closed["closed_note"], closed["open_now"]) == (
        True,
        "Umzug",
        False,
    )


# -- the finder's questions ------------------------------------------------------------------


def test_a_30_year_old_arabic_speaker_in_innenstadt_nord_finds_the_mbe_nearest_first(
    client, dortmund
):
    data = get_json(client, OFFICES, {"age": "30", "language": "ar", "district": "innenstadt-nord"})
    assert names(data) == ["MBE Nordstadt", "MBE Hörde"]
    assert [item["programme"]["code"] for item in data["results"]] == ["mbe", "mbe"]
    first, second = (item["distance_km"] for item in data["results"])
    assert first < second


def test_a_17_year_old_finds_the_jmd(client, dortmund):
    data = get_json(client, OFFICES, {"age": "17", "district": "innenstadt-nord"})
    assert names(data) == ["JMD Nordstadt"]
    assert data["results"][0]["age_max"] == 27


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"programme": "jmd"}, ["JMD Nordstadt"]),
        ({"programme": "other"}, ["Frauenberatung"]),
        ({"language": "ru"}, ["MBE West"]),
        ({"topic": "work"}, ["MBE Hörde", "MBE Nordstadt"]),
        ({"online": "true"}, ["MBE West"]),
        (
            {"online": "false"},
            ["Frauenberatung", "JMD Nordstadt", "MBE Hörde", "MBE Nordstadt", "MBE West"],
        ),
        ({"step_free": "true"}, ["MBE Nordstadt"]),
        # open now: the office open all day, and those without hours (by appointment)
        ({"open_now": "true"}, ["JMD Nordstadt", "MBE Hörde", "MBE Nordstadt", "MBE West"]),
        ({"day": "2026-12-01"}, ["JMD Nordstadt", "MBE Hörde", "MBE Nordstadt", "MBE West"]),
        ({"postcode": "44263", "programme": "mbe"}, ["MBE Hörde", "MBE West", "MBE Nordstadt"]),
        (
            {
                "age": "30",
                "language": "ar",
                "district": "innenstadt-nord",
                "programme": "mbe",
                "topic": "work",
                "open_now": "true",
                "day": "2026-12-01",
                "online": "false",
                "step_free": "true",
            },
            ["MBE Nordstadt"],
        ),
    ],
)
def test_filters_are_the_finders(client, dortmund, params, expected):
    data = get_json(client, OFFICES, params)
    assert names(data) == expected
    assert data["count"] == len(expected)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"age": "121"}, "age", "Enter an age from 0 to 120."),
        ({"age": "dreißig"}, "age", "Enter the age as a number, e.g. 30."),
        ({"language": "xx"}, "language", "Choose a language from the list."),
        ({"district": "atlantis"}, "district", "Choose a district from the list."),
        ({"postcode": "4414"}, "postcode", "Enter a postcode of five digits, e.g. 44147."),
        (
            {"postcode": "99999"},
            "postcode",
            "We do not know the postcode 99999. Choose your district instead.",
        ),
        ({"programme": "xyz"}, "programme", "Choose a kind from the list."),
        ({"day": "2026-13-45"}, "day", "Enter a date, e.g. 2026-12-01."),
    ],
)
def test_bad_parameters_answer_400_with_the_message_at_their_field(
    client, dortmund, params, field, message
):
    for url in (OFFICES, GEOJSON):
        response = client.get(url, {**params, "lang": "en"})
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert response.json() == {field: [message]}
        assert "ETag" not in response


def test_errors_are_in_the_language_asked_for(client, dortmund):
    german = client.get(OFFICES, {"age": "121", "language": "xx"}).json()
    english = client.get(OFFICES, {"age": "121", "language": "xx", "lang": "en"}).json()
    assert sorted(german) == sorted(english) == ["age", "language"]
    with translation.override("de"):
        assert german["age"] == [
            str(finder.FinderForm.base_fields["age"].error_messages["max_value"])
        ]


# -- pagination ------------------------------------------------------------------------------


def test_pagination(client, city):
    for n in range(5):
        office(city, name=f"Beratung {n}")
    first = get_json(client, OFFICES, {"page_size": 2})
    assert first["count"] == 5
    assert names(first) == ["Beratung 0", "Beratung 1"]
    assert first["next"] == "http://testserver/api/v1/offices/?page=2&page_size=2"
    last = get_json(client, OFFICES, {"page_size": 2, "page": 3})
    assert names(last) == ["Beratung 4"]
    assert last["next"] is None
    assert client.get(OFFICES, {"page": 9}).status_code == 404


# -- who sees what ---------------------------------------------------------------------------


def test_only_this_centres_originals(client, city, other_centre, dortmund):
    places(other_centre)
    office(other_centre, name="Beratung Bochum")
    translation_of(dortmund["mbe_nord"], "en", name="MBE North")
    assert get_json(client, OFFICES)["count"] == 5
    assert "Beratung Bochum" not in json.dumps(get_json(client, GEOJSON))
    theirs = client.get(OFFICES, HTTP_HOST="bochum.test").json()
    assert names(theirs) == ["Beratung Bochum"]


def test_a_host_without_a_centre_finds_nothing(client, dortmund):
    assert client.get(OFFICES, HTTP_HOST="localhost").status_code == 404


# -- languages -------------------------------------------------------------------------------


def test_lang_gives_the_translated_text_and_the_page_in_that_language(client, dortmund):
    nord = dortmund["mbe_nord"]
    translation_of(
        nord, "en", name="MBE Nordstadt (migration counselling)", description="We help adults."
    )
    item = get_json(client, OFFICES, {"lang": "en", "programme": "mbe", "postcode": "44147"})[
        "results"
    ][0]
    assert item["name"] == "MBE Nordstadt (migration counselling)"
    assert item["description"] == "We help adults."
    assert item["content_language"] == "en"
    # the facts stay the original's, the address of the page keeps the original's slug
    assert item["languages"] == ["de", "ar", "tr"]
    assert item["url"] == f"http://testserver/en/beratung/{nord.pk}-mbe-nordstadt/"
    with translation.override("en"):
        assert item["programme"]["label"] == "Migration counselling for adults (MBE)"


def test_accept_language_gives_the_translation(client, dortmund):
    translation_of(dortmund["jmd_nord"], "ar", name="خدمة هجرة الشباب")
    response = client.get(OFFICES, {"programme": "jmd"}, headers={"Accept-Language": "ar"})
    assert names(response.json()) == ["خدمة هجرة الشباب"]
    assert response["Content-Language"] == "ar"
    assert "Accept-Language" in response["Vary"]
    geojson = client.get(GEOJSON, {"programme": "jmd"}, headers={"Accept-Language": "ar"}).json()
    assert geojson["features"][0]["properties"]["name"] == "خدمة هجرة الشباب"


# -- conditional requests ----------------------------------------------------------------------


def test_unchanged_list_answers_304_without_a_query(client, dortmund, django_assert_num_queries):
    params = {"age": "30", "district": "innenstadt-nord"}
    first = client.get(OFFICES, params)
    assert first["ETag"] and first["Last-Modified"]
    # the centre's districts and its offices' state are kept until something changes
    with django_assert_num_queries(0):
        again = client.get(OFFICES, params, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    since = client.get(OFFICES, params, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    # the map answers the same question differently
    assert client.get(GEOJSON, params, headers={"If-None-Match": first["ETag"]}).status_code == 200


def test_etag_differs_by_query_and_language(client, dortmund):
    plain = client.get(OFFICES)["ETag"]
    assert client.get(OFFICES, {"age": "30"})["ETag"] != plain
    assert client.get(OFFICES, {"lang": "en"})["ETag"] != plain
    assert client.get(OFFICES)["ETag"] == plain


def test_a_change_of_an_office_or_its_translation_or_provider_gives_a_new_version(client, dortmund):
    nord = dortmund["mbe_nord"]
    before = client.get(OFFICES, {"lang": "en"})["ETag"]
    nord.phone = "0231 999999"
    nord.save()
    after_office = client.get(OFFICES, {"lang": "en"})["ETag"]
    assert after_office != before
    translation_of(nord, "en", name="MBE North")
    after_translation = client.get(OFFICES, {"lang": "en"})["ETag"]
    assert after_translation != after_office
    nord.provider.name = "Beispielträger B (Demo)"
    nord.provider.save()
    assert client.get(OFFICES, {"lang": "en"})["ETag"] != after_translation


def test_the_version_follows_the_clock_from_one_opening_or_closing_to_the_next(city):
    office(city, name="Vormittags", hours=[(1, "09:00", "12:00")])
    office(city, name="Nachmittags", hours=[(1, "14:00", "16:30")])

    def at(hour: int, minute: int = 0):
        return offices_fingerprint(city, "de", tuesday(hour, minute))

    assert at(9, 30).etag == at(11, 59).etag
    assert at(9, 30).last_modified == tuesday(9)
    assert at(9, 30).fresh_for == 150 * 60  # until 12:00
    assert at(12, 30).etag != at(11, 59).etag  # closed at 12
    assert at(12, 30).etag == at(13, 59).etag
    assert at(16, 45).fresh_for == (7 * 60 + 15) * 60  # until midnight
    assert at(8).last_modified == tuesday(0)
    # another day, other slots (none on Wednesday): the day's start
    wednesday = tuesday(10) + datetime.timedelta(days=1)
    assert offices_fingerprint(city, "de", wednesday).etag != at(10).etag


def test_new_hours_move_the_clock_of_the_version(city):
    early = office(city, name="Vormittags", hours=[(1, "09:00", "12:00")])
    now = tuesday(10, 30)
    assert offices_fingerprint(city, "de", now).last_modified.hour == 9
    # hours are edited with their office, which is saved with them
    OpeningSlot.objects.create(
        office=early, weekday=1, opens=datetime.time(10), closes=datetime.time(11)
    )
    early.save()
    moved = offices_fingerprint(city, "de", now)
    assert moved.last_modified == tuesday(10)
    assert moved.fresh_for == 30 * 60


def test_the_answer_may_be_kept_until_the_next_opening_or_closing(client, city):
    office(city, name="Immer", hours=ALWAYS)
    response = client.get(OFFICES)
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 <= max_age <= 300


# -- GeoJSON ---------------------------------------------------------------------------------


def test_geojson_is_a_feature_collection_with_longitude_first(client, city, dortmund):
    unplaced = office(city, name="Ohne Ort", postcode="99999")
    response = client.get(GEOJSON, {"district": "innenstadt-nord"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert (data["count"], data["truncated"]) == (6, False)
    features = {feature["id"]: feature for feature in data["features"]}
    nord = dortmund["mbe_nord"]
    assert features[nord.pk] == {
        "type": "Feature",
        "id": nord.pk,
        "geometry": {"type": "Point", "coordinates": [nord.longitude, nord.latitude]},
        "properties": {
            "id": nord.pk,
            "name": "MBE Nordstadt",
            "programme": "mbe",
            "url": f"http://testserver/beratung/{nord.pk}-mbe-nordstadt/",
            "open_now": True,
        },
    }
    longitude, latitude = features[nord.pk]["geometry"]["coordinates"]
    assert 7 < longitude < 8 and 51 < latitude < 52  # Dortmund, not the Gulf of Aden
    assert features[unplaced.pk]["geometry"] is None
    # the API's order: nearest first, the office without a place last
    assert [feature["id"] for feature in data["features"]][0] == nord.pk
    assert data["features"][-1]["id"] == unplaced.pk


def test_the_maps_open_now_is_the_finders(city):
    from mia.counselling import hours

    moment = tuesday(10)
    office(city, name="Offen", hours=[(1, "09:00", "12:00")])
    office(city, name="Zu", hours=[(1, "13:00", "15:00")])
    office(city, name="Ohne Zeiten")
    office(city, name="Umbau", hours=[(1, "09:00", "12:00")], temporarily_closed=True)
    holiday = office(city, name="Urlaub", hours=[(1, "09:00", "12:00")])
    Closure.objects.create(office=holiday, starts_on=moment.date(), ends_on=moment.date())
    offices = Office.objects.filter(centre=city)
    by_status = {o.name: hours.status(o, moment).open_now for o in finder.page_of(offices, "de")}
    in_database = dict(
        offices.annotate(
            open_now=ExpressionWrapper(hours.open_now_at(moment), output_field=BooleanField())
        ).values_list("name", "open_now")
    )
    assert in_database == by_status
    assert by_status == {
        "Offen": True,
        "Zu": False,
        "Ohne Zeiten": False,
        "Umbau": False,
        "Urlaub": False,
    }


def test_geojson_whatever_the_client_accepts(client, dortmund):
    response = client.get(GEOJSON, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"


def test_geojson_is_filtered_like_the_list(client, dortmund):
    data = client.get(GEOJSON, {"age": "17"}).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["JMD Nordstadt"]


def test_geojson_stops_at_its_limit(client, city, monkeypatch):
    from mia.counselling import api

    for n in range(3):
        office(city, name=f"Beratung {n}")
    monkeypatch.setattr(api, "GEOJSON_LIMIT", 2)
    data = client.get(GEOJSON).json()
    assert (len(data["features"]), data["count"], data["truncated"]) == (2, 3, True)


# -- headers ---------------------------------------------------------------------------------


def test_open_data_headers_and_no_cookies(client, dortmund):
    for url in (OFFICES, GEOJSON):
        response = client.get(url)
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "public" in response["Cache-Control"]
        assert response.cookies == {}


def test_writing_is_not_allowed(client, dortmund):
    assert client.post(OFFICES, {"name": "x"}).status_code == 405
    assert client.delete(GEOJSON).status_code == 405


# -- queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3, 12])
def test_query_count_is_fixed(client, city, count, django_assert_max_num_queries, settings):
    settings.MIA_FRAGMENT_CACHE_SECONDS = 0  # every answer made afresh
    for n in range(count):
        shown = office(
            city,
            name=f"Beratung {n}",
            postcode="44147",
            languages=["de", "ar"],
            hours=[(1, "09:00", "12:00"), (3, "14:00", "16:00")],
        )
        Closure.objects.create(
            office=shown,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + datetime.timedelta(days=1),
        )
        translation_of(shown, "en", name=f"Counselling {n}")
    params = {"lang": "en", "age": "30", "language": "ar", "district": "innenstadt-nord"}
    client.get(OFFICES, params)  # the centre of the host is cached from now on
    # districts, fingerprint (with the count), page of offices (provider and district
    # joined), slots, closures, translations
    with django_assert_max_num_queries(6):
        data = get_json(client, OFFICES, params)
    assert len(data["results"]) == count
    with django_assert_max_num_queries(6):
        data = get_json(client, GEOJSON, params)
    assert len(data["features"]) == count


def test_an_answer_is_kept_under_its_etag(client, dortmund, django_assert_num_queries):
    params = {"age": "30", "district": "innenstadt-nord", "lang": "en"}
    first = client.get(OFFICES, params)
    # districts, the offices' state and the answer itself are kept until something changes
    with django_assert_num_queries(0):
        again = client.get(OFFICES, params)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"
    assert again["Content-Language"] == "en"
    dortmund["mbe_nord"].save()  # a new version: made afresh
    assert client.get(OFFICES, params)["ETag"] != first["ETag"]


def test_unknown_parameters_are_not_kept(client, dortmund, django_assert_max_num_queries):
    client.get(OFFICES, {"age": "30", "utm_source": "x"})
    with django_assert_max_num_queries(5) as queries:
        client.get(OFFICES, {"age": "30", "utm_source": "x"})
    assert len(queries) > 2


# -- OpenAPI ---------------------------------------------------------------------------------


def test_openapi_document_describes_both_and_every_filter(client, centre):
    document = json.loads(client.get("/api/v1/openapi.json").content)
    validate_schema(document)
    assert {"/api/v1/offices/", "/api/v1/offices.geojson"} <= set(document["paths"])
    for path in ("/api/v1/offices/", "/api/v1/offices.geojson"):
        operation = document["paths"][path]["get"]
        parameters = {p["name"] for p in operation["parameters"]}
        assert parameters >= set(finder.FinderForm.base_fields) | {"lang"}
        assert set(operation["responses"]) == {"200", "304", "400"}
    listing = document["paths"]["/api/v1/offices/"]["get"]
    assert {"page", "page_size"} <= {p["name"] for p in listing["parameters"]}
    geojson = document["paths"]["/api/v1/offices.geojson"]["get"]["responses"]
    assert list(geojson["200"]["content"]) == ["application/geo+json"]
    assert list(geojson["400"]["content"]) == ["application/json"]
    office_schema = document["components"]["schemas"]["Office"]["properties"]
    assert {"open_now", "distance_km", "opening_hours", "located", "url"} <= set(office_schema)
    assert "reasons" not in office_schema


# -- PostgreSQL ------------------------------------------------------------------------------


@pytest.mark.postgres
def test_on_postgresql_distance_order_and_spoken_languages(client, city):
    for name, postcode in [
        ("Aplerbeck", "44287"),
        ("Nordstadt", "44147"),
        ("Hombruch", "44225"),
        ("Eving", "44339"),
    ]:
        office(city, name=f"MBE {name}", postcode=postcode, languages=["de", "ar", "fa"])
    office(city, name="MBE Ukrainisch", postcode="44147", languages=["de", "uk"])
    office(city, name="MBE Farsi-ähnlich", postcode="44147", languages=["de", "fas"])
    data = get_json(client, OFFICES, {"language": "fa", "district": "innenstadt-nord"})
    assert names(data) == ["MBE Nordstadt", "MBE Eving", "MBE Hombruch", "MBE Aplerbeck"]
    distances = [item["distance_km"] for item in data["results"]]
    assert distances == sorted(distances)
