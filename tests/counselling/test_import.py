"""Importing and exporting counselling offices: upload, preview with every problem and every
change, confirmation in one transaction, and the export that reads back unchanged."""

import csv
import datetime
import io
import os
import re
import time
import zipfile

import pytest
from django.conf import settings
from openpyxl import Workbook, load_workbook

from mia.core import import_store
from mia.counselling.models import Closure, District, Located, Office, OpeningSlot, Provider
from mia.counselling.resources import COLUMNS, export_offices, run_import
from mia.permissions.roles import Role

from ..factories import member, sign_in
from .factories import office, places
from .test_admin import english, errors

ADMIN = "/verwaltung"
IMPORT = f"{ADMIN}/counselling/import/"
EXPORT = f"{ADMIN}/counselling/export/"
HEADER = [
    "id",
    "name",
    "programme",
    "provider",
    "street",
    "postcode",
    "city",
    "district",
    "languages",
    "age_min",
    "age_max",
    "topics",
    "hours",
    "closures",
    "by_appointment",
    "step_free",
    "verified_on",
]
NORD = [
    "",
    "MBE Nordstadt",
    "mbe",
    "Neuer Träger",
    "Mallinckrodtstraße 1",
    "44147",
    "Dortmund",
    "",
    "de, ar",
    "27",
    "",
    "work, residence",
    "Mo 09:00-12:00, 14:00-16:00; Mi 14:00-16:00",
    "2025-12-24/2026-01-01: Weihnachten",
    "yes",
    "yes",
    "2025-03-31",
]
JMD = [
    "",
    "JMD Hörde",
    "jmd",
    "",
    "Hörder Bahnhofstraße 2",
    "44263",
    "Dortmund",
    "Hörde",
    "de,tr",
    "12",
    "27",
    "",
    "Di-Do 10:00-13:00",
    "",
    "no",
    "unknown",
    "31.03.2025",
]


def csv_file(rows: list[list], delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_file(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return (
        Office.objects.count(),
        Provider.objects.count(),
        OpeningSlot.objects.count(),
        Closure.objects.count(),
    )


@pytest.fixture
def city(centre):
    places(centre)
    return centre


@pytest.fixture
def coordinator(city):
    return english(member(city, Role.COORDINATOR, domain="counselling"))


@pytest.fixture
def admin_client(client, coordinator):
    sign_in(client, coordinator)
    return client


def upload(client, content: bytes, format: str = "csv", name: str | None = None):
    name = name or f"stellen.{format}"
    file = io.BytesIO(content)
    file.name = name
    return client.post(IMPORT, {"file": file, "format": format})


def preview(client, content: bytes, format: str = "csv", name: str | None = None):
    """Upload, then open the preview; returns (response, preview URL)."""
    response = upload(client, content, format, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    return client.get(url), url


def problems(response) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in response.context["report"].problems]


# -- a good file ------------------------------------------------------------------------------


def test_a_csv_file_is_previewed_then_imported_with_hours_and_a_new_provider(
    admin_client, city, coordinator
):
    response, url = preview(admin_client, csv_file([HEADER, NORD, JMD]))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.problems == []
    assert report.counts == {"new": 2, "update": 0, "skip": 0}
    assert report.new_providers == ["Neuer Träger"]
    html = response.content.decode()
    assert "Import now" in html and "New providers: Neuer Träger" in html
    assert counts() == (0, 0, 0, 0)  # the preview saved nothing

    response = admin_client.post(url, {"action": "confirm"})
    assert response.status_code == 302
    assert response["Location"] == f"{ADMIN}/snippets/counselling/office/"
    nord = Office.objects.get(name="MBE Nordstadt")
    assert (nord.centre, nord.programme, nord.provider.name) == (city, "mbe", "Neuer Träger")
    assert (nord.languages, nord.topics, nord.age_min, nord.age_max) == (
        ["de", "ar"],
        ["work", "residence"],
        27,
        None,
    )
    assert (nord.by_appointment, nord.step_free, nord.verified_on) == (
        True,
        "yes",
        datetime.date(2025, 3, 31),
    )
    assert (nord.located, nord.district.name) == (Located.POSTCODE, "Innenstadt-Nord")
    assert [
        (s.weekday, f"{s.opens:%H:%M}", f"{s.closes:%H:%M}") for s in nord.opening_slots.all()
    ] == [
        (0, "09:00", "12:00"),
        (0, "14:00", "16:00"),
        (2, "14:00", "16:00"),
    ]
    assert [(c.starts_on, c.ends_on, c.note) for c in nord.closures.all()] == [
        (datetime.date(2025, 12, 24), datetime.date(2026, 1, 1), "Weihnachten")
    ]
    jmd = Office.objects.get(name="JMD Hörde")
    assert (jmd.district.name, jmd.provider, jmd.verified_on) == (
        "Hörde",
        None,
        datetime.date(2025, 3, 31),
    )
    assert [s.weekday for s in jmd.opening_slots.all()] == [1, 2, 3]
    # the history names who imported the office
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(object_id=str(nord.pk))
    assert (entry.action, entry.user_id) == ("wagtail.create", coordinator.pk)
    # the kept file is gone: the same confirmation cannot run twice
    assert admin_client.post(url, {"action": "confirm"}).status_code == 404
    assert Office.objects.count() == 2


def test_an_xlsx_file_updates_offices_by_id_and_names_what_changed(admin_client, city):
    nord = office(
        city,
        name="MBE Nordstadt",
        hours=[(0, "09:00", "12:00")],
        verified_on=datetime.date(2025, 1, 1),
    )
    other = office(city, name="MBE Hörde", postcode="44263")
    workbook = load_workbook(io.BytesIO(export_offices(city, "xlsx")))
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    header = rows[0]
    first = rows[1] if rows[1][header.index("id")] == nord.pk else rows[2]
    first[header.index("hours")] = "Mo-Fr 08:00-10:00"
    first[header.index("languages")] = "de, uk"
    first[header.index("latitude")] = 51.5
    first[header.index("longitude")] = 7.45
    first[header.index("verified_on")] = datetime.datetime(2025, 6, 30)  # a date cell
    rows.append([None, "JMD Neu", "jmd", None, None, "Straße 5", 44135, "Dortmund"])

    response, url = preview(admin_client, xlsx_file(rows), "xlsx")
    report = response.context["report"]
    assert report.problems == []
    assert report.counts == {"new": 1, "update": 1, "skip": 1}
    updated = next(c for c in report.changes if c.kind == "update")
    assert (updated.office_id, updated.name) == (nord.pk, "MBE Nordstadt")
    assert updated.columns == ["latitude", "longitude", "languages", "hours", "verified_on"]

    assert admin_client.post(url, {"action": "confirm"}).status_code == 302
    nord.refresh_from_db()
    assert [s.weekday for s in nord.opening_slots.all()] == [0, 1, 2, 3, 4]
    assert (nord.languages, nord.verified_on) == (["de", "uk"], datetime.date(2025, 6, 30))
    assert (nord.located, nord.latitude, nord.longitude) == (Located.ENTERED, 51.5, 7.45)
    assert Office.objects.get(name="JMD Neu").postcode == "44135"
    other.refresh_from_db()
    assert other.name == "MBE Hörde"


# -- the export reads back unchanged --------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_an_exported_file_imports_as_unchanged(admin_client, city, format):
    awo = Provider.objects.create(centre=city, name="AWO Unterbezirk")
    office(
        city,
        name="MBE Nordstadt",
        provider=awo,
        hours=[(0, "09:00", "12:00"), (0, "13:00", "15:30"), (4, "08:00", "10:00")],
        phone="+49 231 123456",
        email="mbe@example.org",
        website="https://awo.example/mbe",
        description="=Hilfe für Erwachsene; auch online.",
        topics=["work", "family"],
        verified_on=datetime.date(2025, 5, 1),
        temporarily_closed=True,
        closed_note="Umbau",
        step_free="no",
        is_example=True,
    )
    Closure.objects.create(
        office=Office.objects.get(),
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 5, 1),
        note="Feiertag",
    )
    office(city, name="Exakt", latitude=51.51234567, longitude=7.4712345, age_max=None, age_min=0)
    response = admin_client.get(EXPORT, {"format": format})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="beratungsstellen-dortmund-'
    )
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if format == "csv":
        text = content.decode("utf-8-sig")
        assert text.splitlines()[0] == ";".join(COLUMNS)
        assert "'+49 231 123456" in text and "'=Hilfe" in text  # never run as formulas
    before = counts()

    response, url = preview(admin_client, content, format)
    report = response.context["report"]
    assert report.problems == []
    assert report.counts == {"new": 0, "update": 0, "skip": 2}
    assert "The file changes nothing." in response.content.decode()
    assert "Import now" not in response.content.decode()
    assert counts() == before
    nord = Office.objects.get(name="MBE Nordstadt")
    assert (nord.phone, nord.description) == (
        "+49 231 123456",
        "=Hilfe für Erwachsene; auch online.",
    )


def test_the_export_holds_only_the_users_centres_offices(admin_client, city, other_centre):
    places(other_centre)
    office(city, name="In Dortmund")
    office(other_centre, name="In Bochum")
    text = admin_client.get(EXPORT, {"format": "csv"}).content.decode("utf-8-sig")
    assert "In Dortmund" in text and "In Bochum" not in text
    assert admin_client.get(EXPORT, {"format": "pdf"}).status_code == 404


# -- bad files: every problem listed, nothing saved -------------------------------------------


def test_every_problem_of_the_rows_is_listed_and_nothing_is_saved(admin_client, city, other_centre):
    places(other_centre)
    foreign = office(other_centre, name="In Bochum")
    office(city, name="Bestehend")
    before = counts()
    bad_languages = [*NORD]
    bad_languages[HEADER.index("languages")] = "de, xx, klingon"
    bad_ages = [*JMD]
    bad_ages[HEADER.index("age_min")] = "-1"
    bad_ages[HEADER.index("age_max")] = "121"
    bad_postcode = [*NORD]
    bad_postcode[HEADER.index("postcode")] = "4414"
    bad_postcode[HEADER.index("hours")] = "Montags 9 bis 12"
    bad_postcode[HEADER.index("district")] = "Atlantis"
    another_centres = [*JMD]
    another_centres[HEADER.index("id")] = str(foreign.pk)
    bad_rest = [*NORD]
    bad_rest[HEADER.index("programme")] = "xyz"
    bad_rest[HEADER.index("closures")] = "2026-01-02/2026-01-01"
    bad_rest[HEADER.index("by_appointment")] = "vielleicht"
    bad_rest[HEADER.index("verified_on")] = "gestern"
    bad_rest[HEADER.index("age_min")] = "30"
    bad_rest[HEADER.index("age_max")] = "20"
    rows = [HEADER, NORD, bad_languages, bad_ages, bad_postcode, another_centres, bad_rest]

    response, url = preview(admin_client, csv_file(rows))
    assert problems(response) == [
        (3, "languages", "Unknown codes: xx, klingon. Known are: " + ", ".join(_languages()) + "."),
        (4, "age_min", "An age is between 0 and 120, not -1."),
        (4, "age_max", "An age is between 0 and 120, not 121."),
        (5, "postcode", "Enter a postcode of five digits."),
        (
            5,
            "district",
            "“Atlantis” is not one of the centre's districts: " + _districts(city) + ".",
        ),
        (5, "hours", "“Montags 9 bis 12” is not of the form “Mo 09:00-12:00”."),
        (
            6,
            "id",
            f"No office of the centre has the id “{foreign.pk}”; leave it empty for a new office.",
        ),
        (7, "programme", "“xyz” is not one of: mbe, jmd, other."),
        (7, "age_max", "The upper age must not be below the lower one."),
        (7, "by_appointment", "“vielleicht” is neither yes nor no."),
        (7, "closures", "“2026-01-02/2026-01-01”: the last day is before the first."),
        (7, "verified_on", "“gestern” is not a date (2025-03-31 or 31.03.2025)."),
    ]
    html = response.content.decode()
    assert "The file has 12 problems" in html and "Import now" not in html
    assert counts() == before
    # confirming anyway re-validates, and saves nothing
    response = admin_client.post(url, {"action": "confirm"})
    assert response.status_code == 400
    assert len(response.context["report"].problems) == 12
    assert counts() == before
    assert Office.objects.get(pk=foreign.pk).name == "In Bochum"


def _languages() -> list[str]:
    from mia.core.languages import SPOKEN_LANGUAGES

    return list(SPOKEN_LANGUAGES)


def _districts(centre) -> str:
    return ", ".join(sorted(District.objects.filter(centre=centre).values_list("name", flat=True)))


@pytest.mark.parametrize(
    ("content", "format", "expected"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "csv",
            [(None, "", "This is not a CSV text file: it holds binary data.")],
        ),
        (
            csv_file([HEADER, [*NORD[:1], "Beratung Münster", *NORD[2:]]], encoding="latin-1"),
            "csv",
            [
                (
                    None,
                    "",
                    "The file is not in UTF-8 encoding (first wrong byte in line 2). Save it as "
                    "“CSV UTF-8” and upload it again.",
                )
            ],
        ),
        (
            csv_file([["name", "strasse", "postcode", "id", "id"], ["A", "B", "44147", "", ""]]),
            "csv",
            [
                (1, "", "Unknown columns: strasse. The columns are: " + ", ".join(COLUMNS) + "."),
                (1, "", "Columns named twice: id."),
                (1, "", "Required columns missing: programme, street, city."),
            ],
        ),
        (csv_file([HEADER]), "csv", [(None, "", "The file has no offices in it, only a header.")]),
        (b"", "csv", [(None, "", "The file is empty.")]),
        (csv_file([HEADER, NORD]), "xlsx", [(None, "", "This is not an Excel (XLSX) file.")]),
        (xlsx_file([HEADER, NORD]), "csv", None),
        (
            csv_file([HEADER, [*NORD, "zu viel"]]),
            "csv",
            [(2, "", "The row has more cells than the header has columns.")],
        ),
    ],
    ids=[
        "binary",
        "latin-1",
        "columns",
        "header-only",
        "empty",
        "csv-as-xlsx",
        "xlsx-as-csv",
        "long-row",
    ],
)
def test_a_malformed_file_is_refused_with_every_problem(
    admin_client, city, content, format, expected
):
    before = counts()
    name = "stellen.dat"
    response = upload(admin_client, content, format, name)
    if response.status_code == 302:
        response = admin_client.get(response["Location"])
        found = problems(response)
        if expected is None:
            assert found == [
                (
                    None,
                    "",
                    "This is not a CSV file but a ZIP package, e.g. an Excel file: choose the "
                    "format XLSX.",
                )
            ]
        else:
            assert found == expected
        assert "Import now" not in response.content.decode()
    else:
        # an empty upload is refused by the form itself
        assert response.status_code == 400
        assert errors(response)["file"]
    assert counts() == before


def test_a_macro_workbook_and_a_zip_bomb_are_refused(admin_client, city):
    macro = io.BytesIO(xlsx_file([HEADER, NORD]))
    with zipfile.ZipFile(macro, "a") as package:
        package.writestr("xl/vbaProject.bin", b"\x00" * 10)
    response, _url = preview(admin_client, macro.getvalue(), "xlsx")
    assert problems(response)[0][2].startswith("This document contains macros")
    bomb = io.BytesIO(xlsx_file([HEADER, NORD]))
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/media/big.bin", b"\x00" * (60 * 1024 * 1024))
    response, _url = preview(admin_client, bomb.getvalue(), "xlsx")
    assert problems(response) == [(None, "", "The Excel file is too large when unpacked.")]


def test_the_format_must_match_the_files_name(admin_client, city):
    response = upload(admin_client, csv_file([HEADER, NORD]), "xlsx", "stellen.csv")
    assert response.status_code == 400
    assert errors(response)["format"] == [
        "The file's name ends in .csv: choose that format, or rename it."
    ]


def test_a_comma_separated_file_is_read_as_well(admin_client, city):
    response, _url = preview(admin_client, csv_file([HEADER, NORD], delimiter=","))
    assert problems(response) == []
    assert response.context["report"].counts["new"] == 1


def test_rows_naming_the_same_office_twice_are_refused(admin_client, city):
    nord = office(city)
    first, second = [*JMD], [*JMD]
    first[0] = second[0] = str(nord.pk)
    response, _url = preview(admin_client, csv_file([HEADER, first, second]))
    assert problems(response) == [(3, "id", f"The office {nord.pk} is in row 2 already.")]


def test_a_new_provider_is_refused_to_someone_who_may_not_add_providers(city):
    before = counts()
    report = run_import(
        csv_file([HEADER, NORD]),
        "csv",
        centre=city,
        user=None,
        may_add_providers=False,
        dry_run=False,
    )
    assert [(p.row, p.column) for p in report.problems] == [(2, "provider")]
    assert counts() == before


# -- the kept file: only its user, only an hour, never a path --------------------------------


def test_a_tampered_foreign_or_expired_token_is_refused(
    admin_client, client, city, django_user_model
):
    _response, url = preview(admin_client, csv_file([HEADER, NORD]))
    token = url.rstrip("/").rsplit("/", 1)[-1]
    for wrong in (
        "x" * 43,
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        "..%2F..%2Fetc%2Fpasswd",
    ):
        assert admin_client.get(f"{IMPORT}{wrong}/").status_code == 404
        assert admin_client.post(f"{IMPORT}{wrong}/", {"action": "confirm"}).status_code == 404

    # another member of staff of the same centre may not use it
    colleague = member(city, Role.COORDINATOR, domain="counselling")
    from django.test import Client

    other = Client()
    sign_in(other, colleague)
    assert other.get(url).status_code == 404
    assert other.post(url, {"action": "confirm"}).status_code == 404

    # after an hour it is gone
    meta = settings.MIA_IMPORT_DIR / f"{token}.json"
    import json

    info = json.loads(meta.read_text())
    info["created"] -= import_store.MAX_AGE_SECONDS + 1
    meta.write_text(json.dumps(info))
    assert admin_client.post(url, {"action": "confirm"}).status_code == 404
    assert not meta.exists()
    assert Office.objects.count() == 0


def test_a_file_is_imported_once_even_when_confirmed_twice_at_once(admin_client, city, coordinator):
    _response, url = preview(admin_client, csv_file([HEADER, NORD]))
    token = url.rstrip("/").rsplit("/", 1)[-1]
    # another request (a double click) has taken the file for its confirmation
    assert import_store.claim(token, coordinator.pk) is not None
    assert admin_client.post(url, {"action": "confirm"}).status_code == 404
    assert Office.objects.count() == 0
    # had that one saved nothing, the file is given back
    import_store.release(token)
    assert admin_client.post(url, {"action": "confirm"}).status_code == 302
    assert Office.objects.count() == 1


def test_cancel_deletes_the_kept_file(admin_client, city):
    _response, url = preview(admin_client, csv_file([HEADER, NORD]))
    token = url.rstrip("/").rsplit("/", 1)[-1]
    response = admin_client.post(url, {"action": "cancel"})
    assert response.status_code == 302 and response["Location"] == IMPORT
    assert not (settings.MIA_IMPORT_DIR / f"{token}.upload").exists()
    assert admin_client.get(url).status_code == 404
    assert Office.objects.count() == 0


def test_stale_files_are_purged_at_the_next_upload(admin_client, city):
    stale = settings.MIA_IMPORT_DIR / ("s" * 43 + ".upload")
    stale.write_bytes(b"old")
    old = time.time() - import_store.MAX_AGE_SECONDS - 10
    os.utime(stale, (old, old))
    preview(admin_client, csv_file([HEADER, NORD]))
    assert not stale.exists()


def test_the_confirmation_checks_the_file_again(admin_client, city):
    """What changed since the preview counts: here the district the file names is gone."""
    response, url = preview(admin_client, csv_file([HEADER, JMD]))
    assert problems(response) == []
    District.objects.filter(centre=city, name="Hörde").delete()
    response = admin_client.post(url, {"action": "confirm"})
    assert response.status_code == 400
    assert [(p.row, p.column) for p in response.context["report"].problems] == [(2, "district")]
    assert Office.objects.count() == 0
    # put right, the same file is confirmed
    District.objects.create(centre=city, name="Hörde", latitude=51.49, longitude=7.51)
    assert admin_client.post(url, {"action": "confirm"}).status_code == 302
    assert Office.objects.get().district.name == "Hörde"


def test_the_upload_page_lists_the_columns_and_the_export(admin_client, city):
    html = admin_client.get(IMPORT).content.decode()
    assert re.search(r'<input type="file" name="file"[^>]*id="id_file"', html)
    assert f"{EXPORT}?format=csv" in html and f"{EXPORT}?format=xlsx" in html
    assert "<code>hours</code>" in html


def test_someone_working_for_several_centres_names_the_centre(
    client, city, other_centre, django_user_model
):
    places(other_centre)
    office(other_centre, name="In Bochum")
    root = english(django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16))
    sign_in(client, root)
    file = io.BytesIO(csv_file([HEADER, JMD]))
    file.name = "stellen.csv"
    response = client.post(IMPORT, {"file": file, "format": "csv"})
    assert errors(response) == {"centre": ["This field is required."]}
    file.seek(0)
    response = client.post(IMPORT, {"file": file, "format": "csv", "centre": other_centre.pk})
    client.post(response["Location"], {"action": "confirm"})
    assert Office.objects.get(name="JMD Hörde").centre == other_centre

    choose = client.get(EXPORT, {"format": "xlsx"})
    assert choose.status_code == 200
    assert f"?format=xlsx&amp;centre={other_centre.pk}" in choose.content.decode()
    text = client.get(EXPORT, {"format": "csv", "centre": other_centre.pk}).content.decode(
        "utf-8-sig"
    )
    assert "In Bochum" in text and "JMD Hörde" in text
