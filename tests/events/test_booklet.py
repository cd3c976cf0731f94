"""The programme booklet: what its pages show, when it is made again, and its download."""

import datetime
import io
import unicodedata

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from pypdf import PdfReader
from wagtail.models import Locale

from mia.events import booklet, services
from mia.events.models import Booklet, Edition, EditionIntro, Event
from mia.organisations.models import Organisation
from mia.permissions.roles import Role

from ..factories import berlin, edition, event, member, organisation, venue

# the directional isolates around names written the other way round
ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")


def pdf_pages(pdf: bytes) -> list[str]:
    # NFKC: Arabic comes out of a PDF in its presentation forms
    reader = PdfReader(io.BytesIO(pdf))
    return [
        unicodedata.normalize("NFKC", page.extract_text()).translate(ISOLATES)
        for page in reader.pages
    ]


def translate_event(original: Event, language: str, **text) -> Event:
    locale, _ = Locale.objects.get_or_create(language_code=language)
    return Event.objects.create(
        centre=original.centre,
        locale=locale,
        translation_key=original.translation_key,
        edition=original.edition,
        state=original.state,
        category=original.category,
        **text,
    )


@pytest.fixture
def festival(centre):
    # one language keeps the background regeneration of these tests to one booklet
    centre.languages = "de"
    centre.save()
    return edition(centre, slug="iw-2026")


@pytest.fixture
def programme(centre, festival):
    """A small programme: three public events (one cancelled), a draft, two organisers."""
    planerladen = organisation(centre, name="Planerladen e.V.")
    keuning = venue(centre, name="Dietrich-Keuning-Haus")
    park = venue(centre, name="Hoeschpark", street="Lünener Straße", step_free="no")
    day = festival.starts_on
    opening = event(
        centre,
        edition=festival,
        organisation=planerladen,
        venue=keuning,
        title="Münsterstraßenfest",
        summary="Das Fest zur Eröffnung.",
        dates=[(berlin(day, 12), berlin(day, 20))],
    )
    concert = event(
        centre,
        state="cancelled",
        edition=festival,
        venue=park,
        title="Konzert im Park",
        cancellation_note="Die Band ist erkrankt.",
        dates=[
            (
                berlin(day + datetime.timedelta(days=1), 19),
                berlin(day, 22) + datetime.timedelta(days=1),
            )
        ],
    )
    reading = event(
        centre,
        edition=festival,
        organisation=planerladen,
        venue=keuning,
        title="Lesung: Geschichten aus der Nordstadt",
        dates=[
            (
                berlin(day + datetime.timedelta(days=2), 18),
                berlin(day, 20) + datetime.timedelta(days=2),
            )
        ],
    )
    draft = event(centre, state="draft", edition=festival, venue=keuning, title="Noch ein Entwurf")
    return {"opening": opening, "concert": concert, "reading": reading, "draft": draft}


def test_the_german_booklet_shows_the_programme_with_indexes_page_numbers_and_cancellations(
    festival, programme
):
    rendered = booklet.build_booklet(festival, "de")
    pages = pdf_pages(rendered.pdf)
    assert rendered.pdf.startswith(b"%PDF-")
    assert rendered.pages == len(pages)
    text = "\n".join(pages)
    assert "Internationale Woche 2026" in pages[0]
    for title in ("Münsterstraßenfest", "Konzert im Park", "Lesung: Geschichten aus der Nordstadt"):
        assert title in text
    assert "Noch ein Entwurf" not in text
    # every page after the cover carries its number
    assert all(str(number) in page for number, page in enumerate(pages, 1) if number > 1)
    # the indexes name organisers (the centre for the event without one) and venues ...
    with translation.override("de"):
        organisers, venues = gettext("Index of organisers"), gettext("Index of venues")
    index = next(n for n, page in enumerate(pages) if organisers in page and "Planerladen" in page)
    assert "Kommunales Integrationszentrum Dortmund" in pages[index]
    assert any(venues in page and "Hoeschpark" in page for page in pages[index:])
    # ... and the page each event stands on
    reading_page = next(
        number for number, page in enumerate(pages[:index], 1) if "Lesung: Geschichten" in page
    )
    entries = pages[index].replace("\n", "")
    assert f"{reading_page} Lesung: Geschichten aus der Nordstadt" in entries, entries
    # a cancelled event stays, marked as cancelled, with the reason
    page = next(page for page in pages if "Konzert im Park" in page and "Die Band" in page)
    with translation.override("de"):
        cancelled = pgettext("event", "Cancelled")
    assert cancelled.casefold() in page.casefold()
    assert "Die Band ist erkrankt." in page


def test_the_arabic_booklet_is_right_to_left_with_the_translations(centre, festival, programme):
    translate_event(
        programme["opening"],
        "ar",
        title="افتتاح الأسبوع الدولي",
        summary="مهرجان في الشارع.",
    )
    html = booklet.render_html(festival, "ar", part="days")
    assert '<html lang="ar" dir="rtl">' in html
    assert "افتتاح الأسبوع الدولي" in html
    # the untranslated events keep their German text, marked as German, left to right
    assert 'lang="de" dir="ltr"><a href="https://testserver/ar/veranstaltung/' in html
    assert "Münsterstraßenfest" not in html

    rendered = booklet.build_booklet(festival, "ar")
    reader = PdfReader(io.BytesIO(rendered.pdf))
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    text = "\n".join(pdf_pages(rendered.pdf))
    assert "الدولي" in text
    assert "Lesung: Geschichten aus der Nordstadt" in text
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto" in name and "Arabic" in name for name in fonts), fonts


def test_every_script_is_written_with_its_own_font_file(centre, festival, programme):
    # the site's font files split a family by script; written as one font, the Cyrillic
    # and Latin Extended letters came out as other letters' glyphs
    programme["opening"].languages = ["de", "uk", "ro", "ar", "ru"]
    programme["opening"].save()
    rendered = booklet.build_booklet(festival, "de")
    text = "\n".join(pdf_pages(rendered.pdf))
    assert "Sprachen: Deutsch, Українська, Română, العربية" in text
    assert "Русский" in text
    reader = PdfReader(io.BytesIO(rendered.pdf))
    fonts = {
        str(font["/BaseFont"]).split("+", 1)[1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert {"Fira-Sans-Latin", "Fira-Sans-Latin-Extended", "Fira-Sans-Cyrillic"} <= fonts, fonts


@pytest.mark.parametrize(
    ("language", "title"),
    [("uk", "Відкриття Міжнародного тижня"), ("tr", "Uluslararası Haftanın açılışı")],
)
def test_a_space_between_words_of_another_script_is_printed(
    centre, festival, programme, caplog, language, title
):
    # WeasyPrint sets a run of Cyrillic (or Turkish ğ, ş, ı) words in one font, spaces
    # included: a font file without a space printed a missing glyph between the words
    translate_event(programme["opening"], language, title=title, summary=title)
    with caplog.at_level("WARNING", logger="weasyprint"):
        rendered = booklet.build_booklet(festival, language)
    assert title in "\n".join(pdf_pages(rendered.pdf)).replace("\n", " ")
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]


def test_a_name_written_the_other_way_keeps_its_order_in_an_arabic_line():
    from mia.events.templatetags.mia_booklet import bidi

    assert bidi("Dietrich-Keuning-Haus", "ar") == (
        '<span dir="ltr">\u2066Dietrich-Keuning-Haus\u2069</span>'
    )
    assert bidi("Dietrich-Keuning-Haus", "de") == "Dietrich-Keuning-Haus"
    assert bidi("دار الثقافة", "de") == '<span dir="rtl">\u2067دار الثقافة\u2069</span>'


def test_the_booklet_loads_nothing_but_its_own_fonts():
    from mia.core.pdf import fetcher as pdf_fetcher
    from mia.core.pdf import font_faces

    fetcher = pdf_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.org/tracker.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    font = font_faces()[0]
    assert fetcher.fetch(font.url).read()[:4] == b"\x00\x01\x00\x00"


def test_regenerate_skips_an_unchanged_programme_and_follows_a_publication(
    centre, festival, programme, django_capture_on_commit_callbacks, settings
):
    settings.MIA_BOOKLETS_FOLLOW_PROGRAMME = True
    assert booklet.regenerate(festival, "de") is True
    first = Booklet.objects.get(edition=festival, language="de")
    assert first.size == default_storage.size(first.file.name)
    assert first.pages > 2
    assert booklet.regenerate(festival, "de") is False

    late = event(
        centre,
        state="accepted",
        edition=festival,
        venue=venue(centre, name="Nordmarkt"),
        title="Spät angenommen",
    )
    office = member(centre, Role.COORDINATOR, domain="events")
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(late, "publish", office)

    second = Booklet.objects.get(edition=festival, language="de")
    assert second.fingerprint != first.fingerprint
    assert second.file.name != first.file.name
    # the old file goes once the new one is in place
    assert not default_storage.exists(first.file.name)
    with second.file.open("rb") as handle:
        assert "Spät angenommen" in "\n".join(pdf_pages(handle.read()))


def test_a_renamed_organiser_makes_the_booklet_outdated(festival, programme):
    # the booklet lists the organisers: its fingerprint must follow their names
    before = booklet.fingerprint(festival, "de")
    planerladen = Organisation.objects.get(name="Planerladen e.V.")
    planerladen.name = "Planerladen gGmbH"
    planerladen.save()
    assert booklet.fingerprint(festival, "de") != before


def test_the_fingerprint_of_a_language_follows_what_its_booklet_shows(
    festival, programme, django_assert_num_queries
):
    de, ar = booklet.fingerprint(festival, "de"), booklet.fingerprint(festival, "ar")
    assert de != ar
    fresh = Edition.objects.get(pk=festival.pk)
    with django_assert_num_queries(3):  # the events, the introductions, the centre
        booklet.fingerprint(fresh, "de")
    # a translation, or an introduction, changes the booklet of its language
    reading = programme["reading"]
    arabic = reading.copy_for_translation(Locale.objects.get_or_create(language_code="ar")[0])
    arabic.title = "قراءة"
    arabic.save()
    assert booklet.fingerprint(festival, "ar") != ar
    ar = booklet.fingerprint(festival, "ar")
    EditionIntro.objects.create(edition=festival, language="ar", text="مرحبا")
    assert booklet.fingerprint(festival, "ar") != ar
    # the edition's name is in every one
    de = booklet.fingerprint(festival, "de")
    festival.name = "Internationale Woche 2026/27"
    festival.save()
    assert booklet.fingerprint(festival, "de") != de


def test_a_booklet_is_only_made_for_a_published_programme(centre, festival, programme):
    festival.programme_published = False
    festival.save()
    assert booklet.regenerate_edition(festival) == {}
    assert not Booklet.objects.filter(edition=festival).exists()


def test_build_booklets_makes_the_missing_ones(festival, programme):
    out = io.StringIO()
    call_command("build_booklets", edition="iw-2026", stdout=out)
    call_command("build_booklets", edition="iw-2026", stdout=out)
    assert out.getvalue().splitlines() == [
        "dortmund/iw-2026 de: made",
        "dortmund/iw-2026 de: unchanged",
    ]


# -- the download -------------------------------------------------------------------------------


def stored(centre, festival, language="de", content=b"%PDF-1.7\n%%EOF\n"):
    made = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    row = Booklet.objects.create(
        centre=centre,
        edition=festival,
        language=language,
        size=len(content),
        pages=1,
        fingerprint="abc",
        generated_at=made,
    )
    row.file.save(f"programmheft-{language}.pdf", ContentFile(content))
    return row


def test_the_download_serves_the_stored_file_with_its_headers(client, centre, festival):
    row = stored(centre, festival)
    response = client.get("/veranstaltungen/iw-2026/programmheft-de.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="programmheft-iw-2026-de.pdf"'
    assert response["Content-Length"] == str(row.size)
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n%%EOF\n"
    assert response["Last-Modified"] == row.generated_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    again = client.get(
        "/veranstaltungen/iw-2026/programmheft-de.pdf",
        headers={"if-modified-since": response["Last-Modified"]},
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/veranstaltungen/iw-2026/programmheft-ar.pdf",  # not made yet
        "/veranstaltungen/iw-2026/programmheft-xx.pdf",  # no such language
        "/veranstaltungen/iw-2025/programmheft-de.pdf",  # no such edition
    ],
)
def test_the_download_is_404_without_a_booklet(client, centre, festival, path):
    stored(centre, festival)
    assert client.get(path).status_code == 404


def test_another_centres_booklet_looks_like_none(client, centre, festival, other_centre):
    stored(other_centre, edition(other_centre, slug="iw-2026"))
    assert client.get("/veranstaltungen/iw-2026/programmheft-de.pdf").status_code == 404
    assert (
        client.get(
            "/veranstaltungen/iw-2026/programmheft-de.pdf", HTTP_HOST="bochum.test"
        ).status_code
        == 200
    )


def test_an_unpublished_programme_has_no_download(client, centre, festival):
    stored(centre, festival)
    festival.programme_published = False
    festival.save()
    assert client.get("/veranstaltungen/iw-2026/programmheft-de.pdf").status_code == 404


def test_the_links_list_the_booklets_with_size_in_one_query(
    centre, festival, django_assert_num_queries
):
    centre.languages = "de,ar"
    centre.save()
    stored(centre, festival, "ar", b"x" * 2048)
    stored(centre, festival, "de", b"x" * 1024)
    request = RequestFactory().get("/veranstaltungen/iw-2026/")
    request.centre = centre
    with translation.override("de"), django_assert_num_queries(1):
        html = render_to_string(
            "events/includes/booklet_links.html", {"edition": festival, "request": request}
        )
    assert html.index("Deutsch") < html.index("العربية")
    assert 'href="/veranstaltungen/iw-2026/programmheft-ar.pdf" hreflang="ar"' in html
    assert "2,0\xa0KB" in html or "2.0\xa0KB" in html


def test_a_long_introduction_moves_the_page_numbers_with_it(festival, programme):
    festival.intro = "\n\n".join(["Neun Tage Begegnung in der Nordstadt. " * 12] * 8)
    festival.save()
    pages = ["".join(page.split()) for page in pdf_pages(booklet.build_booklet(festival, "de").pdf)]
    with translation.override("de"):
        heading = "".join(booklet.day_heading(festival.starts_on).split())
        contents = "".join(gettext("Contents").split())
    first_day = next(n for n, page in enumerate(pages, 1) if "Münsterstraßenfest" in page)
    assert first_day == 4  # the cover, three pages of introduction and contents
    toc = next(page for page in pages if contents in page)
    assert f"{heading}{first_day}" in toc
