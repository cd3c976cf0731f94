"""The JSON API for events and venues: public, read-only open data under /api/v1/.

Scoped like the site: the centre whose host is asked, its published and cancelled events,
the verified venues where they happen. No sign-in, no session, no cookies; any web page may
read it (CORS). Lists are paginated (`page`, `page_size` up to 200) and carry ETag and
Last-Modified, so a client that polls gets a 304 after one query. What all API endpoints
share, and the OpenAPI 3 document at /api/v1/openapi.json, are in mia/core/api.py.
"""

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from mia.core.api import (
    LANGUAGE_PARAMETERS,
    NOT_MODIFIED,
    PublicReadOnly,
    published,
    request_key,
)
from mia.core.conditional import Fingerprint

from ..filters import EventFilter, VenueFilter
from ..fingerprints import events_fingerprint, venues_fingerprint
from ..models import Event, EventDate, Venue
from ..queries import public_events, public_venues, translate
from ..serializers import EventSerializer, VenueSerializer


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


def _events_fingerprint(request: HttpRequest, pk: int | None = None) -> Fingerprint | None:
    if request.centre is None:
        return None
    events = public_events(request.centre)
    if pk is not None:
        found = events_fingerprint(
            events.filter(pk=pk), request.centre, request.api_language, *request_key(request)
        )
        return found if found.count else None
    filtered = EventFilter(request.GET, queryset=events, request=request)
    if not filtered.is_valid():
        return None  # the view answers 400 with the reasons
    return events_fingerprint(
        filtered.qs, request.centre, request.api_language, *request_key(request)
    )


def _venues_fingerprint(request: HttpRequest, pk: int | None = None) -> Fingerprint | None:
    if request.centre is None:
        return None
    venues = public_venues(request.centre)
    if pk is not None:
        found = venues_fingerprint(venues.filter(pk=pk), request.centre, *request_key(request))
        return found if found.count else None
    filtered = VenueFilter(request.GET, queryset=venues, request=request)
    if not filtered.is_valid():
        return None
    return venues_fingerprint(filtered.qs, request.centre, *request_key(request))


urlpatterns = [
    path(
        "events/",
        published(EventViewSet.as_view({"get": "list"}), _events_fingerprint),
        name="events",
    ),
    path(
        "events/<int:pk>/",
        published(EventViewSet.as_view({"get": "retrieve"}), _events_fingerprint),
        name="event",
    ),
    path(
        "venues/",
        published(VenueViewSet.as_view({"get": "list"}), _venues_fingerprint),
        name="venues",
    ),
    path(
        "venues/<int:pk>/",
        published(VenueViewSet.as_view({"get": "retrieve"}), _venues_fingerprint),
        name="venue",
    ),
]
