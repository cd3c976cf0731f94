"""The counselling offices in the back office: who sees which, the office form (centre,
coordinates, verification), the list's filters and queries, providers, districts and
postcode areas, translation, and the dashboard's offices to verify."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale

from mia.counselling.models import District, Located, Office, PostcodeArea, Provider
from mia.permissions.roles import Role

from ..factories import member, sign_in
from .factories import office, places

ADMIN = "/verwaltung"
OFFICES = f"{ADMIN}/snippets/counselling/office/"


@pytest.fixture
def city(centre):
    places(centre)
    return centre


def english(user):
    """Staff read the back office in English here: the texts below are the source strings."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def coordinator(city):
    return english(member(city, Role.COORDINATOR, domain="counselling"))


@pytest.fixture
def admin_client(client, coordinator):
    sign_in(client, coordinator)
    return client


def errors(response) -> dict[str, list[str]]:
    """The form's errors as the member of staff read them (in the admin's language, English)."""
    with translation.override("en"):
        return {
            name: [str(m) for m in messages]
            for name, messages in response.context["form"].errors.items()
        }


def edit_url(o: Office) -> str:
    return f"{OFFICES}edit/{o.pk}/"


def names(html: str) -> list[str]:
    """The office names in the list, in their order."""
    return re.findall(r'id="snippet_\d+_title"[^>]*>\s*(.*?)\s*<', html)


def form_data(**fields) -> dict:
    """What the office form sends, without opening hours or closures unless given."""
    data = {
        "programme": "mbe",
        "name": "MBE Nordstadt",
        "provider": "",
        "description": "",
        "street": "Mallinckrodtstraße 1",
        "postcode": "44147",
        "city": "Dortmund",
        "district": "",
        "latitude": "",
        "longitude": "",
        "phone": "",
        "email": "",
        "website": "",
        "appointment_url": "",
        "online_url": "",
        "languages": ["de", "ar"],
        "age_min": "27",
        "age_max": "",
        "hours_note": "",
        "closed_note": "",
        "step_free": "unknown",
        "accessibility_notes": "",
        "verified_on": "",
        "opening_slots-TOTAL_FORMS": "0",
        "opening_slots-INITIAL_FORMS": "0",
        "opening_slots-MIN_NUM_FORMS": "0",
        "opening_slots-MAX_NUM_FORMS": "1000",
        "closures-TOTAL_FORMS": "0",
        "closures-INITIAL_FORMS": "0",
        "closures-MIN_NUM_FORMS": "0",
        "closures-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def existing(o: Office, **fields) -> dict:
    """The form data of an office as saved, with changes."""
    data = form_data(
        programme=o.programme,
        name=o.name,
        provider=str(o.provider_id or ""),
        street=o.street,
        postcode=o.postcode,
        city=o.city,
        district=str(o.district_id or ""),
        latitude="" if o.latitude is None else repr(o.latitude),
        longitude="" if o.longitude is None else repr(o.longitude),
        languages=o.languages,
        age_min=str(o.age_min),
        step_free=o.step_free,
        verified_on=o.verified_on.isoformat() if o.verified_on else "",
    )
    slots = list(o.opening_slots.all())
    data["opening_slots-TOTAL_FORMS"] = data["opening_slots-INITIAL_FORMS"] = str(len(slots))
    for n, slot in enumerate(slots):
        data[f"opening_slots-{n}-id"] = str(slot.pk)
        data[f"opening_slots-{n}-weekday"] = str(slot.weekday)
        data[f"opening_slots-{n}-opens"] = slot.opens.strftime("%H:%M")
        data[f"opening_slots-{n}-closes"] = slot.closes.strftime("%H:%M")
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


# -- who sees what ----------------------------------------------------------------------------


def test_the_counselling_coordinator_lists_and_edits_the_centres_offices(
    admin_client, city, other_centre
):
    places(other_centre)
    nord = office(city, name="MBE Nordstadt")
    office(other_centre, name="MBE Bochum")
    assert names(admin_client.get(OFFICES).content.decode()) == ["MBE Nordstadt"]
    assert admin_client.get(edit_url(nord)).status_code == 200
    response = admin_client.post(edit_url(nord), existing(nord, name="MBE Nordstadt Mitte"))
    assert response.status_code == 302
    assert Office.objects.get(pk=nord.pk).name == "MBE Nordstadt Mitte"


def test_another_centres_office_looks_like_none(client, city, other_centre):
    nord = office(city, hours=[(0, "09:00", "12:00")])
    provider = Provider.objects.get(centre=city)
    district = District.objects.filter(centre=city).first()
    area = PostcodeArea.objects.filter(centre=city).first()
    sign_in(client, member(other_centre, Role.COORDINATOR, domain="counselling"))
    assert names(client.get(OFFICES).content.decode()) == []
    for url in (
        edit_url(nord),
        f"{OFFICES}delete/{nord.pk}/",
        f"{OFFICES}history/{nord.pk}/",
        f"{ADMIN}/localize/submit/snippet/counselling/office/{nord.pk}/",
        f"{ADMIN}/counselling/providers/edit/{provider.pk}/",
        f"{ADMIN}/counselling/districts/edit/{district.pk}/",
        f"{ADMIN}/counselling/postcodes/edit/{area.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(edit_url(nord), existing(nord, name="Übernommen")).status_code == 404
    assert client.post(f"{OFFICES}delete/{nord.pk}/").status_code == 404
    assert Office.objects.get(pk=nord.pk).name == nord.name


def test_an_events_coordinator_is_sent_home(client, city):
    nord = office(city)
    sign_in(client, member(city, Role.COORDINATOR, domain="events"))
    for url in (
        OFFICES,
        f"{OFFICES}add/",
        f"{ADMIN}/counselling/providers/",
        f"{ADMIN}/counselling/districts/",
        f"{ADMIN}/counselling/postcodes/",
        f"{ADMIN}/counselling/import/",
        f"{ADMIN}/counselling/export/?format=csv",
    ):
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (302, f"{ADMIN}/"), url
    assert client.get(edit_url(nord)).status_code == 404
    assert client.post(edit_url(nord), existing(nord, name="Geändert")).status_code == 404
    assert Office.objects.get(pk=nord.pk).name == nord.name


def test_the_menu_shows_counselling_only_to_those_who_may(client, city):
    sign_in(client, english(member(city, Role.COORDINATOR, domain="events")))
    assert "Counselling" not in client.get(f"{ADMIN}/").content.decode()
    client.logout()
    sign_in(client, english(member(city, Role.COORDINATOR, domain="counselling")))
    html = client.get(f"{ADMIN}/").content.decode()
    for label in ("Counselling", "Offices", "Providers", "Districts", "Postcode areas"):
        assert label in html, label
    assert "Import and export" in html


# -- the office form --------------------------------------------------------------------------


def test_a_new_office_belongs_to_the_users_centre_whatever_the_form_says(
    admin_client, city, other_centre
):
    page = admin_client.get(f"{OFFICES}add/")
    assert "centre" not in page.context["form"].fields
    # languages are offered in their own names, marked for screen readers
    assert '<span lang="ar" dir="rtl">العربية</span>' in page.content.decode()
    response = admin_client.post(
        f"{OFFICES}add/",
        form_data(
            centre=str(other_centre.pk),
            **{
                "opening_slots-TOTAL_FORMS": "1",
                "opening_slots-0-weekday": "0",
                "opening_slots-0-opens": "09:00",
                "opening_slots-0-closes": "12:00",
            },
        ),
    )
    assert response.status_code == 302
    created = Office.objects.get()
    assert created.centre == city
    assert created.located == Located.POSTCODE
    assert created.district.name == "Innenstadt-Nord"
    assert [(s.weekday, s.opens.hour, s.closes.hour) for s in created.opening_slots.all()] == [
        (0, 9, 12)
    ]


def test_someone_working_for_several_centres_chooses_among_them(
    client, city, other_centre, django_user_model
):
    places(other_centre)
    root = english(django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16))
    sign_in(client, root)
    form = client.get(f"{OFFICES}add/").context["form"]
    assert set(form.fields["centre"].queryset) == {city, other_centre}
    foreign = District.objects.get(centre=city, name="Hörde")
    response = client.post(
        f"{OFFICES}add/", form_data(centre=str(other_centre.pk), district=str(foreign.pk))
    )
    assert errors(response) == {"district": ["Choose one of the centre's own records."]}
    response = client.post(f"{OFFICES}add/", form_data(centre=str(other_centre.pk)))
    assert response.status_code == 302
    created = Office.objects.get()
    assert (created.centre, created.district.centre) == (other_centre, other_centre)
    # a saved office stays in its centre
    assert "centre" not in client.get(edit_url(created)).context["form"].fields


def test_the_list_offers_import_and_export(admin_client, city):
    html = admin_client.get(OFFICES).content.decode()
    assert f'href="{ADMIN}/counselling/import/"' in html
    assert f'href="{ADMIN}/counselling/export/?format=csv"' in html
    assert f'href="{ADMIN}/counselling/export/?format=xlsx"' in html


def test_providers_and_districts_offered_are_the_centres_own(admin_client, city, other_centre):
    places(other_centre)
    Provider.objects.create(centre=city, name="Eigener Träger")
    Provider.objects.create(centre=other_centre, name="Fremder Träger")
    form = admin_client.get(f"{OFFICES}add/").context["form"]
    assert {p.centre_id for p in form.fields["provider"].queryset} == {city.pk}
    assert {d.centre_id for d in form.fields["district"].queryset} == {city.pk}
    foreign = District.objects.filter(centre=other_centre).first()
    response = admin_client.post(f"{OFFICES}add/", form_data(district=str(foreign.pk)))
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    assert not Office.objects.exists()


def test_coordinates_typed_in_are_kept_and_emptied_ones_follow_the_postcode(admin_client, city):
    nord = office(city, postcode="44147")
    derived = (nord.latitude, nord.longitude)
    assert nord.located == Located.POSTCODE

    # saved unchanged: still taken from the postcode, and follows a new one
    admin_client.post(edit_url(nord), existing(nord, postcode="44263", district=""))
    nord.refresh_from_db()
    assert nord.located == Located.POSTCODE
    assert (nord.latitude, nord.longitude) != derived
    assert nord.district.name == "Hörde"

    # typed in: kept, even when the postcode changes afterwards
    admin_client.post(edit_url(nord), existing(nord, latitude="51.5001", longitude="7.4002"))
    nord.refresh_from_db()
    assert (nord.located, nord.latitude, nord.longitude) == (Located.ENTERED, 51.5001, 7.4002)
    admin_client.post(edit_url(nord), existing(nord, postcode="44147"))
    nord.refresh_from_db()
    assert (nord.located, nord.latitude, nord.longitude) == (Located.ENTERED, 51.5001, 7.4002)

    # emptied: taken from the postcode again
    admin_client.post(edit_url(nord), existing(nord, latitude="", longitude=""))
    nord.refresh_from_db()
    assert nord.located == Located.POSTCODE
    assert (nord.latitude, nord.longitude) == derived


def test_one_coordinate_alone_is_refused_at_the_field(admin_client, city):
    nord = office(city)
    response = admin_client.post(edit_url(nord), existing(nord, latitude="51.5", longitude=""))
    assert response.status_code == 200
    assert errors(response)["longitude"] == ["Enter both coordinates, or neither."]


def test_verified_today_sets_the_date(admin_client, city):
    nord = office(city, verified_on=datetime.date(2020, 1, 1))
    admin_client.post(edit_url(nord), existing(nord, verified_today="on"))
    nord.refresh_from_db()
    assert nord.verified_on == timezone.localdate()


def test_ages_outside_0_to_120_and_a_bad_postcode_are_refused(admin_client, city):
    response = admin_client.post(
        f"{OFFICES}add/", form_data(age_min="121", age_max="20", postcode="4414")
    )
    assert response.status_code == 200
    assert set(errors(response)) >= {"age_min", "postcode"}
    assert not Office.objects.exists()


# -- the list ---------------------------------------------------------------------------------


def test_the_list_filters_by_programme_district_provider_language_verification_and_closure(
    admin_client, city
):
    awo = Provider.objects.create(centre=city, name="AWO")
    office(
        city,
        name="MBE Nord",
        postcode="44147",
        languages=["de", "ar"],
        verified_on=timezone.localdate(),
    )
    office(
        city,
        name="JMD Hörde",
        programme="jmd",
        postcode="44263",
        languages=["de", "tr"],
        age_min=12,
        age_max=27,
        provider=awo,
        verified_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    office(city, name="MBE Geschlossen", temporarily_closed=True, verified_on=timezone.localdate())
    hoerde = District.objects.get(centre=city, name="Hörde")

    def shown(query: str) -> list[str]:
        return names(admin_client.get(f"{OFFICES}?{query}").content.decode())

    assert shown("") == ["JMD Hörde", "MBE Geschlossen", "MBE Nord"]
    assert shown("programme=jmd") == ["JMD Hörde"]
    assert shown(f"district={hoerde.pk}") == ["JMD Hörde"]
    assert shown(f"provider={awo.pk}") == ["JMD Hörde"]
    assert shown("language=ar") == ["MBE Nord"]
    assert shown("due=true") == ["JMD Hörde"]
    assert shown("due=false") == ["MBE Geschlossen", "MBE Nord"]
    assert shown("temporarily_closed=true") == ["MBE Geschlossen"]
    assert shown("q=Nord") == ["MBE Nord"]
    html = admin_client.get(OFFICES).content.decode()
    assert html.count("to verify") == 1


def test_the_list_shows_translations_only_under_their_language(admin_client, city):
    nord = office(city, name="MBE Nordstadt")
    translation = nord.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    translation.name = "MBE North"
    translation.save()
    assert names(admin_client.get(OFFICES).content.decode()) == ["MBE Nordstadt"]
    assert names(admin_client.get(f"{OFFICES}?locale=en").content.decode()) == ["MBE North"]


def test_list_queries_do_not_grow_with_the_offices(admin_client, city):
    def count() -> int:
        with CaptureQueriesContext(connection) as made:
            assert admin_client.get(OFFICES).status_code == 200
        return len(made)

    awo = Provider.objects.create(centre=city, name="AWO")
    for n in range(3):
        office(city, name=f"Stelle {n}", provider=awo, hours=[(n, "09:00", "12:00")])
    count()  # warms the caches every request shares (content types, locales)
    few = count()
    for n in range(3, 20):
        office(city, name=f"Stelle {n}", provider=awo, postcode="44263")
    count()  # saving offices renewed the content generation: the centre is looked up again
    assert count() == few


@pytest.mark.parametrize("kind", ["providers", "districts", "postcodes"])
def test_the_other_lists_cost_the_same_for_more_rows(admin_client, city, kind):
    def count() -> int:
        with CaptureQueriesContext(connection) as made:
            assert admin_client.get(f"{ADMIN}/counselling/{kind}/").status_code == 200
        return len(made)

    def add(first: int, n: int) -> None:
        for i in range(first, first + n):
            if kind == "providers":
                Provider.objects.create(centre=city, name=f"Träger {i}")
            elif kind == "districts":
                District.objects.create(centre=city, name=f"Bezirk {i}")
            else:
                PostcodeArea.objects.create(
                    centre=city,
                    postcode=f"{45000 + i}",
                    district=District.objects.filter(centre=city)[i % 12],
                )

    add(0, 3)
    count()
    few = count()
    add(3, 10)
    count()  # saving renewed the content generation: the centre is looked up again
    assert count() == few


# -- translation ------------------------------------------------------------------------------


def test_an_office_is_translated_through_wagtail_localize(admin_client, city, other_centre):
    from wagtail_localize.models import StringSegment, Translation

    english_locale = Locale.objects.get_or_create(language_code="en")[0]
    nord = office(city, name="Beratungsstelle Nord", description="Hilfe bei allem.")
    submit = f"{ADMIN}/localize/submit/snippet/counselling/office/{nord.pk}/"
    assert f'href="{submit}"' in admin_client.get(OFFICES).content.decode()
    assert admin_client.get(submit).status_code == 200
    assert admin_client.post(submit, {"locales": [english_locale.pk]}).status_code == 302
    translation = Translation.objects.get(target_locale=english_locale)
    contexts = {
        segment.context.path: segment.pk
        for segment in StringSegment.objects.filter(source=translation.source)
    }
    assert set(contexts) == {"name", "description"}
    response = admin_client.put(
        f"{ADMIN}/localize/translate/{translation.pk}/strings/{contexts['name']}/edit/",
        "value=Counselling North",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201
    target = translation.get_target_instance()
    assert (target.locale, target.centre_id) == (english_locale, city.pk)
    assert names(admin_client.get(f"{OFFICES}?locale=en").content.decode()) == [target.name]

    admin_client.logout()
    sign_in(admin_client, member(other_centre, Role.COORDINATOR, domain="counselling"))
    assert admin_client.get(submit).status_code == 404
    assert admin_client.get(edit_url(target)).status_code == 404


def test_a_translation_is_edited_as_text_only(admin_client, city):
    nord = office(city, name="Beratungsstelle Nord", hours=[(0, "09:00", "12:00")])
    translation = nord.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    translation.save()
    form = admin_client.get(edit_url(translation)).context["form"]
    assert set(form.fields) == set(Office.TRANSLATED_TEXT)
    response = admin_client.post(
        edit_url(translation),
        {"name": "Counselling North", "programme": "jmd", "postcode": "44263"},
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert (translation.name, translation.programme, translation.postcode) == (
        "Counselling North",
        "mbe",
        "44147",
    )
    assert nord.opening_slots.count() == 1


# -- providers, districts, postcode areas ---------------------------------------------------


def test_a_provider_is_added_to_the_users_centre(admin_client, city, other_centre):
    response = admin_client.post(
        f"{ADMIN}/counselling/providers/new/",
        {"name": "Caritas", "website": "https://caritas.example", "centre": str(other_centre.pk)},
    )
    assert response.status_code == 302
    assert Provider.objects.get(name="Caritas").centre == city
    response = admin_client.post(
        f"{ADMIN}/counselling/providers/new/", {"name": "caritas", "website": ""}
    )
    assert errors(response)["name"] == ["The centre has a provider of this name already."]


def test_a_corrected_centre_point_moves_the_offices_taken_from_it(admin_client, city):
    nord = office(city, postcode="44147")
    exact = office(city, name="Exakt", postcode="44147", latitude=51.6, longitude=7.5)
    area = PostcodeArea.objects.get(centre=city, postcode="44147")
    response = admin_client.post(
        f"{ADMIN}/counselling/postcodes/edit/{area.pk}/",
        {
            "postcode": "44147",
            "district": str(area.district_id),
            "latitude": "51.5555",
            "longitude": "7.4444",
        },
    )
    assert response.status_code == 302
    nord.refresh_from_db()
    exact.refresh_from_db()
    assert (nord.latitude, nord.longitude, nord.located) == (51.5555, 7.4444, Located.POSTCODE)
    assert (exact.latitude, exact.longitude) == (51.6, 7.5)


def test_a_district_is_renamed_and_its_centre_point_corrected(admin_client, city):
    district = District.objects.get(centre=city, name="Eving")
    response = admin_client.post(
        f"{ADMIN}/counselling/districts/edit/{district.pk}/",
        {"name": "Eving ", "latitude": "51.56", "longitude": ""},
    )
    assert errors(response)["longitude"] == ["Enter both coordinates, or neither."]
    response = admin_client.post(
        f"{ADMIN}/counselling/districts/new/", {"name": "eving", "latitude": "", "longitude": ""}
    )
    assert errors(response)["name"] == ["The centre has a district of this name already."]


# -- the dashboard ----------------------------------------------------------------------------


def test_the_dashboard_lists_the_offices_to_verify_to_those_who_may_change_them(
    client, city, other_centre
):
    today = timezone.localdate()
    office(city, name="Nie geprüft")
    office(city, name="Lange her", verified_on=today - datetime.timedelta(days=366))
    office(city, name="Frisch", verified_on=today - datetime.timedelta(days=30))
    places(other_centre)
    office(other_centre, name="In Bochum")

    sign_in(client, english(member(city, Role.COORDINATOR, domain="counselling")))
    html = client.get(f"{ADMIN}/").content.decode()
    assert 'id="counselling-due-section"' in html
    panel = html[html.index('id="counselling-due-section"') :]
    assert re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', panel) == [
        "Nie geprüft",
        "Lange her",
    ]
    assert "Nobody has verified the details of 2 offices for more than a year." in panel
    assert f"{OFFICES}?due=true" in panel

    client.logout()
    sign_in(client, member(city, Role.COORDINATOR, domain="events"))
    assert "counselling-due" not in client.get(f"{ADMIN}/").content.decode()
    client.logout()
    sign_in(client, member(other_centre, Role.COORDINATOR, domain="counselling"))
    html = client.get(f"{ADMIN}/").content.decode()
    assert "In Bochum" in html and "Lange her" not in html


def test_the_dashboard_shows_ten_and_links_to_the_rest(client, city):
    for n in range(12):
        office(city, name=f"Stelle {n:02d}")
    sign_in(client, english(member(city, Role.CENTRE_ADMIN)))
    html = client.get(f"{ADMIN}/").content.decode()
    panel = html[html.index('id="counselling-due-section"') :]
    assert len(re.findall(r'<td><a href="[^"]+">Stelle', panel)) == 10
    assert "Show all, 2 more" in panel
