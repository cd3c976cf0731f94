"""The counselling finder and the office pages, as visitors see them.

The finder is a plain GET form: it works without JavaScript, and every answer is part of
the address, so results can be shared and bookmarked. Everything comes from the originals
of the request's centre; text is lent by the translation into the visitor's language where
one exists (`finder.page_of`), else shown in German and marked so.

Caching: what is open depends on the clock, so these pages stay in the page cache only
until the current minute ends (`keep_until_next_minute`); a finder query with answers is
not page-cached at all (the page cache keeps `page` and `q` only), and the content is never
put into the fragment cache. Office changes empty the caches (`mia/counselling/caching.py`).
"""

import datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mia.core.cache import keep_until_next_minute
from mia.core.forms import AutonymSelect, FilterBoundField
from mia.core.languages import autonyms
from mia.core.models import Centre
from mia.core.structured_data import json_ld
from mia.website.models.base import content_attrs

from .. import finder, hours
from ..models import Closure, Office, Topic
from ..structured_data import office_data
from ..vcard import office_vcard

QUESTIONS = ("age", "language", "district", "postcode")
SELECTS = ("programme", "topic")
FLAGS = ("open_now", "online", "step_free")
# the block type on topic pages that holds the finder's questions (mia/website/blocks.py)
FINDER_BLOCK = "counselling_finder"


class FinderPageForm(finder.FinderForm):
    """The finder's form with KERN's markup, and each language named in itself."""

    bound_field_class = FilterBoundField
    language = finder.language_field(widget=AutonymSelect)

    @property
    def questions(self):
        return [self[name] for name in QUESTIONS]

    @property
    def selects(self):
        return [self[name] for name in SELECTS]

    @property
    def flags(self):
        return [self[name] for name in FLAGS]

    @property
    def more_filters_used(self) -> bool:
        """Open the "More filters" section when one of them is set or wrong."""
        names = (*SELECTS, *FLAGS, "day")
        return any(self.data.get(name) for name in names) or any(
            name in self.errors for name in names
        )


def _centre(request: HttpRequest) -> Centre:
    centre = getattr(request, "centre", None)
    if centre is None:
        raise Http404
    return centre


def finder_topic(request: HttpRequest, centre: Centre, language: str) -> dict | None:
    """The topic page that holds the finder's questions, for the breadcrumb."""
    from mia.website.services import topic_with_block

    return topic_with_block(request, centre, language, FINDER_BLOCK)


def _query(params: dict) -> str:
    return urlencode([(name, value) for name, value in params.items() if value not in ("", None)])


def _answers(form: finder.FinderForm) -> dict:
    """The valid answers as they go into an address, in a fixed order: the same answers
    give the same address (for the language links and the cache keys)."""
    criteria = form.criteria()
    return {
        "age": "" if criteria.age is None else criteria.age,
        "language": criteria.language,
        "district": criteria.district.slug if criteria.district else "",
        "postcode": criteria.postcode,
        "programme": criteria.programme,
        "topic": criteria.topic,
        "open_now": "1" if criteria.open_now else "",
        "day": criteria.day.isoformat() if criteria.day else "",
        "online": "1" if criteria.online else "",
        "step_free": "1" if criteria.step_free else "",
    }


def _widenings(base: str, answers: dict) -> list[dict]:
    """For an empty result: each answer that narrows the list, with the address without it.
    District and postcode only sort, so leaving them out would change nothing."""
    texts = {
        "age": _("Leave out your age"),
        "language": _("Show offices in every language"),
        "programme": _("Show every kind of counselling"),
        "topic": _("Show every topic"),
        "open_now": _("Include offices that are closed now"),
        "day": _("Include offices that are closed on that day"),
        "online": _("Include offices without online counselling"),
        "step_free": _("Include offices whose step-free access is not confirmed"),
    }
    return [
        {"text": text, "url": f"{base}?{_query({k: v for k, v in answers.items() if k != name})}"}
        for name, text in texts.items()
        if answers[name] not in ("", None)
    ]


def _typed(request: HttpRequest, form: finder.FinderForm) -> str:
    """The answers and page as the visitor typed them, in a fixed order, and nothing else:
    other parameters cannot make new cache entries."""
    return urlencode(
        [(name, request.GET.getlist(name)) for name in (*form.fields, "page")], doseq=True
    )


def _url(base: str, query: str) -> str:
    return f"{base}?{query}" if query else base


@require_safe
def finder_page(request: HttpRequest) -> HttpResponse:
    centre = _centre(request)
    language = get_language()
    now = hours.local_now()
    form = FinderPageForm(request.GET, centre=centre, auto_id="finder-%s")
    form.is_valid()  # a wrong answer is shown at its field and left out of the search
    criteria = form.criteria()
    base = request.path
    answers = _answers(form)
    query = _query(answers)
    requested = request.GET.get("page", "")
    page_number = int(requested) if requested.isdigit() and int(requested) > 1 else ""
    page_query = _query({**answers, "page": page_number})
    # The results are worked out only if the template's fragment cache misses: a question
    # asked again within the minute (what is open changes by the minute) costs no search.
    results = Results(centre, criteria, now, language, request.GET.get("page"), base, answers)
    response = TemplateResponse(
        request,
        "counselling/public/finder.html",
        {
            "form": form,
            "criteria": criteria,
            "answered": not criteria.is_empty,
            "results_key": f"{page_query}|{now:%Y%m%d%H%M}",
            "origin": SimpleLazyObject(lambda: results.origin),
            "matches": SimpleLazyObject(lambda: results.matches),
            "items": SimpleLazyObject(lambda: results.page),
            "page_numbers": SimpleLazyObject(lambda: results.page_numbers),
            "params": query,
            "widenings": SimpleLazyObject(lambda: results.widenings),
            "map": SimpleLazyObject(lambda: results.map or {}),
            "reset_url": base,
            "topic": finder_topic(request, centre, language),
            "today": now.date(),
            # The whole content is kept for the minute under the answers as typed (a form
            # shows them so), unless one is wrong; the results inside under the answers as
            # understood, which several ways of typing share.
            "cache_content": not form.errors,
            "cache_vary": f"{_typed(request, form)}|{now:%Y%m%d%H%M}",
            # the header's language links keep the answers; its cache is keyed by them
            "cache_path": _url(base, page_query),
            "language_path": _url(base, page_query),
        },
    )
    if settings.MIA_MAP_TILES:
        # the tiles' host, for this page only; nothing is fetched before the visitor asks
        parts = urlsplit(settings.MIA_MAP_TILES)
        response._csp_update = {"img-src": [f"{parts.scheme}://{parts.netloc}"]}
    return keep_until_next_minute(response)


class Results:
    """The finder's answer to one question, worked out when first asked for."""

    def __init__(self, centre, criteria, now, language, page, base, answers) -> None:
        self.centre, self.criteria, self.now, self.language = centre, criteria, now, language
        self.requested_page, self.base, self.answers = page, base, answers

    @cached_property
    def _found(self):
        offices, origin = finder.search(self.centre, self.criteria, self.now)
        paginator = Paginator(offices, finder.PAGE_SIZE)
        return paginator, paginator.get_page(self.requested_page), origin

    @property
    def origin(self):
        return self._found[2]

    @property
    def page(self):
        return self._found[1]

    @cached_property
    def page_numbers(self) -> list:
        paginator, page, _origin = self._found
        return list(paginator.get_elided_page_range(page.number, on_ends=1))

    @cached_property
    def matches(self) -> list[finder.Match]:
        paginator, page, origin = self._found
        if not paginator.count:
            return []
        shown = finder.page_of(page.object_list, self.language)
        return finder.explain(shown, self.criteria, origin, self.now)

    @cached_property
    def widenings(self) -> list[dict]:
        return [] if self._found[0].count else _widenings(self.base, self.answers)

    @cached_property
    def map(self) -> dict | None:
        return finder_map(self.matches, self.origin)


def finder_map(matches: list[finder.Match], origin) -> dict | None:
    """The optional map's settings and points, or None when no tile server is configured
    or no office of the page has a place."""
    tiles = settings.MIA_MAP_TILES
    points = [
        {
            "lat": match.office.latitude,
            "lon": match.office.longitude,
            "name": match.office.name,
            "url": reverse(
                "counselling:office", kwargs={"pk": match.office.pk, "slug": match.office.slug}
            ),
            "distance": match.distance_label,
        }
        for match in matches
        if match.office.has_location
    ]
    if not tiles or not points:
        return None
    parts = urlsplit(tiles)
    return {
        "map_tiles": tiles,
        "map_host": parts.hostname,
        "map_origin": f"{parts.scheme}://{parts.netloc}",
        "map_attribution": settings.MIA_MAP_ATTRIBUTION,
        "map_points": points,
    }


def _office(request: HttpRequest, pk: int, language: str) -> Office:
    """An original office of the request's centre: translations and other centres' offices
    have no page (404)."""
    centre = _centre(request)
    found = finder.page_of(Office.objects.originals().filter(centre=centre, pk=pk), language)
    if not found:
        raise Http404
    return found[0]


def age_range(office: Office) -> str:
    if office.age_max is not None:
        if office.age_min:
            return _("From %(low)s to %(high)s years") % {
                "low": office.age_min,
                "high": office.age_max,
            }
        return _("Up to %(high)s years") % {"high": office.age_max}
    if office.age_min:
        return _("From %(low)s years") % {"low": office.age_min}
    return _("All ages")


def directions_url(office: Office) -> str:
    """OpenStreetMap's route planner with the office as destination: a link, nothing loaded."""
    if office.has_location:
        target = f"{office.latitude:.6f},{office.longitude:.6f}"
    else:
        target = office.address
    return "https://www.openstreetmap.org/directions?" + urlencode({"to": target}, safe=",")


def closures_ahead(office: Office, today: datetime.date) -> list[Closure]:
    return [closure for closure in office.closures.all() if closure.ends_on >= today]


@require_safe
def office_page(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    language = get_language()
    office = _office(request, pk, language)
    canonical = reverse("counselling:office", kwargs={"pk": office.pk, "slug": office.slug})
    if slug != office.slug:
        return redirect(canonical, permanent=True)
    now = hours.local_now()
    closures = closures_ahead(office, now.date())
    url = request.build_absolute_uri(canonical)
    response = TemplateResponse(
        request,
        "counselling/public/office.html",
        {
            "office": office,
            "status": hours.status(office, now),
            "today": now.date(),
            "week": hours.week(office),
            "has_hours": bool(office.opening_slots.all()),
            "closures": closures,
            "spoken": autonyms(office.languages),
            "ages": age_range(office),
            "topics": [Topic(code).label for code in office.topics if code in Topic.values],
            "directions_url": directions_url(office),
            "vcard_url": reverse(
                "counselling:office_vcard", kwargs={"pk": office.pk, "slug": office.slug}
            ),
            "canonical_url": url,
            "json_ld": json_ld(office_data(office, url, closures)),
            "topic": finder_topic(request, request.centre, language),
            # the note that the text is not translated yet, and its lang and dir
            "content_attrs": content_attrs(office.content_language),
        },
    )
    return keep_until_next_minute(response)


@require_safe
def office_vcard_download(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    language = get_language()
    office = _office(request, pk, language)
    if slug != office.slug:
        return redirect("counselling:office_vcard", pk=office.pk, slug=office.slug, permanent=True)
    page_url = request.build_absolute_uri(
        reverse("counselling:office", kwargs={"pk": office.pk, "slug": office.slug})
    )
    response = HttpResponse(
        office_vcard(office, page_url=page_url), content_type="text/vcard; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{office.slug}.vcf"'
    response["Content-Language"] = language
    return response


urlpatterns = [
    path("beratung/", finder_page, name="finder"),
    path("beratung/<int:pk>-<slug:slug>/", office_page, name="office"),
    path("beratung/<int:pk>-<slug:slug>.vcf", office_vcard_download, name="office_vcard"),
]
