"""The back office shows each centre's staff only their own centre's messages."""

from mia.permissions.roles import Role

from ..factories import MessageFactory, member, sign_in


def test_staff_see_only_their_centres_messages(client, centre, other_centre):
    MessageFactory(centre=centre, subject="Dortmunder Anfrage")
    MessageFactory(centre=other_centre, subject="Bochumer Anfrage")
    sign_in(client, member(other_centre, Role.COORDINATOR, "messages"))
    html = client.get("/verwaltung/messages/").content.decode()
    assert "Bochumer Anfrage" in html
    assert "Dortmunder Anfrage" not in html


def test_message_of_another_centre_cannot_be_opened(client, centre, other_centre):
    foreign = MessageFactory(centre=centre)
    sign_in(client, member(other_centre, Role.COORDINATOR, "messages"))
    assert client.get(f"/verwaltung/messages/inspect/{foreign.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, centre):
    response = client.get("/verwaltung/messages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_contact_person_snippets_are_scoped_to_the_centre(client, centre, other_centre):
    from mia.website.models import ContactPerson

    ContactPerson.objects.create(centre=centre, name="Team Dortmund")
    theirs = ContactPerson.objects.create(centre=other_centre, name="Team Bochum")
    mine = ContactPerson.objects.get(name="Team Dortmund")
    sign_in(client, member(other_centre, Role.EDITOR))
    html = client.get("/verwaltung/snippets/website/contactperson/").content.decode()
    assert "Team Bochum" in html and "Team Dortmund" not in html
    assert (
        client.get(f"/verwaltung/snippets/website/contactperson/edit/{theirs.pk}/").status_code
        == 200
    )
    assert (
        client.get(f"/verwaltung/snippets/website/contactperson/edit/{mine.pk}/").status_code == 404
    )


def test_messages_cannot_be_created_or_edited_in_the_back_office(client, centre):
    message = MessageFactory(centre=centre)
    sign_in(client, member(centre, Role.CENTRE_ADMIN))
    assert client.get("/verwaltung/messages/new/").status_code in (302, 403)
    assert client.get(f"/verwaltung/messages/edit/{message.pk}/").status_code in (302, 403)
    assert client.get(f"/verwaltung/messages/inspect/{message.pk}/").status_code == 200


def test_contact_person_form_offers_only_the_users_centres(client, centre, other_centre):
    sign_in(client, member(other_centre, Role.EDITOR))
    form = client.get("/verwaltung/snippets/website/contactperson/add/").context["form"]
    assert list(form.fields["centre"].queryset) == [other_centre]


def test_inspect_view_shows_times_in_the_centres_time_zone(client, centre, admin_user):
    import datetime

    from mia.contact.models import Message

    message = MessageFactory(centre=centre)
    utc = datetime.datetime(2026, 6, 21, 10, 0, tzinfo=datetime.UTC)
    Message.objects.filter(pk=message.pk).update(created_at=utc)
    sign_in(client, admin_user)
    html = client.get(f"/verwaltung/messages/inspect/{message.pk}/").content.decode()
    assert "12:00" in html  # 10:00 UTC is noon in Dortmund in summer


def test_bulk_delete_refuses_another_centres_contact_person(client, centre, other_centre):
    from mia.website.models import ContactPerson

    theirs = ContactPerson.objects.create(centre=centre, name="Team Dortmund")
    sign_in(client, member(other_centre, Role.EDITOR))
    mine = ContactPerson.objects.create(centre=other_centre, name="Team Bochum")
    client.post(f"/verwaltung/bulk/website/contactperson/delete/?id={mine.pk}")
    assert not ContactPerson.objects.filter(
        pk=mine.pk
    ).exists()  # the same request works on one's own
    response = client.post(f"/verwaltung/bulk/website/contactperson/delete/?id={theirs.pk}")
    assert response.status_code in (302, 403)
    assert ContactPerson.objects.filter(pk=theirs.pk).exists()


def test_snippet_chooser_lists_only_the_users_centre(client, centre, other_centre):
    from mia.website.models import ContactPerson

    ContactPerson.objects.create(centre=centre, name="Team Dortmund")
    ContactPerson.objects.create(centre=other_centre, name="Team Bochum")
    sign_in(client, member(other_centre, Role.EDITOR))
    html = client.get("/verwaltung/snippets/choose/website/contactperson/").content.decode()
    assert "Team Bochum" in html and "Team Dortmund" not in html


def test_history_of_a_message_opens(client, centre, admin_user):
    message = MessageFactory(centre=centre)
    sign_in(client, admin_user)
    assert client.get(f"/verwaltung/messages/history/{message.pk}/").status_code == 200


def test_only_platform_superusers_manage_centres(client, centre, other_centre, admin_user):
    sign_in(client, member(other_centre, Role.CENTRE_ADMIN))
    assert client.get("/verwaltung/centres/").status_code == 302
    assert client.get(f"/verwaltung/centres/edit/{centre.pk}/").status_code == 302
    sign_in(client, admin_user)
    assert client.get(f"/verwaltung/centres/edit/{centre.pk}/").status_code == 200


def test_editors_do_not_read_messages(client, centre):
    message = MessageFactory(centre=centre)
    sign_in(client, member(centre, Role.EDITOR))
    assert client.get("/verwaltung/messages/").status_code == 302
    assert client.get(f"/verwaltung/messages/inspect/{message.pk}/").status_code == 404


def test_a_coordinator_of_one_centre_reads_nothing_of_another(client, centre, other_centre):
    from mia.core.models import Membership

    mine = MessageFactory(centre=other_centre, subject="Bochumer Anfrage")
    theirs = MessageFactory(centre=centre, subject="Dortmunder Anfrage")
    user = member(other_centre, Role.COORDINATOR, "messages")
    # an editor in Dortmund, but no right to Dortmund's messages
    Membership.objects.create(centre=centre, user=user, role=Role.EDITOR)
    sign_in(client, user)
    html = client.get("/verwaltung/messages/").content.decode()
    assert "Bochumer Anfrage" in html and "Dortmunder Anfrage" not in html
    assert client.get(f"/verwaltung/messages/inspect/{theirs.pk}/").status_code == 404
    assert client.get(f"/verwaltung/messages/inspect/{mine.pk}/").status_code == 200


def test_message_is_named_without_personal_data(centre):
    message = MessageFactory(centre=centre, subject="Frau X hat eine Frage")
    assert "Frau X" not in str(message)
