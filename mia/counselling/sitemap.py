"""The office pages in the site's sitemap: each original of the request's centre, and its
address in every language it is translated into, with hreflang links between them.

Like the pages' sitemap, a language without a translation is left out: its page shows the
German text, which is listed under its own address.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from mia.website.sitemap import hreflang_alternates

from .models import Office


class OfficeSitemap(Sitemap):
    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def items(self):
        centre = getattr(self.request, "centre", None)
        if centre is None:
            return Office.objects.none()
        return (
            Office.objects.originals()
            .filter(centre=centre)
            .only("pk", "slug", "translation_key", "updated_at")
            .order_by("pk")
        )

    def _address(self, office: Office, language: str) -> str:
        with translation.override(language):
            path = reverse("counselling:office", kwargs={"pk": office.pk, "slug": office.slug})
        return self.request.build_absolute_uri(path)

    def _urls(self, page, protocol, domain) -> list[dict]:
        offices = list(self.paginator.page(page).object_list)
        languages = [
            code for code in self.request.centre.language_codes if code != settings.LANGUAGE_CODE
        ]
        translated: dict = defaultdict(dict)
        rows = Office.objects.filter(
            translation_key__in=[office.translation_key for office in offices],
            locale__language_code__in=languages,
        ).values_list("translation_key", "locale__language_code", "updated_at")
        for key, language, updated_at in rows:
            translated[key][language] = updated_at
        urls = []
        for office in offices:
            versions = {settings.LANGUAGE_CODE: office.updated_at}
            for language, updated_at in translated[office.translation_key].items():
                # the facts are the original's: whichever changed last
                versions[language] = max(updated_at, office.updated_at)
            locations = {language: self._address(office, language) for language in versions}
            alternates = hreflang_alternates(locations)
            urls += [
                {
                    "item": office,
                    "location": locations[language],
                    "lastmod": lastmod,
                    "alternates": alternates,
                }
                for language, lastmod in versions.items()
            ]
        self.latest_lastmod = max((url["lastmod"] for url in urls), default=None)
        return urls
