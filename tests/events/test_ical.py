"""iCalendar feeds: what calendar apps read back, and that it stays stable across edits."""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from wagtail.models import Locale

from mia.events import services
from mia.events.ical import webcal_url
from mia.events.models import Category, Event, Venue
from mia.organisations.models import Organisation
from mia.permissions.roles import Role

from ..factories import berlin, edition, event, member, organisation, venue


@pytest.fixture
def festival(centre):
    return edition(centre)


@pytest.fixture
def verein(centre):
    return organisation(centre)


@pytest.fixture
def office(centre):
    return member(centre, Role.COORDINATOR, domain="events")


@pytest.fixture
def reading(centre, festival, verein):
    return event(centre, edition=festival, organisation=verein, venue=venue(centre))


def translation_of(original, language: str, **text):
    copy = original.copy_for_translation(Locale.objects.get_or_create(language_code=language)[0])
    for field, value in text.items():
        setattr(copy, field, value)
    copy.save()
    return copy


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(response) -> list:
    return parse(response).walk("VEVENT")


def path(name: str, **kwargs) -> str:
    """The German address (a request to /en/... leaves English active in the test thread)."""
    with translation.override("de"):
        return reverse(name, kwargs=kwargs)


def event_ics(client, pk: int, prefix: str = "", **params):
    return client.get(prefix + path("events:event_ics", pk=pk), params)


# -- the calendar --------------------------------------------------------------------------


def test_event_ics_is_a_publishing_calendar_with_berlin_time(client, reading):
    calendar = parse(event_ics(client, reading.pk))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//MIA//Veranstaltungen//DE"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Lesung: Geschichten aus der Nordstadt"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()


def test_vevent_carries_the_facts_of_the_event(client, reading, centre):
    (vevent,) = vevents(event_ics(client, reading.pk))
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("DTSTART") == berlin(datetime.date(2026, 6, 21), 18)
    assert vevent.decoded("DTSTART").tzinfo is not None  # never floating
    assert "TZID=Europe/Berlin:20260621T180000" in vevent.to_ical().decode()
    assert vevent.decoded("DTEND") == berlin(datetime.date(2026, 6, 21), 20)
    assert str(vevent["UID"]) == f"event-{reading.translation_key}-1@testserver"
    assert vevent.decoded("SEQUENCE") == 0
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["SUMMARY"]) == "Lesung: Geschichten aus der Nordstadt"
    assert vevent["SUMMARY"].params["LANGUAGE"] == "de"
    assert str(vevent["DESCRIPTION"]).startswith("Autorinnen lesen aus ihren Büchern.")
    with translation.override("de"):
        organiser = _("Organiser: %(name)s") % {"name": "Planerladen e.V."}
        category = str(Category.TALK.label)
    assert organiser in str(vevent["DESCRIPTION"]).splitlines()
    assert str(vevent["LOCATION"]) == "Dietrich-Keuning-Haus, Leopoldstraße 50–58, 44147 Dortmund"
    assert vevent.decoded("GEO") == (51.5219, 7.4653)
    assert str(vevent["URL"]) == (
        f"http://testserver/veranstaltung/{reading.pk}-lesung-geschichten-aus-der-nordstadt/"
    )
    assert str(vevent["ORGANIZER"]) == f"mailto:{centre.email}"
    assert vevent["ORGANIZER"].params["CN"] == "Planerladen e.V."
    assert vevent["CATEGORIES"].cats == [category]
    assert vevent.decoded("CREATED") == reading.created_at.replace(microsecond=0)
    assert vevent.decoded("LAST-MODIFIED") == reading.updated_at.replace(microsecond=0)
    assert vevent.decoded("DTSTAMP") == vevent.decoded("LAST-MODIFIED")


def test_event_ics_headers(client, reading):
    response = event_ics(client, reading.pk)
    assert (
        response["Content-Disposition"] == f'attachment; filename="veranstaltung-{reading.pk}.ics"'
    )
    assert "max-age=300" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert response.cookies == {}


def test_a_calendar_app_that_has_the_feed_gets_304(client, reading, django_assert_num_queries):
    first = event_ics(client, reading.pk)  # also caches the centre of the host
    with django_assert_num_queries(1):
        again = client.get(
            path("events:event_ics", pk=reading.pk),
            headers={"If-None-Match": first["ETag"]},
        )
    assert again.status_code == 304
    since = client.get(
        path("events:event_ics", pk=reading.pk),
        headers={"If-Modified-Since": first["Last-Modified"]},
    )
    assert since.status_code == 304


def test_an_edit_changes_the_etag(client, reading, office):
    before = event_ics(client, reading.pk)["ETag"]
    reading.title = "Lesung am Abend"
    services.save_event(reading, services.slots_of(reading), office)
    response = client.get(
        path("events:event_ics", pk=reading.pk), headers={"If-None-Match": before}
    )
    assert response.status_code == 200
    assert response["ETag"] != before


def test_renaming_the_organiser_gives_the_feeds_a_new_version(client, reading, verein):
    # everything changed yesterday, so that a change now is one Last-Modified can tell
    yesterday = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    for model in (Event, Venue, Organisation):
        model.objects.update(updated_at=yesterday)
    feeds = [
        path("events:event_ics", pk=reading.pk),
        path("events:edition_ics", edition=reading.edition.slug),
    ]
    before = {feed: client.get(feed) for feed in feeds}

    verein.name = "Planerladen gGmbH"
    verein.save()

    for feed, first in before.items():
        etag = client.get(feed, headers={"If-None-Match": first["ETag"]})
        assert etag.status_code == 200, feed
        assert etag["ETag"] != first["ETag"]
        assert "Planerladen gGmbH" in etag.content.decode()
        since = client.get(feed, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 200, feed


def test_a_new_translation_changes_the_etag_of_that_language_only(client, reading):
    english = event_ics(client, reading.pk, "/en")["ETag"]
    german = event_ics(client, reading.pk)["ETag"]
    translation_of(reading, "en", title="Reading")
    assert event_ics(client, reading.pk, "/en")["ETag"] != english
    assert event_ics(client, reading.pk)["ETag"] == german


# -- stable identity across changes ----------------------------------------------------------


def test_uid_stays_while_sequence_grows_on_edit(client, reading, office):
    (before,) = vevents(event_ics(client, reading.pk))
    reading.title = "Lesung mit Musik"
    later = berlin(datetime.date(2026, 6, 22), 19)
    services.save_event(
        reading, [services.Slot(later, later + datetime.timedelta(hours=2))], office
    )
    (after,) = vevents(event_ics(client, reading.pk))
    assert str(after["UID"]) == str(before["UID"])
    assert after.decoded("SEQUENCE") == before.decoded("SEQUENCE") + 1
    assert str(after["SUMMARY"]) == "Lesung mit Musik"
    assert after.decoded("DTSTART") == later


def test_cancelled_event_stays_in_the_feed_as_cancelled(client, reading, office):
    (before,) = vevents(event_ics(client, reading.pk))
    services.transition(reading, "cancel", office, message="Die Autorin ist erkrankt.")
    (after,) = vevents(event_ics(client, reading.pk))
    assert str(after["STATUS"]) == "CANCELLED"
    assert str(after["UID"]) == str(before["UID"])
    assert after.decoded("SEQUENCE") == before.decoded("SEQUENCE") + 1
    with translation.override("de"):
        expected = _("Cancelled: %(title)s") % {"title": "Lesung: Geschichten aus der Nordstadt"}
    assert str(after["SUMMARY"]) == expected
    assert "Die Autorin ist erkrankt." in str(after["DESCRIPTION"])


def test_several_dates_give_several_vevents_with_stable_distinct_uids(
    client, centre, festival, office
):
    days = [datetime.date(2026, 6, d) for d in (23, 21, 25)]
    series = event(centre, edition=festival, dates=[(berlin(d, 10), berlin(d, 12)) for d in days])
    first = vevents(event_ics(client, series.pk))
    uids = [str(v["UID"]) for v in first]
    assert uids == [f"event-{series.translation_key}-{n}@testserver" for n in (1, 2, 3)]
    assert [v.decoded("DTSTART").date() for v in first] == sorted(days)
    # moving the last date keeps every UID; the moved date keeps its own
    slots = services.slots_of(series)
    slots[-1] = services.Slot(slots[-1].start + datetime.timedelta(hours=3), slots[-1].end)
    slots[-1] = services.Slot(slots[-1].start, slots[-1].start + datetime.timedelta(hours=1))
    services.save_event(series, slots, office)
    again = vevents(event_ics(client, series.pk))
    assert [str(v["UID"]) for v in again] == uids
    assert again[2].decoded("DTSTART") == berlin(days[2], 13)
    assert {v.decoded("SEQUENCE") for v in again} == {1}


# -- who sees what ---------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "submitted", "accepted", "rejected", "withdrawn"])
def test_events_not_public_are_not_found(client, centre, festival, state):
    hidden = event(centre, edition=festival, state=state)
    assert event_ics(client, hidden.pk).status_code == 404


def test_other_centres_event_is_not_found(client, other_centre, centre):
    theirs = event(other_centre, edition=edition(other_centre))
    assert event_ics(client, theirs.pk).status_code == 404
    assert client.get(f"/veranstaltung/{theirs.pk}.ics", HTTP_HOST="bochum.test").status_code == 200


def test_a_translation_is_not_an_event_of_its_own(client, reading):
    english = translation_of(reading, "en", title="Reading")
    assert event_ics(client, english.pk).status_code == 404


def test_edition_feed_lists_only_public_events_of_the_edition(
    client, centre, festival, other_centre
):
    shown = [
        event(centre, edition=festival, title="Eröffnung", state="published"),
        event(centre, edition=festival, title="Konzert", state="cancelled"),
    ]
    event(centre, edition=festival, title="Entwurf", state="draft")
    event(centre, edition=festival, title="Eingereicht", state="submitted")
    event(centre, edition=edition(centre, year=2027), title="Nächstes Jahr")
    event(centre, title="Ohne Festival")
    same_slug = edition(other_centre, slug=festival.slug)
    event(other_centre, edition=same_slug, title="Bochum")
    response = client.get(path("events:edition_ics", edition=festival.slug))
    calendar = parse(response)
    assert str(calendar["X-WR-CALNAME"]) == "Internationale Woche 2026"
    assert sorted(str(v["UID"]) for v in calendar.walk("VEVENT")) == sorted(
        f"event-{e.translation_key}-1@testserver" for e in shown
    )
    assert response["Content-Disposition"] == 'attachment; filename="internationale-woche-2026.ics"'


def test_edition_feed_of_unknown_or_foreign_edition_is_not_found(client, other_centre):
    foreign = edition(other_centre)
    url = path("events:edition_ics", edition=foreign.slug)
    assert client.get(url).status_code == 404
    assert client.get("/veranstaltungen/gibt-es-nicht/programm.ics").status_code == 404


def test_organisation_feed_lists_its_public_events(client, centre, festival, verein):
    mine = event(centre, edition=festival, organisation=verein, title="Unseres")
    event(centre, edition=festival, organisation=verein, title="Entwurf", state="draft")
    event(centre, edition=festival, organisation=organisation(centre, name="Andere"))
    response = client.get(path("events:organisation_ics", pk=verein.pk))
    calendar = parse(response)
    assert [str(v["UID"]) for v in calendar.walk("VEVENT")] == [
        f"event-{mine.translation_key}-1@testserver"
    ]
    assert [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")] == ["Unseres"]
    assert "Planerladen e.V." in str(calendar["X-WR-CALNAME"])
    assert calendar.walk("VTIMEZONE")


def test_organisation_feed_of_another_centre_is_not_found(client, other_centre):
    theirs = organisation(other_centre)
    url = path("events:organisation_ics", pk=theirs.pk)
    assert client.get(url).status_code == 404


def test_organisation_without_public_events_gets_an_empty_but_valid_calendar(client, verein):
    response = client.get(path("events:organisation_ics", pk=verein.pk))
    calendar = parse(response)
    assert calendar.walk("VEVENT") == []
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


# -- languages -------------------------------------------------------------------------------


def test_translation_is_used_for_the_language_prefix(client, reading):
    translation_of(
        reading, "en", title="Reading: stories from the Nordstadt", summary="Authors read."
    )
    calendar = parse(event_ics(client, reading.pk, "/en"))
    assert str(calendar["X-WR-CALNAME"]) == "Reading: stories from the Nordstadt"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Reading: stories from the Nordstadt"
    assert vevent["SUMMARY"].params["LANGUAGE"] == "en"
    assert str(vevent["DESCRIPTION"]).startswith("Authors read.")
    assert str(vevent["URL"]).startswith(f"http://testserver/en/veranstaltung/{reading.pk}-")


def test_translation_is_used_for_lang_parameter(client, reading):
    translation_of(reading, "tr", title="Okuma")
    (vevent,) = vevents(event_ics(client, reading.pk, lang="tr"))
    assert str(vevent["SUMMARY"]) == "Okuma"
    assert vevent["SUMMARY"].params["LANGUAGE"] == "tr"


def test_without_translation_the_original_text_is_marked_german(client, reading):
    (vevent,) = vevents(event_ics(client, reading.pk, "/ar"))
    assert str(vevent["SUMMARY"]) == "Lesung: Geschichten aus der Nordstadt"
    assert vevent["SUMMARY"].params["LANGUAGE"] == "de"


def test_a_language_the_centre_does_not_offer_is_ignored(client, reading):
    translation_of(reading, "en", title="Reading")
    (vevent,) = vevents(event_ics(client, reading.pk, lang="xx"))
    assert str(vevent["SUMMARY"]) == "Lesung: Geschichten aus der Nordstadt"


# -- hostile text ----------------------------------------------------------------------------


def test_hostile_text_round_trips(client, centre, festival):
    title = 'Komma, Semikolon; Backslash \\ "Zitat" <script>alert(1)</script> ' + "ä" * 70
    description = "Zeile eins\nZeile zwei;\r\nBEGIN:VEVENT\nEND:VCALENDAR, mit Komma"
    hostile = event(centre, edition=festival, title=title, description=description)
    response = event_ics(client, hostile.pk)
    raw = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))  # folded
    lines = raw.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1
    assert lines.count("END:VCALENDAR") == 1
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == title
    assert description.replace("\r\n", "\n") in str(vevent["DESCRIPTION"]).replace("\r\n", "\n")


# -- queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 5])
def test_edition_feed_query_count_does_not_grow(
    client, centre, festival, verein, count, django_assert_max_num_queries
):
    place = venue(centre)
    for n in range(count):
        day = datetime.date(2026, 6, 21 + n % 9)
        shown = event(
            centre,
            edition=festival,
            organisation=verein,
            venue=place,
            title=f"Veranstaltung {n}",
            dates=[(berlin(day, 10), berlin(day, 11)), (berlin(day, 14), berlin(day, 15))],
        )
        translation_of(shown, "en", title=f"Event {n}")
    url = "/en" + path("events:edition_ics", edition=festival.slug)
    client.get(url)  # the centre of the host is cached from now on
    # edition, fingerprint aggregate, events, their dates, their translations
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert len(parse(response).walk("VEVENT")) == 2 * count


# -- webcal ----------------------------------------------------------------------------------


def test_webcal_url_function_and_tag(centre, festival):
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    feed = path("events:edition_ics", edition=festival.slug)
    assert webcal_url(request, feed) == f"webcal://testserver{feed}"
    assert webcal_url(request, f"https://testserver{feed}") == f"webcal://testserver{feed}"
    template = Template('{% load events_feeds %}{% webcal_url "events:edition_ics" edition.slug %}')
    context = Context({"request": request, "edition": festival})
    with translation.override("de"):
        german = template.render(context)
    with translation.override("ar"):
        arabic = template.render(context)
    feed = "/veranstaltungen/internationale-woche-2026/programm.ics"
    assert german == f"webcal://testserver{feed}"
    assert arabic == f"webcal://testserver/ar{feed}"
