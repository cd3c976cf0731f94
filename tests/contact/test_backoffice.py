"""The back office shows each centre's staff only their own centre's messages."""

from django.contrib.auth.models import Permission

from ..factories import MessageFactory, member


def test_staff_see_only_their_centres_messages(client, centre, other_centre):
    MessageFactory(centre=centre, subject="Dortmunder Anfrage")
    MessageFactory(centre=other_centre, subject="Bochumer Anfrage")
    user = member(other_centre)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_message", "access_admin"])
    )
    client.force_login(user)
    html = client.get("/verwaltung/messages/").content.decode()
    assert "Bochumer Anfrage" in html
    assert "Dortmunder Anfrage" not in html


def test_message_of_another_centre_cannot_be_opened(client, centre, other_centre):
    foreign = MessageFactory(centre=centre)
    user = member(other_centre)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_message", "access_admin"])
    )
    client.force_login(user)
    assert client.get(f"/verwaltung/messages/inspect/{foreign.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, centre):
    response = client.get("/verwaltung/messages/")
    assert response.status_code == 302
    assert "/verwaltung/login/" in response["Location"]
