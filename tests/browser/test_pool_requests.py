"""An institution registers, and its contact requests a mediator, in the browser.

axe-core on the registration page and the contact's pages (the form, also with its errors
and its short-notice confirmation, the list, one request, the cancellation), in German and
in Arabic (right to left). Screenshots at phone and desktop width go to
/tmp/shots/pool-requests/, to be looked at by a person.
"""

import datetime
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from mia.organisations.models import OrganisationMember
from mia.permissions.roles import Role
from mia.pool.models import Assignment, Institution, Request

from ..factories import member
from ..pool.factories import district, institution, next_weekday, request, topic, volunteer
from .conftest import axe_violations
from .test_accounts import password_step, site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "shots" / "pool-requests"
WIDTHS = (390, 1280)


def shots(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def check(page, failures: dict, name: str, language: str) -> None:
    assert page.locator("html").get_attribute("lang") == language, name
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    violations = axe_violations(page)
    if violations:
        failures[f"{language}:{name}"] = violations


@pytest.fixture
def pool(centre):
    place = district(centre)
    talk = topic(centre, "Elterngespräch in der Schule")
    court = topic(
        centre,
        "Gerichtsverfahren",
        excluded=True,
        explanation="Dafür braucht es vereidigte Dolmetscherinnen und Dolmetscher.",
    )
    school = institution(centre, "Grundschule am Nordmarkt", district=place)
    user = member(centre, Role.INSTITUTION_CONTACT, email="kontakt@schule.example")
    OrganisationMember.objects.create(organisation=school.organisation, user=user)
    return {"school": school, "user": user, "district": place, "talk": talk, "court": court}


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_registration_page_has_no_axe_violations(
    page,
    site,  # noqa: F811
    centre,
    language,
):
    district(centre)
    prefix = "/ar" if language == "ar" else ""
    failures: dict = {}
    page.goto(f"{site}{prefix}/sprachmittlung/einrichtung/")
    check(page, failures, "register", language)
    shots(page, f"register-{language}")
    page.locator("form.mia-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_name").get_attribute("aria-invalid") == "true"
    check(page, failures, "register-errors", language)
    shots(page, f"register-errors-{language}")
    page.fill("#id_name", "Kita Sonnenblume")
    page.check("#id_kind_1")
    page.fill("#id_street", "Beispielweg 3")
    page.fill("#id_postcode", "44137")
    page.fill("#id_city", "Dortmund")
    page.fill("#id_contact_name", "Erika Beispiel")
    page.fill("#id_email", "erika@kita.example")
    page.check("#id_on_behalf")
    page.locator("form.mia-form button[type=submit]").click()
    page.wait_for_load_state()
    made = Institution.objects.get(organisation__name="Kita Sonnenblume")
    assert (made.kind, made.status) == ("day_care", "pending")
    check(page, failures, "registered", language)
    shots(page, f"registered-{language}")
    assert failures == {}


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_contact_requests_and_cancels_and_the_pages_have_no_axe_violations(
    page,
    site,  # noqa: F811
    centre,
    pool,
    language,
):
    prefix = "/ar" if language == "ar" else ""
    failures: dict = {}
    school = pool["school"]
    # an assigned request whose appointment is in three hours: the late cancellation
    soon = request(
        centre, school, starts_at=timezone.now() + datetime.timedelta(hours=3), status="assigned"
    )
    Assignment.objects.create(
        centre=centre,
        request=soon,
        volunteer=volunteer(centre, "Amira Beispiel"),
        starts_at=soon.starts_at,
        ends_at=soon.ends_at,
    )
    password_step(page, site, pool["user"].email, prefix=prefix)
    page.goto(f"{site}{prefix}/sprachmittlung/anfrage/")
    check(page, failures, "request-form", language)
    shots(page, f"request-form-{language}")

    # nothing filled in: refused, errors at the fields
    page.locator("form.mia-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_language").get_attribute("aria-invalid") == "true"
    check(page, failures, "request-errors", language)
    shots(page, f"request-errors-{language}")

    # short notice: the page asks for a confirmation first
    tomorrow = timezone.localtime(next_weekday(1))
    page.select_option("#id_language", "ar")
    page.select_option("#id_dialect", "apc")
    page.fill("#id_day", tomorrow.date().isoformat())
    page.fill("#id_start", "10:00")
    page.fill("#id_minutes", "60")
    page.check("#id_setting_0")
    page.fill("#id_place", "Mallinckrodtstraße 100")
    page.select_option("#id_district", str(pool["district"].pk))
    page.select_option("#id_topic", str(pool["court"].pk))  # a topic the pool refuses
    page.locator("form.mia-form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator("#form-errors").inner_text()
    assert "vereidigte Dolmetscherinnen" in summary, summary
    page.select_option("#id_topic", str(pool["talk"].pk))
    page.locator("form.mia-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_confirm_urgent").is_visible()
    check(page, failures, "request-urgent", language)
    shots(page, f"request-urgent-{language}")
    assert Request.objects.count() == 1
    page.check("#id_confirm_urgent")
    page.locator("form.mia-form button[type=submit]").click()
    page.wait_for_load_state()
    made = Request.objects.exclude(pk=soon.pk).get()
    assert (made.urgent, made.dialect) == (True, "apc")
    assert page.url.endswith(f"/sprachmittlung/anfragen/{made.pk}/")
    check(page, failures, "request-detail", language)
    shots(page, f"request-detail-{language}")

    page.goto(f"{site}{prefix}/sprachmittlung/anfragen/")
    check(page, failures, "requests", language)
    shots(page, f"requests-{language}")

    page.goto(f"{site}{prefix}/sprachmittlung/anfragen/{soon.pk}/")
    assert "Amira" in page.content()
    page.goto(f"{site}{prefix}/sprachmittlung/anfragen/{soon.pk}/absagen/")
    check(page, failures, "cancel", language)
    shots(page, f"cancel-{language}")
    page.fill("#id_reason", "Die Schule ist geschlossen.")
    page.locator("form.mia-form button[type=submit]").click()
    page.wait_for_load_state()
    soon.refresh_from_db()
    assert soon.status == "cancelled"
    assert failures == {}
