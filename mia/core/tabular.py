"""Spreadsheets in and out of the back office: reading an uploaded CSV or Excel file into rows
checked as a whole, and writing rows as CSV that a spreadsheet program opens safely.

Shared by every import with a preview (the counselling offices, the naturalisation figures):
each app's resource checks the cells, these functions the file. A problem names the row as a
spreadsheet numbers it and the column, so an editor finds it in the file.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .uploads import ZIP_ERRORS, check_ooxml, detect_zip_document

FORMATS = {"csv": "CSV", "xlsx": "Excel (XLSX)"}
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# an XLSX is a ZIP: more than this unpacked is refused before reading (a "zip bomb")
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# A cell beginning with one of these is a formula to a spreadsheet program: exported text
# that begins so gets an apostrophe before it (which the import takes off again).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class FileRefused(Exception):
    """The file cannot be read as a table at all; `problems` say why."""

    def __init__(self, problems: list["Problem"]):
        super().__init__(problems)
        self.problems = problems


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


# -- reading a file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: `row` as a spreadsheet numbers it (the header is row
    1; None for the file as a whole), `column` its header ("" for the whole row)."""

    row: int | None
    column: str
    message: str


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    # the spreadsheet row number of each row of `rows` (empty rows are left out)
    numbers: list[int]


def file_problem(message: str) -> FileRefused:
    """The file as a whole is refused, for one reason."""
    return FileRefused([Problem(None, "", message)])


def read_csv(content: bytes) -> list[list]:
    if content.startswith(b"PK\x03\x04"):
        raise file_problem(
            _(
                "This is not a CSV file but a ZIP package, e.g. an Excel file: choose the format XLSX."
            )
        )
    if b"\x00" in content:
        raise file_problem(_("This is not a CSV text file: it holds binary data."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise file_problem(
            _(
                "The file is not in UTF-8 encoding (first wrong byte in line %(line)d). Save it "
                "as “CSV UTF-8” and upload it again."
            )
            % {"line": line}
        ) from None
    first_line = text.split("\n", 1)[0]
    # German spreadsheet programs separate with semicolons, others with commas
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise file_problem(_("The file is not valid CSV: %(error)s") % {"error": error}) from None


def read_xlsx(content: bytes) -> list[list]:
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
                if len(rows) > MAX_ROWS + 1:
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
    columns: Sequence[str],
    required: Sequence[str],
    no_rows: str,
) -> Table:
    """The header and rows of the file, checked as a whole: every problem with the columns
    at once, in a FileRefused. `columns` are the ones a file may have, `required` those it
    must have; `no_rows` says what a file with a header only lacks."""
    if len(content) > MAX_FILE_BYTES:
        raise file_problem(_("The file is larger than 5 MB."))
    if not content.strip():
        raise file_problem(_("The file is empty."))
    raw = read_csv(content) if format == "csv" else read_xlsx(content)
    if not raw:
        raise file_problem(_("The file is empty."))
    headers = [cell_text(cell).lower() for cell in raw[0]]
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
    if len(rows) > MAX_ROWS:
        problems.append(
            Problem(None, "", _("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
        )
    if not rows and not problems:
        problems.append(Problem(None, "", no_rows))
    if problems:
        raise FileRefused(problems)
    return Table(headers, rows, numbers)


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
