"""Invitations: an admin invites by email; the link sets the password, works once, expires."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from mia.core.models import Membership
from mia.outbox.models import OutboxMessage
from mia.permissions.invitations import invite
from mia.permissions.models import Invitation
from mia.permissions.roles import Role

from ..factories import member, sign_in

GOOD = "lange-und-sichere-Passphrase-2026"


def test_invitation_mail_carries_a_link_and_only_the_hash_is_stored(centre, site_pages):
    invitation, token = invite(centre, "Neu@Example.org", Role.EDITOR)
    mail = OutboxMessage.objects.get(purpose="invitation")
    assert mail.to == ["neu@example.org"]
    assert f"/konto/einladung/{token}/" in mail.body
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64


def test_the_link_sets_the_password_and_grants_the_role(client, centre, site_pages):
    _invitation, token = invite(centre, "neu@example.org", Role.EDITOR)
    response = client.post(f"/konto/einladung/{token}/", {"password1": GOOD, "password2": GOOD})
    assert response["Location"] == "/konto/2fa/"  # staff: set up the second factor next
    user = User.objects.get(email="neu@example.org")
    assert user.check_password(GOOD)
    assert Membership.objects.filter(user=user, centre=centre, role=Role.EDITOR).exists()


def test_the_link_works_once(client, centre, site_pages):
    _invitation, token = invite(centre, "neu@example.org", Role.VOLUNTEER)
    client.post(f"/konto/einladung/{token}/", {"password1": GOOD, "password2": GOOD})
    client.logout()
    assert client.get(f"/konto/einladung/{token}/").status_code == 404
    response = client.post(f"/konto/einladung/{token}/", {"password1": GOOD, "password2": GOOD})
    assert response.status_code == 404
    assert User.objects.filter(email="neu@example.org").count() == 1


def test_the_link_expires(client, centre, site_pages):
    invitation, token = invite(centre, "neu@example.org", Role.VOLUNTEER)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(f"/konto/einladung/{token}/").status_code == 404


def test_unknown_links_look_like_expired_ones(client, site_pages):
    assert client.get("/konto/einladung/nonsense/").status_code == 404


@pytest.mark.parametrize(
    ("first", "second", "field"),
    [
        ("kurz", "kurz", "password1"),
        ("password123456", "password123456", "password1"),
        (GOOD, GOOD + "x", "password2"),
        ("12345678901234", "12345678901234", "password1"),
    ],
)
def test_weak_or_differing_passwords_are_refused_at_the_field(
    client, centre, site_pages, first, second, field
):
    _invitation, token = invite(centre, "neu@example.org", Role.VOLUNTEER)
    html = client.post(
        f"/konto/einladung/{token}/", {"password1": first, "password2": second}
    ).content.decode()
    assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"', html) or re.search(
        rf'aria-invalid="true"[^>]*id="id_{field}"', html
    )
    assert not User.objects.filter(email="neu@example.org").exists()


def test_an_existing_account_signs_in_to_accept(client, centre, other_centre, site_pages):
    user = member(other_centre, Role.EDITOR, email="da@example.org")
    _invitation, token = invite(centre, "da@example.org", Role.CENTRE_ADMIN)
    assert b"/konto/login/?next=" in client.get(f"/konto/einladung/{token}/").content
    assert not Membership.objects.filter(user=user, centre=centre).exists()
    sign_in(client, user)
    client.post(f"/konto/einladung/{token}/")
    assert Membership.objects.filter(user=user, centre=centre, role=Role.CENTRE_ADMIN).exists()


def test_centre_admins_invite_for_their_own_centre_only(client, centre, other_centre, site_pages):
    sign_in(client, member(centre, Role.CENTRE_ADMIN))
    form = client.get("/verwaltung/invitations/new/").context["form"]
    assert list(form.fields["centre"].queryset) == [centre]
    response = client.post(
        "/verwaltung/invitations/new/",
        {"centre": other_centre.pk, "email": "x@example.org", "role": Role.EDITOR, "domain": ""},
    )
    assert response.status_code == 200 and not Invitation.objects.exists()
    client.post(
        "/verwaltung/invitations/new/",
        {"centre": centre.pk, "email": "x@example.org", "role": Role.EDITOR, "domain": ""},
    )
    assert Invitation.objects.get().centre == centre
    assert OutboxMessage.objects.filter(purpose="invitation", to=["x@example.org"]).exists()


def test_a_coordinator_needs_a_domain(client, centre, site_pages):
    sign_in(client, member(centre, Role.CENTRE_ADMIN))
    response = client.post(
        "/verwaltung/invitations/new/",
        {"centre": centre.pk, "email": "x@example.org", "role": Role.COORDINATOR, "domain": ""},
    )
    assert response.status_code == 200 and not Invitation.objects.exists()


def test_editors_cannot_invite(client, centre, site_pages):
    sign_in(client, member(centre, Role.EDITOR))
    assert client.get("/verwaltung/invitations/new/").status_code == 302
