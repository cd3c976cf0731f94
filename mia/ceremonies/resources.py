"""The list of invitees from a spreadsheet (CSV or XLSX), with django-import-export.

One row per person: name, postal address (street, postcode, town, an optional addition),
e-mail address if known, preferred language. German column names are understood too
(`ALIASES`). `run_import` reads the file and imports it in one transaction: as a dry run for
the preview, or for real after the confirmation; any problem rolls the whole file back, so
an import never saves half a file. Every problem is listed with its row and column.

A person is recognised by name, street and postcode (`Invitee.identity`): the same person
twice in one file is a problem (which address is right?); a person the ceremony already has
is left as they are, so importing a longer list again adds only the new people.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields as ie_fields
from import_export import resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from mia.core import tables
from mia.core.languages import SPOKEN_LANGUAGES
from mia.core.tables import FileRefused, PostcodeWidget, Problem, Table, TextWidget, cell_text

from .models import Ceremony, Invitee, new_code

COLUMNS = ("name", "street", "postcode", "city", "address_extra", "email", "language")
REQUIRED_COLUMNS = ("name", "street", "postcode", "city")
# what the registry office's export or a person typing a list may call the columns
ALIASES = {
    "straße": "street",
    "strasse": "street",
    "str.": "street",
    "straße und hausnummer": "street",
    "anschrift": "street",
    "plz": "postcode",
    "postleitzahl": "postcode",
    "ort": "city",
    "stadt": "city",
    "wohnort": "city",
    "town": "city",
    "adresszusatz": "address_extra",
    "zusatz": "address_extra",
    "address addition": "address_extra",
    "e-mail": "email",
    "e-mail-adresse": "email",
    "mail": "email",
    "sprache": "language",
    "preferred language": "language",
    "bevorzugte sprache": "language",
}
POSTCODE = re.compile(r"^\d{5}$")


def offered_languages() -> set[str]:
    """The languages the site has translations for: a letter's second language is one."""
    return {code for code, _name in settings.LANGUAGES}


# -- cells ------------------------------------------------------------------------------------


class NameWidget(TextWidget):
    """Text on one line, spaces folded, within the field's length."""

    def __init__(self, max_length: int, required: bool = False):
        super().__init__()
        self.max_length = max_length
        self.required = required

    def clean(self, value, row=None, **kwargs) -> str:
        text = " ".join(cell_text(value).split())
        if self.required and not text:
            raise ValueError(_("This cell must not be empty."))
        if len(text) > self.max_length:
            raise ValueError(
                _("At most %(max)d characters, not %(length)d.")
                % {"max": self.max_length, "length": len(text)}
            )
        return text


class GermanPostcodeWidget(PostcodeWidget):
    def clean(self, value, row=None, **kwargs) -> str:
        text = "".join(super().clean(value).split())
        if not text:
            raise ValueError(_("This cell must not be empty."))
        if not POSTCODE.match(text):
            raise ValueError(
                _("“%(value)s” is not a German postcode (five digits).") % {"value": text}
            )
        return text


class EmailWidget(TextWidget):
    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if not text:
            return ""
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError(_("“%(value)s” is not an e-mail address.") % {"value": text}) from None
        if len(text) > 254:
            raise ValueError(_("An e-mail address has at most 254 characters."))
        return text


class LanguageWidget(TextWidget):
    """A language code (de, ar, tr …) or the language's own name; empty: German."""

    names = {name.casefold(): code for code, name in SPOKEN_LANGUAGES.items()}

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if not text:
            return settings.LANGUAGE_CODE
        code = text.lower().replace("_", "-").split("-")[0]
        if code in SPOKEN_LANGUAGES:
            return code
        if text.casefold() in self.names:
            return self.names[text.casefold()]
        raise ValueError(
            _("“%(value)s” is not a known language. Use one of the codes: %(codes)s.")
            % {"value": text, "codes": ", ".join(SPOKEN_LANGUAGES)}
        )


WIDGETS: dict[str, widgets.Widget] = {
    "name": NameWidget(200, required=True),
    "street": NameWidget(200, required=True),
    "postcode": GermanPostcodeWidget(),
    "city": NameWidget(100, required=True),
    "address_extra": NameWidget(200),
    "email": EmailWidget(),
    "language": LanguageWidget(),
}


def check_row(record: dict) -> tuple[dict, dict[str, list[str]]]:
    """A row's cells as the invitee's values, and the problems by column.

    The row validator of the import, without the database: every cell is checked, so a row
    with three mistakes shows three problems. Columns the file lacks are left out."""
    values, errors = {}, {}
    for column, widget in WIDGETS.items():
        if column not in record:
            continue
        try:
            values[column] = widget.clean(record[column])
        except ValueError as error:
            errors.setdefault(column, []).append(str(error))
    return values, errors


def identity_of_record(record: dict) -> str | None:
    """The person's identity from a row, or None when the row does not name one clearly."""
    values, errors = check_row(
        {column: record.get(column, "") for column in ("name", "street", "postcode")}
    )
    if errors:
        return None
    return Invitee.identity_of(values["name"], values["street"], values["postcode"])


# -- the resource ------------------------------------------------------------------------------


class CheckedField(ie_fields.Field):
    """A column whose cell `check_row` has already checked: the value is taken from there."""

    def clean(self, row, **kwargs):
        return row.checked.get(self.column_name, self.default)


class CheckedRow(dict):
    checked: dict = {}


class KnownInviteeLoader(BaseInstanceLoader):
    """Finds the people the ceremony already has by identity, all in one query."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.known = dict(
            Invitee.objects.filter(ceremony=resource.ceremony, anonymised=False).values_list(
                "identity", "pk"
            )
        )

    def get_instance(self, row):
        pk = self.known.get(identity_of_record(row) or "")
        if pk is None:
            return None
        invitee = Invitee(pk=pk, ceremony=self.resource.ceremony)
        invitee._known = True
        return invitee


class InviteeResource(resources.ModelResource):
    class Meta:
        model = Invitee
        fields = COLUMNS
        import_id_fields = ()
        instance_loader_class = KnownInviteeLoader
        clean_model_instances = False
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        use_bulk = True
        batch_size = 500
        force_init_instance = False

    def __init__(self, *, ceremony: Ceremony, numbers: list[int] | None = None):
        super().__init__()
        self.ceremony = ceremony
        # the spreadsheet's row numbers, and the first row of each person in the file
        self.numbers = numbers or []
        self.seen: dict[str, int] = {}
        for column in COLUMNS:
            self.fields[column] = CheckedField(
                attribute=column, column_name=column, widget=WIDGETS[column]
            )
        self._now = timezone.now()
        self._codes: set[str] = set()

    def get_instance(self, instance_loader, row):
        return instance_loader.get_instance(row)

    def init_instance(self, row=None) -> Invitee:
        return Invitee(
            centre_id=self.ceremony.centre_id,
            ceremony=self.ceremony,
            erase_after=self.ceremony.erase_after,
        )

    def before_import_row(self, row, **kwargs):
        row.checked, row.errors = check_row(row)

    def import_instance(self, instance, row, **kwargs):
        if getattr(instance, "_known", False):
            return
        number = kwargs.get("row_number", 0)
        number = self.numbers[number - 1] if 0 < number <= len(self.numbers) else number
        errors = dict(row.errors)
        identity = identity_of_record(row)
        if identity in self.seen:
            errors.setdefault("name", []).append(
                _("The same person (name, street and postcode) is in row %(first)d already.")
                % {"first": self.seen[identity]}
            )
        elif identity is not None:
            # a person's first row, even with a mistake elsewhere: a later row is the same
            self.seen[identity] = number
        if errors:
            raise ValidationError(errors)
        super().import_instance(instance, row, **kwargs)
        instance.identity = Invitee.identity_of(instance.name, instance.street, instance.postcode)
        code = new_code()
        while code in self._codes:  # ten symbols of 31: never in practice, but cheap
            code = new_code()
        self._codes.add(code)
        instance.code = code
        try:
            instance.clean_fields(exclude=["centre", "ceremony", "erase_after", "status"])
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return getattr(instance, "_known", False) and not import_validation_errors

    def import_row(self, row, instance_loader, **kwargs):
        return super().import_row(CheckedRow(row), instance_loader, **kwargs)


# -- importing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    row: int
    name: str
    city: str
    language: str
    email: bool


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    new: list[Entry] = field(default_factory=list)
    known: list[Entry] = field(default_factory=list)
    # languages without a translation of the site: {code: number of new invitees}
    german_only: dict[str, int] = field(default_factory=dict)
    encoding: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def read_table(content: bytes, format: str) -> Table:
    return tables.read_table(
        content,
        format,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        aliases=ALIASES,
        no_rows=_("The file has no invitees in it, only a header."),
    )


def _entry(number: int, record: dict) -> Entry:
    values, _errors = check_row(record)
    return Entry(
        row=number,
        name=values.get("name", ""),
        city=values.get("city", ""),
        language=values.get("language", settings.LANGUAGE_CODE),
        email=bool(values.get("email")),
    )


def run_import(content: bytes, format: str, *, ceremony: Ceremony, dry_run: bool) -> Report:
    """Read and import the file in one transaction, rolled back for a dry run and whenever
    any row has a problem. The report lists every problem, the new and the known people."""
    try:
        table = read_table(content, format)
    except FileRefused as refused:
        return Report(problems=refused.problems)
    report = Report(encoding=table.encoding)
    dataset = tablib.Dataset(*[tuple(row) for row in table.rows], headers=table.headers)
    resource = InviteeResource(ceremony=ceremony, numbers=table.numbers)
    records = list(table.records())
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
            collect_failed_rows=False,
        )
        for error in result.base_errors:
            report.problems.append(Problem(None, "", str(error.error)))
        for (number, record), row_result in zip(records, result.rows, strict=True):
            if row_result.validation_error is not None:
                for column, messages in row_result.validation_error.message_dict.items():
                    column = column if column in COLUMNS else ""
                    report.problems.extend(Problem(number, column, m) for m in messages)
            for error in row_result.errors:
                report.problems.append(
                    Problem(
                        number,
                        "",
                        _("The row could not be saved: %(error)s") % {"error": error.error},
                    )
                )
            if row_result.import_type == RowResult.IMPORT_TYPE_NEW:
                report.new.append(_entry(number, record))
            elif row_result.import_type == RowResult.IMPORT_TYPE_SKIP:
                report.known.append(_entry(number, record))
        order = {name: position for position, name in enumerate(("", *COLUMNS))}
        report.problems.sort(key=lambda p: (p.row or 0, order.get(p.column, len(order))))
        offered = offered_languages()
        report.german_only = dict(
            sorted(Counter(e.language for e in report.new if e.language not in offered).items())
        )
        if dry_run or report.problems:
            transaction.set_rollback(True)
    return report


def rows_by_language(report: Report) -> dict[str, list[int]]:
    """The rows of the new invitees whose letters are in German only, by language."""
    offered = offered_languages()
    rows: dict[str, list[int]] = defaultdict(list)
    for entry in report.new:
        if entry.language not in offered:
            rows[entry.language].append(entry.row)
    return dict(rows)
