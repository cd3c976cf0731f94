import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from mia.core.models import Centre, validate_language_list
from mia.core.services import centre_pages
from mia.website.models import NewsPage

from ..factories import full_site, make_centre


def test_validate_language_list_accepts_german_first():
    validate_language_list("de,en,ar")


@pytest.mark.parametrize("value", ["", "en,de", "de,xx", " , "])
def test_validate_language_list_rejects(value):
    with pytest.raises(ValidationError):
        validate_language_list(value)


@given(st.lists(st.sampled_from(["de", "en", "tr", "ar", "uk", "fr", "xx", ""]), max_size=6))
def test_validate_language_list_never_passes_an_unknown_or_non_german_first(codes):
    value = ",".join(codes)
    cleaned = [c for c in codes if c]
    valid = (
        bool(cleaned)
        and cleaned[0] == "de"
        and all(c in {"de", "en", "tr", "ar", "uk"} for c in cleaned)
    )
    try:
        validate_language_list(value)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == valid


def test_request_resolves_centre_by_host(client, centre, other_centre):
    assert client.get("/").context["centre"] == centre
    assert client.get("/", HTTP_HOST="bochum.test").context["centre"] == other_centre


def test_second_centre_sees_none_of_dortmunds_pages(client, centre, other_centre):
    pages = full_site(centre)
    full_site(other_centre, news=1)
    response = client.get("/aktuelles/", HTTP_HOST="bochum.test")
    assert response.status_code == 200
    titles = [item.title for item in response.context["news_page"].object_list]
    assert titles == ["Nachricht 0"]
    assert all(
        p.pk not in {pages["news0"].pk, pages["news1"].pk} for p in response.context["news_page"]
    )


def test_centre_pages_never_include_another_centres_pages(centre, other_centre):
    full_site(centre)
    full_site(other_centre)
    dortmund_ids = set(centre_pages(centre).values_list("pk", flat=True))
    bochum_ids = set(centre_pages(other_centre).values_list("pk", flat=True))
    assert dortmund_ids.isdisjoint(bochum_ids)
    assert NewsPage.objects.filter(pk__in=dortmund_ids).count() == 2


def test_language_not_offered_by_centre_is_404(client, db):
    make_centre(languages="de,en")
    assert client.get("/en/").status_code == 200
    assert client.get("/tr/").status_code == 404


def test_centre_language_choices_follow_setting(db):
    centre = make_centre(languages="de,ar")
    assert Centre.objects.get(pk=centre.pk).language_choices == [
        ("de", "Deutsch"),
        ("ar", "العربية"),
    ]
