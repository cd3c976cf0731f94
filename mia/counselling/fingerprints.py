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
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Locale

from mia.core.conditional import Fingerprint, digest, newest
from mia.core.models import Centre

from .models import Office, OpeningSlot, Provider

# raised whenever what the API writes for the same records changes
FORMAT_VERSION = "1"


@functools.cache
def _sql() -> str:
    """The fingerprint's one statement: the centre's offices in two languages from the
    (centre, locale, updated_at) index; the providers' newest change; the day's last opening
    and closing up to now and next ones after it, from the slot indexes.

    Written in SQL, the same for SQLite and PostgreSQL: built with the ORM (five subqueries)
    it took longer to compose than to run, on every request the API answers from its cache
    or with a 304.
    """
    office, slot = Office._meta.db_table, OpeningSlot._meta.db_table
    provider, locale = Provider._meta.db_table, Locale._meta.db_table

    # only table names and fixed words are put in; every value is a parameter
    def edge(field: str, compare: str, pick: str) -> str:
        return (
            f"(SELECT s.{field} FROM {slot} s "  # noqa: S608
            f"JOIN {office} so ON so.id = s.office_id "
            f"WHERE so.centre_id = %(centre)s AND so.locale_id = "
            f"(SELECT id FROM {locale} WHERE language_code = %(original)s) "
            f"AND s.weekday = %(weekday)s AND s.{field} {compare} %(time)s "
            f"ORDER BY s.{field} {pick} LIMIT 1)"
        )

    return (
        "SELECT MAX(o.updated_at), COUNT(o.id), SUM(o.id), "  # noqa: S608
        f"(SELECT MAX(p.updated_at) FROM {provider} p "
        "WHERE p.centre_id = %(centre)s), "
        f"{edge('opens', '<=', 'DESC')}, {edge('closes', '<=', 'DESC')}, "
        f"{edge('opens', '>', 'ASC')}, {edge('closes', '>', 'ASC')} "
        f"FROM {office} o WHERE o.centre_id = %(centre)s AND o.locale_id IN "
        f"(SELECT id FROM {locale} WHERE language_code IN (%(original)s, %(language)s))"
    )


def offices_fingerprint(
    centre: Centre, language: str, now: datetime.datetime, *extra: object
) -> Fingerprint:
    """The validators of any list of the centre's offices shown in `language` at `now`
    (local time). `extra` is everything else the answer depends on (host, query string, the
    place distances are measured from, the districts' names)."""
    today = now.date()
    with connection.cursor() as cursor:
        cursor.execute(
            _sql(),
            {
                "centre": centre.pk,
                "original": settings.LANGUAGE_CODE,
                "language": language,
                "weekday": today.weekday(),
                "time": connection.ops.adapt_timefield_value(now.time().replace(tzinfo=None)),
            },
        )
        changed, count, ids, provider_changed, *edges = cursor.fetchone()
    changed, provider_changed = _moment(changed), _moment(provider_changed)
    opened, closed, opens, closes = (_time(edge) for edge in edges)
    midnight = datetime.datetime.combine(today, datetime.time.min, now.tzinfo)
    since = max(
        (datetime.datetime.combine(today, t, now.tzinfo) for t in (opened, closed) if t),
        default=midnight,
    )
    until = min(
        (datetime.datetime.combine(today, t, now.tzinfo) for t in (opens, closes) if t),
        default=midnight + datetime.timedelta(days=1),
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
