"""A security key as the second factor, in Chromium with its virtual authenticator (DevTools).

The editor adds a key where the back office sends her, signs out, and signs in again with the
key. navigator.credentials.create/get are answered by Chromium's virtual authenticator, so
allauth's own JavaScript (under the page's CSP) and fido2's checks on the server run for real.
"""

import tempfile
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from wagtail.models import Site

from mia.permissions.roles import Role

from ..factories import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"  # the factories' password
KEY_NAME = "Schlüssel am Schreibtisch"
SHOTS = Path(tempfile.gettempdir()) / "mia-shots"  # outside the repo, for a person to look at
AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


@pytest.fixture
def site(live_server, site_pages, centre, settings):
    """The live server as http://localhost:<port>.

    A WebAuthn RP ID must be a domain (allauth takes the request's host), and Chromium and
    fido2 both accept plain http for "localhost" only. Wagtail's migrations leave a site for
    "localhost"; it would win over the centre's default site, so it goes.
    """
    # fido2 (>= 2) lets http://localhost pass its origin check on its own: the production
    # setting, no exemption for insecure origins, is what is tested here. The live server
    # runs in a thread of this process, so it sees the override.
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
    Site.objects.exclude(pk=centre.site_id).delete()
    url = live_server.url
    assert url.startswith("http://localhost:"), url
    return url


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def submit(page) -> None:
    with page.expect_navigation():
        page.locator("main form.mia-form button[type=submit]").first.click()


def password_step(page, url: str, email: str) -> None:
    page.goto(url + "/konto/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    submit(page)


def assert_dashboard(page, url: str) -> None:
    page.wait_for_url(url + "/verwaltung/")
    assert page.locator(".w-dashboard").is_visible()
    assert page.title().startswith("Dashboard")


def test_a_security_key_as_second_factor(page, site, centre):
    user = member(centre, Role.EDITOR)
    problems: list[str] = []  # script errors and CSP refusals on the account pages

    def on_console(message) -> None:
        # Only the account pages are judged here. The dashboard loads its sprite and scripts
        # in parallel, each request saving the session (the idle clock); on the test's
        # shared-cache in-memory SQLite one of them can fail with "table is locked" (a 400).
        if message.type == "error" and "/verwaltung/" not in message.location.get("url", ""):
            problems.append(f"console: {message.text} ({message.location.get('url')})")

    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on("console", on_console)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    on_device = {"authenticatorId": authenticator["authenticatorId"]}

    # 1. the password, then the back office sends her to set up a second factor
    password_step(page, site, user.email)
    page.wait_for_url(site + "/konto/2fa/")
    page.goto(site + "/konto/2fa/webauthn/add/")
    # changing the factors asks for the password again
    page.wait_for_url(site + "/konto/reauthenticate/?next=%2Fkonto%2F2fa%2Fwebauthn%2Fadd%2F")
    page.locator("#id_password").fill(PASSWORD)
    submit(page)
    page.wait_for_url(site + "/konto/2fa/webauthn/add/")
    page.locator("#id_name").fill(KEY_NAME)
    shot(page, "webauthn-add")
    add = page.locator("#mfa_webauthn_add")
    assert add.is_visible()
    with page.expect_navigation():
        add.click()  # allauth's script: navigator.credentials.create, then the form is sent
    # the first factor comes with recovery codes, shown once
    page.wait_for_url(site + "/konto/2fa/recovery-codes/")
    assert problems == []
    key = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    assert key.data["name"] == KEY_NAME
    assert len(cdp.send("WebAuthn.getCredentials", on_device)["credentials"]) == 1
    page.goto(site + "/verwaltung/")
    assert_dashboard(page, site)

    # 2. signed out, the password leads to the second step; the key opens the back office
    page.goto(site + "/konto/logout/")
    submit(page)
    password_step(page, site, user.email)
    page.wait_for_url(site + "/konto/2fa/authenticate/")
    shot(page, "webauthn-authenticate")
    use_key = page.locator("#mfa_webauthn_authenticate")
    assert use_key.is_visible()
    with page.expect_navigation():
        use_key.click()  # navigator.credentials.get, answered by the same authenticator
    assert_dashboard(page, site)
    assert problems == []

    # 3. the key is stored for her, and the sign-in just used it
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
        Authenticator.Type.WEBAUTHN,
        Authenticator.Type.RECOVERY_CODES,
    }
    key.refresh_from_db()
    assert key.last_used_at is not None
    credential = cdp.send("WebAuthn.getCredentials", on_device)["credentials"][0]
    assert credential["signCount"] >= 2  # created, then used to sign in
