"""What a visitor does with keyboard and mouse: skip to content, switch language, send a message."""

import pytest
from django.core import mail
from django.core.management import call_command

from mia.contact.models import Message

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server, settings):
    settings.MIA_FORM_MIN_SECONDS = 1
    call_command("load_demo", verbosity=0)
    return live_server.url


def test_first_tab_reaches_the_skip_link_and_it_moves_focus_to_main(page, demo):
    page.goto(demo + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    # the jump to #main and the focus that follows it land after the key press returns
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert page.url.endswith("#main")


def test_language_switch_to_arabic_turns_the_page_right_to_left(page, demo):
    page.goto(demo + "/")
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url(demo + "/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == "في دورتموند نعيش الاندماج"


def test_contact_form_by_keyboard_with_an_error_then_success(page, demo):
    page.goto(demo + "/kontakt/")
    page.get_by_label("Ihr Name").fill("Ada")
    page.get_by_label("Ihre E-Mail-Adresse").fill("keine-adresse")
    page.get_by_label("Betreff").fill("Frage")
    page.get_by_label("Ihre Nachricht").fill("Wann beginnt die Internationale Woche?")
    page.wait_for_timeout(1200)
    page.get_by_label("Ihre Nachricht").press("Tab")  # the honeypot is out of the tab order
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # the summary takes the focus: read first, and in view on a phone
    page.wait_for_function("document.activeElement && document.activeElement.id === 'form-errors'")
    email = page.get_by_label("Ihre E-Mail-Adresse")
    assert email.get_attribute("aria-invalid") == "true"
    assert "id_email_error" in email.get_attribute("aria-describedby")
    assert axe_violations(page) == []
    screenshot(page, "de-contact-error")
    email.fill("ada@example.org")
    page.wait_for_timeout(1200)
    with page.expect_navigation():
        page.get_by_role("button", name="Nachricht senden").click()
    page.wait_for_url("**/kontakt/?sent=1")
    assert page.get_by_role("status").is_visible()
    screenshot(page, "de-contact-sent")
    assert Message.objects.get().email == "ada@example.org"
    assert len(mail.outbox) == 1


def test_search_from_the_header(page, demo):
    page.goto(demo + "/")
    page.get_by_role("searchbox", name="Diese Website durchsuchen").fill("Einbürgerung")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    results = page.locator("main ol a").all_inner_texts()
    assert "Einbürgerung wird gefeiert: „Identifikation durch Mitgestaltung“" in results
