from collections import defaultdict

from django.conf import settings
from django.http import HttpRequest
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from mia.core.services import centre_pages


def hreflang_alternates(locations: dict[str, str]) -> list[dict]:
    """A sitemap entry's links to its other languages ({language: address}), with the
    default language's as x-default; none for a record in one language only."""
    if len(locations) < 2:
        return []
    alternates = [
        {"lang_code": language, "location": location} for language, location in locations.items()
    ]
    if settings.LANGUAGE_CODE in locations:
        alternates.append({"lang_code": "x-default", "location": locations[settings.LANGUAGE_CODE]})
    return alternates


class CentreSitemap(Sitemap):
    """Every page of the centre in every language, each with hreflang links to its translations.

    Aliases (an untranslated page shown in another language's tree) are left out: their text is
    the original's, which is listed under its own address.
    """

    def items(self):
        centre = getattr(self.request, "centre", None)
        if centre is None:
            return Page.objects.none()
        return (
            centre_pages(centre)
            .public()
            .filter(alias_of__isnull=True)
            .select_related("locale")
            .order_by("path")
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        by_key: dict = defaultdict(list)
        for item in pages:
            by_key[item.translation_key].append(item)
        urls = []
        for item in pages:
            location = item.get_full_url(self.request)
            alternates = hreflang_alternates(
                {
                    sibling.locale.language_code: sibling.get_full_url(self.request)
                    for sibling in by_key[item.translation_key]
                }
            )
            lastmod = item.last_published_at or item.latest_revision_created_at
            urls.append(
                {"item": item, "location": location, "lastmod": lastmod, "alternates": alternates}
            )
        self.latest_lastmod = max((u["lastmod"] for u in urls if u["lastmod"]), default=None)
        return urls


def sitemaps_for(request: HttpRequest) -> dict:
    """Every sitemap section of the request's centre: its pages, and the records that have
    pages of their own outside the page tree."""
    from mia.counselling.sitemap import OfficeSitemap
    from mia.events.sitemap import EventSitemap
    from mia.statistics.sitemap import StatisticsSitemap

    return {
        "pages": CentreSitemap(request),
        "events": EventSitemap(request),
        "offices": OfficeSitemap(request),
        "statistics": StatisticsSitemap(request),
    }
