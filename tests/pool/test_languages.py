"""How the pool names a language and a variety: in the active language, the same on every
page, in mails and in the back office, and never by its code.

Languages are named by pycountry's ISO 639 catalogues; varieties by MIA's own names, which
its .po catalogues translate. The pool's tests leave MIA's catalogues out (conftest.py), so
the tests that read a translated variety bring a small catalogue of their own."""

import html as html_module
import re
import struct

import pytest
from django.utils import timezone, translation

from mia.permissions.roles import Role
from mia.pool import offers, requests
from mia.pool.languages import (
    DIALECTS,
    VARIETY_NAMES,
    dialect_choices,
    language_choices,
    language_name,
    spoken,
)
from mia.pool.models import Request

from ..factories import member, sign_in
from . import factories as pool
from .test_billing import HOUR, assignment, contact

pytestmark = pytest.mark.django_db

ISOLATE, END = "\u2068", "\u2069"
LEVANTINE = {"de": "Nordlevantinisches Arabisch", "ar": "العربية الشامية الشمالية"}


def write_mo(path, messages: dict[str, str]) -> None:
    """A gettext catalogue (the .mo layout: a header, the sorted originals' and the
    translations' lengths and offsets, then the texts)."""
    messages = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(messages)
    originals = [key.encode() for key in keys]
    translated = [messages[key].encode() for key in keys]
    count = len(keys)
    start = 7 * 4 + 16 * count
    table, data = [], b""
    for text in originals + translated:
        table.append((len(text), start + len(data)))
        data += text + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, 0)
    body = b"".join(struct.pack("<2I", *entry) for entry in table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + body + data)


@pytest.fixture
def catalogues(settings, tmp_path):
    """MIA's catalogues as the lead's translations will be, for one variety."""
    for language, name in LEVANTINE.items():
        write_mo(
            tmp_path / language / "LC_MESSAGES" / "django.mo", {"North Levantine Arabic": name}
        )
    settings.LOCALE_PATHS = [tmp_path]


def in_language(language: str, function, *args, **kwargs):
    with translation.override(language):
        return function(*args, **kwargs)


# -- the names ------------------------------------------------------------------------------


def test_a_language_in_german_and_in_arabic():
    assert in_language("de", language_name, "ar") == "Arabisch"
    assert in_language("de", language_name, "tr") == "Türkisch"
    assert in_language("ar", language_name, "tr") == "التركية"
    assert in_language("en", language_name, "tr") == "Turkish"


def test_a_variety_in_german_and_in_arabic_from_mias_catalogues(catalogues):
    assert in_language("de", language_name, "apc") == "Nordlevantinisches Arabisch"
    assert in_language("de", spoken, "ar", "apc") == "Arabisch (Nordlevantinisches Arabisch)"
    # on a right-to-left page each part is isolated, as <bdi> would
    assert in_language("ar", spoken, "ar", "apc") == (
        f"{ISOLATE}العربية{END} ({ISOLATE}العربية الشامية الشمالية{END})"
    )
    assert in_language("en", spoken, "ar", "apc") == "Arabic (North Levantine Arabic)"


def test_an_untranslated_name_is_english_and_isolated_on_a_right_to_left_page():
    # pycountry has no Arabic for Albanian: without the isolates the page's direction
    # would put the closing bracket at the start
    assert in_language("ar", spoken, "sq", "aln") == (
        f"{ISOLATE}Albanian{END} ({ISOLATE}Gheg Albanian{END})"
    )


def test_the_own_name_follows_where_it_differs():
    assert in_language("de", language_name, "ar", own=True) == "Arabisch (العربية)"
    assert in_language("ar", language_name, "ar", own=True) == "العربية"
    assert in_language("de", language_name, "am", own=True) == "Amharisch"  # none known


def test_every_variety_has_a_name_and_none_is_its_code():
    varieties = {code for codes in DIALECTS.values() for code in codes}
    assert varieties == set(VARIETY_NAMES)
    for code in varieties:
        # `ajp` is no longer in ISO 639-3 (merged into `apc`), yet requests may carry it
        assert code not in in_language("de", language_name, code)


def test_synonyms_and_dates_of_the_iso_catalogues_are_left_out():
    assert in_language("de", language_name, "rom") == "Romani"  # not "…; Zigeunersprache"
    assert in_language("de", language_name, "ps") == "Paschtu"  # not "Paschtu; Afghanisch"
    assert in_language("de", language_name, "el") == "Neugriechisch"  # not "(ab 1453)"


def test_choices_sort_as_the_active_language_reads():
    names = [name for _code, name in in_language("tr", language_choices, ["zh", "tr", "ar", "ku"])]
    assert names == ["Arapça", "Çince", "Kürtçe", "Türkçe"]  # Ç with the C's, not after Z
    names = [name for _code, name in in_language("uk", language_choices, ["es", "zh", "ar"])]
    assert names == ["арабська", "іспанська", "китайська"]  # і before к, not after я
    groups = [label for label, _varieties in in_language("de", dialect_choices)]
    assert groups == sorted(groups)
    assert groups[0] == "Albanisch" and "Arabisch" in groups


def test_facts_and_appointment_name_the_language_alike(centre, catalogues):
    asked = pool.request(centre, dialect="apc")
    with translation.override("de"):
        assert requests.facts(asked)["language"] == "Arabisch (Nordlevantinisches Arabisch)"
        assert offers.appointment(asked).language == "Arabisch (Nordlevantinisches Arabisch)"
        assert str(asked).startswith("Arabisch (Nordlevantinisches Arabisch) · ")


# -- no code on a page ----------------------------------------------------------------------


def words(page: str) -> set[str]:
    """The words a person reads on the page (no markup, scripts or attribute values)."""
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S)
    return set(re.findall(r"\w+", html_module.unescape(re.sub(r"<[^>]+>", " ", page))))


def assert_named(page: str) -> None:
    assert "Nordlevantinisches Arabisch" in page
    assert not words(page) & {"ar", "apc"}, sorted(words(page) & {"ar", "apc"})


def test_the_back_office_names_the_language_on_the_list_ranking_and_suggestion(
    client, centre, catalogues
):
    asked = pool.request(centre, dialect="apc", district=pool.district(centre))
    pool.volunteer(centre, "Amal Haddad")
    sign_in(client, member(centre, Role.COORDINATOR, "pool"))
    with translation.override("de"):
        for url in (
            "/verwaltung/pool/requests/",
            f"/verwaltung/pool/requests/{asked.pk}/",
            "/verwaltung/pool/requests/suggest/",
            f"/verwaltung/pool/requests/{asked.pk}/offers/",
        ):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
            assert response.status_code == 200, url
            assert_named(response.content.decode())
    ranking = client.get(f"/verwaltung/pool/requests/{asked.pk}/").content.decode()
    # the reason of the score names the language as the request does
    assert "Arabisch (Nordlevantinisches Arabisch): " in ranking
    listing = client.get("/verwaltung/pool/requests/").content.decode()
    assert '<option value="ar">Arabisch</option>' in listing


def test_the_institution_and_the_volunteer_read_the_name(client, centre, catalogues):
    place = pool.institution(centre)
    job = assignment(centre, place=place, starts_at=timezone.now() + 3 * HOUR)
    Request.objects.filter(pk=job.request_id).update(dialect="apc")
    sign_in(client, contact(place), second_factor=False)
    assert_named(client.get(f"/sprachmittlung/anfragen/{job.request_id}/").content.decode())
    assert_named(client.get("/sprachmittlung/anfragen/").content.decode())

    client.logout()
    user = member(centre, Role.VOLUNTEER)
    job.volunteer.user = user
    job.volunteer.save(update_fields=["user"])
    sign_in(client, user, second_factor=False)
    hours = client.get(f"/sprachmittlung/ehrenamt/einsaetze/{job.pk}/stunden/").content.decode()
    assert_named(hours)
    # the name is in the page's language: no <bdi> turns it around by its first letter
    assert "<dd>Arabisch (Nordlevantinisches Arabisch)</dd>" in hours
    arabic = client.get(f"/ar/sprachmittlung/ehrenamt/einsaetze/{job.pk}/stunden/")
    assert f"<dd>{ISOLATE}العربية{END} ({ISOLATE}العربية الشامية الشمالية{END})</dd>" in (
        arabic.content.decode()
    )
    home = client.get("/sprachmittlung/ehrenamt/").content.decode()
    assert_named(home)
    assert "Arabisch (Nordlevantinisches Arabisch): " in home  # the volunteer's own language
