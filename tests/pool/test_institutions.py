"""Institutions: registration on the public site, the centre's decision, and the back
office's topics and settings."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mia.organisations.models import Organisation
from mia.outbox.models import OutboxMessage
from mia.permissions.invitations import accept
from mia.permissions.models import Invitation
from mia.permissions.roles import Role
from mia.pool import institutions
from mia.pool.models import Institution, PoolSettings, Topic

from ..factories import member, sign_in
from .factories import district, institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(centre):
    return member(centre, Role.COORDINATOR, "pool", email="koordination@ki.example")


def registration(centre, **changes) -> dict:
    values = {
        "name": "Grundschule Kleine Füße",
        "kind": Institution.Kind.SCHOOL,
        "street": "Beispielweg 3",
        "postcode": "44137",
        "city": "Dortmund",
        "district": district(centre).pk,
        "contact_name": "Erika Beispiel",
        "email": "Erika@Schule.example",
        "on_behalf": "on",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def service_data(centre, **changes) -> dict:
    values = registration(centre, **changes)
    values["district"] = district(centre)
    return values


# -- the services -----------------------------------------------------------------------------


def test_registering_makes_the_organisation_and_a_pending_institution(centre, coordinator):
    made = institutions.register(centre, service_data(centre))
    assert made.status == Institution.Status.PENDING
    assert made.organisation.name == "Grundschule Kleine Füße"
    assert made.organisation.kind == Organisation.Kind.INSTITUTION
    assert (made.organisation.contact_name, made.organisation.email) == (
        "Erika Beispiel",
        "erika@schule.example",
    )
    assert made.district == district(centre)
    mail = OutboxMessage.objects.get()
    assert mail.to == ["koordination@ki.example"]
    assert mail.subject == "Language mediation: Grundschule Kleine Füße asks to be approved"


def test_a_known_name_is_refused_and_nothing_is_made(centre):
    institution(centre, "Grundschule Kleine Füße")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        institutions.register(centre, service_data(centre, name="grundschule kleine füße"))
    assert list(refused.value.message_dict) == ["name"]
    assert Institution.objects.count() == 1
    assert not OutboxMessage.objects.exists()


def test_approving_invites_the_contact_as_institution_contact(centre, coordinator):
    made = institutions.register(centre, service_data(centre))
    institutions.approve(made, coordinator)
    made.refresh_from_db()
    assert made.status == Institution.Status.APPROVED
    assert made.decided_by == coordinator and made.decided_at is not None
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.organisation) == (
        "erika@schule.example",
        Role.INSTITUTION_CONTACT,
        made.organisation,
    )


def test_the_accepted_invitation_makes_a_contact_of_the_institution(centre, coordinator):
    from mia.permissions.models import hash_token

    made = institutions.register(centre, service_data(centre))
    institutions.approve(made, coordinator)
    # the raw token is only in the mail: the test makes its own for the stored invitation
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token("t" * 40))
    user = accept("t" * 40, password="ein sehr langes Passwort 123")
    assert list(institutions.contact_institutions(user, centre)) == [made]


def test_approving_again_after_a_suspension_invites_nobody_new(centre, coordinator):
    made = institutions.register(centre, service_data(centre))
    institutions.approve(made, coordinator)
    institutions.suspend(made, coordinator, "Rückfragen offen")
    institutions.approve(made, coordinator)
    assert Invitation.objects.count() == 1


def test_approving_an_approved_institution_is_refused(centre, coordinator):
    with translation.override("en"), pytest.raises(institutions.DecisionError) as refused:
        institutions.approve(institution(centre), coordinator)
    assert refused.value.message == "This institution is approved already."


def test_rejecting_mails_the_reason(centre, coordinator):
    made = institutions.register(centre, service_data(centre))
    institutions.reject(made, coordinator, "Privatperson, keine Einrichtung.")
    made.refresh_from_db()
    assert made.status == Institution.Status.REJECTED
    mail = OutboxMessage.objects.get(to=["erika@schule.example"])
    assert "Privatperson, keine Einrichtung." in mail.body
    assert not Invitation.objects.exists()


def test_rejecting_without_a_reason_is_refused(centre, coordinator):
    made = institutions.register(centre, service_data(centre))
    with translation.override("en"), pytest.raises(institutions.DecisionError) as refused:
        institutions.reject(made, coordinator, "  ")
    assert refused.value.message == "Please give the reason: the institution is told."
    made.refresh_from_db()
    assert made.status == Institution.Status.PENDING


def test_only_an_approved_institution_is_suspended(centre, coordinator):
    made = institutions.register(centre, service_data(centre))
    with pytest.raises(institutions.DecisionError):
        institutions.suspend(made, coordinator)


# -- the registration page --------------------------------------------------------------------


def test_the_registration_page_says_private_persons_cannot_request(client, centre):
    response = client.get("/en/sprachmittlung/einrichtung/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Private persons cannot request a mediator." in html
    for kind in Institution.Kind.values:
        assert f'value="{kind}"' in html


def test_a_registration_by_the_form(client, centre, coordinator):
    response = client.post("/en/sprachmittlung/einrichtung/", registration(centre))
    # after a redirect: reloading the page sends nothing again
    assert response.status_code == 302
    assert response["Location"] == "/en/sprachmittlung/einrichtung/?gesendet=1"
    assert "waits for our approval" in client.get(response["Location"]).content.decode()
    assert Institution.objects.get().status == Institution.Status.PENDING


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Please give the institution's name."),
        ({"kind": ""}, "kind", "Please choose the kind of institution."),
        ({"kind": "private"}, "kind", "Select a valid choice"),
        ({"street": ""}, "street", "Please give the street and number."),
        ({"postcode": "4413"}, "postcode", "A postcode has five digits, e.g. 44137."),
        ({"city": ""}, "city", "Please give the town."),
        ({"district": "999999"}, "district", "Please choose a district from the list."),
        ({"contact_name": ""}, "contact_name", "Please give the contact person's name."),
        ({"email": "erika"}, "email", "Please check the e-mail address"),
        ({"on_behalf": None}, "on_behalf", "Only institutions can register. Please confirm."),
    ],
)
def test_each_bad_registration_is_refused_at_its_field(client, centre, changes, field, message):
    response = client.post("/en/sprachmittlung/einrichtung/", registration(centre, **changes))
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Institution.objects.exists()


def test_a_second_registration_of_a_known_name_is_refused_at_the_name(client, centre):
    institution(centre, "Grundschule Kleine Füße")
    response = client.post("/en/sprachmittlung/einrichtung/", registration(centre))
    assert response.status_code == 400
    assert 'id="id_name_error"' in response.content.decode()


def test_registrations_are_rate_limited(client, centre, settings):
    settings.MIA_FORM_RATE = "2/h"
    for number in range(2):
        sent = registration(centre, name=f"Kita {number}")
        assert client.post("/en/sprachmittlung/einrichtung/", sent).status_code == 302
    response = client.post("/en/sprachmittlung/einrichtung/", registration(centre, name="Kita 3"))
    assert response.status_code == 429
    assert "Too many registrations from your connection" in response.content.decode()
    assert Institution.objects.count() == 2


# -- the back office --------------------------------------------------------------------------


@pytest.fixture
def staff(client, coordinator):
    sign_in(client, coordinator)
    return coordinator


def test_the_list_shows_waiting_registrations_first(client, centre, staff):
    institution(centre, "Aaa Schule")
    institutions.register(centre, service_data(centre, name="Zzz Kita"))
    html = client.get("/verwaltung/pool/institutions/").content.decode()
    assert html.index("Zzz Kita") < html.index("Aaa Schule")


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_costs_the_same_for_one_or_three(
    client, centre, staff, count, django_assert_max_num_queries
):
    for number in range(count):
        institution(centre, f"Schule {number}", district=district(centre))
    client.get("/verwaltung/pool/institutions/")
    with django_assert_max_num_queries(QUERIES_FOR_THE_ADMIN_LIST):
        assert client.get("/verwaltung/pool/institutions/").status_code == 200


QUERIES_FOR_THE_ADMIN_LIST = 30


def test_approving_in_the_back_office(client, centre, staff):
    made = institutions.register(centre, service_data(centre))
    url = f"/verwaltung/pool/institutions/{made.pk}/decision/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "approve"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == Institution.Status.APPROVED
    assert Invitation.objects.get().role == Role.INSTITUTION_CONTACT


def test_rejecting_in_the_back_office_needs_a_reason(client, centre, staff):
    made = institutions.register(centre, service_data(centre))
    url = f"/verwaltung/pool/institutions/{made.pk}/decision/"
    with translation.override("en"):
        response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 400
    made.refresh_from_db()
    assert made.status == Institution.Status.PENDING
    client.post(url, {"action": "reject", "reason": "Keine Einrichtung"})
    made.refresh_from_db()
    assert made.status == Institution.Status.REJECTED


def test_another_centres_institution_looks_like_none(client, other_centre, staff):
    theirs = institution(other_centre, "Schule in Bochum")
    url = f"/verwaltung/pool/institutions/{theirs.pk}/decision/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "approve"}).status_code == 404


def test_an_excluded_topic_needs_an_explanation(client, centre, staff):
    response = client.post(
        "/verwaltung/pool/topics/new/",
        {"name": "Gericht", "excluded": "on", "explanation": "", "position": 1},
    )
    assert response.status_code == 200
    assert not Topic.objects.exists()
    response = client.post(
        "/verwaltung/pool/topics/new/",
        {
            "name": "Gericht",
            "excluded": "on",
            "explanation": "Vereidigte Dolmetscher.",
            "position": 1,
        },
    )
    assert response.status_code == 302
    assert Topic.objects.get().centre == centre


def test_the_settings_are_made_on_first_visit_and_edited(client, centre, staff):
    assert client.get("/verwaltung/pool/settings/").status_code == 200
    settings_row = PoolSettings.objects.get(centre=centre)
    response = client.get(f"/verwaltung/pool/settings/edit/{settings_row.pk}/")
    assert response.status_code == 200


def test_the_lead_time_is_changed_in_the_settings(client, centre, staff):
    client.get("/verwaltung/pool/settings/")
    row = PoolSettings.objects.get(centre=centre)
    values = {
        "lead_working_days": 7,
        "holiday_region": "NW",
        "base_amount": "25.00",
        "base_hours": 2,
        "hourly_amount": "10.00",
        "late_cancel_hours": 24,
        "late_cancel_paid_hours": 1,
        "allowance_ceiling": "840.00",
        "ceiling_warning_share": 80,
        "travel_minutes": 45,
        "offer_hours": 48,
        "reminder_hours": 24,
        "retention_months": 12,
    }
    response = client.post(f"/verwaltung/pool/settings/edit/{row.pk}/", values)
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.lead_working_days == 7


def test_another_centres_settings_look_like_none(client, other_centre, staff):
    theirs = PoolSettings.for_centre(other_centre)
    assert client.get(f"/verwaltung/pool/settings/edit/{theirs.pk}/").status_code == 404
