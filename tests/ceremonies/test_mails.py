"""E-mail invitations: through the outbox, in German and the invitee's language, once each;
again for one invitee on request."""

import pytest
from django.core import mail

from mia.ceremonies.mails import send_invitation, send_invitations
from mia.ceremonies.models import Invitee
from mia.outbox.models import OutboxMessage
from mia.permissions.roles import Role

from ..factories import member, sign_in
from .helpers import ceremony, invitee

pytestmark = pytest.mark.django_db
ADMIN = "/verwaltung/ceremonies"


def test_everyone_with_an_address_is_mailed_once(
    client, centre, letter_catalogue, django_capture_on_commit_callbacks
):
    feast = ceremony(centre)
    amina = invitee(feast, "Amina Haddad", email="amina@example.org", language="ar")
    invitee(feast, "Anna Schmidt", street="Weg 2", email="anna@example.org")
    invitee(feast, "Ohne Adresse", street="Weg 3")
    sign_in(client, member(centre, Role.COORDINATOR, domain="ceremonies"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN}/{feast.pk}/emails/")
    assert response.status_code == 302
    queued = OutboxMessage.objects.order_by("pk")
    assert [m.to for m in queued] == [["amina@example.org"], ["anna@example.org"]]
    assert all(m.purpose == f"ceremony.{feast.pk}" for m in queued)
    body = queued[0].body
    assert "Einladung zur Einbürgerungsfeier" in body and "دعوة إلى حفل التجنيس" in body
    assert f"/einbuergerungsfeier/{amina.code}/" in body
    assert "دعوة" not in queued[1].body
    assert Invitee.objects.exclude(email="").filter(emailed_at=None).count() == 0
    assert len(mail.outbox) == 2  # the immediate task backend delivered them
    # a second round finds nobody left
    assert send_invitations.call(feast.pk) == 0
    assert OutboxMessage.objects.count() == 2


def test_one_invitee_can_be_mailed_again(client, centre, django_capture_on_commit_callbacks):
    feast = ceremony(centre)
    amina = invitee(feast, "Amina Haddad", email="amina@example.org")
    assert send_invitation(amina) is True
    assert send_invitation(amina) is False
    sign_in(client, member(centre, Role.COORDINATOR, domain="ceremonies"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ADMIN}/{feast.pk}/emails/{amina.pk}/")
    assert OutboxMessage.objects.filter(to=["amina@example.org"]).count() == 2


def test_staff_of_another_centre_cannot_mail_this_centres_invitees(client, centre, other_centre):
    feast = ceremony(centre)
    amina = invitee(feast, "Amina Haddad", email="amina@example.org")
    sign_in(client, member(other_centre, Role.CENTRE_ADMIN))
    assert client.post(f"{ADMIN}/{feast.pk}/emails/").status_code == 404
    assert client.post(f"{ADMIN}/{feast.pk}/emails/{amina.pk}/").status_code == 404
    assert not OutboxMessage.objects.exists()
