"""The pool's volunteer pages in headless Chromium: the application, filled in by keyboard
and sent (with a mistake first), in German, at phone width and in Arabic; the volunteer's
times page with an overlap refused. axe-core on every state.

Screenshots go to var/screenshots/pool-volunteers-*.png, to be looked at.
"""

import pytest

from mia.permissions.roles import Role
from mia.pool.models import Volunteer

from ..factories import member
from ..pool import factories as pool
from .conftest import axe_violations, screenshot
from .test_accounts import password_step, site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.fixture
def places(site_pages, centre):
    pool.district(centre, "Innenstadt-Nord")
    pool.district(centre, "Hörde", 51.49, 7.50)
    pool.topic(centre, "Elterngespräch")
    pool.topic(centre, "Gericht", excluded=True)


def test_apply_by_keyboard_with_a_mistake_first(browser, site, places, settings):  # noqa: F811
    settings.MIA_FORM_MIN_SECONDS = 0
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{site}/sprachmittlung/mitmachen/")
    assert axe_violations(page) == []
    screenshot(page, "pool-volunteers-apply")

    page.locator("#id_name").focus()
    page.keyboard.type("Leyla Demir")
    page.keyboard.press("Tab")
    page.keyboard.type("leyla@example.org")
    page.locator("#id_languages-0-language").select_option("ar")
    page.locator("#id_languages-0-dialect").select_option("apc")
    # the level is left out: the row says so
    page.locator("#id_german_level").select_option("C1")
    page.locator("#id_settings_accepted_0").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#id_languages-0-level").get_attribute("aria-invalid") == "true"
    assert page.get_by_role("alert").first.is_visible()
    assert axe_violations(page) == []
    screenshot(page, "pool-volunteers-apply-error")

    page.locator("#id_languages-0-level").select_option("4")
    with page.expect_navigation():
        page.locator("#id_name").press("Enter")
    assert "gesendet=1" in page.url
    assert axe_violations(page) == []
    volunteer = Volunteer.objects.get()
    assert (volunteer.name, list(volunteer.languages.values_list("language", "level"))) == (
        "Leyla Demir",
        [("ar", 4)],
    )
    context.close()


@pytest.mark.parametrize("prefix", ["", "/ar"], ids=["german", "arabic"])
def test_apply_page_on_a_phone(browser, site, places, prefix):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    page.goto(f"{site}{prefix}/sprachmittlung/mitmachen/")
    assert fits_the_screen(page)
    assert axe_violations(page) == []
    screenshot(page, f"pool-volunteers-apply-phone{prefix.replace('/', '-')}")
    # sent with a district ticked and no way of mediating: the group's error stays on the
    # screen, under its legend, and the summary has the focus
    page.locator("input[name=districts]").first.check()
    page.locator("input[name=settings_accepted]").first.uncheck()
    with page.expect_navigation():
        page.locator("form.mia-form button[type=submit]").click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'form-errors'")
    assert fits_the_screen(page)
    assert axe_violations(page) == []
    screenshot(page, f"pool-volunteers-apply-phone-errors{prefix.replace('/', '-')}")
    context.close()


def test_times_page_refuses_an_overlap(browser, site, site_pages, centre):  # noqa: F811
    user = member(centre, Role.VOLUNTEER, email="zeiten@example.org")
    pool.volunteer(centre, user=user, email=user.email, weekly=())
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    password_step(page, site, user.email, "a-long-test-password")
    page.goto(f"{site}/sprachmittlung/ehrenamt/zeiten/")
    assert axe_violations(page) == []
    page.locator("#id_slots-0-weekday").select_option("1")
    page.locator("#id_slots-0-starts").fill("14:00")
    page.locator("#id_slots-0-ends").fill("18:00")
    page.locator("#id_slots-1-weekday").select_option("1")
    page.locator("#id_slots-1-starts").fill("17:00")
    page.locator("#id_slots-1-ends").fill("19:00")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "14:00–18:00" in page.locator("#slots_error").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "pool-volunteers-times-overlap")
    page.locator("#id_slots-1-starts").fill("18:00")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/sprachmittlung/ehrenamt/zeiten/")
    assert Volunteer.objects.get(user=user).slots.count() == 2
    assert axe_violations(page) == []
    screenshot(page, "pool-volunteers-times")
    context.close()
