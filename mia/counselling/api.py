"""The counselling offices as open data: `/api/v1/offices/` (JSON, paginated) and
`/api/v1/offices.geojson` (GeoJSON, for maps).

Both take the finder's questions and filters as query parameters and answer with the offices
the finder shows for them, in its order (nearest first when a district or postcode is given,
else by name): the same `FinderForm`, `search`, `page_of` and `explain` as the public pages,
so the API cannot drift from the finder. Invalid parameters answer 400 with the form's
message per field, in the requested language. Scoped, headed and validated like the events
API (mia/core/api.py); the validators follow the clock too (see fingerprints.py).
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, QuerySet, Window
from django.http import HttpRequest, JsonResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from mia.core.api import (
    LANGUAGE_PARAMETERS,
    NOT_MODIFIED,
    Pagination,
    PublicAPI,
    published,
    request_key,
)
from mia.core.conditional import Fingerprint
from mia.core.languages import SPOKEN_LANGUAGES
from mia.core.translations import lend_translations

from . import finder, hours
from .fingerprints import offices_fingerprint
from .models import Office, Programme, Topic
from .places import Origin
from .serializers import OfficeSerializer, office_path

# The map gets every office that fits, up to this many (all of NRW's offices fit in it).
GEOJSON_LIMIT = 5000
MAP_FIELDS = ("id", "translation_key", "slug", "name", "programme", "latitude", "longitude")

FILTER_PARAMETERS = [
    OpenApiParameter(
        "age",
        OpenApiTypes.INT,
        description="The visitor's age, 0 to 120: offices whose age range includes it "
        "(MBE from 27, JMD from 12 to 27).",
    ),
    OpenApiParameter(
        "language",
        OpenApiTypes.STR,
        enum=list(SPOKEN_LANGUAGES),
        description="A language spoken at the office (ISO 639 code).",
    ),
    OpenApiParameter(
        "district",
        OpenApiTypes.STR,
        description="Slug of one of the centre's districts (e.g. `innenstadt-nord`): the "
        "nearest offices to its centre point come first, with their `distance_km`.",
    ),
    OpenApiParameter(
        "postcode",
        OpenApiTypes.STR,
        pattern=r"^\d{5}$",
        description="A postcode of the centre's area: distances start from its centre point "
        "(it wins over `district`). An unknown postcode answers 400.",
    ),
    OpenApiParameter("programme", OpenApiTypes.STR, enum=Programme.values),
    OpenApiParameter("topic", OpenApiTypes.STR, enum=Topic.values),
    OpenApiParameter(
        "open_now",
        OpenApiTypes.BOOL,
        description="`true`: only offices open now, and those without opening hours (by "
        "appointment).",
    ),
    OpenApiParameter(
        "day",
        OpenApiTypes.DATE,
        description="Only offices open on this day (YYYY-MM-DD), and those without opening hours.",
    ),
    OpenApiParameter(
        "online", OpenApiTypes.BOOL, description="`true`: only offices counselling online."
    ),
    OpenApiParameter(
        "step_free", OpenApiTypes.BOOL, description="`true`: only offices with step-free access."
    ),
]
ERRORS = {
    400: OpenApiResponse(
        {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "example": {"age": ["Enter an age from 0 to 120."]},
        },
        description="Each parameter that was not understood, with its messages (in the "
        "language of the response).",
    )
}


@dataclass
class Search:
    """The question of one request, read once for the validators and the view."""

    form: finder.FinderForm
    now: datetime.datetime
    criteria: finder.Criteria | None = None  # None: the question is invalid


def search(request: HttpRequest) -> Search:
    request = getattr(request, "_request", request)  # DRF's request wraps Django's
    if "_offices_search" not in request.__dict__:
        found = Search(finder.FinderForm(request.GET, centre=request.centre), hours.local_now())
        if found.form.is_valid():
            found.criteria = found.form.criteria()
        request._offices_search = found
    return request._offices_search


def _errors(found: Search) -> dict[str, list[str]]:
    return {
        field: [str(message) for message in errors] for field, errors in found.form.errors.items()
    }


def _fingerprint(request: HttpRequest) -> Fingerprint | None:
    """Without searching: a 304, or an answer kept under the ETag, costs the form's districts
    and the fingerprint's query."""
    if request.centre is None:
        return None
    found = search(request)
    if found.criteria is None:
        return None  # the view answers 400 with the reasons
    # where distances start: the districts' centre points (the form has loaded them all),
    # or the postcode's (the form has looked it up)
    districts = sorted(
        (d.slug, d.name, d.latitude, d.longitude) for d in found.form.districts.values()
    )
    area = getattr(found.form, "area", None) if found.criteria.postcode else None
    return offices_fingerprint(
        request.centre,
        request.api_language,
        found.now,
        request.path,  # the list and the map answer the same question differently
        *request_key(request),
        districts,
        (area.latitude, area.longitude) if area else None,
    )


def _matches(
    found: Search, offices: QuerySet, origin: Origin | None, language: str
) -> list[Office]:
    """The offices with their texts in `language`, each told whether it is open now and how
    far it is."""
    shown = finder.page_of(offices, language)
    for match in finder.explain(shown, found.criteria, origin, found.now):
        match.office.open_now = match.status.open_now
        match.office.distance_km = None if match.distance is None else round(match.distance, 2)
    return shown


def counted(offices: QuerySet) -> QuerySet:
    """Each office carries `fitting`, how many fit in all: counted by the database in the same
    pass that finds the page (a window over the whole result, taken before the slice), instead
    of a second query that would find them all again."""
    return offices.annotate(fitting=Window(Count("pk")))


class _KnownCount(Paginator):
    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._known = count

    @property
    def count(self) -> int:
        return self._known


class OfficePagination(Pagination):
    page_size = finder.PAGE_SIZE  # the finder's page

    def paginate_offices(self, offices: QuerySet, request, show) -> list[Office]:
        """The offices of the requested page, as `show` makes them of the page's query."""
        self.request = request
        size = self.get_page_size(request)
        try:
            number = int(request.query_params.get(self.page_query_param) or 1)
        except ValueError:
            number = 0
        if number < 1:
            raise NotFound(self.invalid_page_message)
        bottom = (number - 1) * size
        shown = show(counted(offices)[bottom : bottom + size])
        if not shown and number > 1:
            raise NotFound(self.invalid_page_message)
        paginator = _KnownCount(offices, size, count=shown[0].fitting if shown else 0)
        self.page = Page(shown, number, paginator)
        return shown


class OfficeList(PublicAPI, GenericAPIView):
    serializer_class = OfficeSerializer
    pagination_class = OfficePagination

    @extend_schema(
        summary="Counselling offices, as the finder finds them",
        description="The centre's counselling offices (MBE, JMD and others) that fit the "
        "finder's questions and filters, which combine (and): nearest first when a `district` "
        "or `postcode` is given, else by name. Offices without opening hours (by "
        "appointment) stay in the list when `open_now` or `day` is asked for.",
        parameters=FILTER_PARAMETERS + LANGUAGE_PARAMETERS,
        responses={200: OfficeSerializer(many=True), **ERRORS, **NOT_MODIFIED},
    )
    def get(self, request, *args, **kwargs):
        self.centre()
        found = search(request)
        if found.criteria is None:
            return Response(_errors(found), status=400)
        offices, origin = finder.search(request.centre, found.criteria, found.now)
        offices = self.paginator.paginate_offices(
            offices, request, lambda page: _matches(found, page, origin, request.api_language)
        )
        context = {**self.get_serializer_context(), "today": found.now.date()}
        data = OfficeSerializer(offices, many=True, context=context).data
        return self.get_paginated_response(data)


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class _Always(BaseContentNegotiation):
    """GeoJSON whatever the client accepts: a map library asks for application/json."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


FEATURES = inline_serializer(
    "OfficeFeatureCollection",
    {
        "type": serializers.ChoiceField(["FeatureCollection"]),
        "features": inline_serializer(
            "OfficeFeature",
            {
                "type": serializers.ChoiceField(["Feature"]),
                "id": serializers.IntegerField(),
                "geometry": inline_serializer(
                    "OfficePoint",
                    {
                        "type": serializers.ChoiceField(["Point"]),
                        "coordinates": serializers.ListField(
                            child=serializers.FloatField(),
                            min_length=2,
                            max_length=2,
                            help_text="[longitude, latitude] (RFC 7946), WGS 84.",
                        ),
                    },
                    allow_null=True,
                    help_text="Null for an office without coordinates.",
                ),
                "properties": inline_serializer(
                    "OfficeFeatureProperties",
                    {
                        "id": serializers.IntegerField(),
                        "name": serializers.CharField(),
                        "programme": serializers.ChoiceField(Programme.choices),
                        "url": serializers.URLField(help_text="The office's page."),
                        "open_now": serializers.BooleanField(),
                    },
                ),
            },
            many=True,
        ),
        "count": serializers.IntegerField(help_text="How many offices fit (all of them)."),
        "truncated": serializers.BooleanField(
            help_text=f"True when more than {GEOJSON_LIMIT} fit: only the first "
            f"{GEOJSON_LIMIT} are features."
        ),
    },
)


class OfficeMap(PublicAPI, GenericAPIView):
    renderer_classes = [GeoJSONRenderer]
    content_negotiation_class = _Always

    @extend_schema(
        summary="Counselling offices as GeoJSON, for a map",
        description="The same offices as `/api/v1/offices/` for the same parameters, in the "
        f"same order, as an RFC 7946 FeatureCollection of points: all of them, not paginated, "
        f"up to {GEOJSON_LIMIT}.",
        parameters=FILTER_PARAMETERS + LANGUAGE_PARAMETERS,
        # errors are plain JSON, not GeoJSON
        responses={200: FEATURES, (400, "application/json"): ERRORS[400], **NOT_MODIFIED},
    )
    def get(self, request, *args, **kwargs):
        self.centre()
        found = search(request)
        if found.criteria is None:
            return JsonResponse(_errors(found), status=400)
        offices, _origin = finder.search(request.centre, found.criteria, found.now)
        # what a map shows of each office, and no more: all of NRW's offices in one answer
        offices = counted(offices).annotate(
            open_now=ExpressionWrapper(hours.open_now_at(found.now), output_field=BooleanField())
        )
        offices = lend_translations(
            offices.only(*MAP_FIELDS)[:GEOJSON_LIMIT], request.api_language, ("name",)
        )
        count = offices[0].fitting if offices else 0
        return Response(
            {
                "type": "FeatureCollection",
                "features": [_feature(request, office) for office in offices],
                "count": count,
                "truncated": count > len(offices),
            }
        )


def _feature(request: HttpRequest, office: Office) -> dict:
    geometry = None
    if office.has_location:
        # RFC 7946: longitude first
        geometry = {"type": "Point", "coordinates": [office.longitude, office.latitude]}
    return {
        "type": "Feature",
        "id": office.pk,
        "geometry": geometry,
        "properties": {
            "id": office.pk,
            "name": office.name,
            "programme": office.programme,
            "url": request.build_absolute_uri(office_path(office)),
            "open_now": office.open_now,
        },
    }


# what an answer may be kept for (mia/core/conditional.py: kept_by_etag): the finder's
# questions, the language and the page
PARAMETERS = frozenset({*finder.FinderForm.base_fields, "lang", "page", "page_size"})

urlpatterns = [
    path(
        "offices/",
        published(OfficeList.as_view(), _fingerprint, kept_for=PARAMETERS),
        name="offices",
    ),
    path(
        "offices.geojson",
        published(OfficeMap.as_view(), _fingerprint, kept_for=PARAMETERS),
        name="offices_geojson",
    ),
]
