"""After the appointment: the hours reported and confirmed, the allowance they pay, the late
cancellations that pay too, the month's payout list and each volunteer's yearly total
against the tax-free ceiling (decision 0033).

Every change of an assignment happens under its row lock, checks first and writes after,
so that a refusal leaves nothing half-saved and confirming twice pays once.

Months: an allowance is paid with the month in which the hours were confirmed (a late
cancellation: the month it was cancelled in), unless the centre has closed that month's
list (handed it to the finance office): then with the next month that is still open.
The yearly total counts the allowances by the year of the month they are paid with.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mia.core.models import Centre
from mia.core.services import site_url
from mia.outbox.services import queue_mail

from .models import Assignment, PayoutMonth, PoolSettings, Request, Volunteer

# what may lie between the planned appointment and the times reported
MAX_DISTANCE = datetime.timedelta(days=1)
MAX_LENGTH = datetime.timedelta(hours=12)
MAIL_PURPOSE = "pool.hours"
ZERO = Decimal("0.00")


class Refused(ValidationError):
    """A refusal with its `code`, and the form field it concerns (`field`, or None)."""

    def __init__(self, message, code: str, field: str | None = None):
        error = ValidationError(message, code=code)
        super().__init__({field: [error]} if field else error)
        self.code, self.field = code, field


def month_of(moment: datetime.datetime | datetime.date) -> datetime.date:
    """The first day of the month `moment` falls in (local time)."""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment).date()
    return moment.replace(day=1)


def closed_months(centre: Centre) -> set[datetime.date]:
    return set(PayoutMonth.objects.filter(centre=centre).values_list("month", flat=True))


def is_closed(centre: Centre, month: datetime.date) -> bool:
    return PayoutMonth.objects.filter(centre=centre, month=month_of(month)).exists()


def open_month(centre: Centre, month: datetime.date) -> datetime.date:
    """`month`, or the first month after it whose list the centre has not closed."""
    month = month_of(month)
    closed = {m for m in closed_months(centre) if m >= month}
    while month in closed:
        month += relativedelta(months=1)
    return month


def close_month(centre: Centre, month: datetime.date, by) -> PayoutMonth:
    """Hand the month's list to the finance office: it never changes again. Only a month
    that has ended can be closed (hours confirmed today still belong to the current one)."""
    month = month_of(month)
    if month >= month_of(timezone.now()):
        raise Refused(_("Only a month that has ended can be closed."), "month_not_over")
    settle_cancellations(centre)
    try:
        with transaction.atomic():
            return PayoutMonth.objects.create(centre=centre, month=month, closed_by=by)
    except IntegrityError:
        raise Refused(_("This month is already closed."), "closed") from None


# -- hours ------------------------------------------------------------------------------------


def _local(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def check_times(assignment: Assignment, start, end) -> None:
    """The times must make sense for the appointment planned: a clear message at the field."""
    if not start or not end:
        raise Refused(_("Enter both the start and the end."), "missing")
    if end <= start:
        raise Refused(_("The end must be after the start."), "order", "end")
    if end - start > MAX_LENGTH:
        raise Refused(
            _("An appointment of more than 12 hours cannot be right: check the times."),
            "too_long",
            "end",
        )
    if abs(start - assignment.starts_at) > MAX_DISTANCE:
        raise Refused(
            _(
                "The start is more than a day away from the appointment planned "
                "(%(planned)s): check the date."
            )
            % {"planned": _local(assignment.starts_at)},
            "far",
            "day",
        )
    if end > timezone.now():
        raise Refused(_("The end cannot lie in the future."), "future", "end")


def _locked(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("request", "request__institution__organisation", "centre", "volunteer")
        .get(pk=assignment.pk)
    )


def _not_billable(current: Assignment) -> Refused | None:
    if current.status == Assignment.Status.DONE:
        return Refused(_("The hours of this appointment are already confirmed."), "done")
    if current.status not in (Assignment.Status.CONFIRMED, Assignment.Status.REPORTED):
        return Refused(_("This appointment was cancelled."), "cancelled")
    if current.starts_at > timezone.now():
        return Refused(_("The appointment has not started yet."), "not_started")
    return None


def report_hours(assignment: Assignment, start, end) -> Assignment:
    """The volunteer's account of the actual times; the institution's contacts are asked by
    mail to confirm them. May be corrected until the institution has confirmed."""
    with transaction.atomic():
        current = _locked(assignment)
        refused = _not_billable(current)
        if refused:
            raise refused
        check_times(current, start, end)
        current.actual_start, current.actual_end = start, end
        current.reported_at = timezone.now()
        current.status = Assignment.Status.REPORTED
        current.save(update_fields=["actual_start", "actual_end", "reported_at", "status"])
        _ask_institution(current)
    return current


def _ask_institution(assignment: Assignment) -> None:
    request = assignment.request
    organisation = request.institution.organisation
    addresses = sorted(
        {m.user.email for m in organisation.memberships.select_related("user") if m.user.email}
    )
    if not addresses:
        return
    centre = assignment.centre
    with translation.override("de"):
        subject = _("Please confirm the hours of the language mediation on %(day)s") % {
            "day": formats.date_format(timezone.localtime(request.starts_at), "SHORT_DATE_FORMAT")
        }
        body = render_to_string(
            "pool/hours/mail_confirm.txt",
            {
                "request": request,
                "assignment": assignment,
                "centre": centre,
                "url": site_url(centre) + reverse("pool:confirm_hours", args=[request.pk]),
            },
        )
    queue_mail(centre=centre, to=addresses, subject=subject, body=body, purpose=MAIL_PURPOSE)


def _retention_end(settings: PoolSettings, now: datetime.datetime) -> datetime.datetime:
    return now + relativedelta(months=settings.retention_months)


def confirm_hours(assignment: Assignment, start, end, by) -> Assignment:
    """The institution's confirmation (or correction) of the actual times, which makes the
    allowance: the appointment is done, the request done, its details kept for
    `retention_months` more."""
    with transaction.atomic():
        current = _locked(assignment)
        refused = _not_billable(current)
        if refused:
            raise refused
        check_times(current, start, end)
        settings = PoolSettings.for_centre(current.centre)
        now = timezone.now()
        current.actual_start, current.actual_end = start, end
        current.allowance = settings.allowance(current.minutes)
        current.payout_month = open_month(current.centre, now)
        current.confirmed_at, current.confirmed_by = now, by
        current.status = Assignment.Status.DONE
        current.save(
            update_fields=[
                "actual_start",
                "actual_end",
                "allowance",
                "payout_month",
                "confirmed_at",
                "confirmed_by",
                "status",
            ]
        )
        Request.objects.filter(pk=current.request_id).update(
            status=Request.Status.DONE, erase_after=_retention_end(settings, now), updated_at=now
        )
    current.request.refresh_from_db()
    return current


# -- late cancellations -----------------------------------------------------------------------


def _cancelled_at(assignment: Assignment) -> datetime.datetime | None:
    # the assignment's own moment; where only the request's cancellation was written, that
    return assignment.cancelled_at or assignment.request.cancelled_at


def is_late(assignment: Assignment, settings: PoolSettings) -> bool:
    cancelled = _cancelled_at(assignment)
    return (
        assignment.status == Assignment.Status.CANCELLED_INSTITUTION
        and cancelled is not None
        and assignment.starts_at - cancelled < settings.late_cancel_window
    )


def late_cancellation(assignment: Assignment) -> Decimal | None:
    """An assignment the institution cancelled less than `late_cancel_hours` before its start
    pays the late-cancellation allowance, once: returns it, or None where nothing is due."""
    with transaction.atomic():
        current = _locked(assignment)
        settings = PoolSettings.for_centre(current.centre)
        if current.allowance is not None or not is_late(current, settings):
            return None
        now = timezone.now()
        current.allowance = settings.late_cancellation()
        current.payout_month = open_month(current.centre, _cancelled_at(current))
        current.save(update_fields=["allowance", "payout_month"])
        if current.request.erase_after is None:
            Request.objects.filter(pk=current.request_id).update(
                erase_after=_retention_end(settings, now)
            )
    assignment.allowance, assignment.payout_month = current.allowance, current.payout_month
    return current.allowance


def settle_cancellations(centre: Centre) -> int:
    """Pays every late cancellation of the centre not paid yet (the cancellation itself is
    the institution's page's business): run before a payout list is made; twice pays once."""
    settings = PoolSettings.for_centre(centre)
    # the window is checked per row: "start minus the window" is no column
    due = [
        a
        for a in Assignment.objects.filter(
            centre=centre, status=Assignment.Status.CANCELLED_INSTITUTION, allowance__isnull=True
        )
        .select_related("request")
        .only("pk", "status", "starts_at", "cancelled_at", "request__cancelled_at")
        if is_late(a, settings)
    ]
    return sum(1 for a in due if late_cancellation(a) is not None)


# -- the payout list --------------------------------------------------------------------------


@dataclass
class PayoutRow:
    """One volunteer's allowances of a month."""

    volunteer_id: int | None
    name: str
    assignments: int = 0
    minutes: int = 0
    amount: Decimal = ZERO
    # (assignment pk, …) in date order, for the statement
    items: list = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))


def paid(centre: Centre):
    return Assignment.objects.filter(centre=centre, allowance__isnull=False)


def payout_rows(centre: Centre, month: datetime.date) -> list[PayoutRow]:
    """The month's list, one row per volunteer (by name): the late cancellations not yet
    paid are settled first. Hours are the hours worked: a late cancellation pays but adds
    none."""
    settle_cancellations(centre)
    rows: dict[int | None, PayoutRow] = {}
    assignments = (
        paid(centre)
        .filter(payout_month=month_of(month))
        .select_related("volunteer", "request__institution__organisation")
        .order_by("starts_at", "pk")
    )
    for assignment in assignments:
        person = assignment.volunteer
        row = rows.get(assignment.volunteer_id)
        if row is None:
            name = person.name if person else _("(record deleted)")
            row = rows[assignment.volunteer_id] = PayoutRow(assignment.volunteer_id, name)
        row.assignments += 1
        row.minutes += assignment.minutes or 0
        row.amount += assignment.allowance
        row.items.append(assignment)
    return sorted(rows.values(), key=lambda r: (r.name.casefold(), r.volunteer_id or 0))


def months_with_payouts(centre: Centre) -> list[datetime.date]:
    return list(
        paid(centre).order_by("-payout_month").values_list("payout_month", flat=True).distinct()
    )


# -- the yearly total and the ceiling ---------------------------------------------------------


def _in_year(year: int) -> Q:
    return Q(
        payout_month__gte=datetime.date(year, 1, 1), payout_month__lt=datetime.date(year + 1, 1, 1)
    )


def year_total(volunteer: Volunteer, year: int) -> Decimal:
    """The allowances paid to the volunteer with the months of `year`."""
    total = (
        Assignment.objects.filter(_in_year(year), volunteer=volunteer, allowance__isnull=False)
        .aggregate(total=Sum("allowance"))
        .get("total")
    )
    return (total or ZERO).quantize(Decimal("0.01"))


def year_totals(
    centre: Centre, year: int, *, through: datetime.date | None = None
) -> dict[int, Decimal]:
    """volunteer id → the year's total (up to the month `through`, if given), for every
    volunteer paid anything that year."""
    paid_then = paid(centre).filter(_in_year(year), volunteer__isnull=False)
    if through is not None:
        paid_then = paid_then.filter(payout_month__lte=month_of(through))
    return {
        volunteer_id: total.quantize(Decimal("0.01"))
        for volunteer_id, total in paid_then.order_by()
        .values("volunteer_id")
        .annotate(total=Sum("allowance"))
        .values_list("volunteer_id", "total")
    }


@dataclass
class CeilingRow:
    volunteer: Volunteer
    total: Decimal
    share: int  # percent of the ceiling, rounded down
    left: Decimal  # what may still be paid tax-free (never below 0)

    @property
    def reached(self) -> bool:
        return self.left <= 0


def ceiling_rows(centre: Centre, year: int) -> list[CeilingRow]:
    """The volunteers at or above the warning share of the tax-free ceiling, highest first."""
    settings = PoolSettings.for_centre(centre)
    ceiling = settings.allowance_ceiling
    totals = year_totals(centre, year)
    if not ceiling:
        return []
    threshold = ceiling * settings.ceiling_warning_share / 100
    near = {pk: total for pk, total in totals.items() if total >= threshold}
    people = Volunteer.objects.filter(centre=centre, pk__in=near).only("pk", "name", "status")
    rows = [
        CeilingRow(
            volunteer=person,
            total=near[person.pk],
            share=int(near[person.pk] * 100 // ceiling),
            left=max(ceiling - near[person.pk], ZERO),
        )
        for person in people
    ]
    return sorted(rows, key=lambda r: (-r.total, r.volunteer.name.casefold()))
