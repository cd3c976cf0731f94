import pytest
from django.core.management import call_command


def _search(client, term, **extra):
    return client.get("/search/", {"q": term}, **extra)


def test_search_finds_page_by_body_text(client, site_pages):
    call_command("update_index", verbosity=0)
    response = _search(client, "Sprachmittlung")
    titles = [p.title for p in response.context["results_page"].object_list]
    assert set(titles) == {"Thema 0", "Thema 1"}


def test_search_without_term_shows_only_the_form(client, site_pages):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["results_page"] is None


def test_search_is_scoped_to_the_centre(client, site_pages, other_centre):
    from ..factories import full_site

    full_site(other_centre)
    call_command("update_index", verbosity=0)
    response = _search(client, "Sprachmittlung", HTTP_HOST="bochum.test")
    results = response.context["results_page"].object_list
    assert len(results) == 2
    home = other_centre.site.root_page
    assert all(p.path.startswith(home.path) for p in results)


@pytest.mark.postgres
def test_search_uses_german_stemming_on_postgresql(client, site_pages):
    call_command("update_index", verbosity=0)
    # the news bodies say "Einbürgerungen"; the singular must find them
    response = _search(client, "Einbürgerung")
    titles = {p.title for p in response.context["results_page"].object_list}
    assert {"Nachricht 0", "Nachricht 1"} <= titles
