"""The public events in the sitemap: each event at its address in every language it is
translated into, with hreflang links between them."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from mia.website.sitemap import hreflang_alternates

from .queries import public_texts


def _slug(title: str) -> str:
    # as Event.slug: the address carries the original's title
    return slugify(title)[:60] or "event"


def _address(language: str, pk: int, slug: str) -> str:
    with translation.override(language):
        return reverse("events:detail", kwargs={"pk": pk, "slug": slug})


class EventSitemap(Sitemap):
    """An item is one event with all its texts: the translations of an event stay on the
    same sitemap page, so each address can name the others as its alternates."""

    # every item may stand for one address per language; a sitemap file holds 50,000
    limit = 50_000 // len(settings.LANGUAGES)

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def items(self) -> list[list[dict]]:
        centre = getattr(self.request, "centre", None)
        if centre is None:
            return []
        # a list, not a queryset: the paginator's count would be a second query
        events: dict[str, list[dict]] = {}
        for row in public_texts(centre):
            events.setdefault(row["translation_key"], []).append(row)
        return list(events.values())

    def _urls(self, page, protocol: str, domain: str) -> list[dict]:
        urls = []
        for texts in self.paginator.page(page).object_list:
            urls.extend(self._event_urls(texts, f"{protocol}://{domain}"))
        self.latest_lastmod = max((u["lastmod"] for u in urls if u["lastmod"]), default=None)
        return urls

    def _event_urls(self, texts: Iterable[dict], root: str) -> list[dict]:
        texts = sorted(texts, key=lambda t: t["language"] != settings.LANGUAGE_CODE)
        original = texts[0]
        slug = _slug(original["title"])
        # what the event's page shows of the original (facts, venue, organiser) changes
        # every language
        shared = [
            original["updated_at"],
            original["venue__updated_at"],
            original["organisation__updated_at"],
        ]
        locations = {
            text["language"]: root + _address(text["language"], original["pk"], slug)
            for text in texts
        }
        alternates = hreflang_alternates(locations)
        return [
            {
                "item": text,
                "location": locations[text["language"]],
                "lastmod": max(m for m in (*shared, text["updated_at"]) if m is not None),
                "alternates": alternates,
            }
            for text in texts
        ]
