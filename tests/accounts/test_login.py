"""Signing in: two factors for staff, throttling, session limits, signing out everywhere."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client

from mia.accounts.middleware import SESSION_STARTED
from mia.permissions.roles import Role

from ..factories import member, sign_in

PASSWORD = "a-long-test-password"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def password_step(client, user, password=PASSWORD):
    return client.post("/konto/login/", {"login": user.email, "password": password})


def test_staff_sign_in_with_password_and_authenticator_code(client, site_pages, centre):
    user = member(centre, Role.EDITOR)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = password_step(client, user)
    assert response.status_code == 302 and response["Location"] == "/konto/2fa/authenticate/"
    # the password alone opens nothing
    assert client.get("/verwaltung/")["Location"].startswith("/konto/login/")
    response = client.post("/konto/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/verwaltung/").status_code == 200


def test_a_wrong_code_is_refused_at_the_field(client, site_pages, centre):
    user = member(centre, Role.EDITOR)
    TOTP.activate(user, generate_totp_secret())
    password_step(client, user)
    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    html = response.content.decode()
    assert response.status_code == 200 and 'aria-invalid="true"' in html
    assert client.get("/verwaltung/").status_code == 302


def test_a_recovery_code_works_once(client, site_pages, centre):
    user = member(centre, Role.CENTRE_ADMIN)
    TOTP.activate(user, generate_totp_secret())
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    password_step(client, user)
    client.post("/konto/2fa/authenticate/", {"code": code})
    assert client.get("/verwaltung/").status_code == 200
    other = Client()
    password_step(other, user)
    response = other.post("/konto/2fa/authenticate/", {"code": code})
    assert response.status_code == 200  # the form again, with an error
    assert other.get("/verwaltung/").status_code == 302


def test_staff_without_a_second_factor_must_set_one_up(client, site_pages, centre):
    user = member(centre, Role.COORDINATOR, "messages")
    password_step(client, user)
    response = client.get("/verwaltung/messages/")
    assert response.status_code == 302 and response["Location"] == "/konto/2fa/"
    page = client.get("/konto/2fa/").content.decode()
    assert "Authenticator" in page or "authenticator" in page


def test_setting_up_totp_opens_the_back_office(
    client, site_pages, centre, django_capture_on_commit_callbacks
):
    user = member(centre, Role.EDITOR)
    password_step(client, user)
    # changing the factors asks for the password again, as at every security change
    response = client.get("/konto/2fa/totp/activate/")
    assert response["Location"].startswith("/konto/reauthenticate/")
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    page = client.get("/konto/2fa/totp/activate/")
    secret = page.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get("/verwaltung/").status_code == 200


def test_two_factor_is_optional_for_volunteers_and_organisations(client, site_pages, centre):
    for role in (Role.VOLUNTEER, Role.ORGANISATION_MEMBER, Role.INSTITUTION_CONTACT):
        user = member(centre, role)
        client.logout()
        response = password_step(client, user)
        assert response["Location"] == "/konto/", role
        assert client.get("/konto/").status_code == 200
        assert client.get("/verwaltung/").status_code == 403


def test_the_account_page_leads_volunteers_and_contacts_to_their_pool_pages(
    client, site_pages, centre, other_centre
):
    volunteer = member(centre, Role.VOLUNTEER)
    sign_in(client, volunteer, second_factor=False)
    html = client.get("/konto/").content.decode()
    assert 'href="/sprachmittlung/ehrenamt/"' in html
    assert 'href="/sprachmittlung/anfragen/"' not in html
    contact = member(centre, Role.INSTITUTION_CONTACT)
    sign_in(client, contact, second_factor=False)
    html = client.get("/konto/").content.decode()
    assert 'href="/sprachmittlung/anfragen/"' in html
    assert 'href="/sprachmittlung/ehrenamt/"' not in html
    # a role in another centre leads nowhere on this centre's site
    elsewhere = member(other_centre, Role.VOLUNTEER)
    sign_in(client, elsewhere, second_factor=False)
    assert "/sprachmittlung/" not in client.get("/konto/").content.decode()


def test_repeated_failures_lock_the_account(client, site_pages, centre, settings):
    user = member(centre, Role.VOLUNTEER)
    for _attempt in range(5):
        Client(REMOTE_ADDR=f"10.0.0.{_attempt}").post(
            "/konto/login/", {"login": user.email, "password": "wrong-password-123"}
        )
    # now even the right password is refused for this account, from any address
    response = Client(REMOTE_ADDR="10.0.1.1").post(
        "/konto/login/", {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in response.wsgi_request.session


def test_back_office_sessions_expire_when_idle(client, site_pages, centre, settings):
    sign_in(client, member(centre, Role.EDITOR))
    client.get("/verwaltung/")
    assert client.session.get_expiry_age() == settings.MIA_STAFF_SESSION_IDLE_SECONDS


def test_back_office_sessions_end_after_the_longest_day(client, site_pages, centre, settings):
    sign_in(client, member(centre, Role.EDITOR))
    session = client.session
    session[SESSION_STARTED] = int(time.time()) - settings.MIA_STAFF_SESSION_MAX_SECONDS - 1
    session.save()
    response = client.get("/verwaltung/")
    assert response["Location"].startswith("/konto/login/")
    assert client.get("/konto/")["Location"].startswith("/konto/login/")


def test_signing_out_everywhere_ends_the_other_sessions(site_pages, centre):
    user = member(centre, Role.VOLUNTEER)
    laptop, phone = Client(), Client()
    password_step(laptop, user)
    password_step(phone, user)
    assert phone.get("/konto/").status_code == 200
    laptop.post("/konto/sessions/", {})
    assert phone.get("/konto/")["Location"].startswith("/konto/login/")
    assert laptop.get("/konto/").status_code == 200


def test_sign_up_is_closed(client, site_pages):
    response = client.post(
        "/konto/signup/", {"email": "x@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    from django.contrib.auth.models import User

    assert not User.objects.filter(email="x@example.org").exists()


def test_wagtails_own_login_leads_to_mias(client, site_pages):
    response = client.get("/verwaltung/login/?next=/verwaltung/pages/")
    assert response["Location"].startswith("/konto/login/")


@pytest.mark.parametrize("path", ["/konto/login/", "/konto/password/reset/", "/konto/"])
def test_account_pages_are_never_stored(client, site_pages, path):
    response = client.get(path, follow=True)
    assert "no-store" in response["Cache-Control"]
    assert "X-Cache" not in response
