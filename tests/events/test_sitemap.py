"""Public events in the sitemap: their addresses in every language they are translated into."""

import datetime
import xml.etree.ElementTree as ET

from django.contrib.sites.requests import RequestSite
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from mia.events.models import Event
from mia.events.sitemap import EventSitemap

from ..factories import event, make_centre, venue

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def translation(original: Event, language: str, **text) -> Event:
    locale, _ = Locale.objects.get_or_create(language_code=language)
    return Event.objects.create(
        centre=original.centre,
        locale=locale,
        translation_key=original.translation_key,
        state=original.state,
        category=original.category,
        summary=f"[{language}] {original.summary}",
        **text,
    )


def sitemap_urls(client) -> dict:
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {u.findtext("s:loc", namespaces=NS): u for u in root.findall("s:url", NS)}


def test_public_events_are_listed_with_their_translations(client, centre, other_centre):
    lesung = event(centre, title="Lesung am Hafen")
    translation(lesung, "en", title="Reading at the harbour")
    translation(lesung, "fr", title="Lecture")  # a language the centre does not offer
    cancelled = event(centre, title="Konzert", state="cancelled")
    for state in ("draft", "submitted", "accepted", "rejected", "withdrawn"):
        event(centre, title=f"Nicht öffentlich {state}", state=state)
    event(other_centre, title="Bochumer Fest")

    urls = sitemap_urls(client)
    events = {loc for loc in urls if "/veranstaltung/" in loc}
    assert events == {
        f"http://testserver/veranstaltung/{lesung.pk}-lesung-am-hafen/",
        f"http://testserver/en/veranstaltung/{lesung.pk}-lesung-am-hafen/",
        f"http://testserver/veranstaltung/{cancelled.pk}-konzert/",
    }
    german = urls[f"http://testserver/veranstaltung/{lesung.pk}-lesung-am-hafen/"]
    alternates = {a.get("hreflang"): a.get("href") for a in german.findall("x:link", NS)}
    assert alternates == {
        "de": f"http://testserver/veranstaltung/{lesung.pk}-lesung-am-hafen/",
        "en": f"http://testserver/en/veranstaltung/{lesung.pk}-lesung-am-hafen/",
        "x-default": f"http://testserver/veranstaltung/{lesung.pk}-lesung-am-hafen/",
    }
    concert = urls[f"http://testserver/veranstaltung/{cancelled.pk}-konzert/"]
    assert concert.findall("x:link", NS) == []


def test_lastmod_follows_the_newest_change_of_text_and_venue(client, centre):
    keuning = venue(centre)
    lesung = event(centre, title="Lesung", venue=keuning)
    english = translation(lesung, "en", title="Reading")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Event.objects.filter(pk__in=[lesung.pk, english.pk]).update(updated_at=long_ago)
    type(keuning).objects.filter(pk=keuning.pk).update(updated_at=long_ago)
    Event.objects.filter(pk=english.pk).update(updated_at=long_ago + datetime.timedelta(days=1))

    urls = sitemap_urls(client)
    german = f"http://testserver/veranstaltung/{lesung.pk}-lesung/"
    assert (
        urls[german].findtext("s:lastmod", namespaces=NS)
        == timezone.localtime(long_ago).date().isoformat()
    )
    assert (
        urls[f"http://testserver/en/veranstaltung/{lesung.pk}-lesung/"].findtext(
            "s:lastmod", namespaces=NS
        )
        == timezone.localtime(long_ago + datetime.timedelta(days=1)).date().isoformat()
    )


def _sitemap_request(centre):
    request = RequestFactory().get("/sitemap.xml")
    request.centre = centre
    return request


def test_the_events_cost_one_query_however_many(centre, django_assert_num_queries):
    def urls() -> list:
        request = _sitemap_request(centre)
        return EventSitemap(request).get_urls(page=1, site=RequestSite(request), protocol="http")

    event(centre, title="Eins")
    urls()  # warm Wagtail's locale lookups
    with django_assert_num_queries(1):
        assert len(urls()) == 1
    for n in range(5):
        translation(event(centre, title=f"Noch eins {n}"), "tr", title=f"Bir {n}")
    with django_assert_num_queries(1):
        assert len(urls()) == 11


def test_the_sitemap_does_not_grow_in_queries_with_events(
    client, centre, settings, django_assert_num_queries
):
    settings.MIA_PAGE_CACHE_SECONDS = 0  # every request is rendered, none served from the cache
    event(centre)
    client.get("/sitemap.xml")  # warm the centre's and Wagtail's caches
    with CaptureQueriesContext(connection) as few:
        assert client.get("/sitemap.xml").status_code == 200
    queries = len(few)  # now: the next request starts a new log
    for n in range(5):
        translation(event(centre, title=f"Noch eins {n}"), "en", title=f"One more {n}")
    client.get("/sitemap.xml")  # new events moved the content generation: warm again
    with django_assert_num_queries(queries):
        assert client.get("/sitemap.xml").status_code == 200


def test_a_centre_without_events_has_none_in_its_sitemap(client, db):
    make_centre()
    assert not [loc for loc in sitemap_urls(client) if "/veranstaltung/" in loc]
