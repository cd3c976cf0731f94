"""An organisation's member keeps its profile in the browser: errors at the field, axe-core clean."""

import pytest

from mia.organisations.models import Organisation, OrganisationMember
from mia.permissions.roles import Role

from ..factories import member
from .test_accounts import assert_error_at_field, check, password_step, shots, site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_member_updates_the_organisation_profile(page, site, centre, language):  # noqa: F811
    verein = Organisation.objects.create(
        centre=centre, name="Kulturverein Nordstadt", kind="association"
    )
    user = member(centre, Role.ORGANISATION_MEMBER)
    OrganisationMember.objects.create(organisation=verein, user=user)
    prefix = "/ar" if language == "ar" else ""
    password_step(page, site, user.email, prefix=prefix)
    page.goto(f"{site}{prefix}/konto/")
    page.get_by_role("link", name="Kulturverein Nordstadt").click()
    failures: dict = {}
    check(page, failures, "organisation", language)
    page.fill("#id_website", "javascript:alert(1)")
    page.fill("#id_contact_name", "Ada Lovelace")
    page.locator("form.mia-form button[type=submit]").click()
    page.wait_for_load_state()
    assert_error_at_field(page, "id_website")
    check(page, failures, "organisation-error", language)
    shots(page, f"{language}-organisation-error")
    page.fill("#id_website", "https://kulturverein.example.org")
    page.locator("form.mia-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").is_visible()
    verein.refresh_from_db()
    assert (verein.website, verein.contact_name) == (
        "https://kulturverein.example.org",
        "Ada Lovelace",
    )
    assert failures == {}
