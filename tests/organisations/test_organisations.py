"""Organisations: members keep their own profile; the office invites them; rules decide."""

import pytest

from mia.organisations.models import Organisation, OrganisationMember
from mia.permissions.invitations import invite
from mia.permissions.models import Invitation
from mia.permissions.roles import Role

from ..factories import member, sign_in

GOOD = "lange-und-sichere-Passphrase-2026"


@pytest.fixture
def verein(centre):
    return Organisation.objects.create(
        centre=centre, name="Kulturverein Nordstadt", kind="association"
    )


@pytest.fixture
def other_verein(centre):
    return Organisation.objects.create(centre=centre, name="Sportverein", kind="association")


def _member_of(organisation, role=Role.ORGANISATION_MEMBER):
    user = member(organisation.centre, role)
    OrganisationMember.objects.create(organisation=organisation, user=user)
    return user


def test_a_member_keeps_the_own_organisations_profile(client, site_pages, verein):
    sign_in(client, _member_of(verein), second_factor=False)
    response = client.post(
        f"/konto/organisation/{verein.pk}/",
        {
            "description": "Wir feiern Vielfalt.",
            "website": "https://kulturverein.example.org",
            "contact_name": "Ada",
            "email": "ada@example.org",
            "phone": "0231 1234",
        },
    )
    assert response.status_code == 302
    verein.refresh_from_db()
    assert verein.description == "Wir feiern Vielfalt." and verein.contact_name == "Ada"


def test_another_organisations_profile_does_not_exist_for_a_member(
    client, site_pages, verein, other_verein
):
    sign_in(client, _member_of(verein), second_factor=False)
    assert client.get(f"/konto/organisation/{other_verein.pk}/").status_code == 404
    response = client.post(f"/konto/organisation/{other_verein.pk}/", {"description": "x"})
    assert response.status_code == 404
    other_verein.refresh_from_db()
    assert other_verein.description == ""


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "ftp://example.org", "data:text/html,x"]
)
def test_only_web_links_are_accepted(client, site_pages, verein, website):
    sign_in(client, _member_of(verein), second_factor=False)
    response = client.post(f"/konto/organisation/{verein.pk}/", {"website": website})
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_website_error"' in html
    verein.refresh_from_db()
    assert verein.website == ""


def test_the_rules_decide_who_edits_an_organisation(centre, other_centre, verein, other_verein):
    mine = _member_of(verein)
    assert mine.has_perm("organisations.change_organisation", verein)
    assert not mine.has_perm("organisations.change_organisation", other_verein)
    coordinator = member(centre, Role.COORDINATOR, "events")
    assert coordinator.has_perm("organisations.change_organisation", other_verein)
    elsewhere = member(other_centre, Role.COORDINATOR, "events")
    assert not elsewhere.has_perm("organisations.change_organisation", verein)
    assert not member(centre, Role.EDITOR).has_perm("organisations.change_organisation", verein)


def test_an_invited_contact_becomes_a_member(client, site_pages, centre, verein):
    _invitation, token = invite(
        centre, "kontakt@example.org", Role.ORGANISATION_MEMBER, organisation=verein
    )
    client.post(f"/konto/einladung/{token}/", {"password1": GOOD, "password2": GOOD})
    user = OrganisationMember.objects.get(organisation=verein).user
    assert user.email == "kontakt@example.org"
    html = client.get("/konto/").content.decode()
    assert f"/konto/organisation/{verein.pk}/" in html


def test_the_office_invites_only_for_its_own_organisations(
    client, site_pages, centre, other_centre, verein
):
    foreign = Organisation.objects.create(
        centre=other_centre, name="Bochumer Verein", kind="initiative"
    )
    sign_in(client, member(centre, Role.COORDINATOR, "events"))
    form = client.get("/verwaltung/invitations/new/").context["form"]
    assert list(form.fields["organisation"].queryset) == [verein]
    data = {
        "centre": centre.pk,
        "email": "x@example.org",
        "role": Role.ORGANISATION_MEMBER,
        "domain": "",
    }
    client.post("/verwaltung/invitations/new/", {**data, "organisation": foreign.pk})
    client.post(
        "/verwaltung/invitations/new/", {**data, "role": Role.EDITOR, "organisation": verein.pk}
    )
    assert not Invitation.objects.exists()
    client.post("/verwaltung/invitations/new/", {**data, "organisation": verein.pk})
    assert Invitation.objects.get().organisation == verein


def test_events_coordinators_see_only_their_centres_organisations(
    client, site_pages, centre, other_centre, verein
):
    Organisation.objects.create(centre=other_centre, name="Bochumer Verein", kind="initiative")
    sign_in(client, member(centre, Role.COORDINATOR, "events"))
    html = client.get("/verwaltung/organisations/").content.decode()
    assert "Kulturverein Nordstadt" in html and "Bochumer Verein" not in html


def test_erasure_keeps_the_organisation_but_not_its_contact(centre, verein, admin_user):
    from mia.privacy.services import erase

    Organisation.objects.filter(pk=verein.pk).update(
        contact_name="Ada", email="ada@example.org", phone="0231"
    )
    erase(centre, "ada@example.org", admin_user)
    verein.refresh_from_db()
    assert (verein.name, verein.contact_name, verein.email, verein.phone) == (
        "Kulturverein Nordstadt",
        "",
        "",
        "",
    )
