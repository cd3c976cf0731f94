"""Every page type renders, in German and Arabic, within the query budget."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import full_site, make_centre, sign_in

# An uncached page view (the page cache off, the small caches of centre, menu and links warm).
MAX_QUERIES = 10
# The first view after a publish, when those small caches are rebuilt too.
# The first view after a publish, when those small caches are rebuilt too (the home page
# asks for upcoming events and an open ceremony, the menu for published figures).
MAX_QUERIES_COLD = 21

PAGE_URLS = {
    "home": "/",
    "news_index": "/aktuelles/",
    "news": "/aktuelles/nachricht-0/",
    "topic": "/thema-0/",
    "council": "/integrationsrat/",
    "contact": "/kontakt/",
    "imprint": "/impressum/",
    "privacy": "/datenschutz/",
    "accessibility": "/barrierefreiheit/",
    "easy_language": "/leichte-sprache/",
    "sign_language": "/gebaerdensprache/",
    "search": "/search/?q=Einb%C3%BCrgerungen",
    "year": "/aktuelles/2025/",
}


@pytest.mark.parametrize("name", PAGE_URLS)
def test_page_renders_in_german(client, site_pages, name):
    response = client.get(PAGE_URLS[name])
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de" dir="ltr"' in html
    assert html.count("<h1") == 1


@pytest.fixture
def no_page_cache(settings):
    """Every request renders everything: the worst case the query budget must hold for."""
    settings.MIA_PAGE_CACHE_SECONDS = 0
    settings.MIA_FRAGMENT_CACHE_SECONDS = 0


@pytest.mark.parametrize("name", PAGE_URLS)
def test_page_stays_within_query_budget(client, site_pages, no_page_cache, name):
    client.get(PAGE_URLS[name])  # renditions are made once, on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE_URLS[name])
    assert response.status_code == 200
    assert len(queries) <= MAX_QUERIES, [q["sql"][:120] for q in queries]


@pytest.mark.parametrize("name", PAGE_URLS)
def test_page_stays_within_query_budget_after_a_publish(client, site_pages, no_page_cache, name):
    client.get(PAGE_URLS[name])
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE_URLS[name])
    assert response.status_code == 200
    assert len(queries) <= MAX_QUERIES_COLD, "\n".join(q["sql"][:150] for q in queries)


@pytest.mark.parametrize("path", ["/", "/aktuelles/", "/search/?q=Nachricht"])
def test_list_pages_do_not_grow_queries_with_items(client, db, no_page_cache, path):
    counts = []
    for index, size in enumerate((1, 3)):
        centre = make_centre(slug=f"ki{index}", hostname=f"ki{index}.test", default=False)
        full_site(centre, news=size, topics=size)
        client.get(path, HTTP_HOST=f"ki{index}.test")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST=f"ki{index}.test")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_every_page_links_the_legal_and_accessibility_pages(client, site_pages):
    html = client.get("/thema-0/").content.decode()
    footer = html[html.index("<footer") :]
    for path in (
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/leichte-sprache/",
        "/gebaerdensprache/",
        "/kontakt/",
    ):
        assert f'href="{path}"' in footer


def test_home_shows_claim_strands_news_topics_and_contact(client, site_pages):
    response = client.get("/")
    html = response.content.decode()
    assert "Integration in dortmund" in html
    assert "Querschnitt" in html and "Bildung" in html
    assert [n.title for n in response.context["latest_news"]] == ["Nachricht 1", "Nachricht 0"]
    assert [t.title for t in response.context["topics"]] == ["Thema 0", "Thema 1"]
    assert "dortmund@example.org" in html
    assert 'id="events-heading"' in html


def test_topic_page_shows_contact_persons(client, site_pages):
    html = client.get("/thema-0/").content.decode()
    assert "Team " in html and "team@example.org" in html


def test_news_page_image_has_alt_text(client, site_pages):
    html = client.get("/aktuelles/nachricht-0/").content.decode()
    assert re.search(r'<img[^>]+alt="Ein blaues Rechteck"', html)


def test_sign_language_page_states_video_size_and_running_time(client, site_pages):
    import datetime

    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    video = get_document_model().objects.create(
        title="DGS", file=ContentFile(b"\x00" * 2048, name="dgs.mp4")
    )
    page = site_pages["sign_language"].specific
    page.video = video
    page.video_duration = datetime.timedelta(minutes=3, seconds=5)
    page.save_revision().publish()
    html = client.get("/gebaerdensprache/").content.decode()
    assert "<video" in html and 'type="video/mp4"' in html
    assert "MP4, 2,0\xa0KB" in html or "MP4, 2.0\xa0KB" in html
    assert "3:05" in html


def test_accessibility_page_shows_last_reviewed_date(client, site_pages):
    html = client.get("/barrierefreiheit/").content.decode()
    assert 'datetime="2026-01-15"' in html


def test_404_uses_site_design(client, site_pages):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="mia-header"' in html and "<footer" in html


def test_500_page_renders_without_database(client, rf):
    from mia.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b'class="mia-header"' in response.content


def test_news_page_rejects_image_without_alt_text(site_pages):
    from django.core.exceptions import ValidationError

    page = site_pages["news0"].specific
    page.image_alt = " "
    with pytest.raises(ValidationError):
        page.full_clean()


def test_fragment_cache_spares_the_queries_of_a_rendered_page(client, site_pages, settings):
    settings.MIA_PAGE_CACHE_SECONDS = 0
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert len(queries) <= 3, "\n".join(q["sql"][:150] for q in queries)
    assert "Nachricht 1" in response.content.decode()


def test_publishing_refreshes_cached_fragments(client, site_pages, settings):
    settings.MIA_PAGE_CACHE_SECONDS = 0
    client.get("/thema-0/")
    topic = site_pages["topic0"].specific
    topic.intro = "<p>Ganz neue Einführung</p>"
    topic.save_revision().publish()
    assert "Ganz neue Einführung" in client.get("/thema-0/").content.decode()


def test_preview_is_never_served_from_the_fragment_cache(client, site_pages, admin_user, settings):
    settings.MIA_PAGE_CACHE_SECONDS = 0
    client.get("/thema-0/")
    topic = site_pages["topic0"].specific
    topic.intro = "<p>Entwurf der Einführung</p>"
    topic.save_revision()  # a draft, not published
    sign_in(client, admin_user)
    preview = client.get(f"/verwaltung/pages/{topic.pk}/view_draft/")
    assert "Entwurf der Einführung" in preview.content.decode()
    client.logout()
    assert "Entwurf der Einführung" not in client.get("/thema-0/").content.decode()


def test_search_page_out_of_range_is_404(client, site_pages):
    assert client.get("/search/?q=Nachricht&page=50").status_code == 404


def test_topic_page_lists_downloads_with_type_and_size_and_related_links(client, site_pages):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from ..factories import stream

    document = get_document_model().objects.create(
        title="Handbuch", file=ContentFile(b"%PDF-1.4 " + b"0" * 3000, name="handbuch.pdf")
    )
    topic = site_pages["topic0"].specific
    topic.downloads = stream(("download", {"title": "Handbuch Vielfalt", "document": document.pk}))
    topic.links = stream(
        ("link", {"title": "Kontakt aufnehmen", "page": site_pages["contact"].pk, "url": ""}),
        (
            "link",
            {"title": "Landesweite Koordinierung", "page": None, "url": "https://example.org/laki"},
        ),
    )
    topic.save_revision().publish()
    html = client.get("/thema-0/").content.decode()
    assert (
        'Handbuch Vielfalt</a> <span class="mia-meta">(PDF, 2,9\xa0KB)' in html
        or "(PDF, 2.9\xa0KB)" in html
    )
    assert '<a href="/kontakt/">Kontakt aufnehmen</a>' in html
    assert 'href="https://example.org/laki" rel="noopener"' in html


def test_link_block_needs_exactly_one_target():
    from django.core.exceptions import ValidationError

    from mia.website.blocks import LinkBlock

    block = LinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "x", "page": None, "url": ""}))
    assert block.clean(block.to_python({"title": "x", "page": None, "url": "https://a.example"}))[
        "url"
    ]
