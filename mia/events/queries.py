"""Reading events for visitors: the originals' facts with the visitor's translation's text."""

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet

from mia.core.models import Centre
from mia.core.translations import lend_translations

from .models import Attendance, Event, EventDate, Venue


def public_events(centre: Centre, *, edition=None):
    """Published and cancelled events with everything a listing shows, in a fixed number of
    queries: venue, organiser and image joined; dates prefetched."""
    events = (
        Event.objects.public()
        .filter(centre=centre)
        .select_related("venue", "organisation", "image", "edition")
        .prefetch_related(Prefetch("dates", queryset=EventDate.objects.order_by("start")))
    )
    if edition is not None:
        events = events.filter(edition=edition)
    return events


def translate(events: Iterable[Event], language: str) -> list[Event]:
    """Lend each event the text of its translation into `language`, where one exists (one
    query); each gets `content_language`, the language its text is now in."""
    return lend_translations(events, language, Event.TRANSLATED_TEXT)


def public_venues(centre: Centre):
    """Verified venues where at least one public event takes place on site: the places the
    programme shows. Venues only proposed, or known to the office without a public event,
    are not published (a venue can be someone's private address)."""
    used = Event.objects.public().filter(venue=OuterRef("pk")).exclude(attendance=Attendance.ONLINE)
    return (
        Venue.objects.filter(centre=centre, verified=True)
        .filter(Exists(used))
        .order_by("name", "pk")
    )


def public_texts(centre: Centre) -> QuerySet:
    """Every text of a public event a visitor can read at an address of its own: the
    originals, and their translations into the languages the centre offers (a language
    without a translation shows the original's text, which has its address already).

    One row each, the original's and its translations' alike: id, title (the original's
    make the address), language, when it changed, and when its venue and organiser did.
    """
    languages = {settings.LANGUAGE_CODE, *centre.language_codes}
    public = Event.objects.public().filter(centre=centre)
    return (
        Event.objects.filter(
            translation_key__in=public.values("translation_key"),
            locale__language_code__in=sorted(languages),
        )
        .values(
            "pk",
            "title",
            "translation_key",
            "updated_at",
            "venue__updated_at",
            "organisation__updated_at",
            language=F("locale__language_code"),
        )
        .order_by("pk")
    )
