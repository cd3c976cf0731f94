"""The public finder, the office pages, their vCards and the topic page's block, as visitors
see them."""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.db import connection
from django.http import HttpResponse
from django.template import Context, Template
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale

from mia.core.cache import _lifetime, keep_until_next_minute
from mia.counselling.hours import Status
from mia.counselling.models import Closure, Office, Provider
from mia.website.blocks import TopicBodyBlock
from mia.website.demo import content_de
from mia.website.models import TopicPage

from ..factories import publish, stream
from .factories import office, places

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = datetime.date(2026, 12, 1)
ARABIC_IN_NORD = "age=30&language=ar&district=innenstadt-nord"


@pytest.fixture
def city(site_pages, centre):
    places(centre)
    return centre


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def names(html: str) -> list[str]:
    return re.findall(r'class="mia-finder-result__title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def translation_of(original: Office, language: str, **text) -> Office:
    """A translation row, as wagtail-localize makes one: the same key, another locale."""
    locale, _created = Locale.objects.get_or_create(language_code=language)
    facts = {name: getattr(original, name) for name in Office.SYNCHRONISED_FACTS}
    return Office.objects.create(
        locale=locale, translation_key=original.translation_key, **{**facts, **text}
    )


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# -- the finder ------------------------------------------------------------------------------


def test_finder_without_answers_lists_every_office_by_name(client, city):
    office(city, name="Zentrum Süd", programme="jmd", age_min=12, age_max=27)
    office(city, name="Beratung Nord")
    html = html_of(client.get("/en/beratung/"))
    assert names(html) == ["Beratung Nord", "Zentrum Süd"]
    assert "2 counselling offices" in html
    assert (
        '<form class="mia-filters mia-finder-form" method="get" action="/en/beratung/#results"'
        in html
    )
    for name in ("age", "language", "district", "postcode"):
        assert f'name="{name}"' in html
    # the direct filters wait behind "More filters", closed while none is used
    assert '<details class="mia-filters__more">' in html
    assert "<summary>More filters</summary>" in html
    assert "Clear all answers" not in html


def test_a_30_year_old_arabic_speaker_in_innenstadt_nord_finds_mbe_nearest_first(client, city):
    office(city, name="MBE Hörde", postcode="44263", languages=["de", "ar"])
    office(city, name="MBE Nord", postcode="44147", languages=["de", "ar"])
    office(city, name="MBE Türkisch", postcode="44147", languages=["de", "tr"])
    office(city, name="JMD Nord", programme="jmd", languages=["ar"], age_min=12, age_max=27)
    html = html_of(client.get(f"/en/beratung/?{ARABIC_IN_NORD}"))
    assert names(html) == ["MBE Nord", "MBE Hörde"]
    assert "2 offices fit your answers" in html
    assert "Nearest first, measured from Innenstadt-Nord." in html
    reasons = re.findall(r'<ul class="mia-marks mia-finder-result__reasons">(.*?)</ul>', html)
    first = re.findall(r"<li>(.*?)</li>", reasons[0])
    assert first[:2] == ['Speaks <bdi lang="ar" dir="rtl">العربية</bdi>', "For your age"]
    assert re.fullmatch(r"about \d+\.\d km", first[2])
    # the answers stay in the form
    assert '<option value="ar" selected lang="ar" dir="rtl">العربية</option>' in html
    assert '<option value="innenstadt-nord" selected>Innenstadt-Nord</option>' in html


def test_a_17_year_old_finds_the_jmd(client, city):
    office(city, name="MBE Nord")
    office(city, name="JMD Nord", programme="jmd", age_min=12, age_max=27)
    html = html_of(client.get("/en/beratung/?age=17&district=innenstadt-nord"))
    assert names(html) == ["JMD Nord"]
    assert "Youth migration service (JMD)" in html


def test_each_result_shows_programme_provider_address_status_and_contact(client, city):
    provider = Provider.objects.create(centre=city, name="Caritas-Beispiel")
    office(
        city,
        name="MBE Nord",
        provider=provider,
        phone="0231 / 12 34-5",
        email="mbe@example.org",
        is_example=True,
    )
    office(city, name="Zu", temporarily_closed=True, closed_note="Umzug bis März")
    html = html_of(client.get("/en/beratung/"))
    assert "<span><bdi>Caritas-Beispiel</bdi></span>" in html
    assert "<bdi>Mallinckrodtstraße 1, 44147 Dortmund</bdi> · <bdi>Innenstadt-Nord</bdi>" in html
    assert '<a href="tel:02311234' in html and "mailto:mbe@example.org" in html
    assert html.count('<span class="kern-label">Example</span>') == 1
    # without hours: by appointment; closed: says why, in German until translated
    assert "<strong>By appointment</strong>" in html
    assert (
        '<strong>Temporarily closed</strong>: <span lang="de" dir="ltr">Umzug bis März</span>'
        in html
    )


def test_bad_answers_are_announced_at_their_fields_with_the_form(client, city):
    office(city, name="MBE Nord")
    html = html_of(client.get("/en/beratung/?age=150&language=xx&postcode=99999"))
    assert 'role="alert"' in html and "Please check your entries." in html
    assert '<a href="#finder-age">How old are you?: Enter an age from 0 to 120.</a>' in html
    assert 'id="finder-age_error"' in html
    assert 'aria-invalid="true" aria-describedby="finder-age_error"' in html
    assert "Choose a language from the list." in html
    assert "We do not know the postcode 99999. Choose your district instead." in html
    # wrong answers are left out; the rest of the page still answers
    assert names(html) == ["MBE Nord"]


def test_a_wrong_direct_filter_opens_more_filters(client, city):
    html = html_of(client.get("/en/beratung/?day=someday"))
    assert '<details class="mia-filters__more" open>' in html
    assert "Enter a date, e.g. 2026-12-01." in html


def test_the_results_are_paged_with_the_answers_kept(client, city):
    for number in range(25):
        office(city, name=f"Stelle {number:02}")
    html = html_of(client.get("/en/beratung/?age=30"))
    assert len(names(html)) == 20
    assert "25 offices fit your answers" in html
    assert 'href="?age=30&amp;page=2"' in html
    html = html_of(client.get("/en/beratung/?age=30&page=2"))
    assert names(html) == [f"Stelle {number}" for number in range(20, 25)]
    assert '<ol class="mia-finder-list" start="21">' in html
    assert 'href="?age=30&amp;page=1"' in html


def test_an_empty_result_says_what_to_change(client, city):
    office(city, name="MBE Nord", languages=["de"])
    html = html_of(client.get("/en/beratung/?age=30&language=fa&district=eving"))
    assert names(html) == []
    assert "No office fits all your answers." in html
    assert (
        '<a class="kern-link" href="/en/beratung/?age=30&amp;district=eving#results">Show offices in every language</a>'
        in html
    )
    assert "/en/beratung/?language=fa&amp;district=eving#results" in html  # without the age
    # the district only sorts: leaving it out would change nothing
    assert html.count('#results">') == 2


def test_the_language_links_keep_the_answers(client, city):
    html = html_of(client.get(f"/beratung/?{ARABIC_IN_NORD}&page=1&utm_source=x"))
    assert (
        '<a href="/ar/beratung/?age=30&amp;language=ar&amp;district=innenstadt-nord" lang="ar"'
        in html
    )


def test_the_finder_links_back_to_its_topic_page(client, city, site_pages):
    html = html_of(client.get("/beratung/"))
    assert "thema-0" not in html.split("mia-breadcrumbs")[1].split("</nav>")[0]
    topic = site_pages["topic0"].specific
    topic.body = stream(("counselling_finder", {"heading": ""}))
    topic.save_revision().publish()
    html = html_of(client.get("/beratung/"))
    crumbs = html.split('class="mia-breadcrumbs"')[1].split("</nav>")[0]
    assert '<li><a href="/thema-0/">Thema 0</a></li>' in crumbs


def test_open_now_answers_are_not_page_cached_and_lists_only_until_the_minute_ends(client, city):
    office(city, name="MBE Nord")
    assert client.get("/beratung/?open_now=on").get("X-Cache") is None
    assert client.get("/beratung/").get("X-Cache") == "miss"
    assert client.get("/beratung/").get("X-Cache") == "hit"
    response = keep_until_next_minute(HttpResponse())
    assert 1 <= _lifetime(response) <= 60


def test_a_changed_office_empties_the_cached_finder(client, city):
    nord = office(city, name="MBE Nord")
    assert client.get("/beratung/").get("X-Cache") == "miss"
    nord.name = "MBE Nordstadt"
    nord.save()
    response = client.get("/beratung/")
    assert response.get("X-Cache") == "miss"
    assert names(response.content.decode()) == ["MBE Nordstadt"]


@override_settings(MIA_FRAGMENT_CACHE_SECONDS=0)  # every request works the answer out
def test_finder_queries_do_not_grow_with_offices(client, city):
    wednesday = TUESDAY + datetime.timedelta(days=1)

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            created = office(city, name=f"Stelle {number:02}", hours=[(1, "09:00", "12:00")])
            Closure.objects.create(
                office=created, starts_on=wednesday, ends_on=wednesday, note="Betriebsausflug"
            )
            translation_of(created, "en", name=f"Office {number}")

    path = f"/en/beratung/?age=30&language=de&district=innenstadt-nord&day={TUESDAY}"
    add(3, 0)
    queries(client, path)  # warm the per-process caches
    few = queries(client, path)
    add(22, 3)
    queries(client, path)  # the new offices emptied the caches: warm them again
    assert queries(client, path) == few
    assert "25 offices fit your answers" in client.get(path).content.decode()
    assert queries(client, path + "&page=2") == few
    assert few <= 10


def test_a_question_asked_again_within_the_minute_costs_no_search(client, city):
    office(city, name="MBE Nord", postcode="44147", languages=["de", "ar"])
    path = "/beratung/?age=30&language=ar&district=innenstadt-nord"
    queries(client, path)
    first = html_of(client.get(path))
    assert queries(client, path) <= 2  # the centre's places for the form, nothing of the search
    assert html_of(client.get(path)) == first
    # a changed office is shown at once: the change empties the caches
    Office.objects.filter(name="MBE Nord").update(name="MBE Nordstadt")
    office(city, name="MBE Hörde", postcode="44263", languages=["de", "ar"])
    assert names(html_of(client.get(path))) == ["MBE Nord" + "stadt", "MBE Hörde"]


# -- the opening status in words -------------------------------------------------------------


def status_text(status: Status, **fields) -> str:
    template = Template("{% load counselling_public %}{% opening_status status office today %}")
    with translation.override("en"):
        html = template.render(
            Context({"status": status, "office": Office(**fields), "today": TUESDAY})
        )
    return re.sub(r"<[^>]+>", "", html).strip()


def test_the_status_says_until_when_or_when_next():
    assert status_text(Status(True, until=datetime.time(12))) == "Open now until noon"
    assert (
        status_text(Status(False, next_opening=(TUESDAY, datetime.time(14))))
        == "Opens today at 2 p.m."
    )
    thursday = TUESDAY + datetime.timedelta(days=2)
    assert (
        status_text(Status(False, next_opening=(thursday, datetime.time(14))))
        == "Opens Thursday 2 p.m."
    )
    assert status_text(Status(False, has_hours=False)) == "By appointment"
    assert (
        status_text(
            Status(False, closed_reason="Fortbildung", next_opening=(thursday, datetime.time(9))),
        )
        == "Closed today: FortbildungOpens Thursday 9 a.m."
    )
    assert (
        status_text(Status(True, until=datetime.time(12)), by_appointment=True)
        == "Open now until noonAlso by appointment."
    )


# -- the office page -------------------------------------------------------------------------


@pytest.fixture
def nord(city):
    provider = Provider.objects.create(
        centre=city, name="AWO-Beispiel", website="https://awo.example.org"
    )
    created = office(
        city,
        name="MBE Nord",
        provider=provider,
        description="Wir beraten zu Sprache, Arbeit und Wohnen.",
        hours=[(0, "09:00", "12:00"), (0, "14:00", "16:00"), (3, "14:00", "18:00")],
        by_appointment=True,
        hours_note="Offene Sprechstunde ohne Termin.",
        languages=["de", "ar", "gsg"],
        age_min=27,
        topics=["work", "housing"],
        phone="0231 50-12345",
        email="mbe-nord@example.org",
        website="https://mbe.example.org",
        appointment_url="https://termine.example.org",
        online_url="https://online.example.org",
        step_free="yes",
        accessibility_notes="Aufzug im Hof.",
        verified_on=datetime.date(2026, 10, 1),
        latitude=51.52,
        longitude=7.46,
    )
    today = timezone.localdate()
    Closure.objects.create(
        office=created,
        starts_on=today + datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=4),
        note="Fortbildung",
    )
    Closure.objects.create(
        office=created,
        starts_on=today - datetime.timedelta(days=9),
        ends_on=today - datetime.timedelta(days=8),
        note="Längst vorbei",
    )
    return created


def page_path(office: Office, language: str = "") -> str:
    prefix = f"/{language}" if language else ""
    return f"{prefix}/beratung/{office.pk}-{office.slug}/"


def test_office_page_shows_the_week_as_a_table(client, nord):
    html = html_of(client.get(page_path(nord, "en")))
    rows = re.findall(
        r'<th class="kern-table__header" scope="row">(\w+).*?</th>\s*'
        r'<td class="kern-table__cell">(.*?)</td>',
        html,
        re.S,
    )
    cells = {day: re.sub(r"<[^>]+>", "", cell) for day, cell in rows}
    assert list(cells) == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert cells["Monday"] == "9 a.m.–noon, 2 p.m.–4 p.m."
    assert cells["Tuesday"] == "closed"
    assert cells["Thursday"] == "2 p.m.–6 p.m."
    assert "Also by appointment outside these hours." in html
    assert "Offene Sprechstunde ohne Termin." in html
    # closures ahead only, their reason marked as German
    assert '<span lang="de" dir="ltr">Fortbildung</span>' in html
    assert "Längst vorbei" not in html


def test_office_page_shows_contact_directions_languages_and_accessibility(client, nord):
    html = html_of(client.get(page_path(nord, "en")))
    assert '<a href="tel:0231501234' in html
    assert 'href="mailto:mbe-nord@example.org"' in html
    for url in (
        "https://mbe.example.org",
        "https://termine.example.org",
        "https://online.example.org",
        "https://awo.example.org",
    ):
        assert f'href="{url}"' in html
    assert 'href="https://www.openstreetmap.org/directions?to=51.520000,7.460000"' in html
    assert "<iframe" not in html
    assert '<span lang="ar" dir="rtl">العربية</span>' in html
    assert '<span lang="de" dir="ltr">Deutsche Gebärdensprache</span>' in html
    assert "<dd>From 27 years</dd>" in html
    assert "<li>Work and recognition of qualifications</li>" in html
    assert "<dt>Step-free access</dt><dd>Yes</dd>" in html
    assert "Aufzug im Hof." in html
    assert "Last verified on Oct. 1, 2026." in html
    assert f'href="/en/beratung/{nord.pk}-mbe-nord.vcf"' in html


def test_office_page_is_in_the_visitors_language_where_translated(client, nord):
    html = html_of(client.get(page_path(nord, "en")))
    # not translated: the German text, marked, with the note
    assert '<h1 class="kern-heading-x-large" lang="de" dir="ltr">MBE Nord</h1>' in html
    assert "This page is not yet available in your language." in html
    translation_of(nord, "en", name="MBE North", description="We advise on work.")
    html = html_of(client.get(page_path(nord, "en") + "?fresh=1"))
    assert '<h1 class="kern-heading-x-large">MBE North</h1>' in html
    assert "We advise on work." in html
    assert "This page is not yet available in your language." not in html


def test_office_page_redirects_to_its_address_and_hides_others(client, nord, other_centre):
    response = client.get(f"/beratung/{nord.pk}-alter-name/")
    assert response.status_code == 301
    assert response["Location"] == page_path(nord)
    elsewhere = office(other_centre, name="Anderswo")
    assert client.get(page_path(elsewhere)).status_code == 404
    translated = translation_of(nord, "en", name="MBE North")
    assert client.get(f"/en/beratung/{translated.pk}-{translated.slug}/").status_code == 404
    assert client.get(f"/beratung/{elsewhere.pk}-anderswo.vcf").status_code == 404


def test_office_page_has_schema_org_data_that_no_text_can_break(client, nord):
    nord.name = "MBE </script><script>alert(1)</script>"
    nord.save()
    html = html_of(client.get(page_path(nord)))
    assert "<script>alert(1)" not in html
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "MBE </script><script>alert(1)</script>"
    assert data["address"]["postalCode"] == "44147"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 51.52, "longitude": 7.46}
    assert data["telephone"] == "0231 50-12345"
    assert data["knowsLanguage"] == ["de", "ar", "gsg"]
    assert data["openingHoursSpecification"][0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "12:00",
    }
    assert len(data["specialOpeningHoursSpecification"]) == 1
    assert data["parentOrganization"]["name"] == "AWO-Beispiel"


def test_office_page_queries_do_not_grow_with_hours_and_closures(client, city):
    small = office(city, name="Klein", hours=[(0, "09:00", "12:00")])
    big = office(city, name="Groß", hours=[(day, "09:00", "12:00") for day in range(5)])
    for days in range(3):
        start = timezone.localdate() + datetime.timedelta(days=days * 7)
        Closure.objects.create(office=big, starts_on=start, ends_on=start, note="zu")
    translation_of(small, "en", name="Small")
    translation_of(big, "en", name="Big")
    # a parameter the page cache ignores, so each request is rendered
    queries(client, page_path(small, "en") + "?n=1")
    few = queries(client, page_path(small, "en") + "?n=2")
    assert queries(client, page_path(big, "en") + "?n=3") == few
    assert few <= 8


# -- the vCard -------------------------------------------------------------------------------


def test_vcard_download_parses_and_escapes_commas_semicolons_and_line_breaks(client, nord):
    nord.name = "Beratung, Nord; Süd"
    nord.description = "Erste Zeile\nZweite Zeile, mit Komma; und Semikolon " + "ä" * 60
    nord.street = "Hof 1; Hinterhaus"
    nord.save()
    response = client.get(f"/en/beratung/{nord.pk}-{nord.slug}.vcf")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{nord.slug}.vcf"'
    text = response.content.decode()
    assert "FN:Beratung\\, Nord\\; Süd\r\n" in text
    assert "\\nZweite Zeile\\, mit Komma\\; und" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    card = vobject.readOne(text)
    assert card.fn.value == "Beratung, Nord; Süd"
    assert card.org.value == ["AWO-Beispiel", "Beratung, Nord; Süd"]
    assert card.note.value == nord.description
    assert card.adr.value.street == "Hof 1; Hinterhaus"
    assert (card.adr.value.code, card.adr.value.city) == ("44147", "Dortmund")
    assert card.geo.value == "51.520000;7.460000"
    assert card.tel.value == "0231 50-12345"
    assert card.email.value == "mbe-nord@example.org"
    assert [url.value for url in card.contents["url"]] == [
        "https://mbe.example.org",
        f"http://testserver/en/beratung/{nord.pk}-{nord.slug}/",
    ]


def test_vcard_follows_a_changed_name(client, nord):
    response = client.get(f"/beratung/{nord.pk}-alt.vcf")
    assert response.status_code == 301
    assert response["Location"] == f"/beratung/{nord.pk}-{nord.slug}.vcf"


# -- the topic page's block and the sitemap --------------------------------------------------


def test_the_block_asks_the_three_questions_and_sends_them_to_the_finder(client, city):
    home = city.site.root_page
    publish(
        home,
        TopicPage(
            title="Migrationsberatung",
            slug="migrationsberatung",
            body=stream(("counselling_finder", {"heading": "Beratung finden"})),
        ),
    )
    html = html_of(client.get("/migrationsberatung/"))
    form = re.search(r'<form class="mia-filters mia-finder-form"[^>]*>(.*?)</form>', html, re.S)
    assert 'method="get" action="/beratung/#results"' in form.group(0)
    for name in ("age", "language", "district", "postcode"):
        assert f'name="{name}"' in form.group(1)
    assert 'name="open_now"' not in form.group(1)
    assert "Beratung finden" in html
    html = html_of(client.get("/en/migrationsberatung/"))
    assert 'action="/en/beratung/#results"' in html
    # the form speaks the visitor's language inside the German page
    assert '<section class="mia-finder-block" lang="en" dir="ltr"' in html


def test_the_demo_topic_page_carries_the_finder():
    topic = next(t for t in content_de.TOPICS if t["slug"] == "migrationsberatung")
    assert topic["title"] == "Migrationsberatung und Jugendmigrationsdienste"
    body = TopicBodyBlock().to_python(
        [{"type": kind, "value": value} for kind, value in topic["body"]]
    )
    assert [block.block_type for block in body] == ["paragraph", "counselling_finder"]


def test_the_sitemap_lists_the_centres_office_pages(client, nord, other_centre):
    office(other_centre, name="Anderswo")
    translation_of(nord, "ar", name="استشارة")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(client.get("/sitemap.xml").content)
    urls = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}
    german = f"http://testserver/beratung/{nord.pk}-mbe-nord/"
    arabic = f"http://testserver/ar/beratung/{nord.pk}-mbe-nord/"
    assert german in urls and arabic in urls
    assert (
        urls[german].findtext("s:lastmod", namespaces=ns)
        == timezone.localtime(nord.updated_at).date().isoformat()
    )
    alternates = {a.get("hreflang"): a.get("href") for a in urls[german].findall("x:link", ns)}
    assert alternates == {"de": german, "ar": arabic, "x-default": german}
    assert "anderswo" not in client.get("/sitemap.xml?x=1").content.decode()


def test_the_form_shows_the_answers_as_typed_and_a_wrong_one_is_never_kept(client, city):
    office(city, name="MBE Nord", postcode="44147", languages=["de", "ar"])
    typed = html_of(client.get("/beratung/?age=030&postcode=44147"))
    plain = html_of(client.get("/beratung/?age=30&postcode=44147"))
    assert 'value="030"' in typed and 'value="30"' in plain
    assert names(typed) == names(plain) == ["MBE Nord"]
    for _ in range(2):  # asked twice: the error is shown each time, for this question only
        wrong = html_of(client.get("/beratung/?age=300&postcode=44147"))
        assert 'value="300"' in wrong and 'aria-invalid="true"' in wrong
    assert 'aria-invalid="true"' not in html_of(client.get("/beratung/?age=30&postcode=44147"))
