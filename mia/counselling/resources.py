"""Counselling offices in and out of spreadsheets (CSV and XLSX), with django-import-export.

One row per office (the originals; translations are made in the back office), one column per
fact, in the same columns both ways, so that an exported file imported again changes
nothing. Providers and districts go by name (a provider not yet known is created, if the
editor may add providers), languages and topics as comma-separated codes, opening hours and
closures as text (see `hours_text`). A row with an `id` updates that office of the centre;
a row without one adds an office.

`run_import` reads a file and imports it in one transaction: as a dry run for the preview,
or for real after the confirmation. Every problem of the file is collected (the row as a
spreadsheet numbers it, the column, the message) and any problem rolls the whole file back:
an import never saves half a file.
"""

import datetime
import io
import re
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields as ie_fields
from import_export import resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult
from wagtail.log_actions import log
from wagtail.models import Locale

from mia.core import tables
from mia.core.accessibility import Access
from mia.core.languages import SPOKEN_LANGUAGES
from mia.core.models import Centre
from mia.core.tables import (
    ChoiceWidget,
    FileRefused,
    PostcodeWidget,
    Problem,
    Table,
    TextWidget,
    cell_text,
    csv_bytes,
)

from .hours_text import format_closures, format_hours, parse_closures, parse_hours
from .models import Closure, District, Located, Office, OpeningSlot, Programme, Provider, Topic

COLUMNS = (
    "id",
    "name",
    "programme",
    "provider",
    "description",
    "street",
    "postcode",
    "city",
    "district",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "appointment_url",
    "online_url",
    "languages",
    "age_min",
    "age_max",
    "topics",
    "hours",
    "by_appointment",
    "hours_note",
    "closures",
    "temporarily_closed",
    "closed_note",
    "step_free",
    "accessibility_notes",
    "verified_on",
    "is_example",
)
REQUIRED_COLUMNS = ("name", "programme", "street", "postcode", "city")

YES = {"yes", "ja", "true", "wahr", "1", "x"}
NO = {"no", "nein", "false", "falsch", "0", ""}


# -- cells ------------------------------------------------------------------------------------


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> bool:
        text = cell_text(value).lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("“%(value)s” is neither yes nor no.") % {"value": cell_text(value)})

    def render(self, value, obj=None, **kwargs) -> str:
        return "yes" if value else "no"


class AgeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> int | None:
        text = cell_text(value)
        if not text:
            return None
        if not re.fullmatch(r"-?\d{1,6}", text):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        age = int(text)
        if not 0 <= age <= 120:
            raise ValueError(_("An age is between 0 and 120, not %(value)s.") % {"value": age})
        return age

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class DegreesWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> float | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        text = cell_text(value).replace(",", ".")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a number of degrees.") % {"value": cell_text(value)}
            ) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(_("“%(value)s” is not a number of degrees.") % {"value": text})
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class DayWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date (2025-03-31 or 31.03.2025).") % {"value": text}
        )

    def render(self, value, obj=None, **kwargs) -> str:
        return value.isoformat() if value else ""


class CodeListWidget(widgets.Widget):
    """Comma-separated codes, each one of `known`."""

    def __init__(self, known: dict[str, str]):
        super().__init__()
        self.known = known

    def clean(self, value, row=None, **kwargs) -> list[str]:
        codes = [code.strip().lower() for code in cell_text(value).split(",") if code.strip()]
        unknown = [code for code in codes if code not in self.known]
        if unknown:
            raise ValueError(
                _("Unknown codes: %(unknown)s. Known are: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(self.known)}
            )
        return list(dict.fromkeys(codes))

    def render(self, value, obj=None, **kwargs) -> str:
        return ", ".join(value or [])


class ProviderWidget(widgets.Widget):
    """A provider of the centre by name (letter case aside); a new name becomes a new
    provider where the editor may add providers."""

    def __init__(self, resource: "OfficeResource"):
        super().__init__()
        self.resource = resource

    def clean(self, value, row=None, **kwargs) -> Provider | None:
        name = " ".join(cell_text(value).split())
        if not name:
            return None
        known = self.resource.providers
        if name.lower() in known:
            return known[name.lower()]
        if not self.resource.may_add_providers:
            raise ValueError(
                _("“%(name)s” is not one of the centre's providers (and you may not add any).")
                % {"name": name}
            )
        provider = Provider(centre=self.resource.centre, name=name)
        try:
            provider.full_clean()
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        provider.save()
        known[name.lower()] = provider
        self.resource.new_providers.append(name)
        return provider

    def render(self, value, obj=None, **kwargs) -> str:
        return value.name if value else ""


class DistrictWidget(widgets.Widget):
    def __init__(self, resource: "OfficeResource"):
        super().__init__()
        self.resource = resource

    def clean(self, value, row=None, **kwargs) -> District | None:
        name = " ".join(cell_text(value).split())
        if not name:
            return None
        district = self.resource.districts.get(name.lower())
        if district is None:
            names = sorted({d.name for d in self.resource.districts.values()})
            raise ValueError(
                _("“%(name)s” is not one of the centre's districts: %(names)s.")
                % {"name": name, "names": ", ".join(names) or "–"}
            )
        return district

    def render(self, value, obj=None, **kwargs) -> str:
        return value.name if value else ""


# -- the resource ------------------------------------------------------------------------------


def _slots(office: Office) -> tuple:
    if office.pk is None:
        return ()
    return tuple(sorted((s.weekday, s.opens, s.closes) for s in office.opening_slots.all()))


def _closures(office: Office) -> tuple:
    if office.pk is None:
        return ()
    return tuple(
        sorted((c.starts_on, c.ends_on, " ".join(c.note.split())) for c in office.closures.all())
    )


class HoursField(ie_fields.Field):
    """Opening hours as one text cell; stored as the office's OpeningSlot rows after the
    office itself (see `OfficeResource.after_save_instance`)."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._imported_slots = tuple(
            tuple(slot) for slot in parse_hours(cell_text(row[self.column_name]))
        )

    def get_value(self, instance):
        imported = getattr(instance, "_imported_slots", None)
        return imported if imported is not None else _slots(instance)

    def export(self, instance, **kwargs) -> str:
        return format_hours(
            OpeningSlot(weekday=w, opens=o, closes=c) for w, o, c in self.get_value(instance)
        )


class ClosuresField(ie_fields.Field):
    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._imported_closures = tuple(
            tuple(closure) for closure in parse_closures(cell_text(row[self.column_name]))
        )

    def get_value(self, instance):
        imported = getattr(instance, "_imported_closures", None)
        return imported if imported is not None else _closures(instance)

    def export(self, instance, **kwargs) -> str:
        return format_closures(
            Closure(starts_on=s, ends_on=e, note=n) for s, e, n in self.get_value(instance)
        )


class OwnOfficeLoader(BaseInstanceLoader):
    """Finds the offices a file names by id among the centre's originals, all in one query.

    An id that names none of them (another centre's office, a translation, a deleted one)
    is an error of its row, never a new office with that id."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        ids = set()
        if dataset is not None and "id" in (dataset.headers or ()):
            for value in dataset["id"]:
                number = parse_id(value)
                if isinstance(number, int):
                    ids.add(number)
        self.offices = {office.pk: office for office in resource.get_queryset().filter(pk__in=ids)}

    def get_instance(self, row):
        number = parse_id(row.get("id"))
        if number is None:
            return None
        office = self.offices.get(number) if isinstance(number, int) else None
        if office is None:
            # a new office that carries the error, so the row's other errors are found too
            office = self.resource.init_instance(row)
            office._unknown_id = cell_text(row.get("id"))
        return office


def parse_id(value) -> int | str | None:
    text = cell_text(value)
    if not text:
        return None
    return int(text) if re.fullmatch(r"\d{1,18}", text) else text


class OfficeResource(resources.ModelResource):
    id = ie_fields.Field(attribute="id", column_name="id", widget=TextWidget(), readonly=True)
    programme = ie_fields.Field(
        attribute="programme", column_name="programme", widget=ChoiceWidget(Programme.choices)
    )
    provider = ie_fields.Field(attribute="provider", column_name="provider")
    district = ie_fields.Field(attribute="district", column_name="district")
    postcode = ie_fields.Field(
        attribute="postcode", column_name="postcode", widget=PostcodeWidget()
    )
    latitude = ie_fields.Field(attribute="latitude", column_name="latitude", widget=DegreesWidget())
    longitude = ie_fields.Field(
        attribute="longitude", column_name="longitude", widget=DegreesWidget()
    )
    languages = ie_fields.Field(
        attribute="languages", column_name="languages", widget=CodeListWidget(SPOKEN_LANGUAGES)
    )
    topics = ie_fields.Field(
        attribute="topics", column_name="topics", widget=CodeListWidget(dict(Topic.choices))
    )
    age_min = ie_fields.Field(
        attribute="age_min", column_name="age_min", widget=AgeWidget(), default=0
    )
    age_max = ie_fields.Field(attribute="age_max", column_name="age_max", widget=AgeWidget())
    hours = HoursField(attribute="hours", column_name="hours")
    closures = ClosuresField(attribute="closures", column_name="closures")
    by_appointment = ie_fields.Field(
        attribute="by_appointment", column_name="by_appointment", widget=YesNoWidget()
    )
    temporarily_closed = ie_fields.Field(
        attribute="temporarily_closed", column_name="temporarily_closed", widget=YesNoWidget()
    )
    is_example = ie_fields.Field(
        attribute="is_example", column_name="is_example", widget=YesNoWidget()
    )
    step_free = ie_fields.Field(
        attribute="step_free",
        column_name="step_free",
        widget=ChoiceWidget(
            Access.choices,
            aliases={"ja": "yes", "nein": "no", "unbekannt": "unknown"},
            empty=Access.UNKNOWN,
        ),
    )
    verified_on = ie_fields.Field(
        attribute="verified_on", column_name="verified_on", widget=DayWidget()
    )

    class Meta:
        model = Office
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ["id"]
        instance_loader_class = OwnOfficeLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        use_transactions = True

    TEXT_COLUMNS = (
        "name",
        "description",
        "street",
        "city",
        "phone",
        "email",
        "website",
        "appointment_url",
        "online_url",
        "hours_note",
        "closed_note",
        "accessibility_notes",
    )

    def __init__(self, *, centre: Centre, user=None, may_add_providers: bool = False):
        super().__init__()
        self.centre = centre
        self.user = user
        self.may_add_providers = may_add_providers
        self.new_providers: list[str] = []
        self.changed_columns: dict[int, list[str]] = {}
        self._last_changed: list[str] = []
        for name in self.TEXT_COLUMNS:
            self.fields[name] = ie_fields.Field(
                attribute=name, column_name=name, widget=TextWidget()
            )
        self.fields["provider"].widget = ProviderWidget(self)
        self.fields["district"].widget = DistrictWidget(self)
        self.providers = {p.name.lower(): p for p in Provider.objects.filter(centre=centre)}
        self.districts = {}
        for district in District.objects.filter(centre=centre):
            self.districts[district.slug.lower()] = district
            self.districts[district.name.lower()] = district
        self._locale = Locale.get_default()

    def get_queryset(self):
        return (
            Office.objects.originals()
            .filter(centre=self.centre)
            .select_related("provider", "district")
            .prefetch_related("opening_slots", "closures")
            .order_by("name", "pk")
        )

    def init_instance(self, row=None) -> Office:
        return Office(centre=self.centre, locale=self._locale)

    def import_row(self, row, instance_loader, **kwargs):
        # A database error inside a row would leave the transaction unusable for the rows
        # after it: each row gets a savepoint that such an error rolls back.
        failed = None

        class RowFailed(Exception):
            pass

        try:
            with transaction.atomic():
                failed = super().import_row(row, instance_loader, **kwargs)
                if failed.import_type == RowResult.IMPORT_TYPE_ERROR:
                    raise RowFailed
        except RowFailed:
            pass
        return failed

    def import_instance(self, instance, row, **kwargs):
        coordinates = (instance.latitude, instance.longitude)
        instance._slots_before = _slots(instance)
        instance._closures_before = _closures(instance)
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if getattr(instance, "_unknown_id", None):
            errors["id"] = [
                _("No office of the centre has the id “%(id)s”; leave it empty for a new office.")
                % {"id": instance._unknown_id}
            ]
        if (instance.latitude, instance.longitude) != coordinates:
            # typed in: kept as they are; emptied: taken from the postcode again
            entered = instance.latitude is not None and instance.longitude is not None
            instance.located = Located.ENTERED if entered else ""
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        self._last_changed = [
            f.column_name
            for f in self.get_import_fields()
            if f.column_name in row and f.get_value(instance) != f.get_value(original)
        ]
        if import_validation_errors or instance.pk is None:
            return False
        return not self._last_changed

    def do_instance_save(self, instance, is_create):
        instance._created = is_create
        instance.save()

    def after_save_instance(self, instance, row, **kwargs):
        slots = getattr(instance, "_imported_slots", None)
        if slots is not None and slots != instance._slots_before:
            OpeningSlot.objects.filter(office=instance).delete()
            OpeningSlot.objects.bulk_create(
                OpeningSlot(office=instance, weekday=w, opens=o, closes=c) for w, o, c in slots
            )
        closures = getattr(instance, "_imported_closures", None)
        if closures is not None and closures != instance._closures_before:
            Closure.objects.filter(office=instance).delete()
            Closure.objects.bulk_create(
                Closure(office=instance, starts_on=s, ends_on=e, note=n) for s, e, n in closures
            )
        if not kwargs.get("dry_run"):
            # the office's history says who imported what, as after an edit in the form
            action = "wagtail.create" if instance._created else "wagtail.edit"
            log(instance, action, user=self.user, content_changed=True)

    def after_import_row(self, row, row_result, **kwargs):
        self.changed_columns[kwargs["row_number"]] = self._last_changed
        self._last_changed = []

    def after_import(self, dataset, result, **kwargs):
        # New offices never carry an id of their own: no sequence to reset.
        return None

    def column_of(self, attribute: str) -> str:
        for resource_field in self.fields.values():
            if resource_field.attribute == attribute:
                return resource_field.column_name
        return "" if attribute == NON_FIELD_ERRORS else attribute


# -- reading a file ---------------------------------------------------------------------------


def read_table(content: bytes, format: str) -> Table:
    """The header and rows of the file, checked as a whole (see `mia.core.tables`)."""
    return tables.read_table(
        content,
        format,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        no_rows=_("The file has no offices in it, only a header."),
    )


# -- importing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    row: int
    kind: str  # "new", "update" or "skip" (unchanged)
    office_id: int | None
    name: str
    columns: list[str]


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    new_providers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def counts(self) -> dict[str, int]:
        return {kind: self.count(kind) for kind in ("new", "update", "skip")}


def _duplicate_ids(table: Table) -> list[Problem]:
    if "id" not in table.headers:
        return []
    position = table.headers.index("id")
    first_row: dict = {}
    problems = []
    for values, number in zip(table.rows, table.numbers, strict=True):
        office_id = parse_id(values[position])
        if office_id is None:
            continue
        if office_id in first_row:
            problems.append(
                Problem(
                    number,
                    "id",
                    _("The office %(id)s is in row %(first)d already.")
                    % {"id": office_id, "first": first_row[office_id]},
                )
            )
        else:
            first_row[office_id] = number
    return problems


def _messages(error) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


def run_import(
    content: bytes, format: str, *, centre: Centre, user, may_add_providers: bool, dry_run: bool
) -> Report:
    """Read and import the file in one transaction, rolled back for a dry run and whenever
    any row has a problem. The report lists every problem and every row's change."""
    try:
        table = read_table(content, format)
    except FileRefused as refused:
        return Report(problems=refused.problems)
    dataset = tablib.Dataset(*[tuple(row) for row in table.rows], headers=table.headers)
    resource = OfficeResource(centre=centre, user=user, may_add_providers=may_add_providers)
    report = Report(problems=_duplicate_ids(table))
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
        )
        for error in result.base_errors:
            report.problems.extend(Problem(None, "", m) for m in _messages(error.error))
        for number, row_result in enumerate(result.rows, start=1):
            row = table.numbers[number - 1]
            if row_result.validation_error is not None:
                for attribute, messages in row_result.validation_error.message_dict.items():
                    column = resource.column_of(attribute)
                    report.problems.extend(Problem(row, column, m) for m in messages)
            for error in row_result.errors:
                report.problems.extend(
                    Problem(row, "", _("The row could not be saved: %(error)s") % {"error": m})
                    for m in _messages(error.error)
                )
            if row_result.import_type in (
                RowResult.IMPORT_TYPE_NEW,
                RowResult.IMPORT_TYPE_UPDATE,
                RowResult.IMPORT_TYPE_SKIP,
            ):
                kind = row_result.import_type
                report.changes.append(
                    Change(
                        row=row,
                        kind=kind,
                        office_id=None if kind == "new" else row_result.object_id,
                        name=row_result.object_repr or "",
                        columns=resource.changed_columns.get(number, [])
                        if kind == "update"
                        else [],
                    )
                )
        report.new_providers = list(resource.new_providers)
        column_order = {name: position for position, name in enumerate(("", *COLUMNS))}
        report.problems.sort(
            key=lambda p: (p.row or 0, column_order.get(p.column, len(column_order)))
        )
        if dry_run or report.problems:
            transaction.set_rollback(True)
    return report


# -- exporting ----------------------------------------------------------------------------------


def export_offices(centre: Centre, format: str) -> bytes:
    """All the centre's offices (the originals) in the import's columns."""
    resource = OfficeResource(centre=centre)
    dataset = resource.export(resource.get_queryset())
    if format == "csv":
        return csv_bytes(dataset.headers, dataset)
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "offices"
    sheet.append(list(dataset.headers))
    for row in dataset:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            # text that looks like a formula stays text: never evaluated when opened
            if cell.data_type == "f":
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_filename(centre: Centre, format: str, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"beratungsstellen-{centre.slug}-{today.isoformat()}.{format}"
