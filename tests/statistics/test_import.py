"""The naturalisation figures in the back office: the import's preview lists every problem
with row and column and saves nothing; a good file is imported whole; the export reads back
unchanged; the year form keeps the same rules; who may do what."""

import csv
import io

import pytest
from openpyxl import Workbook

from mia.core import import_store
from mia.permissions.roles import Role
from mia.statistics.models import NaturalisationFigure, NaturalisationYear
from mia.statistics.resources import export_figures, run_import

from ..counselling.test_admin import english
from ..factories import member, sign_in

ADMIN = "/verwaltung"
IMPORT = f"{ADMIN}/statistics/import/"
EXPORT = f"{ADMIN}/statistics/export/"
HEADER = ["year", "nationality", "district", "age_group", "sex", "count", "covers_until", "note"]
GOOD = [
    HEADER,
    ["2023", "", "", "", "", "2818", "", ""],
    ["2023", "SY", "", "", "", "1200", "", ""],
    ["2023", "stateless", "", "", "", "40", "", ""],
    ["2023", "SY", "Innenstadt-Nord", "", "w", "300", "", ""],
    ["2024", "", "", "", "", "3.953", "", "aus der Pressemitteilung"],
    ["2024", "TR", "", "18-29", "", "100", "", ""],
]


def csv_file(rows: list[list], delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def state() -> tuple:
    return (
        sorted(NaturalisationYear.objects.values_list("year", "total", "covers_until", "note")),
        sorted(NaturalisationFigure.objects.values_list("year__year", "nationality", "count")),
    )


@pytest.fixture
def coordinator(centre):
    return english(member(centre, Role.COORDINATOR, domain="statistics"))


@pytest.fixture
def admin_client(client, coordinator):
    sign_in(client, coordinator)
    return client


def upload(client, content: bytes, format: str = "csv"):
    file = io.BytesIO(content)
    file.name = f"zahlen.{format}"
    response = client.post(IMPORT, {"file": file, "format": format})
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    return client.get(url), url


def problems(response) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in response.context["report"].problems]


def test_a_good_file_is_previewed_then_imported_whole(admin_client, figures):
    before = state()
    response, url = upload(admin_client, csv_file(GOOD))
    assert response.status_code == 200
    assert problems(response) == []
    changes = {c.year: c for c in response.context["report"].changes}
    assert changes[2023].kind == "update" and changes[2023].new == 3
    assert changes[2024].removed == 7  # the file replaces 2024's figures
    assert state() == before  # the preview saved nothing
    response = admin_client.post(url, {"action": "confirm"})
    assert response.status_code == 302
    years, figures_after = state()
    assert (2024, 3953, None, "aus der Pressemitteilung") in years
    assert (2021, 1351, None, "") in years  # years not in the file stay
    assert (2024, "TR", 100) in figures_after and (2024, "SY", 1507) not in figures_after
    female = NaturalisationFigure.objects.get(district="Innenstadt-Nord")
    assert (female.sex, female.count) == ("female", 300)
    # the file is gone: a second confirmation finds nothing
    assert admin_client.post(url, {"action": "confirm"}).status_code == 404


def test_every_problem_is_listed_with_row_and_column_and_nothing_is_saved(admin_client, figures):
    before = state()
    rows = [
        HEADER,
        ["2023", "", "", "", "", "2818", "", ""],
        ["2023", "SYR", "", "", "", "10", "", ""],  # alpha-3
        ["2023", "QQ", "", "", "", "10", "", ""],  # no country
        ["2023", "TR", "", "", "", "-4", "", ""],  # negative
        ["zwanzig", "", "", "", "", "5", "", ""],  # not a year
        ["2023", "IQ", "", "", "", "viele", "", ""],  # not a number
        ["2023", "UA", "", "alt", "", "3", "", ""],  # not an age group
        ["2023", "UA", "", "", "", "3", "", ""],
        ["2023", "UA", "", "", "", "4", "", ""],  # the same figure twice
        ["2022", "", "", "", "", "100", "", ""],
        ["2022", "SY", "", "", "", "90", "", ""],
        ["2022", "TR", "", "", "", "20", "", ""],  # 110 > 100
        ["2021", "SY", "", "", "", "5", "", ""],  # 2021 has no total
        ["2020", "", "", "", "", "9", "2020-12-31", ""],  # a complete year
    ]
    response, url = upload(admin_client, csv_file(rows))
    found = problems(response)
    assert [(row, column) for row, column, _m in found] == [
        (3, "nationality"),
        (4, "nationality"),
        (5, "count"),
        (6, "year"),
        (7, "count"),
        (8, "age_group"),
        (10, ""),
        (11, "count"),
        (14, ""),
        (15, "covers_until"),
    ]
    messages = {(row, column): message for row, column, message in found}
    assert "use the two-letter code SY" in messages[3, "nationality"]
    assert "cannot be negative" in messages[5, "count"]
    assert "is in row 9 already" in messages[10, ""]
    assert (
        "is 100, less than the sum of its figures by former nationality (110)"
        in messages[11, "count"]
    )
    assert "has no total" in messages[14, ""]
    html = response.content.decode()
    assert 'id="import-problems"' in html and "Import now" not in html
    # confirming anyway saves nothing either
    assert admin_client.post(url, {"action": "confirm"}).status_code == 400
    assert state() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\n\n", "The file is empty."),
        (b"year;count\n", "The file has no figures in it, only a header."),
        (csv_file([["jahr", "anzahl"], ["2024", "5"]]), "Unknown columns: jahr, anzahl."),
        (csv_file([["year", "nationality"], ["2024", "SY"]]), "Required columns missing: count."),
        (
            csv_file(GOOD, encoding="cp1252").replace(b"3.953", "3.953;Größe".encode("cp1252")),
            "not in UTF-8",
        ),
        (b"\x00\x01\x02year;count", "binary data"),
    ],
)
def test_files_that_are_no_table_of_figures_are_refused(admin_client, figures, content, message):
    before = state()
    response, _url = upload(admin_client, content)
    assert any(message in m for _r, _c, m in problems(response)), problems(response)
    assert state() == before


def test_an_empty_upload_is_refused_by_the_form(admin_client, figures):
    file = io.BytesIO(b"")
    file.name = "leer.csv"
    response = admin_client.post(IMPORT, {"file": file, "format": "csv"})
    assert response.status_code == 400
    assert response.context["form"].has_error("file", "empty")


def test_an_excel_file_is_read_too(admin_client, figures):
    workbook = Workbook()
    for row in GOOD:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    response, url = upload(admin_client, out.getvalue(), "xlsx")
    assert problems(response) == []
    admin_client.post(url, {"action": "confirm"})
    assert NaturalisationYear.objects.get(year=2024).total == 3953


def test_the_export_and_the_open_data_file_import_unchanged(admin_client, figures, client):
    exported = admin_client.get(EXPORT, {"format": "csv"})
    assert exported["Content-Disposition"].startswith(
        'attachment; filename="einbuergerungen-dortmund-'
    )
    for content in (exported.content, client.get("/statistik/einbuergerungen.csv").content):
        report = run_import(content, "csv", centre=figures, user=None, dry_run=True)
        assert report.ok, report.problems
        assert not report.has_changes
    assert export_figures(figures, "xlsx")[:2] == b"PK"


def test_a_file_is_imported_for_the_uploaders_centre_only(client, figures, other_centre):
    outsider = english(member(other_centre, Role.CENTRE_ADMIN))
    token = import_store.keep(
        csv_file(GOOD), user_id=outsider.pk, centre_id=figures.pk, format="csv", filename="a.csv"
    )
    sign_in(client, outsider)
    # the file names Dortmund, where the outsider has no rights: nothing to see
    assert client.get(f"{IMPORT}{token}/").status_code == 404


def test_an_editor_may_not_import(client, figures):
    sign_in(client, english(member(figures, Role.EDITOR)))
    assert client.get(IMPORT).status_code == 302  # Wagtail's "no permission" to the dashboard


# -- the form --------------------------------------------------------------------------------------


def test_the_year_form_refuses_a_breakdown_above_its_total(admin_client, figures):
    year = NaturalisationYear.objects.get(centre=figures, year=2024)
    url = f"{ADMIN}/statistics/years/edit/{year.pk}/"
    page = admin_client.get(url)
    assert page.status_code == 200
    figures_now = list(year.figures.order_by("pk"))
    data = {
        "year": "2024",
        "total": "2000",  # smaller than the six nationalities and the rest
        "covers_until": "",
        "note": "",
        "figures-TOTAL_FORMS": str(len(figures_now)),
        "figures-INITIAL_FORMS": str(len(figures_now)),
        "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "1000",
    }
    for index, figure in enumerate(figures_now):
        data.update(
            {
                f"figures-{index}-id": str(figure.pk),
                f"figures-{index}-ORDER": str(index + 1),
                f"figures-{index}-DELETE": "",
                f"figures-{index}-nationality": figure.nationality,
                f"figures-{index}-district": "",
                f"figures-{index}-age_group": "",
                f"figures-{index}-sex": "",
                f"figures-{index}-count": str(figure.count),
            }
        )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    text = " ".join(str(m) for m in response.context["form"].non_field_errors())
    assert (
        "The year's total is 2000, less than the sum of its figures by former nationality (3953)"
        in text
    )
    assert NaturalisationYear.objects.get(pk=year.pk).total == 3953
    data["total"] = "3953"
    assert admin_client.post(url, data).status_code == 302
