"""A coordinator edits a volunteer's languages in the back office, in headless Chromium: a
variety of another language is refused at its field, then corrected and saved. axe-core finds
nothing in the languages' part of the form, with and without the error.

Screenshots go to var/screenshots/pool-volunteer-languages-*.png, to be looked at.
"""

import pytest

from mia.permissions.roles import Role

from ..factories import member
from ..pool import factories as pool
from .conftest import AXE, AXE_TAGS, screenshot
from .test_accounts import site, staff_signs_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def axe_in(page, selector: str) -> list[dict]:
    """axe-core on one part of the page: the rest is Wagtail's to keep accessible."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "([selector, tags]) => axe.run({include: [selector]}, "
        "{runOnly: {type: 'tag', values: tags}})",
        [selector, AXE_TAGS],
    )
    return [
        {"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_a_coordinator_corrects_a_volunteers_languages(page, site, centre):  # noqa: F811
    volunteer = pool.volunteer(centre, "Amal Haddad", languages=(("ar", "apc", 3),))
    coordinator = member(centre, Role.COORDINATOR, "pool", email="pool@dortmund.example")
    staff_signs_in(page, site, coordinator)

    page.goto(f"{site}/verwaltung/pool/volunteers/edit/{volunteer.pk}/")
    section = "#panel-languages-section"
    assert page.locator(f"{section} #id_languages-0-language").count() == 1
    assert axe_in(page, section) == []
    page.set_viewport_size({"width": 1280, "height": 2000})
    screenshot(page, "pool-volunteer-languages")

    page.locator("#id_languages-0-dialect").select_option("kmr")  # Kurmanji is no Arabic
    page.locator("#id_languages-1-language").select_option("tr")
    page.locator("#id_languages-1-level").select_option("2")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    error = page.locator(f"{section} .w-field__errors").filter(has_text="is not a variety of")
    assert error.count() == 1 and error.is_visible()
    assert page.locator("#id_languages-0-dialect").get_attribute("aria-invalid") == "true"
    assert axe_in(page, section) == []
    screenshot(page, "pool-volunteer-languages-error")
    assert list(volunteer.languages.values_list("language", "dialect", "level")) == [
        ("ar", "apc", 3)
    ]

    page.locator("#id_languages-0-dialect").select_option("ajp")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/verwaltung/pool/volunteers/")
    assert sorted(volunteer.languages.values_list("language", "dialect", "level")) == [
        ("ar", "ajp", 3),
        ("tr", "", 2),
    ]
