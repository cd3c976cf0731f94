"""After the appointment, on the public site: the volunteer reports the actual times of an
own assignment, and a contact of the institution confirms or corrects them (or enters them,
where the volunteer did not report). Confirming makes the allowance (`billing`).

Only one's own records: another volunteer's assignment, or a request of an institution the
account does not act for, or of another centre, answers 404 as if it did not exist.
"""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy

from mia.core.forms import KernForm
from mia.organisations.models import OrganisationMember

from .. import billing
from ..languages import spoken
from ..models import Assignment, Request, Volunteer
from ..offers import first_name

SAVED = "saved"


class HoursForm(KernForm):
    """The day and the actual times, local time; an end before the start is refused (an
    appointment that runs past midnight ends on the next day: `billing` checks the rest)."""

    day = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start = forms.TimeField(
        label=gettext_lazy("Began at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=gettext_lazy("Ended at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("The time the interpreting ended, not the time you left."),
    )

    def __init__(self, *args, assignment: Assignment, by_institution: bool = False, **kwargs):
        start = assignment.actual_start or assignment.starts_at
        end = assignment.actual_end or assignment.ends_at
        start, end = timezone.localtime(start), timezone.localtime(end)
        kwargs.setdefault(
            "initial", {"day": start.date(), "start": start.time(), "end": end.time()}
        )
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        if by_institution:
            self.fields["end"].help_text = gettext_lazy(
                "The time the interpreting ended, as the mediator was with you."
            )

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts"] = timezone.make_aware(datetime.datetime.combine(day, start))
            ends_on = day + datetime.timedelta(days=1) if end < start else day
            data["ends"] = timezone.make_aware(datetime.datetime.combine(ends_on, end))
        return data

    def apply(self, action) -> bool:
        """Run `billing`'s `action`; its refusal shows at the field it concerns."""
        try:
            action(self.cleaned_data["starts"], self.cleaned_data["ends"])
        except billing.Refused as refused:
            self.add_error(
                refused.field if refused.field in self.fields else None, refused.messages
            )
            return False
        return True


def _facts(assignment: Assignment) -> dict:
    asked = assignment.request
    started = assignment.starts_at <= timezone.now()
    editable = assignment.status in (Assignment.Status.CONFIRMED, Assignment.Status.REPORTED)
    return {
        "assignment": assignment,
        "asked": asked,
        "language": spoken(asked.language, asked.dialect),
        "started": started,
        "editable": editable,
        "show_form": started and editable,
    }


def _show(request: HttpRequest, template: str, assignment: Assignment, form, status=200):
    context = {
        **_facts(assignment),
        "form": form,
        "saved": request.GET.get(SAVED),
        # the institution knows the mediator by first name only, as its mails say
        "volunteer_name": first_name(assignment.volunteer) if assignment.volunteer else "",
    }
    return render(request, template, context, status=status)


@login_required
def report_hours(request: HttpRequest, pk: int) -> HttpResponse:
    """The volunteer's own assignment: report the times once the appointment has begun."""
    volunteer = Volunteer.objects.filter(centre=request.centre, user=request.user).first()
    if volunteer is None:
        raise Http404
    assignment = get_object_or_404(
        Assignment.objects.select_related("request__institution__organisation"),
        pk=pk,
        centre=request.centre,
        volunteer=volunteer,
    )
    template = "pool/hours/report.html"
    form = HoursForm(request.POST or None, assignment=assignment)
    if request.method == "POST":
        if form.is_valid() and form.apply(
            lambda start, end: billing.report_hours(assignment, start, end)
        ):
            return redirect(f"{request.path}?{SAVED}=1")
        assignment.refresh_from_db()
        return _show(request, template, assignment, form, status=400)
    return _show(request, template, assignment, form)


def _contact_request(request: HttpRequest, pk: int) -> Request:
    organisations = OrganisationMember.objects.filter(user=request.user).values("organisation_id")
    return get_object_or_404(
        Request.objects.select_related("institution__organisation"),
        pk=pk,
        centre=request.centre,
        institution__organisation__in=organisations,
    )


@login_required
def confirm_hours(request: HttpRequest, pk: int) -> HttpResponse:
    """The institution's contact confirms the times the volunteer reported, corrects them,
    or enters them: this pays the allowance."""
    asked = _contact_request(request, pk)
    assignment = (
        Assignment.objects.filter(request=asked, status__in=Assignment.LIVE)
        .select_related("request__institution__organisation", "volunteer")
        .first()
    )
    if assignment is None:
        return render(request, "pool/hours/confirm.html", {"asked": asked, "assignment": None})
    template = "pool/hours/confirm.html"
    form = HoursForm(request.POST or None, assignment=assignment, by_institution=True)
    if request.method == "POST":
        if form.is_valid() and form.apply(
            lambda start, end: billing.confirm_hours(assignment, start, end, request.user)
        ):
            return redirect(f"{request.path}?{SAVED}=1")
        assignment.refresh_from_db()
        return _show(request, template, assignment, form, status=400)
    return _show(request, template, assignment, form)


urlpatterns = [
    path("sprachmittlung/ehrenamt/einsaetze/<int:pk>/stunden/", report_hours, name="report_hours"),
    path("sprachmittlung/anfragen/<int:pk>/stunden/", confirm_hours, name="confirm_hours"),
]
