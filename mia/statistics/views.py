"""The naturalisation statistics as visitors and open-data clients see them: the page with
its charts and tables (in every language of the site), the CSV and JSON downloads, and their
DCAT-AP.de description with the centre's catalogue.

The page is an ordinary HTML page: the page cache keeps it for anonymous visitors and its
content is a fragment cached under the content generation, which every change to the figures
raises (apps.py); its figures are read only when that cache misses. The downloads and the
metadata are the same in every language (one stable address each, no language prefix); they
carry ETag and Last-Modified from one query (`queries.fingerprint`) and are kept in the cache
under that ETag, so a client polling them costs a query and a 304.
"""

import json
from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mia.core.conditional import Fingerprint, cache_publicly, kept_by_etag, validated_by
from mia.core.models import Centre
from mia.core.tables import csv_bytes

from . import charts, opendata, queries
from .models import Dataset


def _centre(request: HttpRequest) -> Centre:
    centre = getattr(request, "centre", None)
    if centre is None:
        raise Http404
    return centre


def _dataset(centre: Centre) -> Dataset | None:
    return Dataset.objects.filter(centre=centre).first()


# -- the page ------------------------------------------------------------------------------------


def year_label(year) -> str:
    return f"{year.year}*" if not year.complete else str(year.year)


def page_data(centre: Centre) -> dict:
    """Everything the page shows, worked out once per content generation and language."""
    rtl = translation.get_language_bidi()
    found = queries.overview(centre)
    years = found.years
    dataset = _dataset(centre)
    data = {"overview": found, "rows": found.rows, "source": dataset.source if dataset else ""}
    if not years:
        return data
    first, last = years[0], years[-1]
    per_year = ", ".join(f"{year_label(year)}: {charts.number(year.total)}" for year in years)
    data["years_chart"] = charts.columns(
        "chart-years",
        _("Naturalisations per year, %(first)s to %(last)s")
        % {"first": first.year, "last": last.year},
        _("Bar chart. %(values)s.") % {"values": per_year}
        + (" " + _("* partial year, hatched.") if found.partial else ""),
        [(year_label(year), year.total, not year.complete) for year in years],
        rtl=rtl,
    )
    if found.top_year:
        items = [
            (
                share.name,
                share.count,
                f"{charts.number(share.count)} ({charts.percent(share.share * 100)})",
                share.remainder,
            )
            for share in found.top
        ]
        data["top_chart"] = charts.rows(
            "chart-origins",
            _("Former nationalities of those naturalised in %(year)s")
            % {"year": found.top_year.year},
            _("Bar chart, largest first. %(values)s.")
            % {"values": "; ".join(f"{name}: {text}" for name, _v, text, _m in items)},
            items,
            rtl=rtl,
        )
    return data


@require_safe
def naturalisations_page(request: HttpRequest) -> HttpResponse:
    centre = _centre(request)
    return TemplateResponse(
        request,
        "statistics/naturalisations.html",
        {
            "stats": SimpleLazyObject(lambda: page_data(centre)),
            "dataset_title": opendata.dataset_title(centre),
            "attribution": opendata.attribution(centre),
            "licence": opendata.LICENCE,
            "downloads": {
                "csv": reverse("statistics_data:csv"),
                "json": reverse("statistics_data:json"),
                "dataset": reverse("statistics_data:dataset"),
                "catalogue": reverse("statistics_data:catalogue"),
            },
            "api_url": reverse("statistics_api:naturalisations"),
            "cache_content": True,
        },
    )


# -- downloads and metadata ------------------------------------------------------------------------


def _fingerprint(request: HttpRequest) -> Fingerprint | None:
    centre = getattr(request, "centre", None)
    if centre is None:
        return None
    return queries.fingerprint(centre, request.get_host(), request.path)


def download(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Validators, cache headers, the answer kept under its ETag, and readable by any web
    page (CORS: the data is open, and there are no credentials)."""
    inner = cache_publicly(
        validated_by(_fingerprint)(kept_by_etag(_fingerprint, frozenset())(view))
    )

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = inner(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Link"
        return response

    return require_safe(wrapper)


def _records(request: HttpRequest):
    centre = _centre(request)
    return centre, list(queries.years_of(centre)), _dataset(centre)


def _links(request: HttpRequest) -> str:
    links = opendata.addresses(request)
    return (
        f'<{opendata.LICENCE["url"]}>; rel="license", '
        f'<{links["dataset"]}>; rel="describedby"; type="application/ld+json"'
    )


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@download
def csv_download(request: HttpRequest) -> HttpResponse:
    centre, years, _dataset = _records(request)
    with translation.override("de"):
        content = csv_bytes(opendata.COLUMNS, opendata.csv_rows(years))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8; header=present")
    response["Link"] = _links(request)
    return _attachment(response, opendata.file_names(centre)["csv"])


@download
def json_download(request: HttpRequest) -> HttpResponse:
    centre, years, dataset = _records(request)
    with translation.override("de"):
        document = opendata.json_document(request, centre, years, dataset)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Link"] = _links(request)
    return _attachment(response, opendata.file_names(centre)["json"])


def _json_ld(document: dict) -> HttpResponse:
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )


@download
def dataset_description(request: HttpRequest) -> HttpResponse:
    centre, years, dataset = _records(request)
    with translation.override("de"):
        return _json_ld(opendata.dcat_document(request, centre, years, dataset))


@download
def catalogue(request: HttpRequest) -> HttpResponse:
    centre, years, dataset = _records(request)
    with translation.override("de"):
        return _json_ld(opendata.dcat_catalogue(request, centre, years, dataset))


page_urlpatterns = [
    path("statistik/einbuergerungen/", naturalisations_page, name="naturalisations"),
]
data_urlpatterns = [
    path("statistik/einbuergerungen.csv", csv_download, name="csv"),
    path("statistik/einbuergerungen.json", json_download, name="json"),
    path("statistik/einbuergerungen.jsonld", dataset_description, name="dataset"),
    path("statistik/katalog.jsonld", catalogue, name="catalogue"),
]
