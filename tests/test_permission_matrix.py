"""Who may open which URL, as data: every URL pattern of MIA, every role, the status each gets.

`test_every_url_pattern_is_in_the_matrix` walks the whole URL configuration: a new URL (a
view, a viewset, an app's URLs) fails the suite until it has a rule here. Each rule names a
sample address and the outcome for every role; `test_matrix` opens the sample as each role.

Outcomes: OK = 200; LOGIN = redirect to the sign-in page; HOME = Wagtail's "no permission"
redirect to the back-office dashboard; 403, 404, 405 = that status.
"""

import re

import pytest
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver

from mia.permissions.roles import Role

from .counselling import factories as counselling
from .factories import MessageFactory, edition, event, member, sign_in, venue

OK, LOGIN, HOME = "ok", "login", "home"
ROLES = (
    "anonymous",
    "organisation_member",
    "institution_contact",
    "volunteer",
    "editor",
    "coordinator",
    "centre_admin",
    "other_centre_admin",
    "superuser",
)
PUBLIC_ROLES = ("organisation_member", "institution_contact", "volunteer")
STAFF = ("editor", "coordinator", "centre_admin", "other_centre_admin", "superuser")


def outcomes(allowed=(), *, anonymous=LOGIN, public=403, denied=HOME, **special):
    """Back-office default: sign in first; public roles refused; staff without the right sent home."""
    table = {"anonymous": anonymous}
    table.update(dict.fromkeys(PUBLIC_ROLES, public))
    table.update({role: OK if role in allowed else denied for role in STAFF})
    table.update(special)
    return table


EVERYONE = dict.fromkeys(ROLES, OK)
SIGNED_IN = {**dict.fromkeys(ROLES, OK), "anonymous": LOGIN}
ALL_STAFF = outcomes(STAFF)
CONTENT = outcomes(("editor", "centre_admin", "other_centre_admin", "superuser"))
SUPERUSER = outcomes(("superuser",))
MESSAGES = outcomes(("coordinator", "centre_admin", "other_centre_admin", "superuser"))
CENTRE_ADMIN = outcomes(("centre_admin", "other_centre_admin", "superuser"))
# an event of the world's organisation: its members only (staff work in the back office)
OWN_EVENT = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "organisation_member": OK}


def own_record(allowed, other_centre=404, denied=404, **special):
    """One record of Dortmund: staff without a right to it get a 404, as if it did not exist
    (where Wagtail checks the model permission first, they are sent to the dashboard)."""
    table = outcomes(allowed, denied=denied, **special)
    table["other_centre_admin"] = other_centre
    return table


# (pattern of the route, as Django prints it) → (sample address, outcome per role)
# Samples use {names} of the records made by the `world` fixture.
MATRIX: list[tuple[str, str, dict]] = [
    # public site
    (r"^robots\.txt$", "/robots.txt", EVERYONE),
    (r"^sitemap\.xml$", "/sitemap.xml", EVERYONE),
    (r"^search/$", "/search/?q=Thema", EVERYONE),
    (r"^\(\(\?:", "/thema-0/", EVERYONE),  # Wagtail pages through MIA's route table
    (r"^_util/login/", "/_util/login/", EVERYONE),
    (
        r"^_util/authenticate_with_password/",
        "/_util/authenticate_with_password/1/1/",
        {**dict.fromkeys(ROLES, 404)},
    ),
    (
        r"^documents/authenticate_with_password/",
        "/documents/authenticate_with_password/999/",
        dict.fromkeys(ROLES, 404),
    ),
    (r"^documents/", "/documents/{document}/{document_file}", EVERYONE),
    # accounts
    (r"^konto/$", "/konto/", SIGNED_IN),
    (r"^konto/einladung/", "/konto/einladung/{token}/", {**EVERYONE, "anonymous": OK}),
    (r"^konto/login/$", "/konto/login/", {**dict.fromkeys(ROLES, 302), "anonymous": OK}),
    (r"^konto/login/code/", "/konto/login/code/confirm/", dict.fromkeys(ROLES, 302)),
    (r"^konto/logout/", "/konto/logout/", {**dict.fromkeys(ROLES, OK), "anonymous": 302}),
    (r"^konto/signup/", "/konto/signup/", {**dict.fromkeys(ROLES, 302), "anonymous": OK}),
    (r"^konto/password/change/", "/konto/password/change/", SIGNED_IN),
    (
        r"^konto/password/set/",
        "/konto/password/set/",
        {**dict.fromkeys(ROLES, 302), "anonymous": LOGIN},
    ),
    (r"^konto/password/reset/", "/konto/password/reset/", {**dict.fromkeys(ROLES, OK)}),
    (r"^konto/(email|confirm-email|\(email)", "/konto/email/", dict.fromkeys(ROLES, 404)),
    (r"^konto/inactive/", "/konto/inactive/", EVERYONE),
    (r"^konto/reauthenticate/", "/konto/reauthenticate/", SIGNED_IN),
    (r"^konto/2fa/", "/konto/2fa/", SIGNED_IN),
    (r"^konto/sessions/", "/konto/sessions/", SIGNED_IN),
    (
        r"^konto/organisation/",
        "/konto/organisation/{organisation}/",
        {
            **dict.fromkeys(ROLES, 404),
            "anonymous": LOGIN,
            "organisation_member": OK,  # a member of this organisation
            "centre_admin": OK,
            "superuser": OK,
        },
    ),
    # events: the organisations' own pages; another organisation's event looks like none
    (r"^konto/veranstaltungen/$", "/konto/veranstaltungen/", SIGNED_IN),
    (
        r"^konto/veranstaltungen/neu/$",
        "/konto/veranstaltungen/neu/",
        # without an organisation: sent to the list, which explains how to take part
        {**dict.fromkeys(ROLES, 302), "anonymous": LOGIN, "organisation_member": OK},
    ),
    (r"^konto/veranstaltungen/<int:pk>/$", "/konto/veranstaltungen/{draft}/", OWN_EVENT),
    (
        r"^konto/veranstaltungen/<int:pk>/bearbeiten/$",
        "/konto/veranstaltungen/{draft}/bearbeiten/",
        OWN_EVENT,
    ),
    # these take a POST only
    (
        r"^konto/veranstaltungen/<int:pk>/(aktion|nachricht)/",
        "/konto/veranstaltungen/{draft}/aktion/withdraw/",
        {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN},
    ),
    # events: the public programme, event pages, feeds and booklets
    (r"^veranstaltungen/$", "/veranstaltungen/", EVERYONE),
    (r"^veranstaltungen/<slug:edition>/$", "/veranstaltungen/iw/", EVERYONE),
    (r"^veranstaltung/<int:pk>-", "/veranstaltung/{event}-{event_slug}/", EVERYONE),
    (r"^veranstaltung/<int:pk>\.ics", "/veranstaltung/{event}.ics", EVERYONE),
    (r"programm\.ics", "/veranstaltungen/{edition}/programm.ics", EVERYONE),
    (r"veranstalter-", "/veranstaltungen/veranstalter-{organisation}.ics", EVERYONE),
    (r"programmheft-", "/veranstaltungen/iw/programmheft-de.pdf", EVERYONE),
    # the counselling finder, office pages and their vCards
    (r"^beratung/$", "/beratung/?age=30&district=innenstadt-nord", EVERYONE),
    (r"^beratung/<int:pk>-<slug:slug>/$", "/beratung/{office}-{office_slug}/", EVERYONE),
    (r"^beratung/<int:pk>-<slug:slug>\.vcf$", "/beratung/{office}-{office_slug}.vcf", EVERYONE),
    # the naturalisation ceremony: the code is the key, whoever holds it (a role changes nothing)
    (r"^einbuergerungsfeier/$", "/einbuergerungsfeier/", EVERYONE),
    (r"^einbuergerungsfeier/<str:code>/$", "/einbuergerungsfeier/{invitee_code}/", EVERYONE),
    (
        r"^einbuergerungsfeier/<str:code>/karte\.pdf$",
        "/einbuergerungsfeier/{guest_code}/karte.pdf",
        EVERYONE,
    ),
    # the JSON API of events and venues
    (r"^api/v1/events/$", "/api/v1/events/", EVERYONE),
    (r"^api/v1/events/<int:pk>/$", "/api/v1/events/{event}/", EVERYONE),
    (r"^api/v1/venues/$", "/api/v1/venues/", EVERYONE),
    (r"^api/v1/venues/<int:pk>/$", "/api/v1/venues/{venue}/", EVERYONE),
    (r"^api/v1/openapi\.json$", "/api/v1/openapi.json", EVERYONE),
    # the JSON API of counselling offices: open data, like the finder
    (r"^api/v1/offices/$", "/api/v1/offices/?age=30", EVERYONE),
    (r"^api/v1/offices\.geojson$", "/api/v1/offices.geojson?age=17", EVERYONE),
    # naturalisation statistics: the page, its open-data files and their DCAT description
    (r"^statistik/einbuergerungen/$", "/statistik/einbuergerungen/", EVERYONE),
    (r"^statistik/einbuergerungen\.(csv|json|jsonld)$", "/statistik/einbuergerungen.csv", EVERYONE),
    (r"^statistik/katalog\.jsonld$", "/statistik/katalog.jsonld", EVERYONE),
    (r"^api/v1/statistics/naturalisations/$", "/api/v1/statistics/naturalisations/", EVERYONE),
    # back office: for every member of staff
    (r"^verwaltung/$", "/verwaltung/", ALL_STAFF),
    (
        r"^verwaltung/login/",
        "/verwaltung/login/",
        outcomes(anonymous=302, **dict.fromkeys(STAFF, 302)),
    ),
    (
        r"^verwaltung/password_reset/",
        "/verwaltung/password_reset/",
        outcomes(anonymous=404, **dict.fromkeys(STAFF, 404)),
    ),
    (r"^verwaltung/account/", "/verwaltung/account/", ALL_STAFF),
    (r"^verwaltung/jsi18n/", "/verwaltung/jsi18n/", {**ALL_STAFF, "anonymous": OK}),
    (
        r"^verwaltung/(sprite|dismissibles|tag-autocomplete|editing-sessions|block-preview|choose-|api/|embeds|failwhale|test404|bulk)",
        "/verwaltung/choose-page/",
        ALL_STAFF,
    ),
    (
        r"^verwaltung/\.\*",
        "/verwaltung/no-such-place/",
        {**outcomes(STAFF), **dict.fromkeys(STAFF, 404)},
    ),
    # content: editors
    (
        r"^verwaltung/pages/",
        "/verwaltung/pages/{page}/edit/",
        own_record(("editor", "centre_admin", "superuser"), other_centre=HOME, coordinator=HOME),
    ),
    (r"^verwaltung/images/", "/verwaltung/images/", CONTENT),
    (r"^verwaltung/documents/", "/verwaltung/documents/", CONTENT),
    (
        r"^verwaltung/snippets/",
        "/verwaltung/snippets/website/contactperson/edit/{person}/",
        own_record(("editor", "centre_admin", "superuser")),
    ),
    (
        r"^verwaltung/localize/",
        "/verwaltung/localize/submit/page/{page}/",
        own_record(("editor", "centre_admin", "superuser")),
    ),
    (r"^verwaltung/reports/locked/", "/verwaltung/reports/locked/", CONTENT),
    # site-wide reports list every centre's records
    (
        r"^verwaltung/reports/",
        "/verwaltung/reports/site-history/",
        outcomes(("superuser",), denied=403),
    ),
    # events: the events office (a coordinator of the events domain) and centre admins;
    # the matrix's coordinator runs messages and mail, so it is refused like an editor
    (r"^verwaltung/snippets/events/event/$", "/verwaltung/snippets/events/event/", CENTRE_ADMIN),
    (
        r"^verwaltung/snippets/events/",
        "/verwaltung/snippets/events/event/inspect/{submitted_event}/",
        own_record(("centre_admin", "superuser")),
    ),
    (
        r"^verwaltung/editions/",
        "/verwaltung/editions/edit/{edition_id}/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (r"^verwaltung/access-codes/", "/verwaltung/access-codes/", CENTRE_ADMIN),
    (
        r"^verwaltung/venues/",
        "/verwaltung/venues/inspect/{venue}/",
        own_record(("centre_admin", "superuser")),
    ),
    # counselling: the counselling office (a coordinator of the counselling domain, see
    # tests/counselling) and centre admins; the matrix's coordinator runs messages and mail
    (
        r"^verwaltung/snippets/counselling/office/$",
        "/verwaltung/snippets/counselling/office/",
        CENTRE_ADMIN,
    ),
    (
        r"^verwaltung/snippets/counselling/",
        "/verwaltung/snippets/counselling/office/edit/{office}/",
        own_record(("centre_admin", "superuser")),
    ),
    (
        r"^verwaltung/counselling/(providers|districts|postcodes)/",
        "/verwaltung/counselling/districts/edit/{district}/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (r"^verwaltung/counselling/import/$", "/verwaltung/counselling/import/", CENTRE_ADMIN),
    # a kept import file is its uploader's alone: anyone else finds none
    (
        r"^verwaltung/counselling/import/<str:token>/",
        "/verwaltung/counselling/import/{import_token}/",
        outcomes(
            denied=HOME, **dict.fromkeys(("centre_admin", "other_centre_admin", "superuser"), 404)
        ),
    ),
    (
        r"^verwaltung/counselling/export/",
        "/verwaltung/counselling/export/?format=csv",
        CENTRE_ADMIN,
    ),
    # statistics: the statistics office (a coordinator of the statistics domain, see
    # tests/statistics) and centre admins; the matrix's coordinator runs messages and mail
    (
        r"^verwaltung/statistics/(years|dataset)/",
        "/verwaltung/statistics/years/edit/{naturalisation_year}/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (r"^verwaltung/statistics/import/$", "/verwaltung/statistics/import/", CENTRE_ADMIN),
    # a kept import file is its uploader's alone: anyone else finds none
    (
        r"^verwaltung/statistics/import/<str:token>/",
        "/verwaltung/statistics/import/{statistics_token}/",
        outcomes(
            denied=HOME, **dict.fromkeys(("centre_admin", "other_centre_admin", "superuser"), 404)
        ),
    ),
    (
        r"^verwaltung/statistics/export/",
        "/verwaltung/statistics/export/?format=csv",
        CENTRE_ADMIN,
    ),
    # naturalisation ceremonies: the ceremonies office (a coordinator of the ceremonies
    # domain, see tests/ceremonies) and centre admins; another centre's ceremony is none
    (r"^verwaltung/ceremonies/$", "/verwaltung/ceremonies/", CENTRE_ADMIN),
    (
        r"^verwaltung/ceremonies/invitees/",
        "/verwaltung/ceremonies/invitees/edit/{invitee}/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    # a kept import file is its uploader's alone: anyone else finds none
    (
        r"^verwaltung/ceremonies/<int:pk>/import/<str:token>/",
        "/verwaltung/ceremonies/{ceremony}/import/{ceremony_import_token}/",
        outcomes(
            denied=HOME, **dict.fromkeys(("centre_admin", "other_centre_admin", "superuser"), 404)
        ),
    ),
    (
        r"^verwaltung/ceremonies/<int:pk>/import/$",
        "/verwaltung/ceremonies/{ceremony}/import/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (
        r"^verwaltung/ceremonies/<int:pk>/letters/<int:batch>/",
        "/verwaltung/ceremonies/{ceremony}/letters/{letters}/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (
        r"^verwaltung/ceremonies/<int:pk>/letters/$",
        "/verwaltung/ceremonies/{ceremony}/letters/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    # sending one invitee's mail again takes a POST
    (
        r"^verwaltung/ceremonies/<int:pk>/emails/<int:invitee>/",
        "/verwaltung/ceremonies/{ceremony}/emails/{invitee}/",
        own_record((), denied=HOME, centre_admin=405, superuser=405),
    ),
    (
        r"^verwaltung/ceremonies/<int:pk>/emails/$",
        "/verwaltung/ceremonies/{ceremony}/emails/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (
        r"^verwaltung/ceremonies/<int:pk>/check-in/status/",
        "/verwaltung/ceremonies/{ceremony}/check-in/status/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (
        r"^verwaltung/ceremonies/<int:pk>/check-in/$",
        "/verwaltung/ceremonies/{ceremony}/check-in/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (
        r"^verwaltung/ceremonies/<int:pk>/$",
        "/verwaltung/ceremonies/{ceremony}/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (
        r"^verwaltung/ceremonies/",
        "/verwaltung/ceremonies/edit/{ceremony}/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    # messages and mail: the messages coordinator and centre admins
    (
        r"^verwaltung/messages/",
        "/verwaltung/messages/inspect/{message}/",
        own_record(("coordinator", "centre_admin", "superuser")),
    ),
    (
        r"^verwaltung/outbox/",
        "/verwaltung/outbox/inspect/{mail}/",
        own_record(("coordinator", "centre_admin", "superuser")),
    ),
    # people: centre admins
    (
        r"^verwaltung/memberships/",
        "/verwaltung/memberships/edit/{membership}/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (r"^verwaltung/invitations/", "/verwaltung/invitations/", CENTRE_ADMIN),
    (r"^verwaltung/organisations/", "/verwaltung/organisations/", CENTRE_ADMIN),
    (r"^verwaltung/privacy/", "/verwaltung/privacy/", CENTRE_ADMIN),
    (r"^verwaltung/audit/", "/verwaltung/audit/", CENTRE_ADMIN),
    # the platform: superusers only
    (
        r"^verwaltung/(centres|users|groups|sites|locales|workflows|collections|settings|redirects|forms)/",
        "/verwaltung/users/",
        SUPERUSER,
    ),
    # pool, part A (volunteers) — before signing out, which ends the session of the
    # rules after it: the application is public; a volunteer's own pages find the
    # record through the account, and none of the matrix's users has one (the volunteer with
    # a record, and someone else's, are in tests/pool/test_volunteers_access.py); the back
    # office is the pool coordinators' and centre admins' (the matrix's coordinator runs
    # messages); no volunteer has the sample's id, so those who may look find none
    (r"^sprachmittlung/mitmachen/$", "/sprachmittlung/mitmachen/", EVERYONE),
    (r"^sprachmittlung/ehrenamt/$", "/sprachmittlung/ehrenamt/", SIGNED_IN),
    (
        r"^sprachmittlung/ehrenamt/(zeiten|angaben|meine-daten)/$",
        "/sprachmittlung/ehrenamt/meine-daten/",
        {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN},
    ),
    (r"^verwaltung/pool/volunteers/(results/)?$", "/verwaltung/pool/volunteers/", CENTRE_ADMIN),
    (
        r"^verwaltung/pool/volunteers/<int:pk>/<str:action>/",
        "/verwaltung/pool/volunteers/999999/take_in/",
        own_record((), denied=HOME, centre_admin=404, superuser=404),
    ),
    (
        r"^verwaltung/pool/volunteers/",
        "/verwaltung/pool/volunteers/inspect/999999/",
        own_record((), centre_admin=404, superuser=404),
    ),
    # -- pool, part B (institutions and requests); before signing out, which ends the session --
    # registering: anyone; the rest only for contacts of an approved institution (the world's
    # institution_contact acts for none, its organisation_member lacks the contact role)
    (r"^sprachmittlung/einrichtung/$", "/sprachmittlung/einrichtung/", EVERYONE),
    (
        r"^sprachmittlung/(anfrage|anfragen)/$",
        "/sprachmittlung/anfragen/",
        {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN},
    ),
    (
        r"^sprachmittlung/anfragen/<int:pk>/(absagen/)?$",
        "/sprachmittlung/anfragen/{pool_request}/absagen/",
        {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN},
    ),
    (
        r"^verwaltung/pool/institutions/<int:pk>/decision/",
        "/verwaltung/pool/institutions/{pool_institution}/decision/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (
        r"^verwaltung/pool/institutions/",
        "/verwaltung/pool/institutions/edit/{pool_institution}/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (
        r"^verwaltung/pool/topics/",
        "/verwaltung/pool/topics/edit/{pool_topic}/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    (
        r"^verwaltung/pool/settings/",
        "/verwaltung/pool/settings/edit/{pool_settings}/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    # -- end of pool, part B --
    # pool, part D (offers), kept before the sign-out rule, which ends staff sessions for
    # the rules after it: the offer's link is the key, whoever holds it; a volunteer's own
    # assignment only; the back office for pool coordinators and centre admins (the matrix's
    # coordinator runs messages and mail, so it is refused like an editor)
    (r"^sprachmittlung/angebot/<str:token>/$", "/sprachmittlung/angebot/{pool_token}/", EVERYONE),
    (
        r"^sprachmittlung/ehrenamt/einsaetze/<int:pk>/absagen/$",
        "/sprachmittlung/ehrenamt/einsaetze/{pool_assignment}/absagen/",
        {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN},
    ),
    (r"^verwaltung/pool/offers/$", "/verwaltung/pool/offers/", CENTRE_ADMIN),
    (
        r"^verwaltung/pool/requests/<int:pk>/offers/$",
        "/verwaltung/pool/requests/{pool_request}/offers/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    # these take a POST only
    (
        r"^verwaltung/pool/requests/<int:pk>/offer/$",
        "/verwaltung/pool/requests/{pool_request}/offer/",
        own_record((), denied=HOME, centre_admin=405, superuser=405),
    ),
    (
        r"^verwaltung/pool/requests/<int:pk>/not-filled/$",
        "/verwaltung/pool/requests/{pool_request}/not-filled/",
        own_record((), denied=HOME, centre_admin=405, superuser=405),
    ),
    (
        r"^verwaltung/pool/offers/<int:pk>/withdraw/$",
        "/verwaltung/pool/offers/{pool_offer}/withdraw/",
        own_record((), denied=HOME, centre_admin=405, superuser=405),
    ),
    (
        r"^verwaltung/pool/assignments/<int:pk>/cancel/$",
        "/verwaltung/pool/assignments/{pool_assignment}/cancel/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    # pool, part C (matching): the pool's coordinators and centre admins; the matrix's
    # coordinator runs messages and mail; another centre's request is none
    (r"^verwaltung/pool/requests/$", "/verwaltung/pool/requests/", CENTRE_ADMIN),
    (r"^verwaltung/pool/requests/suggest/", "/verwaltung/pool/requests/suggest/", CENTRE_ADMIN),
    (
        r"^verwaltung/pool/requests/<int:pk>/$",
        "/verwaltung/pool/requests/{pool_request}/",
        own_record(("centre_admin", "superuser"), denied=HOME),
    ),
    # -- pool, part E (billing): hours on the public site, allowances and statistics --------
    # an assignment or request of someone else looks like none (tests/pool/test_hours.py
    # opens the owner's own record)
    (
        r"^sprachmittlung/ehrenamt/einsaetze/<int:pk>/stunden/",
        "/sprachmittlung/ehrenamt/einsaetze/999999/stunden/",
        {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN},
    ),
    (
        r"^sprachmittlung/anfragen/<int:pk>/stunden/",
        "/sprachmittlung/anfragen/999999/stunden/",
        {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN},
    ),
    # the pool's coordinators and centre admins; closing a month takes a POST
    (
        r"^verwaltung/pool/billing/<int:year>/<int:month>/close/",
        "/verwaltung/pool/billing/2025/1/close/",
        outcomes(**dict.fromkeys(("centre_admin", "other_centre_admin", "superuser"), 405)),
    ),
    (r"^verwaltung/pool/(billing|statistics)/", "/verwaltung/pool/billing/", CENTRE_ADMIN),
    # signing out takes a POST (last: Wagtail's logout view drops the session cookie even
    # when it answers 405)
    (r"^verwaltung/logout/", "/verwaltung/logout/", outcomes(**dict.fromkeys(STAFF, 405))),
]


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^").replace("\\", "")
        if isinstance(pattern, URLResolver):
            # i18n_patterns: the language prefix is optional. Its text is the active
            # language's prefix, so a test that left a language active must not change it
            if isinstance(pattern.pattern, LocalePrefixPattern) or route.startswith(
                ("(?P<language>", "<language>")
            ):
                route = prefix
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _rule_for(route: str):
    return next((rule for rule in MATRIX if re.search(rule[0], route)), None)


def test_every_url_pattern_is_in_the_matrix():
    routes = set(_routes(get_resolver().url_patterns))
    assert len(routes) > 250  # the walk really reaches Wagtail's admin URLs
    missing = sorted(route for route in routes if _rule_for(route) is None)
    assert missing == []


def test_every_rule_is_still_needed():
    routes = set(_routes(get_resolver().url_patterns))
    unused = [
        pattern for pattern, _s, _t in MATRIX if not any(re.search(pattern, r) for r in routes)
    ]
    assert unused == []


def test_every_rule_names_every_role():
    for pattern, _sample, table in MATRIX:
        assert set(table) == set(ROLES), pattern


@pytest.fixture
def world(site_pages, centre, other_centre):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from mia.core.models import Membership
    from mia.outbox.services import queue_mail
    from mia.permissions.invitations import invite

    document = get_document_model().objects.create(
        title="Satzung", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="doc.pdf")
    )
    editor = member(centre, Role.EDITOR)
    _invitation, token = invite(centre, "neu@example.org", Role.EDITOR)
    from mia.organisations.models import Organisation

    organisation = Organisation.objects.create(
        centre=centre, name="Kulturverein", kind="association"
    )
    festival = edition(centre, slug="iw")
    place = venue(centre)
    published = event(centre, edition=festival, organisation=organisation, venue=place)
    _booklet(centre)
    counselling_office = counselling.office(centre)
    return {
        **_counselling_back_office(centre, uploader=editor),
        **_statistics_back_office(centre, uploader=editor),
        **_ceremony(centre, uploader=editor),
        **_ceremony_answers(centre),
        **_pool_institutions(centre, organisation),
        **_pool_offers(centre),
        "edition_id": festival.pk,
        "submitted_event": event(
            centre, state="submitted", edition=festival, organisation=organisation
        ).pk,
        "organisation": organisation.pk,
        "edition": festival.slug,
        "venue": place.pk,
        "event": published.pk,
        "draft": event(centre, state="draft", organisation=organisation).pk,
        "page": site_pages["topic0"].pk,
        "person": site_pages["topic0"].specific.contact_persons[0].value.pk,
        "message": MessageFactory(centre=centre).pk,
        "mail": queue_mail(
            centre=centre, to=["a@example.org"], subject="s", body="b", purpose="t"
        ).pk,
        "membership": Membership.objects.get(user=editor).pk,
        "document": document.pk,
        "document_file": document.filename,
        "token": token,
        "event_slug": published.slug,
        "office": counselling_office.pk,
        "office_slug": counselling_office.slug,
    }


def _counselling_back_office(centre, uploader) -> dict:
    """A district of Dortmund, and an import file of counselling offices waiting for its
    uploader (the office is the world's `office`)."""
    from mia.core import import_store
    from mia.counselling.models import District

    district = District.objects.create(centre=centre, name="Innenstadt-Nord")
    token = import_store.keep(
        b"name;programme\n",
        user_id=uploader.pk,
        centre_id=centre.pk,
        format="csv",
        filename="a.csv",
    )
    return {"district": district.pk, "import_token": token}


def _statistics_back_office(centre, uploader) -> dict:
    """Dortmund's figures, and an import file of figures waiting for its uploader."""
    from mia.core import import_store
    from mia.statistics.demo import load_statistics_demo
    from mia.statistics.models import NaturalisationYear

    load_statistics_demo(centre)
    token = import_store.keep(
        b"year;count\n2024;1\n",
        user_id=uploader.pk,
        centre_id=centre.pk,
        format="csv",
        filename="z.csv",
    )
    year = NaturalisationYear.objects.get(centre=centre, year=2024)
    return {"naturalisation_year": year.pk, "statistics_token": token}


def _ceremony(centre, uploader) -> dict:
    """A ceremony of Dortmund with an invitee, a PDF of letters, and an import file of
    invitees waiting for its uploader."""
    from django.core.files.base import ContentFile

    from mia.ceremonies.models import LetterBatch
    from mia.core import import_store

    from .ceremonies.helpers import ceremony, invitee

    feast = ceremony(centre)
    guest = invitee(feast, email="gast@example.org")
    letters = LetterBatch.objects.create(centre=centre, ceremony=feast, status="done")
    letters.file.save("letters.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    token = import_store.keep(
        b"name;street;postcode;city\n",
        user_id=uploader.pk,
        centre_id=centre.pk,
        format="csv",
        filename="a.csv",
        scope=f"ceremony:{feast.pk}",
    )
    return {
        "ceremony": feast.pk,
        "invitee": guest.pk,
        "letters": letters.pk,
        "ceremony_import_token": token,
    }


def _ceremony_answers(centre) -> dict:
    """An invitee who has not answered, and a guest with a seat (the ticket's PDF)."""
    from mia.ceremonies.services import answer

    from .ceremonies import factories as ceremonies

    feier = ceremonies.ceremony(centre)
    guest = answer(ceremonies.invitee(feier), attending=True)
    return {"invitee_code": ceremonies.invitee(feier).code, "guest_code": guest.code}


def _pool_offers(centre) -> dict:
    """Pool, part D: a request offered to a volunteer (the link's token), and another one
    accepted (the assignment)."""
    import re

    from mia.outbox.models import OutboxMessage
    from mia.pool import offers

    from .pool import factories as pool

    school = pool.institution(centre, "Grundschule Matrix")
    volunteer = pool.volunteer(centre)
    offered = pool.request(centre, school)
    (offer,) = offers.make_offers(offered, [volunteer], None)
    mail = OutboxMessage.objects.filter(purpose=offers.MAIL_OFFER).latest("pk")
    token = re.search(r"/angebot/([^/]+)/", mail.body).group(1)
    accepted = pool.request(centre, school, starts_at=pool.next_weekday(days_ahead=20))
    offers.make_offers(accepted, [volunteer], None)
    mail = OutboxMessage.objects.filter(purpose=offers.MAIL_OFFER).latest("pk")
    assignment = offers.accept(re.search(r"/angebot/([^/]+)/", mail.body).group(1))
    return {
        "pool_token": token,
        # the rules use part B's request (any request of Dortmund will do)
        "pool_offer": offer.pk,
        "pool_assignment": assignment.pk,
    }


def _booklet(centre) -> None:
    """The edition "iw" with a stored German booklet (a public download)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from mia.events.models import Booklet, Edition

    from .factories import edition

    festival = Edition.objects.filter(centre=centre, slug="iw").first() or edition(
        centre, slug="iw"
    )
    booklet = Booklet(
        centre=centre, edition=festival, language="de", size=15, generated_at=timezone.now()
    )
    booklet.file.save("programmheft-de.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))


def _user(role: str, centre, other_centre, django_user_model):
    if role == "anonymous":
        return None
    if role == "superuser":
        return django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16)
    if role == "other_centre_admin":
        return member(other_centre, Role.CENTRE_ADMIN)
    if role == "coordinator":
        return member(centre, Role.COORDINATOR, "messages")
    return member(centre, Role(role))


def _outcome(response) -> str | int:
    if response.status_code == 200:
        return OK
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(("/konto/login/", "/verwaltung/login/")):
            return LOGIN
        if location in ("/verwaltung/", "http://testserver/verwaltung/"):
            return HOME
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, world, centre, other_centre, django_user_model, role):
    """One role at a time, every rule: the sample address answers as the matrix says."""
    user = _user(role, centre, other_centre, django_user_model)
    if role == "organisation_member":
        from mia.organisations.models import OrganisationMember

        OrganisationMember.objects.create(organisation_id=world["organisation"], user=user)
    if user is not None:
        sign_in(client, user, second_factor=role in STAFF)
    wrong = []
    for _pattern, sample, table in MATRIX:
        response = client.get(sample.format(**world))
        expected, got = table[role], _outcome(response)
        if expected == 302 and response.status_code == 302:
            continue
        if got != expected:
            wrong.append((sample, expected, got, response.get("Location")))
    assert wrong == [], "\n".join(map(str, wrong))


def _pool_institutions(centre, organisation) -> dict:
    """Pool, part B: the world's organisation as an approved institution with a request,
    a topic, and the centre's pool settings."""
    from mia.pool.models import Institution, PoolSettings

    from .pool import factories as pool

    the_institution = Institution.objects.create(
        centre=centre, organisation=organisation, kind="association", status="approved"
    )
    asked = pool.request(centre, the_institution)
    return {
        "pool_institution": the_institution.pk,
        "pool_request": asked.pk,
        "pool_topic": asked.topic_id,
        "pool_settings": PoolSettings.for_centre(centre).pk,
    }
