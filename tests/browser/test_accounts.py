"""Account and privacy pages in the browser: axe-core in German and Arabic, and the flows.

Sign-in, invitation, two-factor setup and sign-in, the back office's refusal for volunteers,
signing out. Screenshots at phone and desktop width go to /tmp/mia-shots/ (outside the repo),
to be looked at by a person.
"""

import tempfile
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from wagtail.models import Site
from wagtail.users.models import UserProfile

from mia.permissions.invitations import invite
from mia.permissions.roles import Role

from ..factories import member
from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"  # the factories' password
NEW_PASSWORD = "Rhein-Ruhr-Kanal-2026!"
SHOTS = Path(tempfile.gettempdir()) / "mia-shots"
WIDTHS = (390, 1280)


@pytest.fixture
def site(live_server, centre):
    """The live server's address, with the test centre answering for its host name.

    Wagtail's migrations leave a site for "localhost" (its welcome page); the live server is
    reached as localhost, so that site would win over the centre's default one.
    """
    Site.objects.exclude(pk=centre.site_id).delete()
    return live_server.url


def current_code(secret: str) -> str:
    """The code of this period, unless it runs out within seconds: typing and sending it
    takes time, and a code of the period before is refused. Then the next one."""
    period = getattr(settings, "MFA_TOTP_PERIOD", 30)
    left = period - time.time() % period
    if left < 6:
        time.sleep(left + 0.5)
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def shots(page, name: str) -> None:
    """Full-page screenshots at phone and desktop width; the viewport is left at desktop."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def check(page, failures: dict, name: str, language: str = "de") -> None:
    """Language and direction of the page, then axe-core; violations are collected by page."""
    assert page.locator("html").get_attribute("lang") == language, name
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    violations = axe_violations(page)
    if violations:
        failures[f"{language}:{name}"] = violations


def tab_to(page, element_id: str, presses: int = 6) -> None:
    """Press Tab until the element has the focus: it is reachable by keyboard, in order."""
    for _press in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} not reached with {presses} presses of Tab")


def submit_with_enter(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def password_step(page, url: str, email: str, password: str = PASSWORD, prefix: str = "") -> None:
    page.goto(f"{url}{prefix}/konto/login/")
    page.locator("#id_login").focus()
    page.keyboard.type(email)
    tab_to(page, "id_password")
    page.keyboard.type(password)
    submit_with_enter(page)


def staff_signs_in(page, url: str, user, language: str = "en") -> None:
    """A member of staff with a real authenticator, who chose `language` for the back office,
    signs in by keyboard: password, then the app's code."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    password_step(page, url, user.email)
    page.locator("#id_code").focus()
    page.keyboard.type(current_code(secret))
    submit_with_enter(page)


def assert_error_at_field(page, field_id: str) -> None:
    """The field is marked invalid and described by its visible error, and the summary's link
    to it moves the focus there."""
    field = page.locator(f"#{field_id}")
    assert field.get_attribute("aria-invalid") == "true"
    described_by = field.get_attribute("aria-describedby").split()
    assert f"{field_id}_error" in described_by
    error = page.locator(f"#{field_id}_error")
    assert error.is_visible() and error.inner_text().strip()
    summary = page.get_by_role("alert")
    assert summary.is_visible()
    summary.locator(f'a[href="#{field_id}"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.activeElement.id === '{field_id}'")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_signed_out_pages_have_no_axe_violations(page, site, site_pages, centre, language):
    prefix = "" if language == "de" else f"/{language}"
    user = member(centre, Role.VOLUNTEER)
    _invitation, token = invite(centre, "neu@example.org", Role.EDITOR)
    failures: dict = {}

    page.goto(f"{site}{prefix}/konto/login/")
    check(page, failures, "login", language)
    shots(page, f"{language}-login")
    password_step(page, site, user.email, "falsches-passwort-123", prefix)
    assert page.get_by_role("alert").is_visible()
    check(page, failures, "login-error", language)
    shots(page, f"{language}-login-error")

    page.goto(f"{site}{prefix}/konto/password/reset/")
    check(page, failures, "password-reset", language)

    page.goto(f"{site}{prefix}/konto/einladung/{token}/")
    check(page, failures, "invitation", language)
    page.locator("#id_password1").fill("kurz")
    page.locator("#id_password2").fill("kurz")
    submit_with_enter(page)
    assert page.locator("#id_password1").get_attribute("aria-invalid") == "true"
    check(page, failures, "invitation-error", language)
    if language == "ar":
        shots(page, "ar-invitation-error")

    response = page.goto(f"{site}{prefix}/datenschutz/")
    assert response.status == 200
    table = page.locator("section[aria-labelledby=retention-heading] table")
    assert table.locator("tbody tr").count() > 0
    assert table.locator("thead th[scope=col]").count() == 4
    check(page, failures, "privacy", language)
    shots(page, f"{language}-privacy")
    assert failures == {}


@pytest.mark.parametrize("language", ["de", "ar"])
def test_signed_in_pages_have_no_axe_violations(page, site, centre, language):
    prefix = "" if language == "de" else f"/{language}"
    user = member(centre, Role.VOLUNTEER)
    failures: dict = {}
    password_step(page, site, user.email, prefix=prefix)
    assert page.url == f"{site}{prefix}/konto/"
    check(page, failures, "overview", language)
    shots(page, f"{language}-overview")
    for name, path in [("2fa", "/konto/2fa/"), ("sessions", "/konto/sessions/")]:
        response = page.goto(f"{site}{prefix}{path}")
        assert response.status == 200 and page.url == f"{site}{prefix}{path}", name
        check(page, failures, name, language)
    # changing the factors asks for the password again
    page.goto(f"{site}{prefix}/konto/2fa/totp/activate/")
    assert page.url.startswith(f"{site}{prefix}/konto/reauthenticate/")
    check(page, failures, "reauthenticate", language)
    page.locator("#id_password").focus()
    page.keyboard.type(PASSWORD)
    submit_with_enter(page)
    assert page.url == f"{site}{prefix}/konto/2fa/totp/activate/"
    check(page, failures, "totp-activate", language)
    if language == "ar":
        shots(page, "ar-totp-activate")
    assert failures == {}


def test_an_invited_editor_sets_a_password_and_an_authenticator_by_keyboard(page, site, centre):
    _invitation, token = invite(centre, "redaktion@example.org", Role.EDITOR)
    failures: dict = {}
    page.goto(f"{site}/konto/einladung/{token}/")
    shots(page, "de-invitation")
    # a weak password first: refused, and the refusal is announced at the field
    tab_to(page, "id_password1", presses=40)
    page.keyboard.type("12345678")
    tab_to(page, "id_password2")
    page.keyboard.type("12345678")
    submit_with_enter(page)
    assert_error_at_field(page, "id_password1")
    check(page, failures, "invitation-weak-password")
    shots(page, "de-invitation-error")
    # the focus is in the first field now: a good password, by keyboard
    page.keyboard.press("Control+A")
    page.keyboard.type(NEW_PASSWORD)
    tab_to(page, "id_password2")
    page.keyboard.type(NEW_PASSWORD)
    submit_with_enter(page)
    # an editor must set up a second factor before the back office opens (the fragment of the
    # summary's link survives the form's redirect)
    assert page.url.split("#")[0] == f"{site}/konto/2fa/"
    # what the steps said: the account made, and signed in
    assert page.get_by_role("status").first.is_visible()
    check(page, failures, "2fa")
    shots(page, "de-2fa")
    assert page.goto(f"{site}/verwaltung/").url == f"{site}/konto/2fa/"

    page.locator('a[href="/konto/2fa/totp/activate/"]').focus()
    submit_with_enter(page)
    if "/konto/reauthenticate/" in page.url:
        # a security change asks for the password again
        check(page, failures, "reauthenticate")
        page.locator("#id_password").focus()
        page.keyboard.type(NEW_PASSWORD)
        submit_with_enter(page)
    assert page.url == f"{site}/konto/2fa/totp/activate/"
    check(page, failures, "totp-activate")
    qr = page.locator("img.mia-qr").bounding_box()
    assert 150 <= qr["width"] <= 320 and qr["width"] == qr["height"]
    secret = page.locator("#authenticator_secret").inner_text().strip()
    shots(page, "de-totp-activate")
    page.locator("#id_code").focus()
    page.keyboard.type(current_code(secret))
    submit_with_enter(page)
    # the recovery codes, made with the authenticator (not the activation page again)
    assert "/konto/2fa/" in page.url and "activate" not in page.url
    check(page, failures, "recovery-codes")
    shots(page, "de-recovery-codes")

    response = page.goto(f"{site}/verwaltung/")
    assert response.status == 200 and page.url == f"{site}/verwaltung/"
    assert page.locator("body#wagtail").count() == 1
    assert page.title().startswith("Dashboard")
    assert failures == {}


def test_staff_sign_in_asks_for_the_authenticator_code_then_opens_the_back_office(
    page, site, centre
):
    user = member(centre, Role.CENTRE_ADMIN)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    failures: dict = {}
    password_step(page, site, user.email)
    assert page.url == f"{site}/konto/2fa/authenticate/"
    check(page, failures, "2fa-authenticate")
    shots(page, "de-2fa-authenticate")
    # a wrong code first: refused at the field
    page.locator("#id_code").focus()
    page.keyboard.type("000000")
    submit_with_enter(page)
    assert page.url == f"{site}/konto/2fa/authenticate/"
    code = page.locator("#id_code")
    assert code.get_attribute("aria-invalid") == "true"
    assert "id_code_error" in code.get_attribute("aria-describedby").split()
    check(page, failures, "2fa-authenticate-error")
    code.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(current_code(secret))
    submit_with_enter(page)
    assert page.url == f"{site}/verwaltung/"
    assert page.locator("body#wagtail").count() == 1

    # signing out from the account pages ends the back office too
    page.goto(f"{site}/konto/")
    page.locator('nav.mia-account-nav a[href="/konto/logout/"]').focus()
    submit_with_enter(page)
    check(page, failures, "logout")
    page.locator("main form button[type=submit]").focus()
    submit_with_enter(page)
    page.goto(f"{site}/verwaltung/")
    assert page.url.startswith(f"{site}/konto/login/")
    assert failures == {}


def test_a_volunteer_signs_in_without_a_second_factor_and_is_refused_the_back_office(
    browser, page, site, centre
):
    user = member(centre, Role.VOLUNTEER)
    failures: dict = {}
    password_step(page, site, user.email)
    assert page.url == f"{site}/konto/"
    response = page.goto(f"{site}/verwaltung/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator('main a[href="/konto/"]').is_visible()
    check(page, failures, "403")
    shots(page, "de-403")

    # signed in on a second device too: the sessions page lists both and ends the other one
    phone = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    other = phone.new_page()
    password_step(other, site, user.email)
    assert other.url == f"{site}/konto/"
    page.goto(f"{site}/konto/sessions/")
    assert page.locator("main table tbody tr").count() == 2
    check(page, failures, "sessions-two")
    shots(page, "de-sessions-two")
    button = page.locator('main form[action="/konto/sessions/"] button[type=submit]')
    button.focus()
    submit_with_enter(page)
    assert other.goto(f"{site}/konto/").url.startswith(f"{site}/konto/login/")
    phone.close()

    page.goto(f"{site}/konto/logout/")
    page.locator("main form button[type=submit]").focus()
    submit_with_enter(page)
    assert page.goto(f"{site}/konto/").url.startswith(f"{site}/konto/login/")
    assert failures == {}


def test_the_session_begun_by_an_invitation_is_listed(page, site, centre):
    _invitation, token = invite(centre, "neu@example.org", Role.VOLUNTEER)
    page.goto(f"{site}/konto/einladung/{token}/")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    submit_with_enter(page)
    page.goto(f"{site}/konto/sessions/")
    assert page.locator("main table tbody tr").count() == 1


def test_the_tables_fit_a_phone_screen(browser, site, site_pages, centre):
    user = member(centre, Role.VOLUNTEER)
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    phone = context.new_page()
    password_step(phone, site, user.email)
    overflow = {}
    for path in ("/datenschutz/", "/konto/sessions/"):
        phone.goto(site + path)
        # a phone widens innerWidth to the content; clientWidth stays the screen's width
        overflow[path] = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    context.close()
    assert overflow == {"/datenschutz/": 0, "/konto/sessions/": 0}
