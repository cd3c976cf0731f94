"""Every page type, in German and in Arabic: zero axe-core violations at WCAG 2.1 AA."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents import get_document_model

from mia.website.models import SignLanguagePage

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "home": "/",
    "news-index": "/aktuelles/",
    "news-year": "/aktuelles/{year}/",
    "news": "/aktuelles/einbuergerungsfeier-identifikation-durch-mitgestaltung/",
    "topic": "/sprachmittlungspool/",
    "council": "/integrationsrat/",
    "contact": "/kontakt/",
    "imprint": "/impressum/",
    "privacy": "/datenschutz/",
    "accessibility": "/barrierefreiheit/",
    "easy-language": "/leichte-sprache/",
    "sign-language": "/gebaerdensprache/",
    "search": "/search/?q=Integration",
    "not-found": "/gibt-es-nicht/",
}


@pytest.fixture
def demo(live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("load_demo", verbosity=0)
    video = get_document_model().objects.create(
        title="DGS-Video", file=ContentFile(b"\x00" * 4096, name="dgs-start.mp4")
    )
    for page in SignLanguagePage.objects.filter(alias_of__isnull=True):
        page.video = video
        page.video_duration = datetime.timedelta(minutes=2, seconds=40)
        page.save_revision().publish()
    return live_server.url


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_page_type_has_no_axe_violations(page, demo, language):
    prefix = "" if language == "de" else f"/{language}"
    year = timezone.localdate().year
    failures = {}
    for name, path in PAGES.items():
        response = page.goto(demo + prefix + path.format(year=year))
        assert response.status == (404 if name == "not-found" else 200), name
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        violations = axe_violations(page)
        if violations:
            failures[name] = violations
        screenshot(page, f"{language}-{name}")
    assert failures == {}


def test_phone_width_has_no_violations_and_no_horizontal_scroll(browser, demo):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    for path in ("/", "/ar/", "/kontakt/"):
        page.goto(demo + path)
        assert axe_violations(page) == [], path
        # a phone browser widens innerWidth to the content; clientWidth stays the screen width
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
        screenshot(page, "phone" + path.strip("/").replace("/", "-"))
    context.close()


def test_the_axe_check_itself_finds_violations(page):
    """Guards the guard: a page with known faults must fail the same check the site passes."""
    page.set_content(
        '<html><body><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><a href="#"></a></body></html>'
    )
    found = {v["id"] for v in axe_violations(page)}
    assert {"html-has-lang", "image-alt", "link-name"} <= found
