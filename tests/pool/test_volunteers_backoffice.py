"""The coordinators' side: intake (the invitation, and the account linked when it is
accepted), declining, pausing, leaving; the requirements' warnings; the audit log."""

import datetime

import pytest
from django.utils import timezone

from mia.audit.models import AuditEntry
from mia.core.models import Membership
from mia.outbox.models import OutboxMessage
from mia.permissions.invitations import accept
from mia.permissions.models import Invitation
from mia.permissions.roles import Role
from mia.pool import volunteers as services
from mia.pool.models import Offer, Volunteer

from ..factories import member, sign_in
from . import factories as pool

Status = Volunteer.Status


@pytest.fixture
def coordinator(centre):
    return member(centre, Role.COORDINATOR, "pool")


def applicant(centre, **fields):
    return pool.volunteer(
        centre,
        status=Status.APPLIED,
        intake_at=None,
        email=fields.pop("email", "leyla@example.org"),
        **fields,
    )


# -- intake and the account -----------------------------------------------------------------


def test_take_in_activates_and_invites_with_the_volunteer_role(centre, coordinator):
    volunteer = services.take_in(applicant(centre), coordinator)
    assert volunteer.status == Status.ACTIVE
    assert volunteer.intake_at is not None
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.centre) == (
        "leyla@example.org",
        Role.VOLUNTEER,
        centre,
    )
    assert invitation.invited_by == coordinator
    assert OutboxMessage.objects.filter(to=["leyla@example.org"], purpose="invitation").exists()


def test_accepting_the_invitation_links_the_account(centre, coordinator):
    from mia.permissions.invitations import invite

    volunteer = services.take_in(applicant(centre), coordinator)
    Invitation.objects.all().delete()
    _invitation, token = invite(centre, "leyla@example.org", Role.VOLUNTEER)
    user = accept(token, password="ein langes Passwort 2026")
    volunteer.refresh_from_db()
    assert volunteer.user == user
    assert Membership.objects.filter(user=user, centre=centre, role=Role.VOLUNTEER).exists()


def test_accepting_through_the_page_links_the_account(client, centre, coordinator):
    import re

    volunteer = services.take_in(applicant(centre), coordinator)
    body = OutboxMessage.objects.get(purpose="invitation").body
    path = re.search(r"https?://[^/]+(/\S+)", body).group(1)
    password = "ein langes Passwort 2026"
    response = client.post(path, {"password1": password, "password2": password})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.user is not None
    assert volunteer.user.email == "leyla@example.org"


def test_linking_ignores_applicants_others_and_other_centres(centre, other_centre):
    waiting = applicant(centre, email="same@example.org")
    elsewhere = pool.volunteer(other_centre, email="same@example.org")
    member(centre, Role.VOLUNTEER, email="same@example.org")
    waiting.refresh_from_db()
    elsewhere.refresh_from_db()
    assert waiting.user is None  # not taken in yet
    assert elsewhere.user is None  # the role was granted in Dortmund


def test_a_role_held_before_is_linked_on_the_first_visit(client, site_pages, centre):
    user = member(centre, Role.VOLUNTEER, email="back@example.org")
    volunteer = pool.volunteer(centre, email="back@example.org")  # taken in after the grant
    sign_in(client, user, second_factor=False)
    assert client.get("/sprachmittlung/ehrenamt/").status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.user == user


def test_take_in_twice_is_refused(centre, coordinator):
    volunteer = services.take_in(applicant(centre), coordinator)
    with pytest.raises(services.StatusError):
        services.take_in(volunteer, coordinator)
    assert Invitation.objects.count() == 1


def test_intake_through_the_back_office(client, centre, coordinator):
    volunteer = applicant(centre)
    sign_in(client, coordinator)
    url = f"/verwaltung/pool/volunteers/{volunteer.pk}/take_in/"
    page = client.get(url)
    assert "leyla@example.org" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == Status.ACTIVE
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CHANGE, object_id=str(volunteer.pk)
    ).exists()


def test_a_step_the_status_does_not_allow_is_refused_with_a_message(client, centre, coordinator):
    volunteer = pool.volunteer(centre)  # active
    sign_in(client, coordinator)
    response = client.post(f"/verwaltung/pool/volunteers/{volunteer.pk}/resume/", follow=True)
    assert "This is not possible now" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == Status.ACTIVE


def test_unknown_step_is_not_found(client, centre, coordinator):
    volunteer = pool.volunteer(centre)
    sign_in(client, coordinator)
    assert client.post(f"/verwaltung/pool/volunteers/{volunteer.pk}/delete_all/").status_code == 404


# -- decline, pause, leave ------------------------------------------------------------------


def test_decline_sends_a_polite_mail_and_starts_the_retention(centre, coordinator):
    volunteer = services.decline(applicant(centre), coordinator)
    assert volunteer.status == Status.DECLINED
    assert volunteer.left_at is not None
    mail = OutboxMessage.objects.get(purpose="pool.volunteer_declined")
    assert mail.to == ["leyla@example.org"]
    assert mail.reply_to == [centre.email]
    assert Invitation.objects.count() == 0


def test_decline_an_active_volunteer_is_refused(centre, coordinator):
    with pytest.raises(services.StatusError):
        services.decline(pool.volunteer(centre), coordinator)
    assert OutboxMessage.objects.count() == 0


def test_pause_and_resume(centre, coordinator):
    volunteer = pool.volunteer(centre)
    assert services.pause(volunteer, coordinator).status == Status.PAUSED
    assert not Volunteer.objects.eligible_on(timezone.localdate()).filter(pk=volunteer.pk)
    assert services.resume(volunteer, coordinator).status == Status.ACTIVE


def test_leave_withdraws_open_offers(centre, coordinator):
    volunteer = pool.volunteer(centre)
    request = pool.request(centre)
    offer = Offer.objects.create(
        centre=centre,
        request=request,
        volunteer=volunteer,
        token_hash="a" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=2),
    )
    left = services.leave(volunteer, coordinator)
    assert (left.status, left.left_at is not None) == (Status.LEFT, True)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN


def test_leave_is_refused_while_appointments_lie_ahead(centre, coordinator):
    from mia.pool.models import Assignment

    volunteer = pool.volunteer(centre)
    request = pool.request(centre)
    Assignment.objects.create(
        centre=centre,
        request=request,
        volunteer=volunteer,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
    )
    with pytest.raises(services.StatusError) as refused:
        services.leave(volunteer, coordinator)
    assert "1 appointment(s) ahead" in refused.value.message
    volunteer.refresh_from_db()
    assert volunteer.status == Status.ACTIVE


# -- requirements ---------------------------------------------------------------------------


def test_list_warns_of_lapsed_requirements_and_certificates_due(client, centre, coordinator):
    today = timezone.localdate()
    pool.volunteer(centre, name="Alles gut")
    pool.volunteer(
        centre, name="Bald fällig", police_certificate_renew_by=today + datetime.timedelta(30)
    )
    pool.volunteer(centre, name="Ohne Schulung", training_completed_on=None)
    sign_in(client, coordinator)
    html = client.get("/verwaltung/pool/volunteers/").content.decode()
    assert html.count("Not offered") == 1
    assert html.count("Due soon") == 1
    lapsed = client.get("/verwaltung/pool/volunteers/?requirements=lapsed").content.decode()
    assert "Ohne Schulung" in lapsed and "Alles gut" not in lapsed
    due = client.get("/verwaltung/pool/volunteers/?requirements=due").content.decode()
    assert "Bald fällig" in due and "Alles gut" not in due


def test_list_filters_by_status_and_language_and_searches_names(client, centre, coordinator):
    pool.volunteer(centre, name="Arabisch Aktiv")
    pool.volunteer(centre, name="Türkisch Aktiv", languages=(("tr", "", 4),))
    applicant(centre, name="Neu Beworben", email="neu@example.org")
    sign_in(client, coordinator)
    get = lambda query: client.get("/verwaltung/pool/volunteers/" + query).content.decode()  # noqa: E731
    assert "Neu Beworben" in get("?status=applied")
    assert "Arabisch Aktiv" not in get("?status=applied")
    assert "Türkisch Aktiv" in get("?language=tr")
    assert "Arabisch Aktiv" not in get("?language=tr")
    assert "Arabisch Aktiv" in get("?q=arabisch")
    assert "Türkisch Aktiv" not in get("?q=arabisch")


def test_requirements_are_edited_by_coordinators(client, centre, coordinator):
    volunteer = pool.volunteer(centre, training_completed_on=None)
    sign_in(client, coordinator)
    url = f"/verwaltung/pool/volunteers/edit/{volunteer.pk}/"
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(
        {
            "districts": [],
            "topics_declined": [],
            "settings_accepted": ["phone"],
            "training_completed_on": timezone.localdate().isoformat(),
            "police_certificate_renew_by": volunteer.police_certificate_renew_by.isoformat(),
            "police_certificate_inspected_on": volunteer.police_certificate_inspected_on.isoformat(),
            "confidentiality_signed_on": volunteer.confidentiality_signed_on.isoformat(),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    volunteer.refresh_from_db()
    assert volunteer.training_completed_on == timezone.localdate()
    assert volunteer.settings_accepted == ["phone"]
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CHANGE, object_id=str(volunteer.pk)
    ).exists()


def test_renewal_before_inspection_is_refused(client, centre, coordinator):
    volunteer = pool.volunteer(centre)
    sign_in(client, coordinator)
    url = f"/verwaltung/pool/volunteers/edit/{volunteer.pk}/"
    response = client.post(
        url,
        {
            "name": volunteer.name,
            "email": volunteer.email,
            "settings_accepted": ["phone"],
            "police_certificate_inspected_on": "2026-01-10",
            "police_certificate_renew_by": "2025-01-10",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["police_certificate_renew_by"] == [
        "The renewal date must be after the day the certificate was inspected."
    ]


# -- the audit log --------------------------------------------------------------------------


def test_reading_a_volunteer_is_audited(client, centre, coordinator):
    volunteer = pool.volunteer(centre)
    sign_in(client, coordinator)
    client.get("/verwaltung/pool/volunteers/")
    client.get(f"/verwaltung/pool/volunteers/inspect/{volunteer.pk}/")
    entries = AuditEntry.objects.filter(model_label="pool.volunteer", actor=coordinator)
    assert sorted(entries.values_list("action", flat=True)) == ["list", "view"]
    assert entries.get(action="view").object_id == str(volunteer.pk)
    assert entries.get(action="list").detail == {"ids": [volunteer.pk]}


def test_list_query_count_does_not_grow_with_volunteers(
    client, centre, coordinator, django_assert_max_num_queries
):
    sign_in(client, coordinator)
    pool.volunteer(centre)
    client.get("/verwaltung/pool/volunteers/")  # warm caches (menu, permissions)
    with django_assert_max_num_queries(40) as one:
        client.get("/verwaltung/pool/volunteers/")
    for _ in range(3):
        pool.volunteer(centre, languages=(("ar", "", 3), ("tr", "", 2)))
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/verwaltung/pool/volunteers/")


def test_language_filter_offers_only_the_languages_of_own_centres(
    client, centre, other_centre, coordinator
):
    pool.volunteer(centre, languages=(("tr", "", 4),))
    pool.volunteer(other_centre, languages=(("ps", "", 4),))
    sign_in(client, coordinator)
    filters = client.get("/verwaltung/pool/volunteers/").context["filters"]
    assert [code for code, _label in filters.form.fields["language"].choices if code] == ["tr"]
