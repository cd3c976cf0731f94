"""What visitors, the downloads and the API read: a centre's years with their figures, the
change from one year to the next, and the largest former nationalities."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, QuerySet, Sum

from mia.core.conditional import Fingerprint, digest, newest
from mia.core.models import Centre

from . import countries
from .models import NaturalisationFigure, NaturalisationYear

# raised whenever what the downloads or the API write for the same records changes
FORMAT_VERSION = "1"
TOP = 6


def years_of(centre: Centre, *, nationality: str = "") -> QuerySet:
    """The centre's years, oldest first, each with its figures (of one nationality if given)
    in a second query."""
    figures = NaturalisationFigure.objects.order_by("nationality", "district", "age_group", "sex")
    if nationality:
        figures = figures.filter(nationality=nationality)
    return (
        NaturalisationYear.objects.filter(centre=centre)
        .order_by("year")
        .prefetch_related(Prefetch("figures", queryset=figures))
    )


@dataclass
class Change:
    absolute: int
    percent: float | None  # None when the year before had none
    comparable: bool  # False when either year is not complete


@dataclass
class YearRow:
    year: NaturalisationYear
    change: Change | None  # None for the first year, or after a gap


@dataclass
class Share:
    code: str
    count: int
    share: float  # of the year's total, 0..1
    remainder: bool = False  # "other or not broken down"

    @property
    def name(self) -> str:
        return countries.country_name(self.code)


@dataclass
class Overview:
    rows: list[YearRow] = field(default_factory=list)
    top_year: NaturalisationYear | None = None
    top: list[Share] = field(default_factory=list)

    @property
    def years(self) -> list[NaturalisationYear]:
        return [row.year for row in self.rows]

    @property
    def partial(self) -> list[NaturalisationYear]:
        return [row.year for row in self.rows if not row.year.complete]

    @property
    def latest(self) -> YearRow | None:
        return self.rows[-1] if self.rows else None

    @property
    def latest_complete(self) -> YearRow | None:
        return next((row for row in reversed(self.rows) if row.year.complete), None)


def change(before: NaturalisationYear, after: NaturalisationYear) -> Change:
    absolute = after.total - before.total
    percent = absolute / before.total * 100 if before.total else None
    return Change(absolute, percent, before.complete and after.complete)


def nationality_shares(year: NaturalisationYear, top: int = TOP) -> list[Share]:
    """The year's largest former nationalities, largest first, then whatever else the year's
    figures by nationality hold (stateless, unknown) and the rest of the total, together as
    one remainder: the shares add up to the total. Uses the prefetched figures."""
    by_nationality = [
        figure
        for figure in year.figures.all()
        if figure.nationality and not (figure.district or figure.age_group or figure.sex)
    ]
    named = sorted(
        (f for f in by_nationality if f.nationality != countries.OTHER),
        key=lambda f: (-f.count, f.nationality),
    )
    if not named:
        return []
    shown = named[:top]
    rest = year.total - sum(f.count for f in shown)

    def share(count: int) -> float:
        return count / year.total if year.total else 0.0

    shares = [Share(f.nationality, f.count, share(f.count)) for f in shown]
    if rest > 0:
        shares.append(Share(countries.OTHER, rest, share(rest), remainder=True))
    return shares


def overview(centre: Centre) -> Overview:
    """The page's figures: two queries."""
    years = list(years_of(centre))
    result = Overview()
    previous = None
    for year in years:
        step = change(previous, year) if previous and previous.year == year.year - 1 else None
        result.rows.append(YearRow(year, step))
        previous = year
    # the largest nationalities of the latest complete year that breaks its total down so
    for year in reversed(years):
        if year.complete and (shares := nationality_shares(year)):
            result.top_year, result.top = year, shares
            break
    return result


def fingerprint(centre: Centre, *extra: object) -> Fingerprint:
    """Validators of anything made of the centre's figures, in one query: every change saves
    its year (the form and the import do), so the years' newest change, count and ids, and
    the dataset description's change tell them all."""
    state = Centre.objects.filter(pk=centre.pk).aggregate(
        changed=Max("naturalisation_years__updated_at"),
        count=Count("naturalisation_years__pk"),
        ids=Sum("naturalisation_years__pk"),
        described=Max("naturalisation_dataset__updated_at"),
    )
    etag = digest(
        FORMAT_VERSION,
        "naturalisations",
        centre.pk,
        centre.name,
        state["count"],
        state["ids"],
        state["changed"],
        state["described"],
        *extra,
    )
    return Fingerprint(etag, newest(state["changed"], state["described"]), state["count"])


def temporal(years: list[NaturalisationYear]) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day the figures cover."""
    if not years:
        return None
    last = years[-1]
    return datetime.date(years[0].year, 1, 1), last.covers_until or datetime.date(last.year, 12, 31)
