"""The institutions' pages: registering (anyone, rate-limited), and for the contacts of an
approved institution: requesting a mediator, their requests, one request, cancelling it.

Only institution contacts see requests, and only their own institution's: someone else's
request looks like none (404). The pages carry an appointment's details: never cached, no
Referer to other sites, not indexed. The rules are in `requests` and `institutions`; the views parse the
form, call them and say what happened.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mia.core.models import Centre
from mia.core.private_pages import private_page
from mia.core.rate_limits import sent_too_often

from .. import institutions as institution_services
from .. import requests as request_services
from ..models import Assignment, Institution, PoolSettings, Request
from ..request_forms import CancelForm, InstitutionRegistrationForm, RequestForm

# an institution's words for where its request stands
STATUS_WORDS = {
    Request.Status.OPEN: gettext_lazy("Received: we are looking for a mediator."),
    Request.Status.OFFERED: gettext_lazy("We have asked mediators and wait for an answer."),
    Request.Status.ASSIGNED: gettext_lazy("A mediator is coming."),
    Request.Status.DONE: gettext_lazy("Done: the hours are confirmed."),
    Request.Status.CANCELLED: gettext_lazy("Cancelled."),
    Request.Status.UNFILLED: gettext_lazy("We could not find a mediator, sorry."),
}
LIVE = (Assignment.Status.CONFIRMED, Assignment.Status.REPORTED, Assignment.Status.DONE)
AWAITING_HOURS = gettext_lazy("The appointment is over: please confirm the hours.")


def awaiting_hours(row: Request, now) -> bool:
    """An assigned appointment that is over waits for the institution's confirmation."""
    return row.status == Request.Status.ASSIGNED and row.ends_at <= now


def status_words(row: Request, now) -> str:
    return AWAITING_HOURS if awaiting_hours(row, now) else STATUS_WORDS[row.status]


# pages with an appointment's details; their forms carry a CSRF token (see private_page)
private = private_page(referrer="same-origin")


def _centre(request: HttpRequest) -> Centre:
    centre = getattr(request, "centre", None)
    if centre is None:
        raise Http404
    return centre


def _page(request: HttpRequest, template: str, context: dict, status: int = 200):
    context = {**context, "cache_content": False, "cache_chrome": False}
    return TemplateResponse(request, template, context, status=status)


# -- registering ------------------------------------------------------------------------------

# the parameter of the page after a registration (as the volunteers' application has it)
SENT = "gesendet"


@private
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """An institution asks to take part: the centre approves it, then invites its contact."""
    centre = _centre(request)
    if request.GET.get(SENT) == "1" and request.method != "POST":
        return _page(request, "pool/institutions/registered.html", {})
    form = InstitutionRegistrationForm(request.POST or None, centre=centre)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif sent_too_often(request, "pool.register"):
            form.add_error(
                None,
                _("Too many registrations from your connection. Please try again in an hour."),
            )
            status = 429
        else:
            try:
                institution_services.register(centre, form.cleaned_data)
            except ValidationError as refused:
                for field, errors in refused.message_dict.items():
                    for error in errors:
                        form.add_error(field, error)
                status = 400
            else:
                # after a redirect, so that reloading the page does not send it again
                return redirect(f"{reverse('pool:institution_register')}?{SENT}=1")
    return _page(request, "pool/institutions/register.html", {"form": form}, status)


# -- the contacts' pages ----------------------------------------------------------------------


def _own_institutions(request: HttpRequest, centre: Centre) -> list[Institution]:
    return list(institution_services.contact_institutions(request.user, centre))


def _no_institution(request: HttpRequest) -> HttpResponse:
    """A signed-in account that acts for no institution here: how an institution joins."""
    return _page(request, "pool/institutions/no_institution.html", {}, status=403)


@login_required
@private
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    centre = _centre(request)
    approved = [i for i in _own_institutions(request, centre) if i.approved]
    if not approved:
        return _no_institution(request)
    form = RequestForm(request.POST or None, centre=centre, institutions=approved)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made = request_services.submit(
                    form.chosen_institution, request.user, form.request_data()
                )
            except request_services.RequestError as refused:
                form.add_error(None, refused.message)
            except ValidationError as refused:  # a change between the check and the save
                for field, errors in refused.message_dict.items():
                    for error in errors:
                        form.add_error("day" if field == "starts_at" else field, error)
            else:
                if made.urgent:
                    messages.warning(
                        request,
                        _(
                            "Your request is sent. It is short notice: we will try, but "
                            "cannot promise a mediator."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _("Your request is sent. We will tell you when a mediator is found."),
                    )
                return redirect("pool:request_detail", pk=made.pk)
        status = 400
    return _page(
        request,
        "pool/institutions/request_form.html",
        {"form": form, "pool": form.pool, "excluded": form.excluded_topics},
        status,
    )


@login_required
@private
@require_http_methods(["GET", "HEAD"])
def institution_requests(request: HttpRequest) -> HttpResponse:
    """The institution's requests: the coming ones first (soonest on top), then the past."""
    centre = _centre(request)
    own = _own_institutions(request, centre)
    if not own:
        return _no_institution(request)
    now = timezone.now()
    rows = list(
        Request.objects.filter(centre=centre, institution__in=own)
        .select_related("institution__organisation", "topic")
        .order_by("starts_at", "pk")
    )
    upcoming = [r for r in rows if r.starts_at >= now]
    past = [r for r in reversed(rows) if r.starts_at < now]
    for row in rows:
        row.words = status_words(row, now)
        row.awaiting_hours = awaiting_hours(row, now)
        row.facts = request_services.facts(row)
    return _page(
        request,
        "pool/institutions/requests.html",
        {
            "upcoming": upcoming,
            "past": past,
            "institutions": own,
            "may_request": any(i.approved for i in own),
            "several": len(own) > 1,
        },
    )


def _own_request(request: HttpRequest, pk: int) -> Request:
    centre = _centre(request)
    own = _own_institutions(request, centre)
    found = (
        Request.objects.filter(pk=pk, centre=centre, institution__in=own)
        .select_related("institution__organisation", "topic", "district")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(status__in=LIVE).select_related("volunteer"),
                to_attr="live",
            )
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@private
@require_http_methods(["GET", "HEAD"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the request stands; once a mediator is assigned, only what the institution
    needs to meet them: the first name and the time (never the address or the number)."""
    found = _own_request(request, pk)
    now = timezone.now()
    assignment = found.live[0] if found.live else None
    mediator = ""
    if assignment is not None and assignment.volunteer is not None:
        mediator = assignment.volunteer.name.split()[0]
    confirm_url = ""
    if (
        assignment is not None
        and assignment.status in (Assignment.Status.CONFIRMED, Assignment.Status.REPORTED)
        and assignment.ends_at <= now
    ):
        # the hours page is the request's
        confirm_url = reverse("pool:confirm_hours", kwargs={"pk": found.pk})
    return _page(
        request,
        "pool/institutions/request_detail.html",
        {
            "req": found,
            "facts": request_services.facts(found),
            "words": status_words(found, now),
            "assignment": assignment,
            "mediator": mediator,
            "confirm_url": confirm_url,
            "may_cancel": request_services.may_cancel(found, now=now),
        },
    )


@login_required
@private
@require_http_methods(["GET", "HEAD", "POST"])
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_request(request, pk)
    if not request_services.may_cancel(found):
        messages.error(request, _("This request can no longer be cancelled."))
        return redirect("pool:request_detail", pk=found.pk)
    pool = PoolSettings.for_centre(found.centre)
    form = CancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                request_services.cancel_request(found, request.user, form.cleaned_data["reason"])
            except request_services.RequestError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request, _("The request is cancelled. We have told everyone involved.")
                )
                return redirect("pool:request_detail", pk=found.pk)
        status = 400
    return _page(
        request,
        "pool/institutions/request_cancel.html",
        {
            "req": found,
            "facts": request_services.facts(found),
            "form": form,
            "late": request_services.is_late(found, pool),
            "pool": pool,
        },
        status,
    )


urlpatterns = [
    path("sprachmittlung/einrichtung/", register, name="institution_register"),
    path("sprachmittlung/anfrage/", request_new, name="request_new"),
    path("sprachmittlung/anfragen/", institution_requests, name="institution_requests"),
    path("sprachmittlung/anfragen/<int:pk>/", request_detail, name="request_detail"),
    path("sprachmittlung/anfragen/<int:pk>/absagen/", request_cancel, name="request_cancel"),
]
