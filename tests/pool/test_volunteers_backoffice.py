"""The coordinators' side: intake (the invitation, and the account linked when it is
accepted), declining, pausing, leaving; the requirements' warnings; the audit log."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

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


def german(english: str) -> str:
    """What MIA's German catalogue makes of a name it marks for translation."""
    with translation.override("de"):
        return translation.gettext(english)


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


def edit_url(volunteer) -> str:
    return f"/verwaltung/pool/volunteers/edit/{volunteer.pk}/"


def as_shown(client, volunteer) -> dict:
    """What the edit page sends back unchanged: its fields and its language rows."""
    form = client.get(edit_url(volunteer)).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update({"districts": [], "topics_declined": []})
    rows = form.languages
    data.update(
        {
            f"{rows.prefix}-TOTAL_FORMS": rows.total_form_count(),
            f"{rows.prefix}-INITIAL_FORMS": rows.initial_form_count(),
            f"{rows.prefix}-MIN_NUM_FORMS": 0,
            f"{rows.prefix}-MAX_NUM_FORMS": rows.max_num,
        }
    )
    for row in rows.forms:
        for name in ("language", "dialect", "level"):
            data[row.add_prefix(name)] = row.initial.get(name, "")
    return data


def test_requirements_are_edited_by_coordinators(client, centre, coordinator):
    volunteer = pool.volunteer(centre, training_completed_on=None)
    sign_in(client, coordinator)
    url = edit_url(volunteer)
    data = as_shown(client, volunteer)
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
    change = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE, object_id=str(volunteer.pk))
    # the languages were sent back as they were: not a change
    assert "languages" not in change.detail["fields"]
    assert "training_completed_on" in change.detail["fields"]


def test_renewal_before_inspection_is_refused(client, centre, coordinator):
    volunteer = pool.volunteer(centre)
    sign_in(client, coordinator)
    data = as_shown(client, volunteer)
    data.update(
        {
            "police_certificate_inspected_on": "2026-01-10",
            "police_certificate_renew_by": "2025-01-10",
        }
    )
    response = client.post(edit_url(volunteer), data)
    assert response.status_code == 200
    assert response.context["form"].errors["police_certificate_renew_by"] == [
        "The renewal date must be after the day the certificate was inspected."
    ]


# -- languages ------------------------------------------------------------------------------


def languages_of(volunteer) -> list[tuple[str, str, int]]:
    return sorted(volunteer.languages.values_list("language", "dialect", "level"))


def test_coordinator_adds_changes_and_removes_languages(client, centre, coordinator):
    volunteer = pool.volunteer(centre, languages=(("ar", "apc", 3), ("fa", "", 2)))
    sign_in(client, coordinator)
    page = client.get(edit_url(volunteer))
    rows = page.context["form"].languages
    # a row per language, two empty ones to add more
    assert [row.initial.get("language") for row in rows.forms] == ["ar", "fa", None, None]
    html = page.content.decode()
    assert 'name="languages-0-DELETE"' in html and 'name="languages-2-DELETE"' not in html
    data = as_shown(client, volunteer)
    data.update(
        {
            "languages-0-dialect": "ajp",  # South Levantine instead of North Levantine
            "languages-0-level": "4",
            "languages-1-DELETE": "on",  # Persian goes
            "languages-2-language": "ku",
            "languages-2-dialect": "kmr",
            "languages-2-level": "2",
        }
    )
    response = client.post(edit_url(volunteer), data)
    assert response.status_code == 302, response.context["form"].languages.errors
    assert languages_of(volunteer) == [("ar", "ajp", 4), ("ku", "kmr", 2)]
    change = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE, object_id=str(volunteer.pk))
    assert change.detail["fields"] == ["languages"]
    listed = client.get("/verwaltung/pool/volunteers/?language=ku").content.decode()
    assert volunteer.name in listed


def refused(client, volunteer, **rows) -> dict:
    """Posts the page with the name changed and `rows` changed; returns the errors of the
    rows (a list per row) and of the formset, and checks that nothing was saved."""
    before = languages_of(volunteer)
    data = as_shown(client, volunteer)
    data["name"] = "Neuer Name"
    data.update({f"languages-{key.replace('_', '-', 1)}": value for key, value in rows.items()})
    response = client.post(edit_url(volunteer), data)
    assert response.status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.name != "Neuer Name"
    assert languages_of(volunteer) == before
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CHANGE).exists()
    formset = response.context["form"].languages
    return {"rows": formset.errors, "whole": formset.non_form_errors(), "html": response}


def test_an_unknown_language_is_refused_at_its_field(client, centre, coordinator):
    volunteer = pool.volunteer(centre)
    sign_in(client, coordinator)
    errors = refused(client, volunteer, **{"2_language": "xx", "2_level": "3"})
    assert errors["rows"][2]["language"] == [
        "xx is not a language the pool knows. Please choose one from the list."
    ]
    html = errors["html"].content.decode()
    assert "xx is not a language the pool knows" in html


def test_a_variety_of_another_language_is_refused_at_its_field(client, centre, coordinator):
    volunteer = pool.volunteer(centre)
    sign_in(client, coordinator)
    errors = refused(client, volunteer, **{"0_dialect": "kmr"})  # Kurmanji is no Arabic
    # the language by ISO 639's name in the page's language (pycountry's catalogue), the
    # variety by the pool's own name in MIA's catalogue
    kurmanji = german("Kurmanji (Northern Kurdish)")
    assert errors["rows"][0]["dialect"] == [f"{kurmanji} is not a variety of Arabisch (العربية)."]


def test_a_language_given_twice_is_refused_at_the_second_row(client, centre, coordinator):
    volunteer = pool.volunteer(centre)  # Arabic, North Levantine
    sign_in(client, coordinator)
    errors = refused(client, volunteer, **{"2_language": "ar", "2_dialect": "apc", "2_level": "2"})
    levantine = german("North Levantine Arabic")
    assert errors["rows"][2]["language"] == [
        f"Arabisch ({levantine}) is given twice. Please give each language once."
    ]
    assert not errors["rows"][0] and not errors["whole"]


def test_a_filled_row_needs_its_level(client, centre, coordinator):
    volunteer = pool.volunteer(centre)
    sign_in(client, coordinator)
    errors = refused(client, volunteer, **{"2_language": "tr"})
    assert errors["rows"][2]["level"] == ["Please say how well the volunteer speaks it."]


def test_removing_every_language_is_refused(client, centre, coordinator):
    volunteer = pool.volunteer(centre)
    sign_in(client, coordinator)
    errors = refused(client, volunteer, **{"0_DELETE": "on"})
    assert errors["whole"] == ["Please give at least one language the volunteer mediates."]
    assert 'id="languages-errors"' in errors["html"].content.decode()


def test_a_removed_row_is_not_checked(client, centre, coordinator):
    volunteer = pool.volunteer(centre, languages=(("ar", "apc", 3), ("fa", "", 2)))
    sign_in(client, coordinator)
    data = as_shown(client, volunteer)
    data.update({"languages-1-DELETE": "on", "languages-1-dialect": "kmr"})
    response = client.post(edit_url(volunteer), data)
    assert response.status_code == 302
    assert languages_of(volunteer) == [("ar", "apc", 3)]


def test_the_service_checks_the_languages_too(centre):
    volunteer = pool.volunteer(centre)
    with pytest.raises(ValidationError) as refusal:
        services.set_languages(
            volunteer,
            [
                {"language": "ar", "dialect": "kmr", "level": 3},
                {"language": "zz", "dialect": "", "level": 3},
            ],
        )
    assert [e.code for e in refusal.value.error_dict["languages"]] == [None, "unknown_language"]
    assert languages_of(volunteer) == [("ar", "apc", 4)]
    same = [{"language": "ar", "dialect": "apc", "level": 4}]
    assert services.set_languages(volunteer, same) is False
    assert services.set_languages(volunteer, [{**same[0], "level": 2}]) is True
    assert languages_of(volunteer) == [("ar", "apc", 2)]


def test_another_centres_volunteer_cannot_be_edited(client, centre, other_centre, coordinator):
    elsewhere = pool.volunteer(other_centre)
    sign_in(client, coordinator)
    assert client.get(edit_url(elsewhere)).status_code == 404
    assert client.post(edit_url(elsewhere), {"languages-TOTAL_FORMS": "0"}).status_code == 404
    assert languages_of(elsewhere) == [("ar", "apc", 4)]


def test_opening_the_edit_page_is_audited(client, centre, coordinator):
    volunteer = pool.volunteer(centre)
    sign_in(client, coordinator)
    client.get(edit_url(volunteer))
    entry = AuditEntry.objects.get(model_label="pool.volunteer", actor=coordinator)
    assert (entry.action, entry.object_id) == (AuditEntry.Action.VIEW, str(volunteer.pk))


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


def test_the_record_names_its_languages_and_shows_no_none(client, centre, coordinator):
    person = applicant(centre, phone="")
    sign_in(client, coordinator)
    html = client.get(
        f"/verwaltung/pool/volunteers/inspect/{person.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert ">None<" not in html and "None\n" not in html
    assert "not yet: invited once taken in" in html
    assert "Languages" in html


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
