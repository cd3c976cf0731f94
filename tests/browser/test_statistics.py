"""The naturalisation statistics in headless Chromium: the charts drawn, each beside its table,
in German and in Arabic (right to left), on a desktop and on a phone; axe-core finds nothing.

Screenshots go to /tmp/stats-*.png, to be looked at.
"""

import tempfile
from pathlib import Path

import pytest

from mia.statistics.demo import load_statistics_demo

from .conftest import axe_violations
from .test_accounts import site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = "statistik/einbuergerungen/"


SHOTS = Path(tempfile.gettempdir())


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"stats-{name}.png"), full_page=True)


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.fixture
def figures(centre):
    load_statistics_demo(centre)
    return centre


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_statistics_page_draws_its_charts_and_tables(page, site, figures, language):  # noqa: F811
    prefix = "" if language == "de" else f"{language}/"
    page.goto(f"{site}/{prefix}{PAGE}")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    charts = page.locator("svg[role='img']")
    assert charts.count() == 2
    for index in range(2):
        box = charts.nth(index).bounding_box()
        assert box["width"] > 300 and box["height"] > 150  # really drawn, not collapsed
    assert page.locator("table caption").count() == 2
    assert axe_violations(page) == []
    shot(page, f"{language}-desktop")

    page.set_viewport_size({"width": 360, "height": 780})
    assert fits_the_screen(page)
    assert axe_violations(page) == []
    shot(page, f"{language}-phone")
