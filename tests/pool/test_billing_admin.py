"""The allowances in the back office: the month's list, the finance office's CSV, the PDF
statements, closing a month, the ceiling page; audited, not cached, one centre's only."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from mia.audit.models import AuditEntry
from mia.permissions.roles import Role
from mia.pool import billing
from mia.pool.admin.billing import CSV_COLUMNS
from mia.pool.models import Assignment, PayoutMonth, PoolSettings

from ..factories import member, sign_in
from .factories import volunteer
from .test_billing import confirmed, late_cancelled

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, centre):
    return sign_in(client, member(centre, Role.COORDINATOR, "pool"))


def month_path(month: datetime.date, suffix: str = "") -> str:
    return f"/verwaltung/pool/billing/{month.year}/{month.month}/{suffix}"


def this_month() -> datetime.date:
    return billing.month_of(timezone.now())


def amira_and_bo(centre):
    amira = volunteer(centre, "Amira Haddad")
    confirmed(centre, 90, person=amira)
    confirmed(centre, 150, person=amira)
    late_cancelled(centre, person=amira)
    bo = volunteer(centre, "=Bo Nguyen")  # a name a spreadsheet would take for a formula
    confirmed(centre, 60, person=bo)
    billing.settle_cancellations(centre)
    return amira, bo


def parse(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_carries_each_volunteers_month_and_parses_back(client, centre, coordinator):
    amira, bo = amira_and_bo(centre)

    response = client.get(month_path(this_month(), "csv/"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    month = f"{this_month():%Y-%m}"
    assert parse(response.content) == [
        list(CSV_COLUMNS),
        # by name: "=" sorts before letters
        [month, str(bo.pk), "'=Bo Nguyen", "1", "1,00", "25,00"],
        [month, str(amira.pk), "Amira Haddad", "3", "4,00", "85,00"],
    ]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert (entry.actor, entry.centre_id, entry.detail["format"]) == (coordinator, centre.pk, "csv")


def test_the_statements_have_a_page_per_volunteer_with_the_totals(client, centre, coordinator):
    amira, bo = amira_and_bo(centre)
    march, january = datetime.date(2025, 3, 1), datetime.date(2025, 1, 1)
    Assignment.objects.filter(centre=centre).update(payout_month=march)
    earlier = confirmed(centre, 60, person=amira)
    Assignment.objects.filter(pk=earlier.pk).update(payout_month=january)
    later = confirmed(centre, 60, person=amira)  # paid after March: not in its statement
    Assignment.objects.filter(pk=later.pk).update(payout_month=datetime.date(2025, 4, 1))

    response = client.get(month_path(march, "statements/"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 2
    second, first = (" ".join(page.extract_text().split()) for page in pages)  # by name
    assert "Amira Haddad" in first and "=Bo Nguyen" in second
    assert "85,00 €" in first  # the month
    assert "110,00 €" in first  # the year through March: the month and January's 25
    assert "135,00" not in first
    assert "730,00 €" in first  # still tax-free: 840 − 110
    assert "840,00 €" in first  # the ceiling
    assert centre.name in first
    assert "25,00 €" in second
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1


def test_one_volunteers_statement(client, centre, coordinator):
    amira, _bo = amira_and_bo(centre)
    response = client.get(month_path(this_month(), f"statements/?volunteer={amira.pk}"))
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 1
    assert "Amira Haddad" in pages[0].extract_text()
    assert client.get(month_path(this_month(), "statements/?volunteer=999999")).status_code == 404


def test_the_month_page_lists_the_volunteers_and_logs_the_read(
    client, centre, coordinator, django_assert_max_num_queries
):
    amira, bo = amira_and_bo(centre)
    client.get(month_path(this_month()))
    with django_assert_max_num_queries(40):
        response = client.get(month_path(this_month()))
    page = response.content.decode()
    assert "Amira Haddad" in page and "110,00" in page  # 85 + 25: the month's total
    listed = AuditEntry.objects.filter(action=AuditEntry.Action.LIST).last()
    assert sorted(listed.detail["ids"]) == sorted([amira.pk, bo.pk])


def test_a_month_page_costs_the_same_for_one_and_three_volunteers(
    client, centre, coordinator, django_assert_num_queries
):
    confirmed(centre, 90)
    client.get(month_path(this_month()))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(month_path(this_month()))
    confirmed(centre, 90)
    confirmed(centre, 90)
    client.get(month_path(this_month()))
    with CaptureQueriesContext(connection) as three:
        client.get(month_path(this_month()))
    assert len(three) == len(one), "\n".join(q["sql"][:200] for q in three.captured_queries)


def test_another_centres_allowances_are_not_listed(client, centre, other_centre, coordinator):
    confirmed(other_centre, 90, person=volunteer(other_centre, "Fremde Person"))
    page = client.get(month_path(this_month())).content.decode()
    assert "Fremde Person" not in page
    assert parse(client.get(month_path(this_month(), "csv/")).content) == [list(CSV_COLUMNS)]


def test_closing_a_month_sends_later_confirmations_to_the_next(client, centre, coordinator):
    last = billing.month_of(this_month() - datetime.timedelta(days=1))
    response = client.post(month_path(last, "close/"))
    assert response.status_code == 302
    assert PayoutMonth.objects.filter(centre=centre, month=last).exists()
    again = client.post(month_path(last, "close/"), follow=True)
    assert "already closed" in again.content.decode()
    refused = client.post(month_path(this_month(), "close/"), follow=True)
    assert "Only a month that has ended" in refused.content.decode()
    assert PayoutMonth.objects.filter(centre=centre).count() == 1


def test_an_editor_may_not_see_the_allowances(client, centre):
    sign_in(client, member(centre, Role.EDITOR))
    assert client.get(month_path(this_month(), "csv/"))["Location"].endswith("/verwaltung/")
    assert client.post(month_path(this_month(), "close/"))["Location"].endswith("/verwaltung/")


def test_the_ceiling_page_warns_about_volunteers_near_it(client, centre, coordinator):
    PoolSettings.objects.update_or_create(
        centre=centre, defaults={"allowance_ceiling": Decimal("100.00")}
    )
    near = volunteer(centre, "Nahe Grenze")
    for _ in range(4):
        confirmed(centre, 60, person=near)  # 100: reached
    confirmed(centre, 60, person=volunteer(centre, "Weit Weg"))

    page = client.get("/verwaltung/pool/billing/ceiling/").content.decode()

    assert "Nahe Grenze" in page
    assert "the ceiling is reached" in page
    assert "Weit Weg" not in page


def test_the_period_pages_show_the_year_they_show_in_their_fields(client, centre, coordinator):
    year = timezone.localdate().year
    ceiling = client.get("/verwaltung/pool/billing/ceiling/").content.decode()
    assert f"Tax-free ceiling {year}" in ceiling
    assert re.search(rf'<input[^>]*name="year"[^>]*value="{year}"', ceiling)
    earlier = client.get(f"/verwaltung/pool/billing/ceiling/?year={year - 1}").content.decode()
    assert re.search(rf'<input[^>]*name="year"[^>]*value="{year - 1}"', earlier)
    figures = client.get("/verwaltung/pool/statistics/").content.decode()
    for name, value in (("year", year), ("first_month", 1), ("last_month", 12)):
        assert re.search(rf'<input[^>]*name="{name}"[^>]*value="{value}"', figures), name


def test_the_months_page_shows_the_totals(client, centre, coordinator):
    amira_and_bo(centre)
    page = client.get("/verwaltung/pool/billing/").content.decode()
    assert "110,00" in page


def test_a_late_cancellation_appears_in_the_list_without_anyone_settling_it(
    client, centre, coordinator
):
    person = volunteer(centre, "Kurzfristig")
    late_cancelled(centre, person=person)
    rows = parse(client.get(month_path(this_month(), "csv/")).content)
    assert rows[1][2:] == ["Kurzfristig", "1", "0,00", "25,00"]
