"""Naturalisation figures in and out of spreadsheets (CSV and XLSX).

The columns are the open-data file's (`opendata.COLUMNS`): one row per figure, the year's
total being the row whose nationality, district, age group and sex are all empty. An
exported or downloaded file imports again unchanged; `nationality_name` is only for people
and is not read.

A file replaces the figures of every year it holds: their totals, their notes, and their
figures (a figure of such a year missing from the file is removed); other years stay as they
are. `run_import` checks the whole file first, every cell (`services.parse_row`) and every
year as a whole (a total row, no row twice, no total smaller than its breakdown, one
`covers_until` per year), and lists every problem with its row and column. Only a file
without any problem is imported, in one transaction, its figures through a
django-import-export resource (new, changed, unchanged); the preview is the same run rolled
back. An import never saves half a file.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields as ie_fields
from import_export import resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult
from wagtail.log_actions import log

from mia.core import tables
from mia.core.models import Centre
from mia.core.tables import FileRefused, Problem, cell_text, csv_bytes, guarded

from . import opendata, queries, services
from .models import DIMENSIONS, NaturalisationFigure, NaturalisationYear

FORMATS = tables.FORMATS
COLUMNS = opendata.COLUMNS
REQUIRED_COLUMNS = ("year", "count")
YEAR_FACTS = ("covers_until", "note")


@dataclass(frozen=True)
class YearChange:
    """What the import does to one year."""

    year: int
    kind: str  # "new", "update" or "skip" (unchanged)
    total_before: int | None
    total: int
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    changes: list[YearChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return any(change.kind != "skip" for change in self.changes)


# -- reading and checking ----------------------------------------------------------------------


def read_rows(content: bytes, format: str) -> tuple[list[tuple[int, services.Row]], list[Problem]]:
    """Every row of the file read (with its spreadsheet number), and every problem: the
    file's, each cell's, and each year's as a whole."""
    try:
        table = tables.read_table(
            content,
            format,
            columns=COLUMNS,
            required=REQUIRED_COLUMNS,
            no_rows=_("The file has no figures in it, only a header."),
        )
    except FileRefused as refused:
        return [], refused.problems
    rows, problems = [], []
    for values, number in zip(table.rows, table.numbers, strict=True):
        cells = {
            header: cell_text(value) for header, value in zip(table.headers, values, strict=True)
        }
        try:
            rows.append((number, services.parse_row(cells)))
        except services.RowInvalid as invalid:
            problems.extend(
                Problem(number, column, message)
                for column, message in sorted(
                    invalid.errors.items(), key=lambda item: COLUMNS.index(item[0])
                )
            )
    problems += check_years(rows, given=set(table.headers))
    problems.sort(key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column else -1))
    return rows, problems


def check_years(rows: list[tuple[int, services.Row]], given: set[str]) -> list[Problem]:
    """The rules a year's rows keep together."""
    problems = []
    first: dict = {}
    by_year: dict[int, dict] = defaultdict(dict)
    for number, row in rows:
        key = (row.year, row.dimensions)
        if key in first:
            problems.append(
                Problem(
                    number,
                    "",
                    _("The same figure (year %(year)s, %(what)s) is in row %(first)d already.")
                    % {
                        "year": row.year,
                        "what": services.describe(row.dimensions),
                        "first": first[key],
                    },
                )
            )
            continue
        first[key] = number
        by_year[row.year][row.dimensions] = (number, row)
    for year, figures in sorted(by_year.items()):
        total = figures.get(services.TOTAL)
        if total is None:
            some = min(number for number, _row in figures.values())
            problems.append(
                Problem(
                    some,
                    "",
                    _(
                        "The year %(year)s has no total: add a row with its year and count and "
                        "nationality, district, age_group and sex empty."
                    )
                    % {"year": year},
                )
            )
            continue
        total_number, total_row = total
        for number, row in figures.values():
            if row is total_row:
                continue
            for column in YEAR_FACTS:
                if column not in given:
                    continue
                value = getattr(row, column)
                if value not in (None, "") and value != getattr(total_row, column):
                    problems.append(
                        Problem(
                            number,
                            column,
                            _(
                                "%(column)s differs from the year's total in row %(row)d: "
                                "leave it empty or write the same."
                            )
                            % {"column": column, "row": total_number},
                        )
                    )
        counts = {dimensions: row.count for dimensions, (_n, row) in figures.items()}
        for dimensions, message in services.breakdown_problems(counts):
            problems.append(Problem(figures[dimensions][0], "count", message))
    return problems


# -- importing ----------------------------------------------------------------------------------


class YearsFigureLoader(BaseInstanceLoader):
    """The figures of the years in the file, found in one query by year and dimensions."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.known = {
            (figure.year_id, figure.dimensions): figure
            for figure in NaturalisationFigure.objects.filter(year__in=resource.years.values())
        }

    def get_instance(self, row):
        return self.known.get((row["year"], tuple(row[name] for name in DIMENSIONS)))


class FigureResource(resources.ModelResource):
    year = ie_fields.Field(attribute="year_id", column_name="year", widget=widgets.IntegerWidget())
    count = ie_fields.Field(attribute="count", column_name="count", widget=widgets.IntegerWidget())

    class Meta:
        model = NaturalisationFigure
        fields = ("year", *DIMENSIONS, "count")
        import_id_fields = ("year", *DIMENSIONS)
        instance_loader_class = YearsFigureLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        use_transactions = True

    def __init__(self, years: dict[int, NaturalisationYear]):
        super().__init__()
        self.years = years  # year → record, of the years the file holds
        for name in DIMENSIONS:
            self.fields[name] = ie_fields.Field(
                attribute=name, column_name=name, widget=widgets.CharWidget(allow_blank=True)
            )


def run_import(content: bytes, format: str, *, centre: Centre, user, dry_run: bool) -> Report:
    """Check the whole file, and import it when it has no problem (for the preview, rolled
    back). The report lists every problem, or what each year gains, keeps and loses."""
    rows, problems = read_rows(content, format)
    if problems:
        return Report(problems=problems)
    report = Report()
    with transaction.atomic():
        years, before = {}, {}
        for _number, row in rows:
            if row.dimensions != services.TOTAL:
                continue
            record = (
                NaturalisationYear.objects.select_for_update()
                .filter(centre=centre, year=row.year)
                .first()
            )
            if record is None:
                record = NaturalisationYear(centre=centre, year=row.year)
                before[row.year] = None
            else:
                before[row.year] = (record.total, record.covers_until, record.note)
            record.total, record.covers_until, record.note = row.count, row.covers_until, row.note
            try:
                record.full_clean()
            except ValidationError as error:
                report.problems.extend(Problem(_number, "", m) for m in error.messages)
                continue
            record.save()
            years[row.year] = record
        if report.problems:
            transaction.set_rollback(True)
            return report
        figures = [
            (years[row.year].pk, *row.dimensions, row.count)
            for _number, row in rows
            if row.dimensions != services.TOTAL
        ]
        dataset = tablib.Dataset(*figures, headers=["year", *DIMENSIONS, "count"])
        result = FigureResource(years).import_data(
            dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
        )
        if result.has_errors() or result.has_validation_errors():
            # the rows were checked before: a failure here is a conflict with the database
            for row_result in result.rows:
                for error in row_result.errors:
                    report.problems.append(Problem(None, "", str(error.error)))
                if row_result.validation_error is not None:
                    report.problems.extend(
                        Problem(None, "", m) for m in row_result.validation_error.messages
                    )
            for error in result.base_errors:
                report.problems.append(Problem(None, "", str(error.error)))
            transaction.set_rollback(True)
            return report
        kinds: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        year_of_pk = {record.pk: year for year, record in years.items()}
        for (pk, *_dimensions, _count), row_result in zip(figures, result.rows, strict=True):
            kinds[year_of_pk[pk]][row_result.import_type] += 1
        kept = {(pk, tuple(dims)) for pk, *dims, _count in figures}
        stale = [
            figure.pk
            for figure in NaturalisationFigure.objects.filter(year__in=years.values())
            if (figure.year_id, figure.dimensions) not in kept
        ]
        removed: dict[int, int] = defaultdict(int)
        for figure in NaturalisationFigure.objects.filter(pk__in=stale).only("year_id"):
            removed[year_of_pk[figure.year_id]] += 1
        NaturalisationFigure.objects.filter(pk__in=stale).delete()
        for year, record in sorted(years.items()):
            counted = kinds[year]
            change = YearChange(
                year=year,
                kind="new" if before[year] is None else "update",
                total_before=before[year][0] if before[year] else None,
                total=record.total,
                new=counted[RowResult.IMPORT_TYPE_NEW],
                updated=counted[RowResult.IMPORT_TYPE_UPDATE],
                unchanged=counted[RowResult.IMPORT_TYPE_SKIP],
                removed=removed[year],
            )
            if (
                change.kind == "update"
                and before[year] == (record.total, record.covers_until, record.note)
                and not (change.new or change.updated or change.removed)
            ):
                change = YearChange(**{**change.__dict__, "kind": "skip"})
            report.changes.append(change)
            if not dry_run and change.kind != "skip":
                # the year's history says who imported what, as after an edit in the form
                log(record, "wagtail.create" if change.kind == "new" else "wagtail.edit", user=user)
        if dry_run:
            transaction.set_rollback(True)
    return report


# -- exporting ----------------------------------------------------------------------------------


def export_figures(centre: Centre, format: str) -> bytes:
    """Every year of the centre in the import's columns (the open-data file's)."""
    rows = opendata.csv_rows(list(queries.years_of(centre)))
    if format == "csv":
        return csv_bytes(COLUMNS, rows)
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "naturalisations"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([guarded(value) if isinstance(value, str) else value for value in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":  # text that looks like a formula stays text
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    from io import BytesIO

    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_filename(centre: Centre, format: str, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"einbuergerungen-{centre.slug}-{today.isoformat()}.{format}"
