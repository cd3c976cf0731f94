"""The matching pages of the back office: who opens them, what they show, what they audit."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from mia.audit.models import AuditEntry
from mia.permissions.roles import Role
from mia.pool.models import Offer

from ..factories import member, sign_in
from .factories import district, institution, next_weekday, request, volunteer
from .test_matching import WEEKDAYS_8_TO_20

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(centre):
    return member(centre, Role.COORDINATOR, "pool")


def test_the_request_page_explains_the_ranking_and_audits_the_names(client, centre, coordinator):
    asked = request(centre, district=district(centre))
    person = volunteer(centre, "Amal Haddad", weekly=WEEKDAYS_8_TO_20)
    paused = volunteer(centre, "Bea Paused", weekly=WEEKDAYS_8_TO_20, status="paused")
    sign_in(client, coordinator)
    response = client.get(f"/verwaltung/pool/requests/{asked.pk}/")
    assert response.status_code == 200, response.get("Location")
    html = response.content.decode()
    assert "Amal Haddad" in html and "Bea Paused" in html
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LIST, model_label="pool.volunteer")
    assert entry.detail["ids"] == sorted([person.pk, paused.pk])
    assert entry.centre_id == centre.pk


def test_staff_without_the_pools_right_are_sent_to_the_dashboard(client, centre):
    editor = member(centre, Role.EDITOR)
    sign_in(client, editor)
    response = client.get("/verwaltung/pool/requests/")
    assert response.status_code == 302 and response["Location"] == "/verwaltung/"


def test_the_requests_list_puts_open_first_flags_urgent_and_filters(
    client, centre, coordinator, django_assert_max_num_queries
):
    school = institution(centre)
    done = request(centre, school, starts_at=next_weekday(3), status="done", language="tr")
    later = request(centre, school, starts_at=next_weekday(20), urgent=True)
    sign_in(client, coordinator)
    client.get("/verwaltung/pool/requests/")
    with CaptureQueriesContext(connection) as few:
        client.get("/verwaltung/pool/requests/")
    for _ in range(5):
        request(centre, school, starts_at=next_weekday(25))
    # the menu's items check their rights: a fixed cost; the rows add none
    with django_assert_max_num_queries(len(few)):
        response = client.get("/verwaltung/pool/requests/")
    assert len(few) <= 35
    html = response.content.decode()
    assert html.index(f"/verwaltung/pool/requests/{later.pk}/") < html.index(
        f"/verwaltung/pool/requests/{done.pk}/"
    )
    assert "urgent" in html
    assert '<th scope="col">' in html and "<caption" in html
    only_done = client.get("/verwaltung/pool/requests/?status=done").content.decode()
    assert f"/requests/{done.pk}/" in only_done and f"/requests/{later.pk}/" not in only_done
    turkish = client.get("/verwaltung/pool/requests/?language=tr").content.decode()
    assert f"/requests/{done.pk}/" in turkish and f"/requests/{later.pk}/" not in turkish
    assert client.get("/verwaltung/pool/requests/?status=nonsense&language=<x>").status_code == 200


def links(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def test_the_ranking_links_to_the_volunteers_records_and_offers_there(client, centre, coordinator):
    asked = request(centre)
    amal = volunteer(centre, "Amal Haddad", weekly=WEEKDAYS_8_TO_20)
    bea = volunteer(centre, "Bea Paused", weekly=WEEKDAYS_8_TO_20, status="paused")
    sign_in(client, coordinator)
    html = client.get(f"/verwaltung/pool/requests/{asked.pk}/").content.decode()

    names = {
        name: href for href, name in links(html, r'<a href="([^"]+)">(Amal Haddad|Bea Paused)<')
    }
    for person in (amal, bea):  # a candidate and a near miss
        target = resolve(names[person.name])
        assert (target.namespace, target.url_name) == ("pool_volunteers", "inspect")
        assert str(target.kwargs["pk"]) == str(person.pk)
        record = client.get(names[person.name])
        assert record.status_code == 200 and record.context["object"] == person

    # the ranking's form offers; the one below it closes the request as not filled
    action, _close = links(html, r'<form method="post" action="([^"]+)">')
    target = resolve(action)
    assert (target.namespace, target.url_name, target.kwargs) == (
        "pool_offers",
        "make",
        {"pk": asked.pk},
    )
    assert 'id="offers-note"' not in html and "disabled aria-describedby" not in html
    client.post(action, {"volunteer": [amal.pk]})
    assert list(Offer.objects.values_list("request_id", "volunteer_id")) == [(asked.pk, amal.pk)]


def test_the_suggestions_link_to_the_record_and_offer_there(client, centre, coordinator):
    asked = request(centre, starts_at=next_weekday(12, 10))
    amal = volunteer(centre, "Amal", weekly=WEEKDAYS_8_TO_20)
    sign_in(client, coordinator)
    html = client.get("/verwaltung/pool/requests/suggest/").content.decode()
    (record,) = links(html, r'<a href="([^"]+)">Amal<')
    assert resolve(record).url_name == "inspect" and client.get(record).status_code == 200
    (action,) = links(html, r'<form method="post" action="([^"]+)">')
    assert (resolve(action).url_name, resolve(action).kwargs) == ("make", {"pk": asked.pk})
    client.post(action, {"volunteer": amal.pk})
    assert Offer.objects.get().volunteer == amal


def test_the_offers_page_leads_back_to_the_ranking(client, centre, coordinator):
    asked = request(centre)
    sign_in(client, coordinator)
    html = client.get(f"/verwaltung/pool/requests/{asked.pk}/offers/").content.decode()
    (back,) = links(html, r'<a href="([^"]+)">Back to the request<')
    assert (resolve(back).namespace, resolve(back).url_name) == ("pool_requests", "detail")
    assert client.get(back).context["asked"] == asked
    # a refused offer returns there too
    refused = client.post(f"/verwaltung/pool/requests/{asked.pk}/offer/", {"volunteer": ["999"]})
    assert refused["Location"] == back


def test_without_the_right_to_offer_the_button_is_disabled_with_a_note(client, centre):
    from django.contrib.auth.models import Permission

    asked = request(centre)
    volunteer(centre, "Amal", weekly=WEEKDAYS_8_TO_20)
    reader = member(centre, Role.COORDINATOR, "pool")
    for membership in reader.centre_memberships.all():
        membership.group.permissions.remove(Permission.objects.get(codename="add_offer"))
    sign_in(client, reader)
    html = client.get(f"/verwaltung/pool/requests/{asked.pk}/").content.decode()
    assert 'id="offers-note"' in html and 'disabled aria-describedby="offers-note"' in html
    assert "/offer/" not in html


def test_another_centres_request_is_none(client, centre, other_centre, coordinator):
    asked = request(other_centre)
    sign_in(client, coordinator)
    assert client.get(f"/verwaltung/pool/requests/{asked.pk}/").status_code == 404


def test_the_suggestion_lists_pairs_and_audits_them(client, centre, coordinator):
    school = institution(centre)
    first = request(centre, school, starts_at=next_weekday(12, 10))
    second = request(centre, school, starts_at=next_weekday(13, 10), language="fa")
    amal = volunteer(centre, "Amal", weekly=WEEKDAYS_8_TO_20)
    sign_in(client, coordinator)
    response = client.get("/verwaltung/pool/requests/suggest/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 of 2 open requests with a volunteer" in html
    assert f"/verwaltung/pool/requests/{first.pk}/" in html
    assert f"/verwaltung/pool/requests/{second.pk}/" in html
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LIST, model_label="pool.volunteer")
    assert entry.detail["ids"] == [amal.pk] and entry.detail["suggest_all"] is True


def test_an_offered_request_keeps_its_ranking_and_shows_its_offers(client, centre, coordinator):
    from mia.pool import offers

    asked = request(centre, district=district(centre))
    amal = volunteer(centre, "Amal Haddad", weekly=WEEKDAYS_8_TO_20)
    volunteer(centre, "Bilal Saleh", weekly=WEEKDAYS_8_TO_20)
    offers.make_offers(asked, [amal], None)
    sign_in(client, coordinator)
    html = client.get(f"/verwaltung/pool/requests/{asked.pk}/").content.decode()
    # more volunteers can be asked while the first has not answered
    assert 'id="candidates"' in html and "Bilal Saleh" in html
    (offers_page,) = links(html, r'<a href="([^"]+)">Offers and answers<')
    assert resolve(offers_page).url_name == "list"
    assert "1 Open" in html


def test_the_coordinator_closes_a_request_as_not_filled(client, centre, coordinator):
    asked = request(centre)
    sign_in(client, coordinator)
    html = client.get(f"/verwaltung/pool/requests/{asked.pk}/").content.decode()
    assert f'action="/verwaltung/pool/requests/{asked.pk}/not-filled/"' in html
    refused = client.post(f"/verwaltung/pool/requests/{asked.pk}/not-filled/", {"reason": "x"})
    assert refused.status_code == 302
    asked.refresh_from_db()
    assert asked.status == "open"
    client.post(f"/verwaltung/pool/requests/{asked.pk}/not-filled/", {"reason": "late"})
    asked.refresh_from_db()
    assert (asked.status, asked.unfilled_reason) == ("unfilled", "late")
    html = client.get(f"/verwaltung/pool/requests/{asked.pk}/").content.decode()
    assert "Asked too late" in html
    assert "not-filled/" not in html  # closed once


def test_the_dashboard_shows_what_waits_for_the_coordinator(client, centre, coordinator):
    school = institution(centre)
    request(centre, school)
    request(centre, school, urgent=True)
    volunteer(centre, "Neu Bewerberin", status="applied")
    institution(centre, "Kita Wartend", status="pending")
    sign_in(client, coordinator)
    html = client.get("/verwaltung/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    panel = html.split('id="pool-waiting-content"')[1].split("</table>")[0]
    assert re.search(
        r'href="/verwaltung/pool/requests/\?status=open">Open requests</a></th>\s*'
        r"<td>2 · <strong>1 urgent</strong>",
        panel,
    )
    assert re.search(r">Applications to take in</a></th>\s*<td>1<", panel)
    assert re.search(r">Institutions to approve</a></th>\s*<td>1<", panel)


def test_staff_of_other_domains_see_no_pool_panel(client, centre):
    sign_in(client, member(centre, Role.EDITOR))
    assert 'id="pool-waiting-content"' not in client.get("/verwaltung/").content.decode()


def test_the_request_page_shows_the_address_and_the_contact_on_the_day(client, centre, coordinator):
    asked = request(
        centre,
        place="Schulstraße 1, Eingang B",
        contact_name="Frau Yilmaz",
        contact_phone="0231 111",
    )
    sign_in(client, coordinator)
    html = client.get(f"/verwaltung/pool/requests/{asked.pk}/").content.decode()
    assert "Schulstraße 1, Eingang B" in html
    assert 'Frau Yilmaz, <span dir="ltr">0231 111</span>' in html
