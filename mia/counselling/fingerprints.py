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
import functools

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Locale

from mia.core.cache import generation_memo
from mia.core.conditional import Fingerprint, digest, newest
from mia.core.models import Centre

from .models import Office, OpeningSlot, Provider

# raised whenever what the API writes for the same records changes
FORMAT_VERSION = "1"
# the day's opening and closing times, kept while the offices stay as they are
EDGES_SECONDS = 24 * 3600


@functools.cache
def _sql() -> str:
    """The fingerprint's statement: the newest change, count and sum of ids of the centre's
    offices in two languages, from the (centre, locale, updated_at) index alone, and the
    providers' newest change.

    Written in SQL, the same for SQLite and PostgreSQL: composed with the ORM it took longer
    than it ran, on every request the API answers from its cache or with a 304. The locales
    are two scalar subqueries so that PostgreSQL, too, looks them up in the index.
    """
    office, provider = Office._meta.db_table, Provider._meta.db_table
    locale = Locale._meta.db_table
    # only table names are put in; every value is a parameter
    return (
        "SELECT MAX(o.updated_at), COUNT(o.id), SUM(o.id), "  # noqa: S608
        f"(SELECT MAX(p.updated_at) FROM {provider} p WHERE p.centre_id = %(centre)s) "
        f"FROM {office} o WHERE o.centre_id = %(centre)s AND o.locale_id IN ("
        f"(SELECT id FROM {locale} WHERE language_code = %(original)s), "
        f"(SELECT id FROM {locale} WHERE language_code = %(language)s))"
    )


def _day_edges(centre: Centre, weekday: int) -> list[datetime.time]:
    """Every time of the weekday at which an office of the centre opens or closes."""
    slots = OpeningSlot.objects.filter(
        office__centre=centre,
        office__locale__language_code=settings.LANGUAGE_CODE,
        weekday=weekday,
    ).order_by()
    opens = slots.values_list("opens", flat=True).distinct()
    closes = slots.values_list("closes", flat=True).distinct()
    return sorted({_time(edge) for edge in opens.union(closes)})


def offices_fingerprint(
    centre: Centre, language: str, now: datetime.datetime, *extra: object
) -> Fingerprint:
    """The validators of any list of the centre's offices shown in `language` at `now`
    (local time). `extra` is everything else the answer depends on (host, query string, the
    place distances are measured from, the districts' names).

    One query, and a second when the offices have changed since the day's opening and
    closing times were last looked up (they are kept in the cache under the offices' state).
    The query's answer is kept in the process under the content generation, which every
    change to an office, its hours or its provider raises (`caching.py`).
    """
    today, time = now.date(), now.time().replace(tzinfo=None)
    changed, count, ids, provider_changed = generation_memo(
        f"counselling:offices-state:{centre.pk}:{language}",
        lambda: _offices_state(centre, language),
    )
    changed, provider_changed = _moment(changed), _moment(provider_changed)
    state = digest(centre.pk, today.weekday(), count, ids, changed)
    edges = cache.get_or_set(
        f"mia:office-hours-edges:{state}",
        lambda: _day_edges(centre, today.weekday()),
        timeout=EDGES_SECONDS,
    )
    opened = [edge for edge in edges if edge <= time]
    opens = [edge for edge in edges if edge > time]
    midnight = datetime.datetime.combine(today, datetime.time.min, now.tzinfo)
    since = datetime.datetime.combine(today, opened[-1], now.tzinfo) if opened else midnight
    until = (
        datetime.datetime.combine(today, opens[0], now.tzinfo)
        if opens
        else midnight + datetime.timedelta(days=1)
    )
    etag = digest(
        FORMAT_VERSION,
        "offices",
        centre.pk,
        language,
        count,
        ids,
        changed,
        provider_changed,
        since.isoformat(),
        *extra,
    )
    return Fingerprint(
        etag,
        newest(changed, provider_changed, since),
        count,
        fresh_for=max(int((until - now).total_seconds()), 0),
    )


def _offices_state(centre: Centre, language: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            _sql(),
            {"centre": centre.pk, "original": settings.LANGUAGE_CODE, "language": language},
        )
        return cursor.fetchone()


def _moment(value) -> datetime.datetime | None:
    # SQLite answers raw queries with text, UTC without its offset
    if isinstance(value, str):
        value = parse_datetime(value)
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
    return value


def _time(value) -> datetime.time | None:
    if isinstance(value, str):
        value = datetime.time.fromisoformat(value)
    return value
