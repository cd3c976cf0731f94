"""The ceremony's door on a staff phone (360 × 740) in headless Chromium: a coordinator signs
in with the second factor, opens the check-in, types a code, and the arrival is counted; a
second Chromium with a fake camera showing an invitee's QR code (a .y4m video made here with
segno) checks that invitee in by itself. axe-core finds nothing, in German and in Arabic.

Screenshots: /tmp/checkin-*.png, to be looked at.
"""

from pathlib import Path

import pytest
import segno
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from wagtail.users.models import UserProfile

from mia.ceremonies.letters import grouped
from mia.ceremonies.links import answer_url
from mia.permissions.roles import Role

from ..ceremonies.helpers import ceremony, invitee
from ..factories import member
from .conftest import BROWSER, axe_violations
from .test_accounts import current_code, password_step, site, submit_with_enter  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 360, "height": 740}
SHOTS = Path("/tmp")  # noqa: S108 (screenshots for a person to look at)


def y4m(path: Path, text: str, width: int = 640, height: int = 480, frames: int = 10) -> Path:
    """A short video (YUV4MPEG2, 4:2:0) of a white page with the QR code of `text`: what
    Chromium's fake camera plays in a loop."""
    matrix = segno.make(text, error="m", micro=False).matrix
    modules = len(matrix)
    scale = min(width, height) * 3 // 4 // (modules + 8)
    size = (modules + 8) * scale
    left, top = (width - size) // 2, (height - size) // 2
    luma = bytearray(b"\xeb" * (width * height))  # white (video range)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if not dark:
                continue
            for dy in range(scale):
                start = (top + (y + 4) * scale + dy) * width + left + (x + 4) * scale
                luma[start : start + scale] = b"\x10" * scale  # black
    chroma = b"\x80" * ((width // 2) * (height // 2))
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _frame in range(frames):
            video.write(b"FRAME\n" + bytes(luma) + chroma + chroma)
    return path


def staff(centre, language: str = "en"):
    user = member(centre, Role.COORDINATOR, domain="ceremonies", email="feier@do.example")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def sign_in(page, site, user, secret) -> None:  # noqa: F811
    password_step(page, site, user.email)
    page.locator("#id_code").focus()
    page.keyboard.type(current_code(secret))
    submit_with_enter(page)


def test_a_typed_code_checks_in_and_is_counted(browser, site, centre):  # noqa: F811
    feast = ceremony(centre)
    amina = invitee(feast, "Amina Haddad", status="attending", companions=1)
    invitee(feast, "Reza Ahmadi", street="Weg 2", status="waiting")
    user, secret = staff(centre)
    context = browser.new_context(viewport=PHONE, locale="en-GB", has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        sign_in(page, site, user, secret)
        page.goto(f"{site}/verwaltung/ceremonies/{feast.pk}/check-in/")
        assert "0 of 1 expected invitees arrived" in page.locator("#checkin-count").inner_text()
        assert axe_violations(page) == []
        page.screenshot(path=str(SHOTS / "checkin-empty.png"), full_page=True)

        field = page.get_by_label("Code")
        field.fill(grouped(amina.code).lower())
        page.get_by_role("button", name="Check in").click()
        result = page.locator("#checkin-result")
        result.get_by_text("Amina Haddad has arrived, with 1 companion.").wait_for()
        page.locator("#checkin-count").get_by_text("1 of 1 expected invitees arrived").wait_for()
        assert "2 guests" in page.locator("#checkin-count").inner_text()
        assert axe_violations(page) == []
        page.screenshot(path=str(SHOTS / "checkin-arrived.png"), full_page=True)

        # again: harmless, says when
        field.fill(amina.code)
        page.get_by_role("button", name="Check in").click()
        result.get_by_text("already arrived at").wait_for()
        amina.refresh_from_db()
        assert amina.checked_in_at is not None
        page.screenshot(path=str(SHOTS / "checkin-already.png"), full_page=True)

        # someone on the waiting list is shown as such, not let in
        waiting = feast.invitees.get(name="Reza Ahmadi")
        field.fill(waiting.code)
        page.get_by_role("button", name="Check in").click()
        result.get_by_text("has no seat").wait_for()
        assert page.get_by_role("button", name="Let in anyway").is_visible()
        assert axe_violations(page) == []
        page.screenshot(path=str(SHOTS / "checkin-no-seat.png"), full_page=True)
        waiting.refresh_from_db()
        assert waiting.checked_in_at is None
    finally:
        context.close()


def test_the_page_works_in_arabic_and_without_javascript(browser, site, centre):  # noqa: F811
    feast = ceremony(centre)
    amina = invitee(feast, "Amina Haddad", status="attending")
    anna = invitee(feast, "Anna Schmidt", street="Weg 2", status="attending")
    user, secret = staff(centre, language="ar")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, site, user, secret)
        page.goto(f"{site}/verwaltung/ceremonies/{feast.pk}/check-in/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.locator("input[name=code]").fill(amina.code)
        page.locator("input[name=code]").press("Enter")
        page.locator("#checkin-result").get_by_text("Amina Haddad").wait_for()
        assert axe_violations(page) == []
        page.screenshot(path=str(SHOTS / "checkin-arabic.png"), full_page=True)
        signed_in = context.storage_state()
    finally:
        context.close()
    # the same staff member, the same session, a browser without JavaScript: a plain form
    context = browser.new_context(
        viewport=PHONE, java_script_enabled=False, storage_state=signed_in
    )
    page = context.new_page()
    try:
        page.goto(f"{site}/verwaltung/ceremonies/{feast.pk}/check-in/")
        page.locator("input[name=code]").fill(anna.code)
        # without JavaScript Wagtail's sidebar stays in its loading state over a phone's
        # page: the form is sent from the keyboard
        submit_with_enter(page)
        assert "Anna Schmidt" in page.locator("#checkin-result").inner_text()
        anna.refresh_from_db()
        assert anna.checked_in_at is not None
        page.screenshot(path=str(SHOTS / "checkin-arabic-nojs.png"), full_page=True)
    finally:
        context.close()


def test_the_camera_reads_the_qr_code_and_checks_in(browser, site, centre, tmp_path):  # noqa: F811
    feast = ceremony(centre)
    amina = invitee(feast, "Amina Haddad", status="attending", companions=1)
    video = y4m(tmp_path / "ticket.y4m", answer_url(amina))
    user, secret = staff(centre)
    # a second Chromium of the same Playwright, started with a fake camera
    camera_browser = browser.browser_type.launch(
        executable_path=BROWSER,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(viewport=PHONE, locale="en-GB")
        context.grant_permissions(["camera"])
        page = context.new_page()
        sign_in(page, site, user, secret)
        page.goto(f"{site}/verwaltung/ceremonies/{feast.pk}/check-in/")
        page.get_by_role("button", name="Start camera").click()
        page.locator("#checkin-result").get_by_text(
            "Amina Haddad has arrived, with 1 companion."
        ).wait_for(timeout=20000)
        page.locator("#checkin-count").get_by_text("1 of 1 expected").wait_for()
        assert (
            page.get_by_role("button", name="Stop camera").get_attribute("aria-pressed") == "true"
        )
        assert axe_violations(page) == []
        page.screenshot(path=str(SHOTS / "checkin-camera.png"), full_page=True)
        page.get_by_role("button", name="Stop camera").click()
    finally:
        camera_browser.close()
    amina.refresh_from_db()
    assert amina.checked_in_at is not None
