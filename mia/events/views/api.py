"""The JSON API for events and venues: public, read-only open data under /api/v1/.

Scoped like the site: the centre whose host is asked, its published and cancelled events,
the verified venues where they happen. No sign-in, no session, no cookies; any web page may
read it (CORS). Lists are paginated (`page`, `page_size` up to 200) and carry ETag and
Last-Modified, so a client that polls gets a 304 after one query. The OpenAPI 3 document at
/api/v1/openapi.json describes everything, generated from these views by drf-spectacular.
"""

import hashlib
import json
from urllib.parse import urlencode

from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path
from django.utils import translation
from django.views.decorators.http import condition, require_safe
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.viewsets import ReadOnlyModelViewSet

from ..filters import EventFilter, VenueFilter
from ..fingerprints import Fingerprint, events_fingerprint, venues_fingerprint
from ..models import Event, EventDate, Venue
from ..queries import public_events, public_venues, translate
from ..serializers import EventSerializer, VenueSerializer
from ._conditional import cache_publicly, open_data, validated_by


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


LANGUAGE_PARAMETERS = [
    OpenApiParameter(
        "lang",
        OpenApiTypes.STR,
        description="Language of the texts (one of the centre's languages, e.g. de, en, tr, "
        "ar, uk); takes precedence over Accept-Language. Texts without a translation stay "
        "in the original language, named by `content_language`.",
    ),
    OpenApiParameter(
        "Accept-Language",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        description="Used when `lang` is not given.",
    ),
]
NOT_MODIFIED = {304: None}


class PublicReadOnly(ReadOnlyModelViewSet):
    # open data: nobody signs in, so there is no session and no CSRF to check
    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]

    def centre(self):
        if self.request.centre is None:
            raise Http404
        return self.request.centre

    def get_object(self):
        # filters narrow lists only: an event is found by its id alone
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(
        summary="Public events, by first date",
        description="Published and cancelled events of the centre whose site is asked, "
        "ordered by their first date. Filters combine (and).",
        parameters=LANGUAGE_PARAMETERS,
        responses={200: EventSerializer(many=True), **NOT_MODIFIED},
    ),
    retrieve=extend_schema(
        summary="One public event",
        description="A published or cancelled event; any other id answers 404.",
        parameters=LANGUAGE_PARAMETERS,
        responses={200: EventSerializer, **NOT_MODIFIED},
    ),
)
class EventViewSet(PublicReadOnly):
    serializer_class = EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator asks
            return Event.objects.none()
        events = public_events(self.centre())
        if self.action == "list":
            first = EventDate.objects.filter(event=OuterRef("pk")).order_by("start")
            events = events.annotate(first_start=Subquery(first.values("start")[:1]))
            events = events.order_by("first_start", "pk")
        return events

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        events = translate(page, request.api_language)
        return self.get_paginated_response(self.get_serializer(events, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        (event,) = translate([self.get_object()], request.api_language)
        return Response(self.get_serializer(event).data)


@extend_schema_view(
    list=extend_schema(
        summary="Venues of public events, by name",
        description="Verified venues where at least one published or cancelled event takes "
        "place on site, with what matters for accessibility.",
        responses={200: VenueSerializer(many=True), **NOT_MODIFIED},
    ),
    retrieve=extend_schema(
        summary="One venue",
        description="A venue of the list; any other id answers 404.",
        responses={200: VenueSerializer, **NOT_MODIFIED},
    ),
)
class VenueViewSet(PublicReadOnly):
    serializer_class = VenueSerializer
    filterset_class = VenueFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Venue.objects.none()
        return public_venues(self.centre())


# -- validators: one query decides on a 304 ----------------------------------------------------


def _request_key(request: HttpRequest) -> tuple[str, str]:
    return request.get_host(), urlencode(sorted(request.GET.lists()), doseq=True)


def _events_fingerprint(request: HttpRequest, pk: int | None = None) -> Fingerprint | None:
    if request.centre is None:
        return None
    events = public_events(request.centre)
    if pk is not None:
        found = events_fingerprint(
            events.filter(pk=pk), request.centre, request.api_language, *_request_key(request)
        )
        return found if found.count else None
    filtered = EventFilter(request.GET, queryset=events, request=request)
    if not filtered.is_valid():
        return None  # the view answers 400 with the reasons
    return events_fingerprint(
        filtered.qs, request.centre, request.api_language, *_request_key(request)
    )


def _venues_fingerprint(request: HttpRequest, pk: int | None = None) -> Fingerprint | None:
    if request.centre is None:
        return None
    venues = public_venues(request.centre)
    if pk is not None:
        found = venues_fingerprint(venues.filter(pk=pk), request.centre, *_request_key(request))
        return found if found.count else None
    filtered = VenueFilter(request.GET, queryset=venues, request=request)
    if not filtered.is_valid():
        return None
    return venues_fingerprint(filtered.qs, request.centre, *_request_key(request))


def _published(view, fingerprint):
    return open_data(cache_publicly(validated_by(fingerprint)(view)))


# -- the OpenAPI document ------------------------------------------------------------------------

_document: bytes | None = None


def openapi_document() -> bytes:
    """Generated once per process from the views above (it changes only with the code)."""
    global _document
    if _document is None:
        from drf_spectacular.generators import SchemaGenerator

        generator = SchemaGenerator(
            patterns=[path("api/v1/", include((urlpatterns, "events_api")))]
        )
        with translation.override(None):  # the document is written in English
            schema = generator.get_schema(request=None, public=True)
        _document = json.dumps(schema, ensure_ascii=False, sort_keys=True).encode()
    return _document


def _openapi_etag(request: HttpRequest) -> str:
    return hashlib.sha256(openapi_document()).hexdigest()[:32]


@open_data
@require_safe
@cache_publicly
@condition(etag_func=_openapi_etag)
def openapi(request: HttpRequest) -> HttpResponse:
    return HttpResponse(openapi_document(), content_type="application/json")


urlpatterns = [
    path(
        "events/",
        _published(EventViewSet.as_view({"get": "list"}), _events_fingerprint),
        name="events",
    ),
    path(
        "events/<int:pk>/",
        _published(EventViewSet.as_view({"get": "retrieve"}), _events_fingerprint),
        name="event",
    ),
    path(
        "venues/",
        _published(VenueViewSet.as_view({"get": "list"}), _venues_fingerprint),
        name="venues",
    ),
    path(
        "venues/<int:pk>/",
        _published(VenueViewSet.as_view({"get": "retrieve"}), _venues_fingerprint),
        name="venue",
    ),
    path("openapi.json", openapi, name="openapi"),
]
