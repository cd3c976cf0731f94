"""The hours pages in the browser: the volunteer reports (a wrong date shown at the field),
the institution confirms; axe-core finds nothing, in German and Arabic."""

import pytest

from mia.pool.models import Assignment

from ..factories import member
from ..pool.factories import institution
from ..pool.test_billing import assignment, contact
from .test_accounts import assert_error_at_field, check, password_step, shots, site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["de", "ar"])
def test_hours_reported_and_confirmed(page, site, centre, language):  # noqa: F811
    place = institution(centre, "Grundschule am Nordmarkt")
    job = assignment(centre, place=place)
    volunteer_user = member(centre, "volunteer")
    job.volunteer.user = volunteer_user
    job.volunteer.save(update_fields=["user"])
    prefix = "/ar" if language == "ar" else ""
    failures: dict = {}

    password_step(page, site, volunteer_user.email, prefix=prefix)
    page.goto(f"{site}{prefix}/sprachmittlung/ehrenamt/einsaetze/{job.pk}/stunden/")
    check(page, failures, "report", language)
    page.fill("#id_day", "2031-01-15")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_error_at_field(page, "id_day")
    check(page, failures, "report-error", language)
    shots(page, f"{language}-pool-report-error")
    page.goto(f"{site}{prefix}/sprachmittlung/ehrenamt/einsaetze/{job.pk}/stunden/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").is_visible()
    check(page, failures, "reported", language)

    page.context.clear_cookies()
    user = contact(place)
    password_step(page, site, user.email, prefix=prefix)
    page.goto(f"{site}{prefix}/sprachmittlung/anfragen/{job.request_id}/stunden/")
    check(page, failures, "confirm", language)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").is_visible()
    check(page, failures, "confirmed", language)
    shots(page, f"{language}-pool-confirmed")
    job.refresh_from_db()
    assert job.status == Assignment.Status.DONE
    assert failures == {}
