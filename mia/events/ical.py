"""iCalendar (RFC 5545) for public events: one event, an edition's programme, an organiser.

Each date of an event is one VEVENT. Its UID is `event-<translation key>-<n>@<host>`, n
counting the event's dates in time order from 1: the translation key is shared by the
original and its translations and never changes, and the position survives editing a date
(`services.save_event` replaces all dates when one changes, so their database ids do not).
Moving a date before another one therefore gives the later UIDs new times, which SEQUENCE
announces; a calendar that imported the file once updates its copies instead of adding new
ones. Times carry TZID=Europe/Berlin with the VTIMEZONE made from the zoneinfo database.

DTSTAMP is the event's last change rather than the moment of the request, so that the same
programme always gives the same file (what the ETag of the feed promises).
"""

import datetime
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, vCalAddress, vText
from icalendar import Event as VEvent

from mia.core.languages import language_name
from mia.core.models import Centre

from .models import Event, EventDate

TIMEZONE = "Europe/Berlin"
BERLIN = ZoneInfo(TIMEZONE)
PRODID = "-//MIA//Veranstaltungen//DE"
# how often a subscribed calendar should look again (RFC 7986, and Outlook's older property)
REFRESH = datetime.timedelta(hours=1)


def event_uid(event: Event, position: int, hostname: str) -> str:
    """The UID of the `position`-th date (from 1) of an event; stable across edits."""
    return f"event-{event.translation_key}-{position}@{hostname}"


def site_root(request: HttpRequest) -> str:
    """scheme://host[:port] of the request, for absolute links in feeds and the API."""
    return request.build_absolute_uri("/").rstrip("/")


def webcal_url(request: HttpRequest, path: str) -> str:
    """The subscription link for a feed: `webcal://host/path` (calendar apps subscribe to it
    instead of importing the file once). `path` is a path or an absolute http(s) URL."""
    absolute = request.build_absolute_uri(path)
    return "webcal://" + absolute.split("://", 1)[1]


def build_calendar(
    events: Sequence[Event],
    *,
    name: str,
    uid: str,
    centre: Centre,
    root: str,
    description: str = "",
) -> Calendar:
    """A calendar of `events` (originals, each with its dates prefetched in time order and
    lent its translation's text by `queries.translate`). Texts follow the active language."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("uid", uid)
    calendar.calendar_name = name  # NAME and X-WR-CALNAME
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", TIMEZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    calendar.add_component(_timezone(events))
    hostname = centre.site.hostname
    for event in events:
        for position, date in enumerate(event.dates.all(), start=1):
            calendar.add_component(_vevent(event, date, position, hostname, centre, root))
    return calendar


def _timezone(events: Sequence[Event]) -> Timezone:
    # transitions of the years the events fall in only: the full table since 1970 would
    # make every file 2 kB longer without telling a calendar anything it needs
    years = [d.start.astimezone(BERLIN).year for e in events for d in e.dates.all()]
    years += [d.end.astimezone(BERLIN).year for e in events for d in e.dates.all()]
    if not years:
        years = [timezone.localdate().year]
    return Timezone.from_tzid(
        TIMEZONE,
        first_date=datetime.date(min(years), 1, 1),
        last_date=datetime.date(max(years) + 1, 1, 1),
    )


def _vevent(
    event: Event, date: EventDate, position: int, hostname: str, centre: Centre, root: str
) -> VEvent:
    language = getattr(event, "content_language", "")
    text_params = {"LANGUAGE": language} if language else {}
    changed = max(
        moment for moment in (event.updated_at, event.venue and event.venue.updated_at) if moment
    )
    vevent = VEvent()
    vevent.add("uid", event_uid(event, position, hostname))
    vevent.add("dtstamp", changed)
    vevent.add("created", event.created_at)
    vevent.add("last-modified", changed)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", date.start.astimezone(BERLIN))
    vevent.add("dtend", date.end.astimezone(BERLIN))
    title = event.title
    if event.is_cancelled:
        title = _("Cancelled: %(title)s") % {"title": title}
    vevent.add("summary", title, parameters=text_params)
    vevent.add("description", _description(event), parameters=text_params)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("class", "PUBLIC")
    # visitors subscribe to a whole programme: its events must not block their free time
    vevent.add("transp", "TRANSPARENT")
    vevent.add("categories", [event.get_category_display()])
    url = root + reverse("events:detail", kwargs={"pk": event.pk, "slug": event.slug})
    vevent.add("url", url)
    if event.has_venue:
        venue = event.venue
        vevent.add("location", f"{venue.name}, {venue.address}")
        if venue.latitude is not None and venue.longitude is not None:
            vevent.add("geo", (float(venue.latitude), float(venue.longitude)))
    elif event.is_online and event.online_url:
        vevent.add("location", event.online_url)
    # the organiser by name; the address is the centre's, which answers visitors' questions
    # (organisations' own addresses are for the office, not for every calendar)
    organiser = vCalAddress(f"mailto:{centre.email}")
    organiser.params["CN"] = vText(event.organisation.name if event.organisation else centre.name)
    vevent.add("organizer", organiser)
    return vevent


def _description(event: Event) -> str:
    parts = []
    if event.is_cancelled:
        cancelled = _("This event is cancelled.")
        if event.cancellation_note:
            cancelled += " " + event.cancellation_note
        parts.append(cancelled)
    parts.append(event.summary)
    if event.description:
        parts.append(event.description)
    facts = []
    if event.organisation:
        facts.append(_("Organiser: %(name)s") % {"name": event.organisation.name})
    if event.languages:
        names = ", ".join(language_name(code) for code in event.languages)
        facts.append(_("Languages: %(names)s") % {"names": names})
    if event.is_free:
        facts.append(_("Free of charge"))
    elif event.price:
        facts.append(_("Price: %(price)s") % {"price": event.price})
    if event.registration_required:
        how = " ".join(filter(None, [event.registration_info, event.registration_url]))
        facts.append(
            _("Registration needed: %(how)s") % {"how": how} if how else _("Registration needed")
        )
    if event.is_online and event.online_url:
        facts.append(_("Online: %(url)s") % {"url": event.online_url})
    if facts:
        parts.append("\n".join(facts))
    return "\n\n".join(part.strip() for part in parts if part.strip())
