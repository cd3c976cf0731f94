"""The pool's figures for the annual report: requests, assignments and hours, by language,
kind of institution and setting; lead times and urgent requests; what was not filled and
why, what was cancelled and by whom; the mediators' gender among the assignments.

Anonymous: no names, and a count of 1 or 2 (with its hours and share) is shown as "fewer
than 3", so that nobody can be picked out of a small cell. Only fields that the retention
run keeps are read (language, times, setting, status, reasons as codes, the institution's
kind, the hours), so the figures stay the same after the details of old requests are gone.
"""

import datetime
import statistics as stats
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from mia.core.models import Centre
from mia.core.tables import csv_bytes

from .languages import spoken
from .models import Assignment, Gender, Institution, Request, Setting

SMALL = 3  # cells below this (and above 0) are not shown


@dataclass
class Cell:
    """A count, the hours belonging to it, and its share of the whole (percent)."""

    count: int
    minutes: int = 0
    share: Decimal | None = None

    @property
    def small(self) -> bool:
        return 0 < self.count < SMALL

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"))

    def shown(self, value) -> str:
        return _("fewer than 3") if self.small else str(value)


@dataclass
class Line:
    label: str
    requests: Cell
    done: Cell


@dataclass
class Figures:
    start: datetime.date
    end: datetime.date  # exclusive
    requests: int = 0
    done: int = 0
    minutes: int = 0
    urgent: int = 0
    median_lead_days: Decimal | None = None
    by_language: list[Line] = field(default_factory=list)
    by_kind: list[Line] = field(default_factory=list)
    by_setting: list[Line] = field(default_factory=list)
    unfilled: list[tuple[str, Cell]] = field(default_factory=list)
    cancelled: list[tuple[str, Cell]] = field(default_factory=list)
    gender: list[tuple[str, Cell]] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"))

    @property
    def urgent_share(self) -> Decimal | None:
        if not self.requests:
            return None
        return (Decimal(self.urgent) * 100 / self.requests).quantize(Decimal("0.1"))


def period(year: int, first_month: int = 1, last_month: int = 12):
    start = datetime.date(year, first_month, 1)
    end = datetime.date(year + last_month // 12, last_month % 12 + 1, 1)
    return start, end


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


def _lines(keys_requests: Counter, keys_done: Counter, minutes: Counter, label) -> list[Line]:
    keys = sorted(set(keys_requests) | set(keys_done), key=lambda k: (-keys_requests[k], str(k)))
    return [
        Line(label(key), Cell(keys_requests[key]), Cell(keys_done[key], minutes[key]))
        for key in keys
    ]


def figures(centre: Centre, year: int, first_month: int = 1, last_month: int = 12) -> Figures:
    """The figures of the requests whose appointment lies in the months given (three
    queries, whatever the number of requests)."""
    start, end = period(year, first_month, last_month)
    result = Figures(start, end)
    requests = list(
        Request.objects.filter(
            centre=centre, starts_at__gte=_aware(start), starts_at__lt=_aware(end)
        ).values_list(
            "pk",
            "language",
            "dialect",
            "setting",
            "institution__kind",
            "status",
            "unfilled_reason",
            "cancelled_by_institution",
            "urgent",
            "created_at",
            "starts_at",
        )
    )
    done = list(
        Assignment.objects.filter(
            request__in=[r[0] for r in requests], status=Assignment.Status.DONE
        ).values_list("request_id", "actual_start", "actual_end", "volunteer__gender")
    )
    volunteer_cancelled = Counter(
        Assignment.objects.filter(
            request__in=[r[0] for r in requests], status=Assignment.Status.CANCELLED_VOLUNTEER
        ).values_list("status", flat=True)
    )
    result.requests = len(requests)
    result.urgent = sum(1 for r in requests if r[8])
    leads = [(r[10] - r[9]).total_seconds() / 86400 for r in requests]
    if leads:
        result.median_lead_days = Decimal(str(stats.median(leads))).quantize(Decimal("0.1"))

    by_request = {r[0]: r for r in requests}
    keys = {
        "language": lambda r: (r[1], r[2]),
        "kind": lambda r: r[4],
        "setting": lambda r: r[3],
    }
    asked = {name: Counter(key(r) for r in requests) for name, key in keys.items()}
    held = {name: Counter() for name in keys}
    minutes = {name: Counter() for name in keys}
    genders: Counter = Counter()
    for request_id, actual_start, actual_end, gender in done:
        length = int((actual_end - actual_start).total_seconds() // 60)
        result.done += 1
        result.minutes += length
        genders[gender or ""] += 1
        for name, key in keys.items():
            held[name][key(by_request[request_id])] += 1
            minutes[name][key(by_request[request_id])] += length

    kinds = dict(Institution.Kind.choices)
    settings = dict(Setting.choices)
    result.by_language = _lines(
        asked["language"], held["language"], minutes["language"], lambda key: spoken(*key)
    )
    result.by_kind = _lines(
        asked["kind"], held["kind"], minutes["kind"], lambda k: str(kinds.get(k, k))
    )
    result.by_setting = _lines(
        asked["setting"], held["setting"], minutes["setting"], lambda k: str(settings.get(k, k))
    )

    unfilled = Counter(r[6] for r in requests if r[5] == Request.Status.UNFILLED)
    result.unfilled = [
        (str(label), Cell(unfilled[code]))
        for code, label in [*Request.Unfilled.choices, ("", _("No reason given"))]
        if unfilled[code]
    ]
    cancelled = Counter(r[7] for r in requests if r[5] == Request.Status.CANCELLED)
    result.cancelled = [
        (label, Cell(count))
        for label, count in (
            (_("Requests cancelled by the institution"), cancelled[True]),
            (_("Requests cancelled by the centre"), cancelled[False]),
            (
                _("Assignments the volunteer cancelled"),
                volunteer_cancelled[Assignment.Status.CANCELLED_VOLUNTEER],
            ),
        )
    ]
    result.gender = [
        (str(label), Cell(genders[code], share=_share(genders[code], result.done)))
        for code, label in [*Gender.choices, ("", _("Not given"))]
    ]
    return result


def csv_rows(result: Figures) -> list[list[str]]:
    """The figures as rows of (section, item, requests, assignments, hours, share)."""
    rows: list[list[str]] = [
        [_("Total"), _("Requests"), str(result.requests), "", "", ""],
        [
            _("Total"),
            _("Assignments with hours confirmed"),
            "",
            str(result.done),
            _dec(result.hours),
            "",
        ],
        [_("Total"), _("Urgent requests"), str(result.urgent), "", "", _dec(result.urgent_share)],
        [
            _("Total"),
            _("Median lead time (days)"),
            "",
            "",
            "",
            _dec(result.median_lead_days),
        ],
    ]
    for section, lines in (
        (_("Language"), result.by_language),
        (_("Kind of institution"), result.by_kind),
        (_("Setting"), result.by_setting),
    ):
        for line in lines:
            rows.append(
                [
                    section,
                    line.label,
                    line.requests.shown(line.requests.count),
                    line.done.shown(line.done.count),
                    line.done.shown(_dec(line.done.hours)),
                    "",
                ]
            )
    for section, cells in (
        (_("Not filled"), result.unfilled),
        (_("Cancelled"), result.cancelled),
    ):
        for label, cell in cells:
            rows.append([section, label, cell.shown(cell.count), "", "", ""])
    for label, cell in result.gender:
        rows.append(
            [
                _("Mediator's gender"),
                label,
                "",
                cell.shown(cell.count),
                "",
                cell.shown(_dec(cell.share)),
            ]
        )
    return rows


def _dec(value) -> str:
    return "" if value is None else str(value).replace(".", ",")


def csv_file(result: Figures) -> bytes:
    headers = [_("Section"), _("Item"), _("Requests"), _("Assignments"), _("Hours"), _("Share (%)")]
    return csv_bytes(headers, csv_rows(result))
