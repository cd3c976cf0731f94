"""The demo programme: the Internationale Woche 2025, the next edition and the year-round events."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Min
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale

from mia.core.models import Membership
from mia.events import services
from mia.events.demo import DEMO_MEMBER_EMAIL, DEMO_MEMBER_ORGANISATION, load_events_demo
from mia.events.models import (
    AccessCode,
    Edition,
    EditionIntro,
    Event,
    EventDate,
    EventMessage,
    Venue,
)
from mia.events.queries import public_events, translate
from mia.organisations.models import Organisation, OrganisationMember
from mia.permissions.roles import Role

from ..factories import sign_in

BERLIN = ZoneInfo("Europe/Berlin")
MODELS = (
    Organisation,
    Venue,
    Edition,
    EditionIntro,
    Event,
    EventDate,
    EventMessage,
    AccessCode,
    get_image_model(),
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(centre):
    load_events_demo(centre)
    return centre


@pytest.fixture
def festival(demo):
    return Edition.objects.get(centre=demo, slug="internationale-woche-2025")


def originals(**filters):
    return Event.objects.originals().filter(**filters)


def test_load_demo_twice_makes_nothing_twice(db):
    call_command("load_demo", verbosity=0)
    before = counts()
    dates = list(EventDate.objects.order_by("pk").values_list("pk", "start"))
    call_command("load_demo", verbosity=0)
    assert counts() == before
    assert list(EventDate.objects.order_by("pk").values_list("pk", "start")) == dates
    assert before["Organisation"] == 24 + 3  # the festival's, and the pool's institutions
    assert before["Edition"] == 2


def test_demo_organisations_are_of_every_kind(demo):
    organisations = Organisation.objects.filter(centre=demo)
    assert organisations.count() >= 20
    assert set(organisations.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    assert all(o.email.endswith(".example") for o in organisations)


def test_festival_2025_has_more_than_thirty_events_over_nine_days(festival):
    assert festival.programme_published
    assert (festival.starts_on, festival.ends_on) == (
        datetime.date(2025, 6, 21),
        datetime.date(2025, 6, 29),
    )
    assert not festival.accepts_submissions()
    published = originals(edition=festival, state="published")
    assert published.count() == 33
    assert published.filter(published_at__isnull=True).count() == 0
    days = {
        timezone.localtime(start, BERLIN).date()
        for start in EventDate.objects.filter(event__in=published).values_list("start", flat=True)
    }
    assert days == set(festival.days)
    # some events have several dates
    several = published.annotate(n=Count("dates")).filter(n__gt=1)
    assert several.count() == 3
    assert set(
        EditionIntro.objects.filter(edition=festival).values_list("language", flat=True)
    ) == {
        "en",
        "tr",
        "ar",
        "uk",
    }


def test_festival_opens_with_the_muensterstrassenfest(festival):
    first = (
        originals(edition=festival, state="published")
        .annotate(first=Min("dates__start"))
        .order_by("first")
        .first()
    )
    assert first.title.startswith("Münsterstraßenfest")
    assert first.venue.street == "Münsterstraße"
    date = first.dates.get()
    assert timezone.localtime(date.start, BERLIN) == datetime.datetime(
        2025, 6, 21, 12, 0, tzinfo=BERLIN
    )
    assert timezone.localtime(date.start, BERLIN).weekday() == 5  # a Saturday
    assert timezone.localtime(date.end, BERLIN).hour == 20


def test_festival_has_the_kinds_of_events_the_week_really_has(festival):
    events = originals(edition=festival)
    assert set(events.values_list("category", flat=True)) == {
        "festival",
        "talk",
        "film",
        "workshop",
        "family",
        "sport",
        "music",
        "exhibition",
        "faith",
        "information",
        "other",
    }
    service = events.get(category="faith")
    assert "Weltflüchtlingstag" in service.title
    assert events.filter(title__startswith="Hoeschparkfest").get().dates.get().start == (
        datetime.datetime(2025, 6, 29, 12, 0, tzinfo=BERLIN)
    )
    spoken = set()
    for languages in events.values_list("languages", flat=True):
        spoken.update(languages)
    assert {"de", "tr", "ar", "uk", "ru", "pl", "ku", "fa"} <= spoken
    assert events.filter(is_free=False).exclude(price="").count() == 6
    assert events.filter(family_friendly=True).count() >= 8
    assert events.filter(registration_required=True).count() >= 6


def test_cancelled_events_say_why(festival):
    cancelled = originals(edition=festival, state="cancelled")
    assert cancelled.count() == 2
    for event in cancelled:
        assert event.cancellation_note
        assert event.published_at is not None
    assert public_events(festival.centre, edition=festival).count() == 35


def test_every_event_has_a_venue_or_an_online_link(demo):
    for event in originals(centre=demo):
        if event.attendance == "online":
            assert event.venue_id is None
            assert event.online_url.startswith("https://")
        else:
            assert event.venue_id is not None, event.title
        if event.attendance == "hybrid":
            assert event.online_url.startswith("https://")
    attendances = set(originals(centre=demo).values_list("attendance", flat=True))
    assert attendances == {"on_site", "online", "hybrid"}


def test_venues_have_districts_and_vary_in_accessibility(demo):
    venues = Venue.objects.filter(centre=demo)
    assert venues.count() == 20
    assert venues.filter(district="").count() == 0
    assert venues.filter(district="Innenstadt-Nord").count() >= 12
    assert venues.filter(latitude__isnull=True).count() == 1  # the proposed venue
    for field in ("step_free", "accessible_toilet", "induction_loop"):
        assert set(venues.values_list(field, flat=True)) == {"yes", "no", "unknown"}
    proposed = venues.get(verified=False)
    assert proposed.proposed_by.name == "Ukrainische Gemeinschaft an der Ruhr e.V."


def test_translations_exist_in_every_language(festival):
    translations = Event.objects.filter(edition=festival).exclude(locale__language_code="de")
    per_language = dict(translations.values_list("locale__language_code").annotate(n=Count("pk")))
    assert per_language == {"en": 9, "tr": 4, "ar": 4, "uk": 4}
    opening = originals(edition=festival, title__startswith="Münsterstraßenfest").get()
    [english] = translate([opening], "en")
    assert english.title == "Münsterstraßenfest: opening of the Internationale Woche"
    assert english.content_language == "en"
    [arabic] = translate([opening], "ar")
    assert arabic.title == "مهرجان شارع مونستر: افتتاح الأسبوع الدولي"
    # a translation lends text only: the facts stay the original's
    translated = Event.objects.get(
        translation_key=opening.translation_key, locale__language_code="uk"
    )
    assert translated.dates.count() == 0
    assert festival.intro_for("ar")[1] == "ar"


def test_next_edition_takes_submissions_now(demo):
    upcoming = Edition.objects.get(centre=demo, slug="internationale-woche-2027")
    today = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=BERLIN)
    assert upcoming.accepts_submissions(today)
    assert not upcoming.accepts_submissions(datetime.datetime(2027, 5, 1, 9, tzinfo=BERLIN))
    assert not upcoming.programme_published
    events = originals(edition=upcoming)
    assert sorted(events.values_list("state", flat=True)) == [
        "changes_requested",
        "draft",
        "submitted",
    ]
    assert events.values("organisation").distinct().count() == 2
    assert list(Edition.objects.for_centre(demo).accepting_submissions(today)) == [upcoming]


def test_office_asks_for_changes_in_the_thread(demo):
    event = originals(state="changes_requested").get()
    shown = list(services.messages_for_organisation(event).values_list("from_office", "state"))
    assert shown == [(False, "submitted"), (True, "changes_requested")]
    assert event.messages.filter(internal=True).count() == 1


def test_late_organisation_has_an_access_code(demo):
    upcoming = Edition.objects.get(centre=demo, slug="internationale-woche-2027")
    club = Organisation.objects.get(centre=demo, name="FC Nordstadt International e.V.")
    late = datetime.datetime(2027, 5, 10, 12, 0, tzinfo=BERLIN)
    assert services.submission_window_open(upcoming, club, "fussball27", now=late) == (
        AccessCode.objects.get(edition=upcoming)
    )
    other = Organisation.objects.get(centre=demo, name=DEMO_MEMBER_ORGANISATION)
    assert services.submission_window_open(upcoming, other, "FUSSBALL27", now=late) is False


def test_year_round_events_are_upcoming(demo):
    now = timezone.now()
    year_round = public_events(demo).filter(edition__isnull=True)
    assert year_round.count() == 5
    for event in year_round:
        assert all(date.start > now for date in event.dates.all()), event.title
    soon = year_round.filter(dates__start__lt=now + datetime.timedelta(days=8)).distinct()
    assert soon.count() == 1


def test_a_later_load_moves_past_year_round_events_forward(demo):
    year_round = originals(centre=demo, edition__isnull=True)
    EventDate.objects.filter(event__in=year_round).update(
        start=datetime.datetime(2020, 1, 1, 18, tzinfo=BERLIN),
        end=datetime.datetime(2020, 1, 1, 20, tzinfo=BERLIN),
    )
    before = counts()
    load_events_demo(demo)
    assert counts() == before
    now = timezone.now()
    assert not EventDate.objects.filter(event__in=year_round, start__lt=now).exists()
    assert set(year_round.values_list("sequence", flat=True)) == {1}


def test_demo_member_account_acts_for_the_demo_organisation(demo, client, settings, tmp_path):
    settings.DEBUG = True
    settings.BASE_DIR = tmp_path
    call_command("ensure_demo_member", verbosity=0)
    password = (tmp_path / "var" / "demo-member.txt").read_text().strip()
    call_command("ensure_demo_member", verbosity=0)  # again: same account, same password
    membership = OrganisationMember.objects.select_related("user", "organisation").get(
        user__email=DEMO_MEMBER_EMAIL
    )
    assert membership.organisation.name == DEMO_MEMBER_ORGANISATION
    assert membership.user.check_password(password)
    assert (
        Membership.objects.filter(
            user=membership.user, centre=demo, role=Role.ORGANISATION_MEMBER
        ).count()
        == 1
    )
    assert not membership.user.is_staff
    sign_in(client, membership.user, second_factor=False)
    page = client.get("/konto/veranstaltungen/")
    assert page.status_code == 200
    assert "Nachbarschaftsflohmarkt am Nordmarkt" in page.content.decode()


def test_demo_member_is_for_development_only(demo, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("ensure_demo_member", verbosity=0)


def test_demo_events_and_venues_are_in_the_search_index(demo):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    german, english = (Locale.objects.get(language_code=code) for code in ("de", "en"))
    found = backend.search("Wyschywanka", Event.objects.filter(locale=german))
    assert [event.title for event in found] == ["Workshop: Ukrainische Stickerei"]
    found = backend.search("Nordstadt Cup", Event.objects.filter(locale=english))
    assert [event.title for event in found] == ["Nordstadt Cup: football tournament of cultures"]
    assert [v.name for v in backend.search("Steinwache", Venue)] == [
        "Mahn- und Gedenkstätte Steinwache"
    ]


def test_demo_records_pass_the_checks_of_the_forms(demo):
    # the demo writes rows directly; they must still be what a form would have accepted
    for record in [
        *Organisation.objects.filter(centre=demo),
        *Venue.objects.filter(centre=demo),
        *Event.objects.filter(centre=demo),
    ]:
        record.full_clean()
    for event in originals(centre=demo).prefetch_related("dates"):
        slots = services.slots_of(event)
        assert services.date_errors(slots, event.edition) == [], event.title
    # no two events of the programme claim the same venue at the same time
    assert services.overlap_map(list(originals(centre=demo))) == {}
