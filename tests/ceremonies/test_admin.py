"""The ceremonies' back office: the list and form, each ceremony's overview with its figures
and invitees (searched, filtered, paged, audited), and the scoping to the user's centre."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from mia.audit.models import AuditEntry
from mia.ceremonies import services
from mia.ceremonies.models import Ceremony, Invitee
from mia.permissions.roles import Role

from ..factories import member, sign_in
from .helpers import ceremony, invitee

pytestmark = pytest.mark.django_db
ADMIN = "/verwaltung/ceremonies"


@pytest.fixture
def coordinator(client, centre):
    user = member(centre, Role.COORDINATOR, domain="ceremonies")
    sign_in(client, user)
    return user


def test_the_list_shows_the_centres_ceremonies_only(client, centre, other_centre, coordinator):
    own = ceremony(centre, title="Feier Dortmund")
    ceremony(other_centre, title="Feier Bochum")
    response = client.get(f"{ADMIN}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Feier Dortmund" in text and "Feier Bochum" not in text
    assert f"{ADMIN}/{own.pk}/" in text


def test_another_centres_ceremony_looks_like_none(client, centre, other_centre, coordinator):
    theirs = ceremony(other_centre)
    for suffix in ("", "import/", "letters/", "emails/", "check-in/", "check-in/status/"):
        assert client.get(f"{ADMIN}/{theirs.pk}/{suffix}").status_code == 404, suffix
    assert client.get(f"{ADMIN}/edit/{theirs.pk}/").status_code == 404


def test_an_events_coordinator_is_sent_home(client, centre):
    feast = ceremony(centre)
    sign_in(client, member(centre, Role.COORDINATOR, domain="events"))
    response = client.get(f"{ADMIN}/{feast.pk}/")
    assert response.status_code == 302 and response["Location"] == "/verwaltung/"


def test_a_new_ceremony_belongs_to_the_users_centre(client, centre, other_centre, coordinator):
    response = client.post(
        f"{ADMIN}/new/",
        {
            "centre": other_centre.pk,
            "title": "Herbstfeier",
            "starts_at": "2027-10-04 17:00",
            "ends_at": "2027-10-04 20:00",
            "venue_name": "Rathaus",
            "venue_address": "Friedensplatz 1\n44135 Dortmund",
            "capacity": "250",
            "companions_allowed": "1",
            "rsvp_deadline": "2027-09-20 23:59",
            "offer_hours": "48",
            "retention_days": "30",
            "languages": [],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Ceremony.objects.get(title="Herbstfeier").centre == centre


def test_the_deadline_must_be_before_the_ceremony(client, centre, coordinator):
    response = client.post(
        f"{ADMIN}/new/",
        {
            "title": "Herbstfeier",
            "starts_at": "2027-10-04 17:00",
            "venue_name": "Rathaus",
            "venue_address": "Friedensplatz 1",
            "capacity": "250",
            "companions_allowed": "1",
            "rsvp_deadline": "2027-10-05 12:00",
            "offer_hours": "48",
            "retention_days": "30",
        },
    )
    assert response.status_code == 200
    assert not Ceremony.objects.filter(title="Herbstfeier").exists()


def test_the_overview_counts_and_lists_the_invitees(client, centre, coordinator):
    feast = ceremony(centre, capacity=10)
    invitee(feast, "Amina Haddad", status="attending", companions=1)
    invitee(
        feast,
        "Oleksandr Melnyk",
        street="Weg 2",
        status="attending",
        companions=0,
        checked_in_at=timezone.now(),
    )
    invitee(feast, "Elif Yılmaz", street="Weg 3", status="declined")
    invitee(feast, "Reza Ahmadi", street="Weg 4", status="waiting")
    invitee(feast, "Noor Saleh", street="Weg 5")
    with translation.override("en"):
        response = client.get(f"{ADMIN}/{feast.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    figures = response.context["figures"]
    assert (figures.invited, figures.answered, figures.attending) == (5, 4, 2)
    assert (figures.attending_seats, figures.declined, figures.waiting) == (3, 1, 1)
    assert (figures.arrived, figures.arrived_seats) == (1, 1)
    names = [row[0].name for row in response.context["rows"]]
    assert names == sorted(names) and len(names) == 5
    entry = AuditEntry.objects.get(action="list", model_label="ceremonies.invitee")
    assert sorted(entry.detail["ids"]) == sorted(Invitee.objects.values_list("pk", flat=True))


def test_the_overview_names_each_invitees_language_in_the_staffs_language(
    client, centre, coordinator
):
    feast = ceremony(centre)
    invitee(feast, "Amina Haddad", language="ar")
    invitee(feast, "Oleksandr Melnyk", street="Weg 2", language="uk")
    response = client.get(f"{ADMIN}/{feast.pk}/", HTTP_ACCEPT_LANGUAGE="de")
    assert [row[2] for row in response.context["rows"]] == ["Arabisch", "Ukrainisch"]
    assert "<td>Arabisch</td>" in response.content.decode()


def test_the_invitees_are_found_by_name_code_and_answer(client, centre, coordinator):
    feast = ceremony(centre)
    amina = invitee(feast, "Amina Haddad", status="attending")
    invitee(feast, "Elif Yılmaz", street="Weg 3", status="declined")
    found = client.get(f"{ADMIN}/{feast.pk}/", {"q": "amina"}).context["rows"]
    assert [row[0] for row in found] == [amina]
    grouped = f"{amina.code[:4]}-{amina.code[4:8]}-{amina.code[8:]}".lower()
    found = client.get(f"{ADMIN}/{feast.pk}/", {"q": grouped}).context["rows"]
    assert [row[0] for row in found] == [amina]
    found = client.get(f"{ADMIN}/{feast.pk}/", {"status": "declined"}).context["rows"]
    assert [row[0].name for row in found] == ["Elif Yılmaz"]


def test_the_overview_pages_in_a_constant_number_of_queries(client, centre, coordinator):
    feast = ceremony(centre)
    address = f"{ADMIN}/{feast.pk}/"
    for number in range(3):
        invitee(feast, f"Person {number}", street=f"Weg {number}")
    client.get(address)  # warm: sessions, the user's groups, Wagtail's menu
    with CaptureQueriesContext(connection) as few:
        client.get(address)
    for number in range(3, 80):
        invitee(feast, f"Person {number}", street=f"Weg {number}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(address, {"p": "2"})
    assert len(response.context["rows"]) == 30
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def _form_as_sent(html: str) -> dict[str, str]:
    """The edit form's fields as a browser sends them, hidden ones included."""
    data = {}
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>(?:[^<]*</textarea>)?", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        if tag.startswith("<textarea"):
            value = re.search(r">([^<]*)</textarea>", tag).group(1)
        elif tag.startswith("<select"):
            selected = re.search(
                rf'name="{name.group(1)}".*?<option value="([^"]*)"[^>]*selected',
                html,
                re.S,
            )
            value = selected.group(1) if selected else ""
        else:
            found = re.search(r'value="([^"]*)"', tag)
            value = found.group(1) if found else ""
        data[name.group(1)] = unescape(value)
    return data


def test_an_edit_keeps_what_the_invitee_answered_meanwhile(client, centre, coordinator):
    feier = ceremony(centre, capacity=10, companions_allowed=2)
    person = invitee(feier, email="alt@example.org")
    edit = f"/verwaltung/ceremonies/invitees/edit/{person.pk}/"
    sent = _form_as_sent(client.get(edit).content.decode())
    # while the page is open, the invitee answers: yes, two companions, a new address
    services.answer(person, attending=True, companions=2, email="neu@example.org")
    sent["name"] = "Amina Haddad-Yilmaz"
    response = client.post(edit, sent)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.name == "Amina Haddad-Yilmaz"
    assert (person.status, person.companions) == (Invitee.Status.ATTENDING, 2)
    assert person.email == "neu@example.org"
    change = AuditEntry.objects.get(action="change", object_id=str(person.pk))
    assert change.detail == {"fields": ["name"]}


def test_more_companions_from_the_office_only_from_free_seats(client, centre, coordinator):
    feier = ceremony(centre, capacity=3, companions_allowed=2)
    person = invitee(feier)
    services.answer(person, attending=True, companions=0)
    other = invitee(feier, name="Jonas Weber", street="Hohe Str. 3")
    services.answer(other, attending=True, companions=1)  # the hall is full
    edit = f"/verwaltung/ceremonies/invitees/edit/{person.pk}/"
    sent = _form_as_sent(client.get(edit).content.decode())
    sent.update(companions="1", city="Dortmund-Hörde")
    response = client.post(edit, sent)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["companions"]  # shown at the field
    person.refresh_from_db()
    assert (person.companions, person.city) == (0, "Dortmund")  # nothing half-saved
    # one companion fewer for the other frees a seat: now it works
    sent_other = _form_as_sent(
        client.get(f"/verwaltung/ceremonies/invitees/edit/{other.pk}/").content.decode()
    )
    sent_other["companions"] = "0"
    client.post(f"/verwaltung/ceremonies/invitees/edit/{other.pk}/", sent_other)
    assert client.post(edit, sent).status_code == 302
    person.refresh_from_db()
    assert (person.companions, person.city) == (1, "Dortmund-Hörde")
    assert services.counts(feier).seats_taken == 3


def test_the_dashboard_lists_the_coming_ceremonies_with_their_figures(client, centre, coordinator):
    feast = ceremony(centre, capacity=10)
    invitee(feast, "Amina Haddad", status="attending", companions=1)
    html = client.get("/verwaltung/").content.decode()
    panel = html.split('id="ceremonies-upcoming-content"')[1].split("</table>")[0]
    assert f'<a href="{ADMIN}/{feast.pk}/">{feast.title}</a>' in panel
    assert "<td>1</td>" in panel and "<td>2</td>" in panel and "<td>8</td>" in panel
