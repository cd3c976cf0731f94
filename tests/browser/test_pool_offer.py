"""The pool's offer page in headless Chromium, as a volunteer opens it from the mail on a
phone: the appointment, decline with a reason on one offer, accept on another, the page a
second visit shows; in German and in Arabic; axe-core on every state.

Screenshots go to /tmp/pool-offer-*.png, to be looked at.
"""

from pathlib import Path

import pytest

from mia.pool import offers

from ..pool import factories as pool
from ..pool.test_offers import tokens_in_outbox
from .conftest import axe_violations
from .test_accounts import site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp")  # noqa: S108  (outside the repository, to be looked at)
PHONE = {"width": 390, "height": 844}


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"pool-offer-{name}.png"), full_page=True)


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize(("language", "prefix"), [("de", ""), ("ar", "/ar")])
def test_decline_one_offer_and_accept_another(browser, site, centre, language, prefix):  # noqa: F811
    school = pool.institution(centre)
    first = pool.request(centre, school, district=pool.district(centre), urgent=True)
    second = pool.request(
        centre, school, district=pool.district(centre), starts_at=pool.next_weekday(14)
    )
    person = pool.volunteer(centre, "Amira Haddad")
    offers.make_offers(first, [person], None)
    token_1 = tokens_in_outbox()[person.email]
    offers.make_offers(second, [person], None)
    token_2 = tokens_in_outbox()[person.email]

    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(f"{site}{prefix}/sprachmittlung/angebot/{token_1}/")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1
        assert fits_the_screen(page)
        assert axe_violations(page) == []
        shot(page, f"{language}-open-phone")

        page.locator("textarea").fill("Ich bin an diesem Tag verreist.")
        with page.expect_navigation():
            page.locator("button[value=decline]").click()
        assert page.locator("[role=status]").count() == 1
        assert page.locator("button[value=accept]").count() == 0
        assert axe_violations(page) == []
        shot(page, f"{language}-declined-phone")

        page.goto(f"{site}{prefix}/sprachmittlung/angebot/{token_2}/")
        page.locator("button[value=accept]").focus()  # keyboard-complete: Enter answers
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("[role=status]").count() == 1
        assert axe_violations(page) == []
        shot(page, f"{language}-accepted-phone")

        page.goto(f"{site}{prefix}/sprachmittlung/angebot/{token_2}/")
        assert page.locator("button").filter(has_text="accept").count() == 0
        assert axe_violations(page) == []
        page.set_viewport_size({"width": 1280, "height": 900})
        shot(page, f"{language}-used-desktop")

        page.goto(f"{site}{prefix}/sprachmittlung/angebot/{'x' * 43}/")
        assert axe_violations(page) == []
        shot(page, f"{language}-unknown-desktop")
    finally:
        context.close()
    assert first.assignments.count() == 0
    assert second.assignments.get().volunteer == person
