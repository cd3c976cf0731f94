"""iCalendar feeds: one event, one edition, one organisation.

Public like the programme: published and cancelled events of the centre whose site is asked,
nothing else. The text is in the language of the address (/en/...) or of `?lang=`, from the
event's translation where one exists. Each feed answers 304 to a calendar app that already
has the current version, after one query (two for an edition or organisation).
"""

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mia.core.conditional import Fingerprint, cache_publicly, requested_language, validated_by
from mia.organisations.models import Organisation

from ..fingerprints import events_fingerprint
from ..ical import build_calendar, site_root
from ..models import Edition, Event
from ..queries import public_events, translate


def _centre(request: HttpRequest):
    if request.centre is None:
        raise Http404
    return request.centre


def _fingerprint(request: HttpRequest, events, *extra) -> Fingerprint:
    language = requested_language(request)
    centre = request.centre  # its name and address are the ORGANIZER of its own events
    return events_fingerprint(
        events, centre, language, request.get_host(), centre.name, centre.email, *extra
    )


def _event_fingerprint(request: HttpRequest, pk: int) -> Fingerprint | None:
    if request.centre is None:
        return None
    found = _fingerprint(request, public_events(request.centre).filter(pk=pk))
    return found if found.count else None  # not public: the view answers 404


def _edition(request: HttpRequest, slug: str) -> Edition | None:
    """The centre's edition, looked up once for the validators and the view."""
    if "_feed_edition" not in request.__dict__:
        request._feed_edition = Edition.objects.filter(centre=request.centre, slug=slug).first()
    return request._feed_edition


def _organisation(request: HttpRequest, pk: int) -> Organisation | None:
    if "_feed_organisation" not in request.__dict__:
        request._feed_organisation = Organisation.objects.filter(
            centre=request.centre, pk=pk
        ).first()
    return request._feed_organisation


def _edition_fingerprint(request: HttpRequest, edition: str) -> Fingerprint | None:
    found = _edition(request, edition) if request.centre else None
    if found is None:
        return None
    return _fingerprint(request, public_events(request.centre, edition=found), found.name)


def _organisation_fingerprint(request: HttpRequest, pk: int) -> Fingerprint | None:
    found = _organisation(request, pk) if request.centre else None
    if found is None:
        return None
    events = public_events(request.centre).filter(organisation=found)
    return _fingerprint(request, events, found.name)


def _ics_response(request: HttpRequest, events, *, name: str, uid: str, filename: str):
    """`name` empty: the calendar is named after its only event, in the visitor's language."""
    language = requested_language(request)
    with translation.override(language):
        events = translate(events, language)
        calendar = build_calendar(
            events,
            name=name or events[0].title,
            uid=f"{uid}@{request.centre.site.hostname}",
            centre=request.centre,
            root=site_root(request),
        )
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Language"] = language
    return response


LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _first_start(event: Event) -> datetime.datetime:
    dates = event.dates.all()  # prefetched in time order
    return dates[0].start if dates else LATEST


def _ordered(events) -> list[Event]:
    """By first date, sorted here rather than in SQL: no GROUP BY over the dates."""
    return sorted(events, key=lambda event: (_first_start(event), event.pk))


@require_safe
@cache_publicly
@validated_by(_event_fingerprint)
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _centre(request)
    event = get_object_or_404(public_events(centre), pk=pk)
    return _ics_response(
        request,
        [event],
        name="",
        uid=f"event-{event.translation_key}",
        filename=f"veranstaltung-{event.pk}.ics",
    )


@require_safe
@cache_publicly
@validated_by(_edition_fingerprint)
def edition_ics(request: HttpRequest, edition: str) -> HttpResponse:
    centre = _centre(request)
    found = _edition(request, edition)
    if found is None:
        raise Http404
    events = _ordered(public_events(centre, edition=found))
    return _ics_response(
        request,
        events,
        name=found.name,
        uid=f"edition-{found.pk}",
        filename=f"{found.slug}.ics",
    )


@require_safe
@cache_publicly
@validated_by(_organisation_fingerprint)
def organisation_ics(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _centre(request)
    organisation = _organisation(request, pk)
    if organisation is None:
        raise Http404
    events = _ordered(public_events(centre).filter(organisation=organisation))
    with translation.override(requested_language(request)):
        name = _("Events of %(name)s") % {"name": organisation.name}
    return _ics_response(
        request,
        events,
        name=name,
        uid=f"organisation-{organisation.pk}",
        filename=f"veranstalter-{organisation.pk}.ics",
    )


urlpatterns = [
    path("veranstaltung/<int:pk>.ics", event_ics, name="event_ics"),
    path("veranstaltungen/<slug:edition>/programm.ics", edition_ics, name="edition_ics"),
    path("veranstaltungen/veranstalter-<int:pk>.ics", organisation_ics, name="organisation_ics"),
]
