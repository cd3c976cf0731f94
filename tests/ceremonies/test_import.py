"""Importing invitees: every problem of a file with its row and column before anything is
saved, never half a file, only new people on a second import, unique personal codes."""

import codecs

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from mia.ceremonies.models import CODE_ALPHABET, CODE_LENGTH, Invitee
from mia.ceremonies.resources import check_row, run_import
from mia.core import import_store
from mia.permissions.roles import Role

from ..factories import member, sign_in
from .helpers import ceremony, invitee

pytestmark = pytest.mark.django_db
ADMIN = "/verwaltung/ceremonies"
HEADER = "name;street;postcode;city;address_extra;email;language"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def csv(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\n".join((header, *rows)).encode(encoding)


GOOD = csv(
    "Amina Haddad;Mallinckrodtstraße 12;44147;Dortmund;;amina@example.org;ar",
    "Mehmet Yılmaz;Münsterstraße 3;44145;Dortmund;c/o Familie Demir;;tr",
    "Anna Schmidt;Weg 1;44137;Dortmund;;;",
    "Reza Ahmadi;Weg 2;44137;Dortmund;;;fa",
)


def problems(report) -> list[tuple]:
    return [(p.row, p.column) for p in report.problems]


def test_a_good_file_adds_everyone_with_unique_codes(centre):
    feast = ceremony(centre)
    report = run_import(GOOD, "csv", ceremony=feast, dry_run=False)
    assert report.ok and len(report.new) == 4
    people = {i.name: i for i in Invitee.objects.all()}
    assert people["Mehmet Yılmaz"].address_extra == "c/o Familie Demir"
    assert people["Anna Schmidt"].language == "de"
    codes = [i.code for i in people.values()]
    assert len(set(codes)) == 4
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert all(i.erase_after == feast.erase_after for i in people.values())
    # Persian has no translation of the site: the preview says these letters are German only
    assert report.german_only == {"fa": 1}


def test_importing_again_adds_only_the_new_people(centre):
    feast = ceremony(centre)
    run_import(GOOD, "csv", ceremony=feast, dry_run=False)
    codes = set(Invitee.objects.values_list("code", flat=True))
    longer = GOOD + b"\nNoor Saleh;Weg 5;44139;Dortmund;;;ar"
    report = run_import(longer, "csv", ceremony=feast, dry_run=False)
    assert report.ok and [e.name for e in report.new] == ["Noor Saleh"] and len(report.known) == 4
    assert Invitee.objects.count() == 5
    assert codes < set(Invitee.objects.values_list("code", flat=True))


def test_every_problem_is_listed_and_nothing_is_saved(centre):
    feast = ceremony(centre)
    invitee(feast, "Schon Da", street="Altweg 1", postcode="44135")
    report = run_import(
        csv(
            "Amina Haddad;Mallinckrodtstraße 12;44147;Dortmund;;amina@example;ar",
            ";Weg 1;4413;Dortmund;;;xx",
            "Anna Schmidt;;44137;;;;",
            "amina  haddad;Mallinckrodtstraße 12;44147;Dortmund;;;de",
            "Schon Da;Altweg 1;44135;Dortmund;;;",
        ),
        "csv",
        ceremony=feast,
        dry_run=False,
    )
    assert problems(report) == [
        (2, "email"),
        (3, "name"),
        (3, "postcode"),
        (3, "language"),
        (4, "street"),
        (4, "city"),
        (5, "name"),  # the same person as in row 2
    ]
    assert "row 2" in report.problems[-1].message
    assert len(report.known) == 1
    assert Invitee.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (HEADER.encode(), "only a header"),
        (b"name;strasse;plz\nA;B;44137", "missing: city"),
        (b"name;street;postcode;city;phone\nA;B;44137;C;1", "Unknown columns: phone"),
        (b"name;street;postcode;city;city\nA;B;44137;C;C", "named twice: city"),
        ("name;street;postcode;city\nAyşe;Weg 1;44137;Dortmund".encode("cp1254"), "UTF-8"),
        (b"PK\x03\x04rest", "ZIP"),
    ],
)
def test_a_malformed_file_is_refused_with_its_reason(centre, content, expected):
    report = run_import(content, "csv", ceremony=ceremony(centre), dry_run=True)
    assert not report.ok and expected in " ".join(p.message for p in report.problems)


@pytest.mark.parametrize(
    "encoded",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with its byte order mark
    ],
)
def test_utf8_with_or_without_bom_and_utf16_are_read(centre, encoded):
    text = "Name,Straße,PLZ,Ort,Sprache\nAyşe Öztürk,Weg 1,44137,Dortmund,Türkçe\n"
    report = run_import(encoded(text), "csv", ceremony=ceremony(centre), dry_run=False)
    assert report.ok, report.problems
    assert Invitee.objects.get().name == "Ayşe Öztürk"
    assert Invitee.objects.get().language == "tr"


def test_an_excel_file_is_read(centre, tmp_path):
    book = Workbook()
    book.active.append(["name", "street", "postcode", "city"])
    book.active.append(["Amina Haddad", "Weg 1", 44137, "Dortmund"])
    book.save(tmp_path / "list.xlsx")
    report = run_import(
        (tmp_path / "list.xlsx").read_bytes(), "xlsx", ceremony=ceremony(centre), dry_run=False
    )
    assert report.ok and Invitee.objects.get().postcode == "44137"


cells = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(
    name=cells, street=cells, postcode=cells, city=cells, email=cells, language=cells, extra=cells
)
def test_the_row_validator_accepts_or_names_the_column(
    name, street, postcode, city, email, language, extra
):
    record = {
        "name": name,
        "street": street,
        "postcode": postcode,
        "city": city,
        "email": email,
        "language": language,
        "address_extra": extra,
    }
    values, errors = check_row(record)
    assert set(errors) <= set(record)
    for column in record:
        assert (column in values) != (column in errors)
    if not errors:
        assert values["name"] and values["street"] and values["city"]
        assert len(values["postcode"]) == 5 and values["postcode"].isdigit()
        assert "\n" not in values["name"] and values["name"] == " ".join(name.split())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=cells, postcode=cells)
def test_a_row_is_either_imported_as_checked_or_reported(centre, name, postcode):
    feast = ceremony(centre)
    content = f"name\tstreet\tpostcode\tcity\n{name}\tWeg 1\t{postcode}\tDortmund".encode()
    report = run_import(content, "csv", ceremony=feast, dry_run=True)
    values, errors = check_row({"name": name, "postcode": postcode})
    if report.ok:
        assert not errors and [e.name for e in report.new] == [values["name"]]
    assert Invitee.objects.filter(ceremony=feast).count() == 0


def test_upload_preview_and_confirmation(client, centre):
    feast = ceremony(centre)
    user = sign_in(client, member(centre, Role.COORDINATOR, domain="ceremonies"))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"{ADMIN}/{feast.pk}/import/",
        {"file": SimpleUploadedFile("liste.csv", GOOD), "format": "csv"},
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200 and len(preview.context["report"].new) == 4
    assert Invitee.objects.count() == 0
    done = client.post(response["Location"], {"action": "confirm"})
    assert done.status_code == 302 and Invitee.objects.count() == 4
    # the token is spent; another user's or another ceremony's token finds nothing
    assert client.get(response["Location"]).status_code == 404
    token = import_store.keep(
        GOOD,
        user_id=user.pk,
        centre_id=centre.pk,
        format="csv",
        filename="x.csv",
        scope="ceremony:999999",
    )
    assert client.get(f"{ADMIN}/{feast.pk}/import/{token}/").status_code == 404


def test_a_confirmation_of_a_bad_file_saves_nothing(client, centre):
    feast = ceremony(centre)
    user = sign_in(client, member(centre, Role.COORDINATOR, domain="ceremonies"))
    token = import_store.keep(
        csv("A;B;1;C;;;"),
        user_id=user.pk,
        centre_id=centre.pk,
        format="csv",
        filename="x.csv",
        scope=f"ceremony:{feast.pk}",
    )
    response = client.post(f"{ADMIN}/{feast.pk}/import/{token}/", {"action": "confirm"})
    assert response.status_code == 400 and Invitee.objects.count() == 0
