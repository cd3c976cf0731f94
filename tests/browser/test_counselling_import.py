"""The counselling office's import in headless Chromium: a coordinator signs in with the
second factor, uploads a spreadsheet with mistakes and sees every one of them listed, with
nothing saved; the corrected file then imports.

Screenshots go to /tmp/shots/counselling/ (outside the repository), to be looked at.
"""

import tempfile
from pathlib import Path

import pytest

from mia.counselling.models import Office, OpeningSlot
from mia.permissions.roles import Role

from ..counselling.factories import places
from ..counselling.test_import import HEADER, JMD, NORD, csv_file
from ..factories import member
from .test_accounts import site, staff_signs_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "shots" / "counselling"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 2000})
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def upload(page, site, path: Path) -> None:  # noqa: F811
    page.goto(f"{site}/verwaltung/counselling/import/")
    page.locator('input[name="file"]').set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()


def test_a_malformed_file_is_refused_with_every_error_listed(page, site, centre, tmp_path):  # noqa: F811
    places(centre)
    coordinator = member(
        centre, Role.COORDINATOR, domain="counselling", email="beratung@do.example"
    )
    staff_signs_in(page, site, coordinator)

    bad_ages = [*JMD]
    bad_ages[HEADER.index("age_min")] = "-1"
    bad_ages[HEADER.index("age_max")] = "121"
    bad_place = [*NORD]
    bad_place[HEADER.index("postcode")] = "4414"
    bad_place[HEADER.index("hours")] = "Montags 9 bis 12"
    bad_place[HEADER.index("languages")] = "de, xx"
    broken = tmp_path / "offices.csv"
    broken.write_bytes(csv_file([HEADER, NORD, bad_ages, bad_place]))

    upload(page, site, broken)
    problems = page.locator("table#import-problems tbody tr")
    texts = problems.all_inner_texts()
    assert len(texts) == 5, texts
    assert any("-1" in text and "age_min" in text for text in texts)
    assert any("121" in text for text in texts)
    assert any("postcode" in text for text in texts)
    assert any("hours" in text for text in texts)
    assert any("xx" in text for text in texts)
    assert page.locator('button[name="action"][value="confirm"]').count() == 0
    shot(page, "import-refused")
    assert Office.objects.count() == 0

    fixed = tmp_path / "offices-fixed.csv"
    fixed.write_bytes(csv_file([HEADER, NORD, JMD]))
    upload(page, site, fixed)
    assert page.locator("table#import-problems").count() == 0
    shot(page, "import-preview")
    page.locator('button[name="action"][value="confirm"]').click()
    page.wait_for_load_state()
    assert page.url.endswith("/verwaltung/snippets/counselling/office/")
    assert set(Office.objects.values_list("name", flat=True)) == {"MBE Nordstadt", "JMD Hörde"}
    assert OpeningSlot.objects.filter(office__name="JMD Hörde").count() == 3
