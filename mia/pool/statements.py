"""The volunteers' statements of a month's allowances as a PDF (A4, one page per volunteer):
the centre, the volunteer, each assignment with its date, institution, times and amount,
the month's total, the year's total so far and the tax-free ceiling. Laid out by WeasyPrint
with the site's own fonts, reading nothing else (mia/core/pdf.py)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone, translation

from mia.core.models import Centre
from mia.core.pdf import pdf_context, write_pdf

from . import billing
from .models import PoolSettings


@dataclass
class Statement:
    row: billing.PayoutRow
    year_total: Decimal
    left: Decimal


def statements(centre: Centre, month: datetime.date, rows: list[billing.PayoutRow]) -> list:
    """Each row's statement, with the year's total through this month (one query)."""
    settings = PoolSettings.for_centre(centre)
    totals = billing.year_totals(centre, month.year, through=month)
    made = []
    for row in rows:
        total = totals.get(row.volunteer_id, row.amount) if row.volunteer_id else row.amount
        made.append(Statement(row, total, max(settings.allowance_ceiling - total, billing.ZERO)))
    return made


def statement_html(centre: Centre, month: datetime.date, rows: list[billing.PayoutRow]) -> str:
    settings = PoolSettings.for_centre(centre)
    with translation.override("de"):
        return render_to_string(
            "pool/statements/statements.html",
            {
                "centre": centre,
                "month": month,
                "statements": statements(centre, month, rows),
                "ceiling": settings.allowance_ceiling,
                **pdf_context(rtl=False),
                "created": timezone.localtime().isoformat(timespec="seconds"),
                "language": "de",
            },
        )


def render_statements(centre: Centre, month: datetime.date, rows: list[billing.PayoutRow]) -> bytes:
    return write_pdf(statement_html(centre, month, rows))
