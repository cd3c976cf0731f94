"""The public programme, the event pages and the home page's events, as visitors see them."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import override as translation_override
from wagtail.models import Locale

from mia.events.models import Access, Edition, EditionIntro, Event, EventDate

from ..factories import berlin, edition, event, full_site, make_centre, organisation, venue

DAY1, DAY2, DAY3 = (
    datetime.date(2026, 6, 21),
    datetime.date(2026, 6, 22),
    datetime.date(2026, 6, 23),
)
PROGRAMME = "/veranstaltungen/internationale-woche-2026/"


def translation(original: Event, language: str, **text) -> Event:
    """A translation row, as wagtail-localize makes one: the same key, another locale."""
    locale, _ = Locale.objects.get_or_create(language_code=language)
    text.setdefault("summary", f"[{language}] {original.summary}")
    return Event.objects.create(
        centre=original.centre,
        locale=locale,
        translation_key=original.translation_key,
        state=original.state,
        category=original.category,
        edition=original.edition,
        **text,
    )


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def titles(html: str) -> list[str]:
    return re.findall(r'class="mia-programme__title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def days(html: str) -> list[str]:
    return re.findall(r'<h3 id="day-([\d-]+)"', html)


@pytest.fixture
def festival(site_pages, centre):
    """An edition with a few events over three days, at two venues, by two organisations."""
    iw = edition(centre)
    keuning = venue(centre)
    depot = venue(
        centre, "Depot", district="Innenstadt-West", step_free="no", street="Immermannstr. 29"
    )
    planerladen = organisation(centre)
    vmdo = organisation(centre, "VMDO e.V.")
    events = {
        "fest": event(
            centre,
            edition=iw,
            venue=keuning,
            organisation=vmdo,
            title="Münsterstraßenfest",
            summary="Das große Straßenfest zur Eröffnung.",
            category="festival",
            languages=["de", "tr", "ar"],
            family_friendly=True,
            dates=[(berlin(DAY1, 12), berlin(DAY1, 20))],
        ),
        "reading": event(
            centre,
            edition=iw,
            venue=depot,
            organisation=planerladen,
            title="Lesung im Depot",
            summary="Geschichten aus der Nordstadt.",
            category="talk",
            languages=["de"],
            is_free=False,
            price="5 €",
            dates=[(berlin(DAY1, 19), berlin(DAY1, 21)), (berlin(DAY3, 18), berlin(DAY3, 20))],
        ),
        "film": event(
            centre,
            edition=iw,
            organisation=planerladen,
            title="Filmabend online",
            summary="Ein Dokumentarfilm über Ankommen.",
            category="film",
            languages=["uk", "de"],
            attendance="online",
            online_url="https://treffen.example/film",
            dates=[(berlin(DAY2, 20), berlin(DAY2, 22))],
        ),
        "workshop": event(
            centre,
            edition=iw,
            venue=keuning,
            organisation=vmdo,
            state="cancelled",
            cancellation_note="Die Referentin ist erkrankt.",
            title="Kochworkshop",
            summary="Gemeinsam kochen.",
            category="workshop",
            dates=[(berlin(DAY2, 10), berlin(DAY2, 13))],
        ),
    }
    for state in ("draft", "submitted", "accepted", "rejected", "withdrawn", "changes_requested"):
        event(centre, edition=iw, venue=keuning, title=f"Unsichtbar {state}", state=state)
    return {"edition": iw, "events": events, "keuning": keuning, "depot": depot}


# -- the programme --------------------------------------------------------------------------


def test_programme_lists_public_events_by_day_and_each_date_on_its_day(client, festival):
    html = html_of(client.get(PROGRAMME))
    assert days(html) == ["2026-06-21", "2026-06-22", "2026-06-23"]
    assert titles(html) == [
        "Münsterstraßenfest",  # 21st, 12:00
        "Lesung im Depot",  # 21st, 19:00
        "Kochworkshop",  # 22nd, 10:00
        "Filmabend online",  # 22nd, 20:00
        "Lesung im Depot",  # 23rd: its second date
    ]
    assert "4 Veranstaltungen" in html or "4 events" in html
    assert "Unsichtbar" not in html


def test_programme_marks_cancelled_events_and_keeps_them(client, festival):
    html = html_of(client.get(PROGRAMME))
    item = html[html.index("mia-programme__item--cancelled") :]
    item = item[: item.index("</div></li>")]
    assert "Kochworkshop" in item
    assert re.search(r'mia-state--cancelled">(Abgesagt|Cancelled)</strong>', item)


def test_programme_shows_times_organiser_venue_district_category_and_marks(client, festival):
    html = html_of(client.get(PROGRAMME))
    item = html[html.rindex("<li", 0, html.index("Münsterstraßenfest</a>")) :]
    item = item[: item.index("</div></li>")]
    assert 'datetime="2026-06-21T12:00+02:00">12:00</time>' in item
    assert "VMDO e.V." in item and "Dietrich-Keuning-Haus, Innenstadt-Nord" in item
    assert "Straßenfest" in item  # the category
    marks = re.findall(r"<li>([^<]+)</li>", item)
    with translation_override("de"):
        expected = [gettext(t) for t in ("Free of charge", "Step-free venue", "For families")]
    assert marks == expected and expected[0] == "Kostenlos"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("day=2026-06-22", ["Kochworkshop", "Filmabend online"]),
        ("category=talk", ["Lesung im Depot", "Lesung im Depot"]),
        ("district=Innenstadt-West", ["Lesung im Depot", "Lesung im Depot"]),
        ("language=uk", ["Filmabend online"]),
        ("language=tr", ["Münsterstraßenfest"]),
        ("free=1", ["Münsterstraßenfest", "Kochworkshop", "Filmabend online"]),
        ("family=on", ["Münsterstraßenfest"]),
        ("accessible=1", ["Münsterstraßenfest", "Kochworkshop"]),
        ("online=1", ["Filmabend online"]),
        ("q=nordstadt", ["Lesung im Depot", "Lesung im Depot"]),
        ("q=VMDO+kochen", ["Kochworkshop"]),
        ("q=gibt+es+nicht", []),
        ("day=2026-06-21&category=talk", ["Lesung im Depot"]),
    ],
)
def test_each_filter_narrows_the_programme(client, festival, query, expected):
    html = html_of(client.get(f"{PROGRAMME}?{query}"))
    assert titles(html) == expected
    assert f'href="{PROGRAMME}"' in html  # the link that resets the filters


def test_filters_are_a_get_form_that_needs_no_javascript(client, festival):
    html = html_of(client.get(PROGRAMME))
    form = html[
        html.index('<form class="mia-filters"') : html.index("</form>", html.index("mia-filters"))
    ]
    assert 'method="get"' in form and 'type="submit"' in form
    assert "csrfmiddlewaretoken" not in form
    for name in (
        "q",
        "day",
        "category",
        "district",
        "language",
        "free",
        "family",
        "accessible",
        "online",
    ):
        assert f'name="{name}"' in form, name
    # choices come from what the programme has: its districts, languages as autonyms
    assert '<option value="Innenstadt-West">' in form
    assert '<option value="ar" lang="ar" dir="rtl">العربية</option>' in form
    assert '<option value="pl"' not in form  # nobody speaks Polish at these events
    assert "<script" not in html.split("</main>")[0].split("<main")[1]


def test_empty_result_says_so_and_offers_the_whole_programme(client, festival):
    html = html_of(client.get(f"{PROGRAMME}?q=Quantenphysik"))
    assert titles(html) == []
    assert 'class="mia-empty"' in html
    assert html.count(f'href="{PROGRAMME}"') >= 2


def test_an_invalid_filter_value_is_shown_at_its_field_and_not_applied(client, festival):
    html = html_of(client.get(f"{PROGRAMME}?category=nonsense&day=2020-01-01"))
    assert len(titles(html)) == 5
    assert html.count('class="kern-error"') == 2


def test_programme_of_another_centres_edition_is_404(client, festival, other_centre):
    theirs = edition(other_centre, slug="bochumer-woche")
    assert client.get(f"/veranstaltungen/{theirs.slug}/").status_code == 404
    assert client.get("/veranstaltungen/gibt-es-nicht/").status_code == 404
    # and from their site, ours does not exist
    response = client.get(PROGRAMME, HTTP_HOST="bochum.test")
    assert response.status_code == 404


def test_programme_in_preparation_shows_no_events(client, festival):
    Edition.objects.filter(pk=festival["edition"].pk).update(programme_published=False)
    cache.clear()
    html = html_of(client.get(PROGRAMME))
    assert titles(html) == []
    assert "Vorbereitung" in html or "preparation" in html
    assert "mia-filters" not in html


def test_programme_links_calendar_feed_webcal_and_booklet(client, festival):
    html = html_of(client.get(PROGRAMME))
    assert 'href="/veranstaltungen/internationale-woche-2026/programm.ics"' in html
    assert (
        'href="webcal://testserver/veranstaltungen/internationale-woche-2026/programm.ics"' in html
    )
    assert 'href="/veranstaltungen/internationale-woche-2026/programmheft-de.pdf"' in html
    html_en = html_of(client.get("/en" + PROGRAMME))
    assert 'href="/en/veranstaltungen/internationale-woche-2026/programmheft-en.pdf"' in html_en


def test_programme_offers_the_booklet_in_the_visitors_language_else_german(client, festival):
    from django.core.files.base import ContentFile

    from mia.events.models import Booklet

    iw = festival["edition"]
    for language, size in (("de", 2_500_000), ("en", 1_200_000)):
        Booklet.objects.create(
            centre=iw.centre,
            edition=iw,
            language=language,
            size=size,
            file=ContentFile(b"%PDF-1.7", name=f"heft-{language}.pdf"),
        )
    html = html_of(client.get("/en" + PROGRAMME))
    assert 'href="/en/veranstaltungen/internationale-woche-2026/programmheft-en.pdf"' in html
    assert "(PDF, 1.1\xa0MB)" in html
    html = html_of(client.get("/tr" + PROGRAMME))  # no Turkish booklet: the German one
    assert 'href="/tr/veranstaltungen/internationale-woche-2026/programmheft-de.pdf"' in html
    assert (
        '<span lang="de">Deutsch</span>, 2,4\xa0MB' in html
        or '<span lang="de">Deutsch</span>, 2.4\xa0MB' in html
    )


def test_programme_shows_english_translations_and_marks_german_fallbacks(client, festival):
    translation(festival["events"]["fest"], "en", title="Münsterstraße Street Festival")
    EditionIntro.objects.create(
        edition=festival["edition"], language="en", text="Nine days of meeting."
    )
    html = html_of(client.get("/en" + PROGRAMME))
    assert '<html lang="en" dir="ltr"' in html
    assert "Münsterstraße Street Festival" in titles(html)
    assert "[en] Das große Straßenfest" in html
    assert "Nine days of meeting." in html
    # the untranslated reading keeps its German title, marked as German
    assert re.search(
        r'<h4 class="mia-programme__title" lang="de" dir="ltr"><a href="/en/veranstaltung/\d+-lesung',
        html,
    )
    # the translated one's address stays the original's
    fest = festival["events"]["fest"]
    assert f'href="/en/veranstaltung/{fest.pk}-munsterstraenfest/">' in html


def test_text_search_finds_original_and_translation(client, festival):
    translation(festival["events"]["film"], "en", title="Film night online")
    assert titles(html_of(client.get("/en" + PROGRAMME + "?q=night"))) == ["Film night online"]
    assert titles(html_of(client.get("/en" + PROGRAMME + "?q=Filmabend"))) == ["Film night online"]


def test_german_intro_on_arabic_page_is_marked_german(client, festival):
    html = html_of(client.get("/ar" + PROGRAMME))
    assert '<html lang="ar" dir="rtl"' in html
    assert '<div class="mia-lead mia-prose" lang="de" dir="ltr"><p>Neun Tage' in html


def test_hostile_text_is_escaped_in_the_programme(client, festival):
    Event.objects.filter(pk=festival["events"]["fest"].pk).update(
        title='<script>alert("x")</script>', summary="<img src=x onerror=alert(1)>"
    )
    cache.clear()
    html = html_of(client.get(PROGRAMME))
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img src=x" not in html


# -- caches ---------------------------------------------------------------------------------


def test_programme_follows_changes_through_its_cached_fragments(client, festival, settings):
    settings.MIA_PAGE_CACHE_SECONDS = 0  # the fragment caches stay on
    assert "Münsterstraßenfest" in titles(html_of(client.get(PROGRAMME)))
    fest = Event.objects.get(pk=festival["events"]["fest"].pk)
    fest.title = "Nordstadtfest"
    fest.save()
    assert "Nordstadtfest" in titles(html_of(client.get(PROGRAMME)))
    # a change of dates alone (saved apart from the event) is seen too
    EventDate.objects.filter(event=fest).update(start=berlin(DAY3, 9), end=berlin(DAY3, 10))
    EventDate.objects.create(event_id=fest.pk, start=berlin(DAY2, 9), end=berlin(DAY2, 10))
    assert titles(html_of(client.get(PROGRAMME + "?day=2026-06-22")))[0] == "Nordstadtfest"


def test_page_cache_is_cleared_when_the_public_programme_changes(client, festival):
    client.get(PROGRAMME)
    assert client.get(PROGRAMME)["X-Cache"] == "hit"
    reading = Event.objects.get(pk=festival["events"]["reading"].pk)
    reading.state = "cancelled"
    reading.save()
    response = client.get(PROGRAMME)
    assert response["X-Cache"] == "miss"
    assert html_of(response).count("mia-programme__item--cancelled") == 3


def test_programme_changed_signal_refreshes_the_fragments(client, festival, settings):
    from mia.events.signals import programme_changed

    settings.MIA_PAGE_CACHE_SECONDS = 0
    client.get(PROGRAMME)
    # a change the receivers of model signals never see (a queryset update)
    Event.objects.filter(pk=festival["events"]["film"].pk).update(title="Kinoabend")
    assert "Kinoabend" not in html_of(client.get(PROGRAMME))
    programme_changed.send(Event, centre_id=festival["edition"].centre_id, edition_id=None)
    assert "Kinoabend" in html_of(client.get(PROGRAMME))


# -- query counts ---------------------------------------------------------------------------


def _programme_with(centre, count: int, prefix: str) -> Edition:
    iw = edition(centre, slug=f"{prefix}-woche", name=f"Woche {prefix}")
    venues = [venue(centre, f"{prefix} Ort {n}", district=f"Bezirk {n % 3}") for n in range(4)]
    orgs = [organisation(centre, f"{prefix} Verein {n}") for n in range(3)]
    for n in range(count):
        day = iw.starts_on + datetime.timedelta(days=n % 9)
        created = event(
            centre,
            edition=iw,
            venue=venues[n % 4],
            organisation=orgs[n % 3],
            title=f"{prefix} Veranstaltung {n}",
            state="cancelled" if n % 7 == 0 else "published",
            languages=["de", "tr"],
            dates=[
                (berlin(day, 10 + n % 8), berlin(day, 12 + n % 8)),
                (berlin(day, 19), berlin(day, 20)),
            ],
        )
        if n % 3 == 0:
            translation(created, "en", title=f"{prefix} event {n}")
    return iw


def test_programme_needs_few_queries_and_as_many_for_5_as_for_40_events(client, db, settings):
    """Every cache off and emptied; in English (translations are looked up), filtered."""
    settings.MIA_PAGE_CACHE_SECONDS = 0
    settings.MIA_FRAGMENT_CACHE_SECONDS = 0
    paths = {}
    for size in (5, 40):
        centre = make_centre(slug=f"ki{size}", hostname=f"ki{size}.test", default=False)
        full_site(centre, news=1, topics=1)
        iw = _programme_with(centre, size, f"p{size}")
        paths[size] = f"/en/veranstaltungen/{iw.slug}/?language=tr"
    counts = []
    for size, path in paths.items():
        client.get(path, HTTP_HOST=f"ki{size}.test")
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST=f"ki{size}.test")
        assert len(titles(html_of(response))) == size  # two dates a day: listed once
        counts.append(len(queries))
    assert counts[1] <= 15, counts
    assert counts[0] == counts[1]


def test_programme_from_the_fragment_cache_needs_no_query_for_events(client, festival, settings):
    settings.MIA_PAGE_CACHE_SECONDS = 0
    client.get(PROGRAMME + "?free=1")
    with CaptureQueriesContext(connection) as queries:
        html = html_of(client.get(PROGRAMME + "?free=on"))  # the same filter, spelled otherwise
    assert "Münsterstraßenfest" in html
    assert [q["sql"] for q in queries if "events_" in q["sql"]] == []


# -- the event page -------------------------------------------------------------------------


def test_event_page_shows_everything_a_visitor_needs(client, festival):
    fest = festival["events"]["fest"]
    Event.objects.filter(pk=fest.pk).update(
        description="Zeile eins\nZeile zwei",
        target_group="Alle Nachbarinnen und Nachbarn",
        age_min=6,
        age_max=99,
        registration_required=True,
        registration_info="Anmeldung per Mail",
        contact_email="fest@example.org",
        contact_phone="0231 123",
    )
    html = html_of(client.get(f"/veranstaltung/{fest.pk}-munsterstraenfest/"))
    assert html.count("<h1") == 1 and "Münsterstraßenfest</h1>" in html
    assert "<p>Zeile eins<br>Zeile zwei</p>" in html
    assert "Sonntag, 21. Juni 2026, <time" in html
    assert '<span lang="tr" dir="ltr">Türkçe</span>' in html
    assert '<span lang="ar" dir="rtl">العربية</span>' in html
    assert "Leopoldstraße 50–58" in html and "Innenstadt-Nord" in html
    assert 'href="https://www.openstreetmap.org/?mlat=51.521900&amp;mlon=7.465300' in html
    assert "<iframe" not in html
    assert f'href="/veranstaltung/{fest.pk}.ics"' in html
    assert "VMDO e.V." in html and 'href="mailto:fest@example.org"' in html
    assert "Anmeldung per Mail" in html and "6" in html
    # accessibility: yes for step-free, not known for the rest
    facts = html[html.index('id="venue-heading"') :]
    with translation_override("de"):
        yes, unknown = str(Access.YES.label), str(Access.UNKNOWN.label)
    assert facts.count(f"<dd>{yes}</dd>") == 1 and facts.count(f"<dd>{unknown}</dd>") == 2


def test_cancelled_event_page_says_so_with_the_reason(client, festival):
    workshop = festival["events"]["workshop"]
    html = html_of(client.get(f"/veranstaltung/{workshop.pk}-kochworkshop/"))
    assert "kern-alert--danger" in html
    assert "Die Referentin ist erkrankt." in html


@pytest.mark.parametrize("state", ["draft", "submitted", "accepted", "rejected", "withdrawn"])
def test_event_page_of_a_non_public_event_is_404(client, festival, state):
    hidden = Event.objects.get(title=f"Unsichtbar {state}")
    assert client.get(f"/veranstaltung/{hidden.pk}-{hidden.slug}/").status_code == 404


def test_event_page_of_another_centre_or_a_translation_row_is_404(client, festival, other_centre):
    theirs = event(other_centre, title="Bochumer Fest")
    assert client.get(f"/veranstaltung/{theirs.pk}-bochumer-fest/").status_code == 404
    row = translation(festival["events"]["fest"], "en", title="Street festival")
    assert client.get(f"/veranstaltung/{row.pk}-street-festival/").status_code == 404
    assert client.get("/veranstaltung/999999-nichts/").status_code == 404


def test_wrong_slug_redirects_permanently_to_the_canonical_address(client, festival):
    fest = festival["events"]["fest"]
    response = client.get(f"/veranstaltung/{fest.pk}-alter-titel/")
    assert response.status_code == 301
    assert response["Location"] == f"/veranstaltung/{fest.pk}-munsterstraenfest/"
    response = client.get(f"/en/veranstaltung/{fest.pk}-x/")
    assert response["Location"] == f"/en/veranstaltung/{fest.pk}-munsterstraenfest/"


def test_event_page_in_english_shows_the_translation(client, festival):
    fest = festival["events"]["fest"]
    translation(fest, "en", title="Street festival", description="Food and music.")
    html = html_of(client.get(f"/en/veranstaltung/{fest.pk}-munsterstraenfest/"))
    assert '<h1 class="kern-heading-x-large">Street festival</h1>' in html
    assert "Food and music." in html
    assert "not yet available in your language" not in html


def test_event_page_without_translation_shows_german_marked_and_noted(client, festival):
    fest = festival["events"]["fest"]
    html = html_of(client.get(f"/ar/veranstaltung/{fest.pk}-munsterstraenfest/"))
    assert '<html lang="ar" dir="rtl"' in html
    assert '<h1 class="kern-heading-x-large" lang="de" dir="ltr">Münsterstraßenfest</h1>' in html
    assert 'class="kern-alert kern-alert--info mia-notice" role="note"' in html


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_event_page_has_schema_org_event_json_ld(client, festival):
    fest = festival["events"]["fest"]
    html = html_of(client.get(f"/veranstaltung/{fest.pk}-munsterstraenfest/"))
    data = _json_ld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Münsterstraßenfest"
    assert data["startDate"] == "2026-06-21T12:00:00+02:00"
    assert data["endDate"] == "2026-06-21T20:00:00+02:00"
    assert data["url"] == f"http://testserver/veranstaltung/{fest.pk}-munsterstraenfest/"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    place = data["location"]
    assert place["@type"] == "Place"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Leopoldstraße 50–58",
        "postalCode": "44147",
        "addressLocality": "Dortmund",
        "addressCountry": "DE",
    }
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 51.5219, "longitude": 7.4653}
    assert place["amenityFeature"] == [
        {"@type": "LocationFeatureSpecification", "name": "Step-free access", "value": True}
    ]
    assert data["organizer"] == {"@type": "Organization", "name": "VMDO e.V."}
    assert data["isAccessibleForFree"] is True
    assert data["offers"]["price"] == 0 and data["offers"]["priceCurrency"] == "EUR"
    assert data["inLanguage"] == ["de", "tr", "ar"]
    assert "subEvent" not in data


def test_json_ld_of_cancelled_online_and_repeated_events(client, festival):
    workshop, film, reading = (festival["events"][k] for k in ("workshop", "film", "reading"))
    data = _json_ld(html_of(client.get(f"/veranstaltung/{workshop.pk}-kochworkshop/")))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    data = _json_ld(html_of(client.get(f"/veranstaltung/{film.pk}-filmabend-online/")))
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://treffen.example/film"}
    data = _json_ld(html_of(client.get(f"/veranstaltung/{reading.pk}-lesung-im-depot/")))
    # both dates are past: the last one is the event's date, each is a sub-event
    assert [s["startDate"] for s in data["subEvent"]] == [
        "2026-06-21T19:00:00+02:00",
        "2026-06-23T18:00:00+02:00",
    ]
    assert data["offers"] == {
        "@type": "Offer",
        "url": f"http://testserver/veranstaltung/{reading.pk}-lesung-im-depot/",
        "description": "5 €",
    }
    Event.objects.filter(pk=film.pk).update(attendance="hybrid", venue=festival["depot"])
    cache.clear()
    data = _json_ld(html_of(client.get(f"/veranstaltung/{film.pk}-filmabend-online/")))
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]
    assert data["location"][0]["amenityFeature"][0]["value"] is False  # the Depot has steps


def test_json_ld_next_date_is_the_first_upcoming_one(client, centre, site_pages):
    soon = timezone.localdate() + datetime.timedelta(days=3)
    later = soon + datetime.timedelta(days=7)
    past = timezone.localdate() - datetime.timedelta(days=3)
    created = event(
        centre,
        title="Sprachcafé",
        dates=[(berlin(d, 17), berlin(d, 19)) for d in (past, soon, later)],
    )
    data = _json_ld(html_of(client.get(f"/veranstaltung/{created.pk}-sprachcafe/")))
    assert data["startDate"] == berlin(soon, 17).isoformat()
    assert len(data["subEvent"]) == 3


def test_hostile_text_cannot_break_out_of_the_event_page(client, festival):
    fest = festival["events"]["fest"]
    hostile = "</script><script>alert(1)</script><!--"
    Event.objects.filter(pk=fest.pk).update(title=hostile, summary='"><img src=x onerror=alert(1)>')
    cache.clear()
    response = client.get(f"/veranstaltung/{fest.pk}-x/", follow=True)
    html = html_of(response)
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    data = _json_ld(html)
    assert data["name"] == hostile  # escaped for the script element, intact for its readers
    assert html.count("</script>") == 1


# -- the centre's events all year, and the home page ----------------------------------------


@pytest.fixture
def coming_up(site_pages, centre):
    today = timezone.localdate()
    place = venue(centre)

    def at(days: int, title: str, **kwargs) -> Event:
        day = today + datetime.timedelta(days=days)
        return event(
            centre,
            venue=place,
            title=title,
            dates=[(berlin(day, 23, 0), berlin(day, 23, 30))],
            **kwargs,
        )

    return {
        "past": at(-2, "Vorbei"),
        "tomorrow": at(1, "Morgen"),
        "week": at(7, "Nächste Woche"),
        "month": at(30, "Nächsten Monat", state="cancelled"),
        "draft": at(3, "Entwurf", state="draft"),
        "far": at(90, "In drei Monaten"),
    }


def test_events_index_lists_the_next_weeks_and_the_editions(client, coming_up, centre):
    iw = edition(centre, year=2027)
    hidden = edition(centre, year=2028, programme_published=False)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    event(
        centre,
        edition=hidden,
        title="Noch nicht freigegeben",
        dates=[(berlin(tomorrow, 23), berlin(tomorrow, 23, 30))],
    )
    html = html_of(client.get("/veranstaltungen/"))
    assert titles(html) == ["Morgen", "Nächste Woche", "Nächsten Monat"]
    assert f'href="/veranstaltungen/{iw.slug}/"' in html
    assert html.count("<h1") == 1


def test_events_index_is_empty_politely(client, site_pages):
    html = html_of(client.get("/veranstaltungen/"))
    assert titles(html) == []
    assert "60" in html


def test_home_shows_the_next_events_and_links_all_events(client, coming_up):
    response = client.get("/")
    html = html_of(response)
    section = html[html.index('id="events-heading"') :]
    section = section[: section.index("</section>")]
    assert re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', section) == [
        "Morgen",
        "Nächste Woche",
        "Nächsten Monat",
        "In drei Monaten",  # the next four, however far ahead
    ]
    assert 'href="/veranstaltungen/"' in section
    assert "Abgesagt" in section or "Cancelled" in section


def test_home_events_follow_changes_despite_the_fragment_cache(client, coming_up, settings):
    settings.MIA_PAGE_CACHE_SECONDS = 0
    assert "Morgen" in html_of(client.get("/"))
    tomorrow = Event.objects.get(pk=coming_up["tomorrow"].pk)
    tomorrow.state = "accepted"  # unpublished from the back office
    tomorrow.save()
    assert "Morgen" not in html_of(client.get("/"))


def test_home_from_the_fragment_cache_needs_no_query_for_events(client, coming_up, settings):
    settings.MIA_PAGE_CACHE_SECONDS = 0
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        html_of(client.get("/"))
    assert [q["sql"] for q in queries if "events_" in q["sql"]] == []
