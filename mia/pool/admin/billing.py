"""The pool's back office: allowances and statistics (menu "Allowances", "Statistics").

- the months with allowances; each month's payout list, one row per volunteer, with the CSV
  for the city's finance system and the PDF statements (decision 0033), and closing a month
  once its list went to the finance office;
- the volunteers at or near the tax-free ceiling of the year;
- the anonymous statistics for the annual report, as a page and a CSV.

Every view works in a centre where the user's role grants its right (`granting_centres`):
a choice among them for who has several. Lists of names are logged as reads, downloads as
exports; downloads are never cached.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.core.admin_views import granting_centres
from mia.core.tables import csv_bytes

from .. import billing, statistics
from ..models import Assignment, PoolSettings, Volunteer

NAMESPACE = "pool_billing"
VIEW = "pool.view_assignment"
CHANGE = "pool.change_assignment"
# the columns of the finance office's file (decision 0033): fixed, whatever the language
CSV_COLUMNS = ("Monat", "Freiwillige-Nr", "Name", "Einsaetze", "Stunden", "Betrag")


def url(name: str, *args, **query) -> str:
    address = reverse(f"{NAMESPACE}:{name}", args=args)
    query = {k: v for k, v in query.items() if v not in (None, "")}
    if query:
        from urllib.parse import urlencode

        address += "?" + urlencode(query)
    return address


def german(value) -> str:
    """A number with a decimal comma, two places (the finance office's format)."""
    return f"{value:.2f}".replace(".", ",")


def no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


class PoolBillingView(View):
    """Finds the centre: the one chosen (`?centre=`) among those where the role grants the
    view's right, else the first."""

    permission = VIEW
    template_name = ""
    http_method_names = ["get"]

    def dispatch(self, request, *args, **kwargs):
        centres = granting_centres(request.user, self.permission).order_by("name")
        chosen = request.GET.get("centre") or request.POST.get("centre")
        if chosen and chosen.isdigit():
            centres = centres.filter(pk=chosen)
        self.centre = centres.first()
        if self.centre is None:
            raise PermissionDenied
        self.centres = list(granting_centres(request.user, self.permission).order_by("name"))
        return super().dispatch(request, *args, **kwargs)

    def render(self, context: dict, status: int = 200):
        context.setdefault("centre", self.centre)
        context.setdefault("centres", self.centres if len(self.centres) > 1 else [])
        context.setdefault("header_icon", "doc-full")
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def centre_query(self) -> dict:
        return {"centre": self.centre.pk} if len(self.centres) > 1 else {}


def _month(year: int, month: int) -> datetime.date:
    try:
        return datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None


# -- the months ---------------------------------------------------------------------------------


class MonthsView(PoolBillingView):
    """Every month with allowances (and the current one), its total and whether it is closed."""

    template_name = "pool/admin/billing/months.html"

    def get(self, request):
        billing.settle_cancellations(self.centre)
        current = billing.month_of(timezone.now())
        sums = {
            row["payout_month"]: row
            for row in billing.paid(self.centre)
            .order_by()
            .values("payout_month")
            .annotate(
                assignments=Count("pk"),
                volunteers=Count("volunteer", distinct=True),
                amount=Sum("allowance"),
            )
        }
        closed = billing.closed_months(self.centre)
        months = sorted({current, *sums}, reverse=True)
        rows = [
            {
                "month": month,
                "assignments": sums.get(month, {}).get("assignments", 0),
                "volunteers": sums.get(month, {}).get("volunteers", 0),
                "amount": sums.get(month, {}).get("amount") or billing.ZERO,
                "closed": month in closed,
                "url": url("month", month.year, month.month, **self.centre_query()),
            }
            for month in months
        ]
        return self.render(
            {
                "page_title": _("Allowances"),
                "rows": rows,
                "ceiling_url": url("ceiling", **self.centre_query()),
                "statistics_url": url("statistics", **self.centre_query()),
            }
        )


class MonthView(PoolBillingView):
    """One month's payout list: one row per volunteer (names: a read of personal data)."""

    template_name = "pool/admin/billing/month.html"

    def get(self, request, year, month):
        first = _month(year, month)
        rows = billing.payout_rows(self.centre, first)
        ids = [row.volunteer_id for row in rows if row.volunteer_id]
        if ids:
            record(
                request.user,
                AuditEntry.Action.LIST,
                Volunteer,
                centre=self.centre,
                detail={"ids": ids, "payouts": f"{first:%Y-%m}"},
            )
        closed = billing.is_closed(self.centre, first)
        query = self.centre_query()
        return self.render(
            {
                "page_title": _("Allowances of %(month)s") % {"month": _month_name(first)},
                "month": first,
                "rows": [
                    (row, url("statements", year, month, volunteer=row.volunteer_id, **query))
                    for row in rows
                ],
                "total": sum((row.amount for row in rows), billing.ZERO),
                "assignments": sum(row.assignments for row in rows),
                "hours": sum((row.hours for row in rows), billing.ZERO),
                "closed": closed,
                "may_close": not closed
                and first < billing.month_of(timezone.now())
                and request.user.has_perm(CHANGE, Assignment(centre=self.centre)),
                "csv_url": url("month_csv", year, month, **query),
                "pdf_url": url("statements", year, month, **query),
                "close_url": url("close", year, month),
                "months_url": url("months", **query),
            }
        )


def _month_name(month: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(month, "YEAR_MONTH_FORMAT")


def payout_csv(centre, month: datetime.date) -> bytes:
    """The finance office's file: one row per volunteer (decision 0033)."""
    rows = billing.payout_rows(centre, month)
    return csv_bytes(
        CSV_COLUMNS,
        (
            [
                f"{month:%Y-%m}",
                row.volunteer_id or "",
                row.name,
                row.assignments,
                german(row.hours),
                german(row.amount),
            ]
            for row in rows
        ),
    )


class MonthCsvView(PoolBillingView):
    def get(self, request, year, month):
        first = _month(year, month)
        content = payout_csv(self.centre, first)
        record(
            request.user,
            AuditEntry.Action.EXPORT,
            Assignment,
            centre=self.centre,
            detail={"payouts": f"{first:%Y-%m}", "format": "csv"},
        )
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="aufwandsentschaedigungen-{first:%Y-%m}.csv"'
        )
        return no_store(response)


class StatementsView(PoolBillingView):
    """The month's statements as one PDF, a page per volunteer (`?volunteer=` for one)."""

    def get(self, request, year, month):
        from ..statements import render_statements

        first = _month(year, month)
        rows = billing.payout_rows(self.centre, first)
        one = request.GET.get("volunteer")
        if one:
            rows = [row for row in rows if str(row.volunteer_id) == one]
            if not rows:
                raise Http404
        if not rows:
            messages.error(request, _("There are no allowances in this month."))
            return redirect(url("month", year, month, **self.centre_query()))
        content = render_statements(self.centre, first, rows)
        record(
            request.user,
            AuditEntry.Action.EXPORT,
            Assignment,
            centre=self.centre,
            detail={
                "payouts": f"{first:%Y-%m}",
                "format": "pdf",
                "ids": [row.volunteer_id for row in rows],
            },
        )
        suffix = f"-{one}" if one else ""
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="abrechnung-{first:%Y-%m}{suffix}.pdf"'
        )
        return no_store(response)


class CloseMonthView(PoolBillingView):
    """Marks the month's list as handed to the finance office: later confirmations go with
    the next open month."""

    permission = CHANGE
    http_method_names = ["post"]

    def post(self, request, year, month):
        first = _month(year, month)
        try:
            billing.close_month(self.centre, first, request.user)
        except billing.Refused as refused:
            messages.error(request, refused.messages[0])
        else:
            record(
                request.user,
                AuditEntry.Action.CHANGE,
                Assignment,
                centre=self.centre,
                detail={"payouts_closed": f"{first:%Y-%m}"},
            )
            messages.success(
                request,
                _("%(month)s is closed: hours confirmed from now on are paid with a later month.")
                % {"month": _month_name(first)},
            )
        return redirect(url("month", year, month, **self.centre_query()))


# -- the ceiling --------------------------------------------------------------------------------


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), min_value=2000, max_value=2100, required=False
    )
    first_month = forms.IntegerField(
        label=gettext_lazy("From month"), min_value=1, max_value=12, required=False
    )
    last_month = forms.IntegerField(
        label=gettext_lazy("To month"), min_value=1, max_value=12, required=False
    )

    def clean(self):
        data = super().clean()
        data["year"] = data.get("year") or timezone.localdate().year
        data["first_month"] = data.get("first_month") or 1
        data["last_month"] = data.get("last_month") or 12
        if data["last_month"] < data["first_month"]:
            self.add_error("last_month", _("The last month must not come before the first."))
        return data

    def shown(self) -> "YearForm":
        """The form bound to the period the page shows: a field left empty shows the value the
        page used for it (this year, January, December), not an empty box under a heading
        that names the year."""
        shown = YearForm({name: self.cleaned_data[name] for name in self.fields})
        shown.is_valid()
        return shown


class CeilingView(PoolBillingView):
    """The volunteers at or above the warning share of the year's tax-free ceiling."""

    template_name = "pool/admin/billing/ceiling.html"

    def get(self, request):
        form = YearForm(request.GET)
        if form.is_valid():
            year = form.cleaned_data["year"]
            form = form.shown()
        else:
            year = timezone.localdate().year
        billing.settle_cancellations(self.centre)
        rows = billing.ceiling_rows(self.centre, year)
        if rows:
            record(
                request.user,
                AuditEntry.Action.LIST,
                Volunteer,
                centre=self.centre,
                detail={"ids": [row.volunteer.pk for row in rows], "ceiling": year},
            )
        settings = PoolSettings.for_centre(self.centre)
        return self.render(
            {
                "page_title": _("Tax-free ceiling %(year)s") % {"year": year},
                "form": form,
                "year": year,
                "rows": rows,
                "settings": settings,
                "months_url": url("months", **self.centre_query()),
            }
        )


# -- statistics ---------------------------------------------------------------------------------


class StatisticsView(PoolBillingView):
    template_name = "pool/admin/billing/statistics.html"

    def figures(self):
        form = YearForm(self.request.GET)
        if form.is_valid():
            data = form.cleaned_data
            return form.shown(), statistics.figures(
                self.centre, data["year"], data["first_month"], data["last_month"]
            )
        return form, None

    def get(self, request):
        form, figures = self.figures()
        query = {**self.centre_query(), **{k: v for k, v in request.GET.items() if k != "centre"}}
        return self.render(
            {
                "page_title": _("Statistics of the language mediation pool"),
                "form": form,
                "figures": figures,
                "csv_url": url("statistics_csv", **query),
            },
            status=200 if figures else 400,
        )


class StatisticsCsvView(StatisticsView):
    def get(self, request):
        form, figures = self.figures()
        if figures is None:
            raise Http404
        record(
            request.user,
            AuditEntry.Action.EXPORT,
            Assignment,
            centre=self.centre,
            detail={"statistics": f"{figures.start:%Y-%m}–{figures.end:%Y-%m}", "format": "csv"},
        )
        response = HttpResponse(
            statistics.csv_file(figures), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="sprachmittlung-statistik-{figures.start:%Y-%m}.csv"'
        )
        return no_store(response)


urlpatterns = [
    path("billing/", MonthsView.as_view(), name="months"),
    path("billing/ceiling/", CeilingView.as_view(), name="ceiling"),
    path("billing/<int:year>/<int:month>/", MonthView.as_view(), name="month"),
    path("billing/<int:year>/<int:month>/csv/", MonthCsvView.as_view(), name="month_csv"),
    path(
        "billing/<int:year>/<int:month>/statements/",
        StatementsView.as_view(),
        name="statements",
    ),
    path("billing/<int:year>/<int:month>/close/", CloseMonthView.as_view(), name="close"),
    path("statistics/", StatisticsView.as_view(), name="statistics"),
    path("statistics/csv/", StatisticsCsvView.as_view(), name="statistics_csv"),
]


@hooks.register("register_admin_urls")
def register_billing_urls():
    return [path("pool/", include((urlpatterns, NAMESPACE), namespace=NAMESPACE))]


class PermittedMenuItem(MenuItem):
    def is_shown(self, request):
        return granting_centres(request.user, VIEW).exists()


@hooks.register("register_pool_menu_item")
def register_allowances_menu_item():
    return PermittedMenuItem(
        _("Allowances"), reverse(f"{NAMESPACE}:months"), icon_name="doc-full", order=500
    )


@hooks.register("register_pool_menu_item")
def register_statistics_menu_item():
    return PermittedMenuItem(
        _("Statistics"), reverse(f"{NAMESPACE}:statistics"), icon_name="table", order=510
    )
