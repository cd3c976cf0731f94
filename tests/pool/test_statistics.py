"""The pool's anonymous figures: counts, hours, lead times, reasons; small cells hidden."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from mia.pool import statistics
from mia.pool.models import Institution, Request, Setting

from ..factories import member, sign_in
from .factories import institution, request, volunteer
from .test_billing import HOUR, assignment, confirmed

pytestmark = pytest.mark.django_db


def year() -> int:
    return timezone.localtime(timezone.now() - 6 * HOUR).year


def a_year_of_requests(centre):
    """Three Arabic (Levantine) appointments held by women, one Farsi by a man; an
    unfilled request and two cancelled ones."""
    school = institution(centre, "Gesamtschule")
    for minutes in (90, 60, 150):
        confirmed(centre, minutes, person=volunteer(centre, gender="female"), place=school)
    job = assignment(centre, person=volunteer(centre, gender="male"))
    job.request.language, job.request.dialect = "fa", "prs"
    job.request.save(update_fields=["language", "dialect"])
    from mia.pool import billing

    billing.confirm_hours(job, job.starts_at, job.starts_at + HOUR, None)
    when = timezone.now() - 6 * HOUR
    authority = institution(centre, "Jobcenter", kind=Institution.Kind.AUTHORITY)
    request(
        centre,
        authority,
        starts_at=when,
        status=Request.Status.UNFILLED,
        unfilled_reason=Request.Unfilled.NOBODY,
        setting=Setting.PHONE,
    )
    request(
        centre,
        authority,
        starts_at=when,
        status=Request.Status.CANCELLED,
        cancelled_by_institution=True,
    )
    request(centre, authority, starts_at=when, status=Request.Status.CANCELLED, urgent=True)


def test_the_figures_count_requests_assignments_and_hours(centre):
    a_year_of_requests(centre)
    figures = statistics.figures(centre, year())

    assert (figures.requests, figures.done, figures.minutes) == (7, 4, 360)
    assert figures.hours == Decimal("6.0")
    assert figures.urgent == 1
    assert figures.urgent_share == Decimal("14.3")
    arabic = figures.by_language[0]
    assert (arabic.requests.count, arabic.done.count, arabic.done.minutes) == (6, 3, 300)
    farsi = next(line for line in figures.by_language if "Dari" in line.label)
    assert farsi.done.small
    kinds = {line.label: (line.requests.count, line.done.count) for line in figures.by_kind}
    assert kinds == {"School": (4, 4), "Authority": (3, 0)}
    assert [(label, cell.count) for label, cell in figures.unfilled] == [
        ("Nobody with the language was free", 1)
    ]
    assert [cell.count for _label, cell in figures.cancelled] == [1, 1, 0]
    genders = {label: (cell.count, cell.share) for label, cell in figures.gender}
    assert genders["Female"] == (3, Decimal("75.0"))
    assert genders["Male"] == (1, Decimal("25.0"))


def test_the_median_lead_time_is_in_days(centre):
    for days in (2, 5, 30):
        asked = request(centre, institution(centre, f"Schule {days}"), starts_at=timezone.now())
        Request.objects.filter(pk=asked.pk).update(
            created_at=asked.starts_at - datetime.timedelta(days=days)
        )
    figures = statistics.figures(centre, timezone.localdate().year)
    assert figures.median_lead_days == Decimal("5.0")


def test_the_months_narrow_the_period(centre):
    a_year_of_requests(centre)
    month = timezone.localtime(timezone.now() - 6 * HOUR).month
    other = 1 if month != 1 else 2
    assert statistics.figures(centre, year(), month, month).requests == 7
    assert statistics.figures(centre, year(), other, other).requests == 0


def test_the_csv_hides_small_cells_and_names_nobody(centre):
    a_year_of_requests(centre)
    figures = statistics.figures(centre, year())
    rows = statistics.csv_rows(figures)
    content = statistics.csv_file(figures).decode("utf-8-sig")
    male = next(row for row in rows if row[1] == "Male")
    assert male[3:] == ["fewer than 3", "", "fewer than 3"]
    female = next(row for row in rows if row[1] == "Female")
    assert female[3:] == ["3", "", "75,0"]
    assert "Gesamtschule" not in content and "Freiwillige" not in content
    assert "Jobcenter" not in content


def test_the_statistics_page_and_csv_for_the_pools_coordinator(
    client, centre, django_assert_max_num_queries
):
    a_year_of_requests(centre)
    sign_in(client, member(centre, "coordinator", "pool"))
    client.get(f"/verwaltung/pool/statistics/?year={year()}")
    with django_assert_max_num_queries(40):
        page = client.get(f"/verwaltung/pool/statistics/?year={year()}")
    assert page.status_code == 200
    assert "fewer than 3" in page.content.decode()
    download = client.get(f"/verwaltung/pool/statistics/csv/?year={year()}")
    assert download.status_code == 200
    assert "no-store" in download["Cache-Control"]
    assert download.content.startswith(b"\xef\xbb\xbf")
    bad = client.get("/verwaltung/pool/statistics/?year=2025&first_month=9&last_month=3")
    assert bad.status_code == 400
    assert "must not come before" in bad.content.decode()
