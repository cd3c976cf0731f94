"""The volunteers' public pages: the application (no account needed), and, once taken in,
their own area under their account: the overview, their times, their details and the
download of their data.

A volunteer sees only their own record: the pages find it through the signed-in account
(`volunteers.own_volunteer`), never through an id in the address. Pages with personal data
are never cached (`never_cache`), and their fragments are not either.
"""

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.core.forms import SummaryEntry, field_errors, formset_errors
from mia.core.models import Centre
from mia.core.rate_limits import sent_too_often
from mia.privacy.registry import declaration_for

from .. import billing
from .. import volunteers as services
from ..languages import spoken
from ..models import Assignment, PoolSettings, Volunteer
from ..volunteer_forms import (
    AbsenceFormSet,
    ApplicationForm,
    DetailsForm,
    ExceptionFormSet,
    SlotFormSet,
    kept,
    language_formset,
)

Status = Volunteer.Status


def _centre(request: HttpRequest) -> Centre:
    centre = getattr(request, "centre", None)
    if centre is None:
        raise Http404
    return centre


def summary(form, formsets: dict) -> list[SummaryEntry]:
    """Every error of the page, each linked to its field, for the box at the top."""
    entries = field_errors(form) if form is not None else []
    for label, formset in formsets.items():
        entries += formset_errors(
            formset, label, lambda number, field, label=label: f"{label} {number}: {field}"
        )
    return entries


def _refusal_to_form(refused: ValidationError, form, formset) -> None:
    """The service's own checks (the same as the forms') shown where they belong."""
    for name, errors in refused.message_dict.items():
        if name == "languages":
            formset._non_form_errors = formset.error_class(errors, error_class="nonform")
        elif name in form.fields:
            form.add_error(name, errors)
        else:
            form.add_error(None, errors)


# -- the application ------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    centre = _centre(request)
    context = {"cache_content": False, "declaration": declaration_for(Volunteer)}
    if request.GET.get("gesendet") == "1" and request.method != "POST":
        return render(request, "pool/volunteers/applied.html", context)
    status = 200
    if request.method == "POST":
        form = ApplicationForm(request.POST, centre=centre)
        languages = language_formset(centre, request.POST)
        # both are checked, so that every mistake is shown at once
        valid = form.is_valid() & languages.is_valid()
        if valid and sent_too_often(request, "pool.apply"):
            form.add_error(
                None, _("Too many applications from your connection. Please try again later.")
            )
            status = 429
        elif valid:
            try:
                services.apply(centre, {**form.cleaned_data, "languages": languages.entries()})
            except ValidationError as refused:
                _refusal_to_form(refused, form, languages)
                status = 400
            else:
                return redirect(reverse("pool:apply") + "?gesendet=1")
        else:
            status = 400
        form.renew_start()
    else:
        form = ApplicationForm(centre=centre)
        languages = language_formset(centre)
    context.update(
        {
            "form": form,
            "languages": languages,
            "summary": summary(form, {_("Language"): languages}) if status != 200 else [],
        }
    )
    return render(request, "pool/volunteers/apply.html", context, status=status)


# -- the volunteer's own area ---------------------------------------------------------------


def _own(request: HttpRequest, *, editing: bool = False) -> Volunteer:
    """The signed-in volunteer's record here; 404 for anyone else. Times and details are
    kept while the volunteer is active or paused."""
    volunteer = services.own_volunteer(_centre(request), request.user)
    if volunteer is None:
        raise Http404
    if editing and volunteer.status not in (Status.ACTIVE, Status.PAUSED):
        raise Http404
    return volunteer


@never_cache
@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    centre = _centre(request)
    volunteer = services.own_volunteer(centre, request.user)
    if volunteer is None:
        # signed in, but not (or not yet) a volunteer here: how to become one
        return render(request, "pool/volunteers/not_volunteer.html", {"cache_content": False})
    # the appointments still open: the coming ones (which can be cancelled here) and those
    # that have begun, whose hours the volunteer reports until the institution confirms them
    now = timezone.now()
    live = list(
        Assignment.objects.filter(
            volunteer=volunteer,
            status__in=[Assignment.Status.CONFIRMED, Assignment.Status.REPORTED],
        )
        .select_related("request", "request__institution__organisation", "request__topic")
        .order_by("starts_at", "pk")
    )
    upcoming = [a for a in live if a.starts_at > now]
    to_report = [a for a in live if a.starts_at <= now]
    # what this year paid, appointment by appointment, against the tax-free ceiling
    year = timezone.localdate().year
    paid = list(
        billing.paid(centre)
        .filter(volunteer=volunteer, payout_month__year=year)
        .select_related("request__institution__organisation")
        .order_by("-starts_at", "-pk")
    )
    total = sum((a.allowance for a in paid), Decimal("0.00"))
    ceiling = PoolSettings.for_centre(centre).allowance_ceiling
    return render(
        request,
        "pool/volunteers/home.html",
        {
            "cache_content": False,
            "volunteer": volunteer,
            "upcoming": upcoming,
            "to_report": to_report,
            "year": year,
            "paid": paid,
            "year_total": total,
            "ceiling": ceiling,
            "ceiling_left": max(ceiling - total, Decimal("0.00")) if ceiling else None,
            "languages": [
                (spoken(entry.language, entry.dialect), entry)
                for entry in volunteer.languages.all()
            ],
            "slots": list(volunteer.slots.all()),
            "requirements": services.requirement_notes(volunteer),
            "editing": volunteer.status in (Status.ACTIVE, Status.PAUSED),
        },
    )


def _availability_initial(volunteer: Volunteer):
    today = timezone.localdate()
    return (
        [{"weekday": s.weekday, "starts": s.starts, "ends": s.ends} for s in volunteer.slots.all()],
        [
            {
                "day": e.day,
                "starts": e.starts,
                "ends": e.ends,
                "available": "yes" if e.available else "no",
            }
            for e in volunteer.exceptions.filter(day__gte=today)
        ],
        [
            {"first_day": a.first_day, "last_day": a.last_day}
            for a in volunteer.absences.filter(last_day__gte=today)
        ],
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def availability(request: HttpRequest) -> HttpResponse:
    volunteer = _own(request, editing=True)
    slots_initial, exceptions_initial, absences_initial = _availability_initial(volunteer)
    data = request.POST if request.method == "POST" else None
    slots = SlotFormSet(data, initial=slots_initial, prefix="slots")
    exceptions = ExceptionFormSet(data, initial=exceptions_initial, prefix="exceptions")
    absences = AbsenceFormSet(data, initial=absences_initial, prefix="absences")
    status = 200
    if request.method == "POST":
        valid = slots.is_valid() & exceptions.is_valid() & absences.is_valid()
        if valid:
            try:
                services.save_availability(
                    volunteer,
                    slots.slots(),
                    kept(exceptions, "day"),
                    kept(absences, "first_day"),
                )
            except ValidationError as refused:
                slots._non_form_errors = slots.error_class(refused.messages, error_class="nonform")
            else:
                messages.success(request, _("Your times are saved."))
                return redirect("pool:availability")
        status = 400
    formsets = {
        _("Weekly time"): slots,
        _("Exception"): exceptions,
        _("Absence"): absences,
    }
    return render(
        request,
        "pool/volunteers/availability.html",
        {
            "cache_content": False,
            "volunteer": volunteer,
            "slots": slots,
            "exceptions": exceptions,
            "absences": absences,
            "summary": summary(None, formsets) if status != 200 else [],
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    volunteer = _own(request, editing=True)
    centre = volunteer.centre
    initial_languages = [
        {"language": e.language, "dialect": e.dialect, "level": e.level}
        for e in volunteer.languages.all()
    ]
    status = 200
    if request.method == "POST":
        form = DetailsForm(request.POST, centre=centre, initial=DetailsForm.initial_for(volunteer))
        languages = language_formset(centre, request.POST, initial=initial_languages)
        if form.is_valid() & languages.is_valid():
            try:
                with transaction.atomic():
                    services.update_details(
                        volunteer, {**form.cleaned_data, "languages": languages.entries()}
                    )
            except ValidationError as refused:
                _refusal_to_form(refused, form, languages)
            else:
                messages.success(request, _("Your details are saved."))
                return redirect("pool:volunteer_home")
        status = 400
    else:
        form = DetailsForm(centre=centre, initial=DetailsForm.initial_for(volunteer))
        languages = language_formset(centre, initial=initial_languages)
    return render(
        request,
        "pool/volunteers/details.html",
        {
            "cache_content": False,
            "volunteer": volunteer,
            "form": form,
            "languages": languages,
            "summary": summary(form, {_("Language"): languages}) if status != 200 else [],
        },
        status=status,
    )


@never_cache
@login_required
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """All the pool keeps about the volunteer, as JSON; the download is in the audit log."""
    volunteer = _own(request)
    data = services.export(volunteer)
    record(request.user, AuditEntry.Action.EXPORT, volunteer, detail={"by": "volunteer"})
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="sprachmittlung-meine-daten-{day}.json"'
    )
    return response


urlpatterns = [
    path("sprachmittlung/mitmachen/", apply, name="apply"),
    path("sprachmittlung/ehrenamt/", home, name="volunteer_home"),
    path("sprachmittlung/ehrenamt/zeiten/", availability, name="availability"),
    path("sprachmittlung/ehrenamt/angaben/", details, name="volunteer_details"),
    path("sprachmittlung/ehrenamt/meine-daten/", export, name="volunteer_export"),
]
