"""Cheap validators (ETag, Last-Modified) for the offices the API publishes: one query.

An answer of the offices API is made of the centre's offices (originals and their
translations into the requested language), their providers, the district the question names,
the question and the clock. The fingerprint takes all the centre's offices instead of the
ones a question finds: finding them costs as much as answering, while the newest change,
the count and the sum of the ids of all of them come from one pass over the centre's rows
(which also tells deletions). Any change to any office therefore gives every list of the
centre a new ETag: coarser, never stale, and a 304 stays cheap.

Offices also change with the clock: whether each one is open now, which ones `open_now`
finds, which closures lie ahead. Those answers can only change when some office of the centre
opens or closes (a slot's start or end today) or at midnight. The query also finds the last
such moment before now, which goes into the ETag and Last-Modified, and the next one, until
which the answer may be kept (`fresh_for`). Opening hours and closures are edited with their
office, whose change date moves with them.
"""

import datetime

from django.conf import settings
from django.db.models import Count, Max, Subquery, Sum

from mia.core.conditional import Fingerprint, digest, newest
from mia.core.models import Centre

from .models import Office, OpeningSlot, Provider

# raised whenever what the API writes for the same records changes
FORMAT_VERSION = "1"
_FIELDS = ("newest", "count", "ids", "newest_provider", "opened", "closed", "opens", "closes")


def _slot_edge(
    centre: Centre,
    weekday: int,
    field: str,
    before: datetime.time | None = None,
    after: datetime.time | None = None,
) -> Subquery:
    """The latest `field` (opens or closes) of today's slots up to `before`, or the earliest
    after `after`: a scalar subquery, answered from the slot index."""
    slots = OpeningSlot.objects.filter(
        office__centre=centre,
        office__locale__language_code=settings.LANGUAGE_CODE,
        weekday=weekday,
    )
    if before is not None:
        slots = slots.filter(**{f"{field}__lte": before}).order_by(f"-{field}")
    else:
        slots = slots.filter(**{f"{field}__gt": after}).order_by(field)
    return Subquery(slots.values(field)[:1])


def offices_fingerprint(
    centre: Centre, language: str, now: datetime.datetime, *extra: object
) -> Fingerprint:
    """The validators of any list of the centre's offices shown in `language` at `now`
    (local time). `extra` is everything else the answer depends on (host, query string, the
    place distances are measured from, the districts' names)."""
    today, time = now.date(), now.time()
    weekday = today.weekday()
    rows = (
        Office.objects.filter(
            centre=centre, locale__language_code__in={settings.LANGUAGE_CODE, language}
        )
        .order_by()
        .values("centre")
        .annotate(
            newest=Max("updated_at"),
            count=Count("pk"),
            ids=Sum("pk"),
            # constant subqueries, evaluated once beside the aggregate (inside one, they
            # would be taken again for every row): the providers' newest change, and the
            # edges of the day's slots around now
            newest_provider=Subquery(
                Provider.objects.filter(centre=centre)
                .order_by("-updated_at")
                .values("updated_at")[:1]
            ),
            opened=_slot_edge(centre, weekday, "opens", before=time),
            closed=_slot_edge(centre, weekday, "closes", before=time),
            opens=_slot_edge(centre, weekday, "opens", after=time),
            closes=_slot_edge(centre, weekday, "closes", after=time),
        )
    )
    # no row when the centre has no offices (then it has no hours either)
    row = next(iter(rows), dict.fromkeys(_FIELDS))
    midnight = datetime.datetime.combine(today, datetime.time.min, now.tzinfo)
    since = max(
        (datetime.datetime.combine(today, t, now.tzinfo) for t in _times(row, "opened", "closed")),
        default=midnight,
    )
    until = min(
        (datetime.datetime.combine(today, t, now.tzinfo) for t in _times(row, "opens", "closes")),
        default=midnight + datetime.timedelta(days=1),
    )
    etag = digest(
        FORMAT_VERSION,
        "offices",
        centre.pk,
        language,
        row["count"],
        row["ids"],
        row["newest"],
        row["newest_provider"],
        since.isoformat(),
        *extra,
    )
    return Fingerprint(
        etag,
        newest(row["newest"], row["newest_provider"], since),
        row["count"],
        fresh_for=max(int((until - now).total_seconds()), 0),
    )


def _times(row: dict, *names: str) -> list[datetime.time]:
    # SQLite answers a time from a subquery as text
    found = []
    for name in names:
        value = row[name]
        if isinstance(value, str):
            value = datetime.time.fromisoformat(value)
        if value is not None:
            found.append(value)
    return found
