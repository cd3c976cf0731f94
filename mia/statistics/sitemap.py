"""The statistics page in the site's sitemap: its address in every language of the centre,
with hreflang links between them, once the centre has published figures."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from mia.website.sitemap import hreflang_alternates

from .models import NaturalisationYear


class StatisticsSitemap(Sitemap):
    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def items(self) -> list:
        centre = getattr(self.request, "centre", None)
        if centre is None:
            return []
        changed = NaturalisationYear.objects.filter(centre=centre).aggregate(
            changed=Max("updated_at")
        )["changed"]
        return [] if changed is None else [changed]

    def _urls(self, page, protocol, domain) -> list[dict]:
        items = list(self.paginator.page(page).object_list)
        if not items:
            return []
        (changed,) = items
        locations = {}
        for language in self.request.centre.language_codes:
            with translation.override(language):
                path = reverse("statistics:naturalisations")
            locations[language] = self.request.build_absolute_uri(path)
        alternates = hreflang_alternates(locations)
        self.latest_lastmod = changed
        return [
            {"item": changed, "location": location, "lastmod": changed, "alternates": alternates}
            for location in locations.values()
        ]
