"""Reading a spreadsheet (CSV or XLSX) for an import with a preview, and the cells of it.

Shared by every import (counselling offices, naturalisation figures, ceremony invitees), with
the shared upload form and the CSV writer of every export: the file is read by us, not
by tablib's format guessing, and checked as a whole first. Every problem is a `Problem` with
the row as a spreadsheet numbers it (the header is row 1) and the column, so the preview can
list them all before anything is saved. The widgets turn cells into values for
django-import-export and raise `ValueError` with a message for the column.

CSV encodings: UTF-8 (with or without the byte order mark that Excel's "CSV UTF-8" writes)
and UTF-16 with its byte order mark (Excel's "Unicode text"). Anything else is refused with
the line of the first byte that is not UTF-8: Windows-1252, the encoding of Excel's plain
"CSV", has no ğ, ş, ı, ą, ł or Arabic letters, so such a file has already lost letters of
names (Excel writes "?" for them), and guessing an encoding would print them wrong on
official letters (see docs/decisions/0023).
"""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from .uploads import ZIP_ERRORS, check_ooxml, detect_zip_document

FORMATS = {"csv": "CSV", "xlsx": "Excel (XLSX)"}
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# an XLSX is a ZIP: more than this unpacked is refused before reading (a "zip bomb")
MAX_UNPACKED_BYTES = 50 * 1024 * 1024

# A cell beginning with one of these is a formula to a spreadsheet program: exported text
# that begins so gets an apostrophe before it (which the import takes off again).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: `row` as a spreadsheet numbers it (the header is row
    1; None for the file as a whole), `column` its header ("" for the whole row)."""

    row: int | None
    column: str
    message: str


class FileRefused(Exception):
    """The file cannot be read as the table asked for at all; `problems` say why."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    # the spreadsheet row number of each row of `rows` (empty rows are left out)
    numbers: list[int]
    # how the file was read, e.g. "UTF-8" (for the preview)
    encoding: str = ""

    def records(self):
        """(row number, {column: cell}) for each row."""
        for number, values in zip(self.numbers, self.rows, strict=True):
            yield number, dict(zip(self.headers, values, strict=True))


def file_problem(message: str) -> FileRefused:
    return FileRefused([Problem(None, "", message)])


# -- cells ------------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as text: whole numbers from a spreadsheet without ".0", no formula guard."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_START:
        text = text[1:]
    return text


def guarded(value):
    """What a cell of an exported file holds: text that a spreadsheet would take for a
    formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> str:
        return cell_text(value)

    def render(self, value, obj=None, **kwargs) -> str:
        return value or ""


class PostcodeWidget(TextWidget):
    def clean(self, value, row=None, **kwargs) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            # a spreadsheet keeps 01067 as the number 1067
            return cell_text(value).zfill(5)
        return cell_text(value)


class ChoiceWidget(widgets.Widget):
    def __init__(self, choices, *, aliases: dict[str, str] | None = None, empty: str = ""):
        super().__init__()
        self.codes = [code for code, _label in choices]
        self.aliases = aliases or {}
        self.empty = empty

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value).lower()
        if not text:
            return self.empty
        code = self.aliases.get(text, text)
        if code not in self.codes:
            raise ValueError(
                _("“%(value)s” is not one of: %(codes)s.")
                % {"value": cell_text(value), "codes": ", ".join(self.codes)}
            )
        return code

    def render(self, value, obj=None, **kwargs) -> str:
        return value or ""


# -- files ------------------------------------------------------------------------------------


def decode_csv(content: bytes) -> tuple[str, str]:
    """(text, the encoding's name); FileRefused for anything but UTF-8 or UTF-16 with BOM."""
    if content.startswith(b"PK\x03\x04"):
        raise file_problem(
            _(
                "This is not a CSV file but a ZIP package, e.g. an Excel file: choose the format XLSX."
            )
        )
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise file_problem(_("The file is not valid UTF-16 text.")) from None
    if b"\x00" in content:
        raise file_problem(_("This is not a CSV text file: it holds binary data."))
    try:
        if content.startswith(codecs.BOM_UTF8):
            return content.decode("utf-8-sig"), "UTF-8"
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise file_problem(
            _(
                "The file is not in UTF-8 encoding (first wrong byte in line %(line)d). Save it "
                "as “CSV UTF-8” and upload it again."
            )
            % {"line": line}
        ) from None


def read_csv(content: bytes) -> tuple[list[list], str]:
    text, encoding = decode_csv(content)
    first_line = text.split("\n", 1)[0]
    # German spreadsheet programs separate with semicolons, others with commas
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise file_problem(_("The file is not valid CSV: %(error)s") % {"error": error}) from None
    return rows, encoding


def read_xlsx(content: bytes, max_rows: int = MAX_ROWS) -> list[list]:
    upload = io.BytesIO(content)
    if detect_zip_document(upload) != "xlsx":
        raise file_problem(_("This is not an Excel (XLSX) file."))
    try:
        with zipfile.ZipFile(upload) as package:
            unpacked = sum(entry.file_size for entry in package.infolist())
        check_ooxml(upload)
    except ValidationError as error:
        raise file_problem(" ".join(error.messages)) from None
    except ZIP_ERRORS:
        raise file_problem(_("The Excel file is damaged.")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise file_problem(_("The Excel file is too large when unpacked."))
    from openpyxl import load_workbook

    rows = []
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            for values in sheet.iter_rows(values_only=True):
                rows.append(list(values))
                if len(rows) > max_rows + 1:
                    break
        finally:
            workbook.close()
    except Exception:  # openpyxl raises many kinds of errors on a crafted file
        raise file_problem(_("The Excel file could not be read.")) from None
    return rows


def read_table(
    content: bytes,
    format: str,
    *,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    no_rows: str | Promise,
    max_rows: int = MAX_ROWS,
    aliases: dict[str, str] | None = None,
) -> Table:
    """The header and rows of the file, checked as a whole: every problem with the columns
    at once, in a FileRefused. `aliases` map other names of a column (e.g. German ones) to
    the column; `no_rows` is the message for a file with a header only."""
    if len(content) > MAX_FILE_BYTES:
        raise file_problem(_("The file is larger than 5 MB."))
    if not content.strip():
        raise file_problem(_("The file is empty."))
    encoding = ""
    if format == "csv":
        raw, encoding = read_csv(content)
    else:
        raw = read_xlsx(content, max_rows)
    if not raw:
        raise file_problem(_("The file is empty."))
    aliases = aliases or {}
    headers = []
    for cell in raw[0]:
        header = " ".join(cell_text(cell).lower().split())
        headers.append(aliases.get(header, header))
    while headers and not headers[-1]:
        headers.pop()
    problems = []
    for position, header in enumerate(headers, start=1):
        if not header:
            problems.append(Problem(1, "", _("Column %(n)d has no name.") % {"n": position}))
    unknown = [h for h in headers if h and h not in columns]
    if unknown:
        problems.append(
            Problem(
                1,
                "",
                _("Unknown columns: %(unknown)s. The columns are: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(columns)},
            )
        )
    repeated = sorted({h for h in headers if h and headers.count(h) > 1})
    if repeated:
        problems.append(
            Problem(1, "", _("Columns named twice: %(names)s.") % {"names": ", ".join(repeated)})
        )
    missing = [c for c in required if c not in headers]
    if missing:
        problems.append(
            Problem(
                1, "", _("Required columns missing: %(names)s.") % {"names": ", ".join(missing)}
            )
        )
    rows, numbers = [], []
    for number, values in enumerate(raw[1:], start=2):
        cells = list(values)
        if not any(cell_text(cell) for cell in cells):
            continue
        if any(cell_text(cell) for cell in cells[len(headers) :]):
            problems.append(
                Problem(number, "", _("The row has more cells than the header has columns."))
            )
            continue
        cells = (cells + [""] * len(headers))[: len(headers)]
        rows.append(["" if cell is None else cell for cell in cells])
        numbers.append(number)
    if len(rows) > max_rows:
        problems.append(
            Problem(None, "", _("The file has more than %(max)d rows.") % {"max": max_rows})
        )
    if not rows and not problems:
        problems.append(Problem(None, "", str(no_rows)))
    if problems:
        raise FileRefused(problems)
    return Table(headers, rows, numbers, encoding)


# -- writing ------------------------------------------------------------------------------------


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """Rows as CSV the way German spreadsheet programs open it: semicolons, UTF-8 with a byte
    order mark, and no cell that a program would take for a formula."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else guarded(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


# -- the upload form ----------------------------------------------------------------------------


class ImportForm(forms.Form):
    """The file to import, its format, and (for someone working for several centres) the
    centre whose records it holds."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (UTF-8) or Excel (XLSX), at most 5 MB, in the columns of the export."
        ),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=list(FORMATS.items()),
        widget=forms.RadioSelect,
        initial="csv",
    )
    centre = forms.ModelChoiceField(label=gettext_lazy("Centre"), queryset=None)

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        centres = list(centres)
        if len(centres) == 1:
            del self.fields["centre"]
            self.only_centre = centres[0]
        else:
            from .models import Centre

            self.fields["centre"].queryset = Centre.objects.filter(pk__in=[c.pk for c in centres])
            self.only_centre = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("file"), cleaned.get("format")
        if upload is not None and chosen:
            extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if extension in FORMATS and extension != chosen:
                self.add_error(
                    "format",
                    _("The file's name ends in .%(extension)s: choose that format, or rename it.")
                    % {"extension": extension},
                )
        return cleaned

    @property
    def chosen_centre(self):
        return self.only_centre or self.cleaned_data.get("centre")
