"""The rules of the naturalisation figures, as plain functions: how a cell of an import or a
field of a form is read, and when a year's figures fit together.

A year's figures fit together when no total is smaller than its breakdown: the year's total
is at least the sum of its figures by nationality (or district, age group, sex), and a figure
by nationality is at least the sum of that nationality's figures by sex, and so on. A
breakdown may be partial (the top six nationalities only); it may never exceed its total.
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from . import countries
from .models import DIMENSIONS, FIRST_YEAR, Sex

Dimensions = tuple[str, str, str, str]  # nationality, district, age group, sex; "" = all
TOTAL: Dimensions = ("", "", "", "")

SEX_ALIASES = {
    "f": Sex.FEMALE,
    "w": Sex.FEMALE,
    "weiblich": Sex.FEMALE,
    "frau": Sex.FEMALE,
    "m": Sex.MALE,
    "männlich": Sex.MALE,
    "maennlich": Sex.MALE,
    "mann": Sex.MALE,
    "d": Sex.DIVERSE,
    "divers": Sex.DIVERSE,
    "x": Sex.NOT_STATED,
    "ohne angabe": Sex.NOT_STATED,
    "not stated": Sex.NOT_STATED,
}
# 1507, or with thousands separated: 1.507, 1,507, 1 507
WHOLE_NUMBER = re.compile(r"^-?(\d+|\d{1,3}([.,\u00a0\u202f ]\d{3})+)$")


def parse_year(text: str) -> int:
    value = str(text).strip()
    if not re.fullmatch(r"\d{4}", value):
        raise ValueError(
            _("“%(value)s” is not a year (four digits, e.g. 2024).") % {"value": value}
        )
    year = int(value)
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValueError(
            _("The year must lie between %(first)s and %(last)s, not %(value)s.")
            % {"first": FIRST_YEAR, "last": this_year, "value": year}
        )
    return year


def parse_count(text: str) -> int:
    value = str(text).strip()
    if not value:
        raise ValueError(_("The number of naturalisations is missing."))
    if not WHOLE_NUMBER.fullmatch(value):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    number = int(re.sub(r"[^\d-]", "", value))
    if number < 0:
        raise ValueError(
            _("A number of naturalisations cannot be negative (%(value)s).") % {"value": value}
        )
    if number > 10_000_000:
        raise ValueError(
            _("%(value)s naturalisations in one city are not plausible.") % {"value": value}
        )
    return number


def parse_nationality(text: str) -> str:
    value = " ".join(str(text).split())
    return countries.normalise(value) if value else ""


def parse_district(text: str) -> str:
    value = " ".join(str(text).split())
    if len(value) > 100:
        raise ValueError(_("A district's name has at most 100 characters."))
    return value


def parse_age_group(text: str) -> str:
    value = re.sub(r"\s+", "", str(text)).replace("–", "-").replace("—", "-")
    if not value:
        return ""
    found = re.fullmatch(r"(\d{1,3})-(\d{1,3})|(\d{1,3})\+", value)
    if found is None:
        raise ValueError(
            _("“%(value)s” is not an age group: write it as “18-29” or “65+”.") % {"value": value}
        )
    if found.group(3) is None:
        low, high = int(found.group(1)), int(found.group(2))
        if low > high or high > 120:
            raise ValueError(
                _("“%(value)s” is not an age group: the lower age comes first, up to 120.")
                % {"value": value}
            )
        return f"{low}-{high}"
    return f"{int(found.group(3))}+"


def parse_sex(text: str) -> str:
    value = " ".join(str(text).split()).lower()
    if not value:
        return ""
    if value in Sex.values:
        return value
    if value in SEX_ALIASES:
        return str(SEX_ALIASES[value])
    raise ValueError(
        _("“%(value)s” is not one of: %(codes)s.")
        % {"value": value, "codes": ", ".join(Sex.values)}
    )


def parse_day(text: str) -> datetime.date | None:
    value = str(text).strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date (2025-11-15 or 15.11.2025).") % {"value": value})


def check_covers_until(year: int, day: datetime.date | None) -> None:
    if day is None:
        return
    if day.year != year:
        raise ValueError(_("The day must lie in the year %(year)s.") % {"year": year})
    if (day.month, day.day) == (12, 31):
        raise ValueError(_("A year counted to 31 December is complete: leave this empty."))


# Every cell of a row, in the columns of the import and export (mia/statistics/resources.py).
PARSERS = {
    "year": parse_year,
    "nationality": parse_nationality,
    "district": parse_district,
    "age_group": parse_age_group,
    "sex": parse_sex,
    "count": parse_count,
    "covers_until": parse_day,
}


@dataclass(frozen=True)
class Row:
    """One row of figures, read."""

    year: int
    dimensions: Dimensions
    count: int
    covers_until: datetime.date | None = None
    note: str = ""


class RowInvalid(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors  # column → message


def parse_row(cells: Mapping[str, object]) -> Row:
    """A row of an import as its columns name its cells (missing columns are empty); raises
    RowInvalid with a message for each column that is wrong."""
    values, errors = {}, {}
    for column, parse in PARSERS.items():
        try:
            values[column] = parse("" if cells.get(column) is None else str(cells.get(column)))
        except ValueError as error:
            errors[column] = str(error)
    note = " ".join(str(cells.get("note") or "").split())
    if len(note) > 300:
        errors["note"] = _("A note has at most 300 characters.")
    if "year" in values and "covers_until" in values and "covers_until" not in errors:
        try:
            check_covers_until(values["year"], values["covers_until"])
        except ValueError as error:
            errors["covers_until"] = str(error)
    if errors:
        raise RowInvalid(errors)
    dimensions = tuple(values[name] for name in DIMENSIONS)
    return Row(values["year"], dimensions, values["count"], values["covers_until"], note)


def describe(dimensions: Dimensions) -> str:
    """A figure's dimensions in words, for messages: “SY, female” or “the year's total”."""
    if dimensions == TOTAL:
        return _("the year's total")
    labels = [
        country_label(dimensions[0]) if dimensions[0] else "",
        dimensions[1],
        dimensions[2],
        str(Sex(dimensions[3]).label) if dimensions[3] else "",
    ]
    return ", ".join(label for label in labels if label)


def country_label(code: str) -> str:
    return f"{code} ({countries.country_name(code)})"


DIMENSION_NAMES = {
    0: lambda: _("former nationality"),
    1: lambda: _("district"),
    2: lambda: _("age group"),
    3: lambda: _("sex"),
}


def breakdown_problems(counts: Mapping[Dimensions, int]) -> list[tuple[Dimensions, str]]:
    """Every total of a year (the year's, or a figure's) that is smaller than the sum of its
    breakdown along one dimension, with the message saying so. `counts` holds the year's
    figures by their dimensions, the year's total under TOTAL."""
    problems = []
    for parent, count in counts.items():
        for position in range(len(DIMENSIONS)):
            if parent[position]:
                continue
            parts = [
                child_count
                for child, child_count in counts.items()
                if child[position]
                and all(child[i] == parent[i] for i in range(len(DIMENSIONS)) if i != position)
            ]
            if parts and sum(parts) > count:
                problems.append(
                    (
                        parent,
                        _(
                            "%(what)s is %(count)s, less than the sum of its figures by "
                            "%(dimension)s (%(sum)s)."
                        )
                        % {
                            "what": describe(parent).capitalize()
                            if parent == TOTAL
                            else describe(parent),
                            "count": count,
                            "dimension": DIMENSION_NAMES[position](),
                            "sum": sum(parts),
                        },
                    )
                )
    return problems
