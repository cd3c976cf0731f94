"""Opening hours and closures as one line of text each, for import and export files.

    hours:     Mo 09:00-12:00, 14:00-16:00; Di 14:00-16:00; Mo-Fr 08:00-09:00
    closures:  2025-12-24/2026-01-01: Weihnachten; 2026-05-01

Editors write these in a spreadsheet cell, so the parser is strict: every part that is not
understood is refused with a message naming it, never guessed at. Weekdays are German or
English abbreviations (Mo Di Mi Do Fr Sa So, Mon Tue … Sun, Tu We Th Su); a day range
(Mo-Fr) is a short way of writing the same hours on each day. `format_*` writes the German
form, which `parse_*` reads back to the same slots (the export/import round trip).
"""

import datetime
import re
from collections.abc import Iterable
from typing import NamedTuple

from django.utils.translation import gettext as _


class Slot(NamedTuple):
    weekday: int  # 0 = Monday, as `Weekday`
    opens: datetime.time
    closes: datetime.time


class ClosureDays(NamedTuple):
    starts_on: datetime.date
    ends_on: datetime.date
    note: str


class HoursTextError(ValueError):
    """The text could not be read; the message says which part and why."""


GERMAN_DAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
DAY_NAMES: dict[str, int] = {
    **{name.lower(): day for day, name in enumerate(GERMAN_DAYS)},
    **{name: day for day, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    "tu": 1,
    "we": 2,
    "th": 3,
    "su": 6,
}
DASH = r"\s*[-–]\s*"
DAY = r"[A-Za-z]{2,3}\.?"
TIME = r"\d{1,2}:\d{2}"
HOURS_ENTRY = re.compile(
    rf"^(?P<first>{DAY})(?:{DASH}(?P<last>{DAY}))?\s+(?P<spans>{TIME}{DASH}{TIME}(?:\s*,\s*{TIME}{DASH}{TIME})*)$"
)
SPAN = re.compile(rf"^(?P<opens>{TIME}){DASH}(?P<closes>{TIME})$")
DATE = r"\d{4}-\d{2}-\d{2}"
CLOSURE_ENTRY = re.compile(
    rf"^(?P<first>{DATE})(?:\s*/\s*(?P<last>{DATE}))?(?:\s*:\s*(?P<note>.*))?$", re.DOTALL
)
# a new closure begins after ";" only where a date follows: a reason may hold a semicolon
CLOSURE_SEPARATOR = re.compile(rf"[\r\n]+|;(?=\s*{DATE}\s*(?:[/:;]|$))")
# the closure's reason is one line of at most this many characters (Closure.note)
NOTE_MAX = 200


def _day(name: str, entry: str) -> int:
    day = DAY_NAMES.get(name.rstrip(".").lower())
    if day is None:
        raise HoursTextError(
            _("“%(entry)s”: “%(day)s” is not a weekday (Mo, Di, Mi, Do, Fr, Sa, So).")
            % {"entry": entry, "day": name}
        )
    return day


def _time(text: str, entry: str) -> datetime.time:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours > 23 or minutes > 59:
        raise HoursTextError(
            _("“%(entry)s”: %(time)s is not a time of day.") % {"entry": entry, "time": text}
        )
    return datetime.time(hours, minutes)


def parse_hours(text: str) -> list[Slot]:
    """The slots the text names, sorted by day and time; "" is no hours at all.

    Raises HoursTextError for anything that is not exactly a list of days and spans, for a
    span that closes before it opens, and for spans of one day that overlap.
    """
    slots: list[Slot] = []
    for raw in (text or "").split(";"):
        entry = " ".join(raw.split())
        if not entry:
            continue
        match = HOURS_ENTRY.match(entry)
        if match is None:
            raise HoursTextError(
                _("“%(entry)s” is not of the form “Mo 09:00-12:00”.") % {"entry": entry}
            )
        first = _day(match["first"], entry)
        last = _day(match["last"], entry) if match["last"] else first
        if last < first:
            raise HoursTextError(
                _("“%(entry)s”: the days must run from Monday towards Sunday.") % {"entry": entry}
            )
        for span in re.split(r"\s*,\s*", match["spans"]):
            parts = SPAN.match(span)
            opens, closes = _time(parts["opens"], entry), _time(parts["closes"], entry)
            if closes <= opens:
                raise HoursTextError(
                    _("“%(entry)s”: %(span)s closes before it opens.")
                    % {"entry": entry, "span": span}
                )
            slots.extend(Slot(day, opens, closes) for day in range(first, last + 1))
    slots.sort()
    for before, after in zip(slots, slots[1:], strict=False):
        if before.weekday == after.weekday and after.opens < before.closes:
            raise HoursTextError(
                _("%(day)s: %(first)s and %(second)s overlap.")
                % {
                    "day": GERMAN_DAYS[before.weekday],
                    "first": _span(before),
                    "second": _span(after),
                }
            )
    return slots


def _span(slot: Slot) -> str:
    return f"{slot.opens:%H:%M}-{slot.closes:%H:%M}"


def format_hours(slots: Iterable) -> str:
    """ "Mo 09:00-12:00, 14:00-16:00; Di 14:00-16:00": one entry per day, Monday first.

    Takes Slot tuples or OpeningSlot rows (anything with weekday, opens and closes).
    """
    by_day: dict[int, list] = {}
    for slot in sorted(slots, key=lambda s: (s.weekday, s.opens, s.closes)):
        by_day.setdefault(slot.weekday, []).append(_span(slot))
    return "; ".join(f"{GERMAN_DAYS[day]} {', '.join(spans)}" for day, spans in by_day.items())


def _date(text: str, entry: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise HoursTextError(
            _("“%(entry)s”: %(date)s is not a date.") % {"entry": entry, "date": text}
        ) from None


def parse_closures(text: str) -> list[ClosureDays]:
    """Closures separated by ";" or line breaks, each "2025-12-24" or "2025-12-24/2026-01-01",
    optionally followed by ": reason"; sorted by first day."""
    closures: list[ClosureDays] = []
    for raw in CLOSURE_SEPARATOR.split(text or ""):
        entry = raw.strip()
        if not entry:
            continue
        match = CLOSURE_ENTRY.match(entry)
        if match is None:
            raise HoursTextError(
                _("“%(entry)s” is not of the form “2025-12-24/2026-01-01: reason”.")
                % {"entry": entry}
            )
        first = _date(match["first"], entry)
        last = _date(match["last"], entry) if match["last"] else first
        if last < first:
            raise HoursTextError(
                _("“%(entry)s”: the last day is before the first.") % {"entry": entry}
            )
        note = (match["note"] or "").strip()
        if len(note) > NOTE_MAX:
            raise HoursTextError(
                _("“%(entry)s”: the reason is longer than %(max)d characters.")
                % {"entry": entry[:40] + "…", "max": NOTE_MAX}
            )
        closures.append(ClosureDays(first, last, note))
    closures.sort()
    return closures


def format_closures(closures: Iterable) -> str:
    """ "2025-12-24/2026-01-01: Weihnachten; 2026-05-01". (A reason that itself holds a
    semicolon followed by a date would be read back as two closures.)"""
    entries = []
    for closure in sorted(closures, key=lambda c: (c.starts_on, c.ends_on, c.note)):
        days = closure.starts_on.isoformat()
        if closure.ends_on != closure.starts_on:
            days += f"/{closure.ends_on.isoformat()}"
        note = " ".join(closure.note.split())
        entries.append(f"{days}: {note}" if note else days)
    return "; ".join(entries)
