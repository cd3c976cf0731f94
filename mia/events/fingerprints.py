"""Cheap validators (ETag, Last-Modified) for everything that publishes events: feeds and API.

A calendar app polls a feed every few minutes and an open-data client the API; most of those
requests should end in a 304 after one aggregate query, without loading a single event.

The ETag of a list changes when anything it shows changes: which events are listed (count,
sum of ids), their SEQUENCE, the newest change of a listed original, of its translation into
the requested language, of its venue or of its organiser. Last-Modified is deliberately
coarser: the newest change among all the centre's events (and their translations, venues and
organisers), so that an event
leaving a list (unpublished, moved to another category) still moves it forward — a client
that only sends If-Modified-Since never keeps a stale list; it revalidates more often.
"""

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet, Sum

from mia.core.conditional import Fingerprint, digest
from mia.core.conditional import newest as _newest
from mia.core.models import Centre

from .models import Event, Venue

# raised whenever what a feed or the API writes for the same records changes (a deploy that
# changes the output must not leave clients with a 304 for the old format)
FORMAT_VERSION = "1"


def _digest(*parts: object) -> str:
    return digest(FORMAT_VERSION, *parts)


def _all_events(centre: Centre) -> QuerySet:
    # every state: an event that leaves the public programme (unpublished, withdrawn) must
    # still move Last-Modified forward, and states say too little about the past
    return Event.objects.originals().filter(centre=centre)


def events_fingerprint(
    listed: QuerySet, centre: Centre, language: str, *extra: object
) -> Fingerprint:
    """One query: the validators of the originals in `listed`, shown in `language`.

    `extra` is everything else the response depends on (query string, host, names of the
    edition or organisation the request loaded anyway).
    """
    everything = _all_events(centre)
    listed_ids = listed.order_by().values("pk")
    listed_keys = listed.order_by().values("translation_key")
    in_list = Q(pk__in=listed_ids)
    row = (
        Event.objects.filter(
            translation_key__in=everything.values("translation_key"),
            locale__language_code__in={settings.LANGUAGE_CODE, language},
        )
        .order_by()
        .aggregate(
            newest=Max("updated_at"),
            newest_venue=Max("venue__updated_at"),
            newest_organiser=Max("organisation__updated_at"),
            count=Count("pk", filter=in_list),
            ids=Sum("pk", filter=in_list),
            sequences=Sum("sequence", filter=in_list),
            changed=Max("updated_at", filter=Q(translation_key__in=listed_keys)),
            venue_changed=Max("venue__updated_at", filter=in_list),
            organiser_changed=Max("organisation__updated_at", filter=in_list),
        )
    )
    etag = _digest(
        "events",
        centre.pk,
        language,
        row["count"],
        row["ids"],
        row["sequences"],
        row["changed"],
        row["venue_changed"],
        row["organiser_changed"],
        *extra,
    )
    newest = _newest(row["newest"], row["newest_venue"], row["newest_organiser"])
    return Fingerprint(etag, newest, row["count"])


def venues_fingerprint(listed: QuerySet, centre: Centre, *extra: object) -> Fingerprint:
    """Two queries: the validators of a list of venues.

    Which venues are listed depends on their events, so Last-Modified also follows the
    centre's public events: a venue whose last event was unpublished drops out of the list.
    """
    in_list = Q(pk__in=listed.order_by().values("pk"))
    row = (
        Venue.objects.filter(centre=centre)
        .order_by()
        .aggregate(
            newest=Max("updated_at"),
            count=Count("pk", filter=in_list),
            ids=Sum("pk", filter=in_list),
            changed=Max("updated_at", filter=in_list),
        )
    )
    events_newest = _all_events(centre).order_by().aggregate(newest=Max("updated_at"))["newest"]
    etag = _digest("venues", centre.pk, row["count"], row["ids"], row["changed"], *extra)
    return Fingerprint(etag, _newest(row["newest"], events_newest), row["count"])
