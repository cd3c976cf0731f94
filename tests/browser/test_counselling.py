"""The counselling finder in headless Chromium, as the issue's people use it: from the topic
page's questions to the fitting offices, with and without JavaScript; the map only after
the visitor asks for it; axe-core on every page.

Screenshots go to /tmp/shots/counselling/ (outside the repository), to be looked at.
"""

import tempfile
from pathlib import Path

import pytest
from django.test import override_settings

from mia.website.models import TopicPage

from ..counselling.factories import office, places
from ..factories import publish, stream
from .conftest import axe_violations
from .test_accounts import site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "shots" / "counselling"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def offices(centre):
    places(centre)
    publish(
        centre.site.root_page,
        TopicPage(
            title="Migrationsberatung und Jugendmigrationsdienste",
            slug="migrationsberatung",
            show_in_menus=True,
            body=stream(("counselling_finder", {"heading": "Beratung finden"})),
        ),
    )
    mbe = {"programme": "mbe", "age_min": 27, "hours": [(d, "09:00", "16:00") for d in range(5)]}
    return {
        # Innenstadt-Nord first, then ever farther away
        "nord": office(
            centre, name="MBE Nordstadt", postcode="44147", languages=["de", "ar"], **mbe
        ),
        "ost": office(centre, name="MBE Körne", postcode="44143", languages=["de", "ar"], **mbe),
        "hoerde": office(centre, name="MBE Hörde", postcode="44263", languages=["de", "ar"], **mbe),
        "turkish": office(
            centre, name="MBE Türkisch", postcode="44147", languages=["de", "tr"], **mbe
        ),
        "jmd": office(
            centre,
            name="JMD Nordstadt",
            programme="jmd",
            postcode="44145",
            languages=["de", "ar"],
            age_min=12,
            age_max=27,
            by_appointment=True,
        ),
    }


def ask(page, age: str, language: str, district: str) -> None:
    form = page.locator("form.mia-finder-form").first
    form.get_by_label("How old are you?").fill(age)
    form.locator('select[name="language"]').select_option(language)
    form.locator('select[name="district"]').select_option(label=district)
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()


def result_names(page) -> list[str]:
    return page.locator(".mia-finder-result h3").all_inner_texts()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_30_year_old_arabic_speaker_and_a_17_year_old_find_their_offices(
    browser,
    site,  # noqa: F811
    offices,
    javascript,
):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", java_script_enabled=javascript
    )
    page = context.new_page()

    def no_violations() -> bool:
        # axe-core is a script: the pages without JavaScript are the same pages, checked
        # in the run with it (Playwright's evaluate waits forever where scripts are off)
        return not javascript or axe_violations(page) == []

    try:
        page.goto(f"{site}/en/migrationsberatung/")
        assert no_violations()
        ask(page, "30", "ar", "Innenstadt-Nord")
        assert "/en/beratung/?" in page.url and "age=30" in page.url
        assert result_names(page) == ["MBE Nordstadt", "MBE Körne", "MBE Hörde"]
        first = page.locator(".mia-finder-result").first
        assert "For your age" in first.inner_text()
        assert first.locator('[lang="ar"]').first.inner_text().endswith("العربية")
        assert no_violations()
        shot(page, f"finder-30-ar-{'js' if javascript else 'nojs'}")

        # the address is the answer: shared, it shows the same list
        shared = context.new_page()
        shared.goto(page.url)
        assert result_names(shared) == ["MBE Nordstadt", "MBE Körne", "MBE Hörde"]
        shared.close()

        ask(page, "17", "", "Innenstadt-Nord")
        assert result_names(page) == ["JMD Nordstadt"]
        assert "By appointment" in page.locator(".mia-finder-result").first.inner_text()

        page.get_by_role("link", name="JMD Nordstadt").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "JMD Nordstadt"
        assert no_violations()
        shot(page, f"office-{'js' if javascript else 'nojs'}")
    finally:
        context.close()


def test_bad_answers_are_announced_at_their_fields(page, site, offices):  # noqa: F811
    page.goto(f"{site}/en/beratung/?age=130&postcode=99999")
    age = page.locator('input[name="age"]')
    assert age.get_attribute("aria-invalid") == "true"
    described = age.get_attribute("aria-describedby")
    assert "0 to 120" in page.locator(f"#{described.split()[0]}").inner_text()
    assert "99999" in page.locator(".mia-finder-form").inner_text()
    assert axe_violations(page) == []


def test_the_arabic_finder_reads_right_to_left(page, site, offices):  # noqa: F811
    page.goto(f"{site}/ar/beratung/?age=30&language=ar&district=innenstadt-nord")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert result_names(page)[0] == "MBE Nordstadt"
    # nothing sticks out of a phone's screen
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert axe_violations(page) == []
    shot(page, "finder-ar-phone")


def test_the_map_loads_nothing_until_the_visitor_asks(page, site, offices):  # noqa: F811
    # a stand-in tile server on the live server's own host: a real one would be another host
    tiles = f"{site}/static/mia/leaflet/images/marker-shadow.png?z={{z}}&x={{x}}&y={{y}}"
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    with override_settings(MIA_MAP_TILES=tiles):
        page.goto(f"{site}/en/beratung/?district=innenstadt-nord")
        section = page.locator("[data-finder-map]")
        assert section.is_visible()
        assert not any("leaflet" in url or "marker-shadow" in url for url in requests)
        assert axe_violations(page) == []
        page.get_by_role("button", name="Show map").click()
        page.locator(".leaflet-marker-icon").first.wait_for()
        assert page.locator(".leaflet-marker-icon").count() == 5
        assert any("leaflet.js" in url for url in requests)
        assert any("marker-shadow.png?z=" in url for url in requests)
        shot(page, "finder-map")


def test_without_a_tile_server_there_is_no_map(page, site, offices):  # noqa: F811
    page.goto(f"{site}/en/beratung/")
    assert page.locator("[data-finder-map]").count() == 0
