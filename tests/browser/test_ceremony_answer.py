"""The naturalisation ceremony's answer page in headless Chromium, as an invitee uses it: the
QR link on a phone, yes with a companion, the ticket and its PDF, then no; with and without
JavaScript, in English and in Arabic; the waiting list and an offer; axe-core on every state.

Screenshots go to /tmp/rsvp-*.png (and the ticket PDFs, drawn as pictures, beside them), to
be looked at.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

from mia.ceremonies import services

from ..ceremonies.factories import ceremony, invitee
from .conftest import axe_violations
from .test_accounts import site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp")  # noqa: S108  (where the brief asks for them, outside the repository)
PHONE = {"width": 390, "height": 844}


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"rsvp-{name}.png"), full_page=True)


def pdf_picture(data: bytes, name: str) -> None:
    """The PDF, and its page drawn as a picture where poppler's pdftoppm is installed."""
    pdf = SHOTS / f"rsvp-{name}.pdf"
    pdf.write_bytes(data)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        picture = str(SHOTS / f"rsvp-{name}")
        subprocess.run(
            [pdftoppm, "-png", "-r", "110", "-singlefile", str(pdf), picture],
            check=True,
            timeout=60,
        )


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.fixture
def feier(centre):
    return ceremony(centre, capacity=10, companions_allowed=2)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_yes_with_a_companion_the_ticket_and_then_no(browser, site, feier, javascript):  # noqa: F811
    person = invitee(feier, name="Amal Beispiel", language="en")
    context = browser.new_context(
        viewport=PHONE, locale="en-GB", java_script_enabled=javascript, accept_downloads=True
    )
    page = context.new_page()
    label = "js" if javascript else "nojs"

    def no_violations() -> bool:
        # axe-core is a script: checked in the run with JavaScript (the same pages)
        return not javascript or axe_violations(page) == []

    try:
        page.goto(f"{site}/en/einbuergerungsfeier/{person.code}/")
        assert page.locator("h1").inner_text() == feier.title
        assert fits_the_screen(page)
        assert no_violations()
        shot(page, f"form-{label}")

        page.get_by_label("Yes, I will come").check()
        page.get_by_label("How many people will come with you?").fill("1")
        page.get_by_label("Do you or the people with you need anything").fill("Rollstuhlplatz")
        page.get_by_role("button", name="Send my answer").click()
        page.wait_for_load_state()

        assert "Thank you. Your seat is booked." in page.locator("main").inner_text()
        ticket = page.locator(".mia-ticket")
        assert "You are coming with 1 companion." in ticket.inner_text()
        assert person.display_code in ticket.inner_text()
        assert ticket.locator("img.mia-ticket__qr").is_visible()
        assert fits_the_screen(page)
        assert no_violations()
        shot(page, f"ticket-{label}")

        with page.expect_download() as download:
            page.get_by_role("link", name="Download the ticket (PDF)").click()
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"%PDF")
        if javascript:
            pdf_picture(data, "ticket-pdf-en")

        page.get_by_label("No, I cannot come").check()
        page.get_by_role("button", name="Send my answer").click()
        page.wait_for_load_state()
        assert "Your answer is saved: you will not come." in page.locator("main").inner_text()
        assert page.locator(".mia-ticket").count() == 0
        assert no_violations()
        shot(page, f"declined-{label}")
        assert services.counts(feier).seats_taken == 0
    finally:
        context.close()


def test_a_wrong_number_of_companions_is_announced_at_the_field(browser, site, feier):  # noqa: F811
    person = invitee(feier)
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{site}/en/einbuergerungsfeier/{person.code}/")
        page.get_by_label("Yes, I will come").check()
        page.get_by_label("How many people will come with you?").fill("7")
        page.get_by_role("button", name="Send my answer").click()
        page.wait_for_load_state()
        field = page.locator('input[name="companions"]')
        assert field.get_attribute("aria-invalid") == "true"
        described = field.get_attribute("aria-describedby").split()
        assert "You can bring up to 2 people." in page.locator(f"#{described[-1]}").inner_text()
        assert page.get_by_role("alert").first.is_visible()
        assert axe_violations(page) == []
        shot(page, "error")
    finally:
        context.close()


def test_the_arabic_page_and_ticket_read_right_to_left(browser, site, feier):  # noqa: F811
    person = invitee(feier, name="يوسف Beispiel", language="ar")
    context = browser.new_context(viewport=PHONE, locale="ar", accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{site}/ar/einbuergerungsfeier/{person.code}/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("h1").get_attribute("lang") == "de"
        assert axe_violations(page) == []
        shot(page, "ar-form")
        page.locator('input[name="attending"][value="yes"]').check()
        page.locator('input[name="companions"]').fill("2")
        page.locator(".mia-answer-form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".mia-ticket").is_visible()
        assert fits_the_screen(page)
        assert axe_violations(page) == []
        shot(page, "ar-ticket")
        with page.expect_download() as download:
            page.locator(".mia-ticket a[download]").click()
        pdf_picture(Path(download.value.path()).read_bytes(), "ticket-pdf-ar")
    finally:
        context.close()


def test_the_waiting_list_and_an_offer(browser, site, centre):  # noqa: F811
    full = ceremony(centre, capacity=2, companions_allowed=1)
    holder = services.answer(invitee(full), attending=True, companions=1)
    person = invitee(full, name="Karim Beispiel", email="karim@example.org")
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{site}/en/einbuergerungsfeier/{person.code}/")
        page.get_by_label("Yes, I will come").check()
        page.get_by_role("button", name="Send my answer").click()
        page.wait_for_load_state()
        main = page.locator("main").inner_text()
        assert "All seats are taken. You are on the waiting list." in main
        assert "You are number 1 in line" in main
        assert axe_violations(page) == []
        shot(page, "waiting")

        services.answer(holder, attending=False)  # a seat is freed: offered to Karim
        page.reload()
        assert "A seat is free for you" in page.locator("main").inner_text()
        assert axe_violations(page) == []
        shot(page, "offer")
        page.get_by_role("button", name="Accept the seat").click()
        page.wait_for_load_state()
        assert page.locator(".mia-ticket").is_visible()
    finally:
        context.close()


def test_the_code_form_at_desktop_width(browser, site, feier):  # noqa: F811
    person = invitee(feier, code="ABCDE23456")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{site}/en/einbuergerungsfeier/")
        assert axe_violations(page) == []
        page.get_by_label("Your personal code").fill("abcde-2345")
        page.get_by_role("button", name="Open my invitation").click()
        page.wait_for_load_state()
        assert "A code has ten letters and digits" in page.locator("main").inner_text()
        assert axe_violations(page) == []
        shot(page, "code-error")
        page.get_by_label("Your personal code").fill("abcde 23456")
        page.get_by_role("button", name="Open my invitation").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/en/einbuergerungsfeier/{person.code}/")
        shot(page, "form-desktop")
    finally:
        context.close()
