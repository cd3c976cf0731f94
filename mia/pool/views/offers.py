"""The offer page, answered through its link, and a volunteer's cancellation of an assignment.

The offer page (`pool:offer`) is opened by the token in its address, as a key: no account,
no session, no cookie (decision 0032). So it takes no CSRF token (a forged post from another
site would need the token, and whoever has it can open the page anyway), but a post that says
it comes from another site is refused, as on the ceremony's answer page. The page is never
cached, sends no `Referer`, is not indexed, and its token never reaches the server's logs.
Wrong tokens are counted per address (`MIA_CODE_RATE`, as the ceremony's codes): a 256-bit
token cannot be guessed, the limit keeps the page from being used to try. Both as on every
page opened by a secret in its address (`mia.core.secret_links`, `TOKENS`).

The cancellation (`pool:assignment_cancel`) is for the signed-in volunteer, on their own
assignment only (anyone else finds none), with a reason, behind the usual CSRF check.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from mia.core.dates import day_and_time
from mia.core.forms import KernForm

# the keyed-page mechanisms the ceremony's answer page introduced (shared, not copied)
from mia.core.private_pages import from_elsewhere, private
from mia.core.secret_links import SecretLink
from mia.website.models.base import content_attrs

from .. import offers as services
from ..models import Assignment

OFFER_PATH = "sprachmittlung/angebot/"
TOKENS = SecretLink(OFFER_PATH, group="mia.pool.offer")
LIMITED = gettext_lazy("Too many unknown links from your connection. Please try again in an hour.")


# -- the offer page --------------------------------------------------------------------------------


class DeclineForm(KernForm):
    reason = forms.CharField(
        label=gettext_lazy("Why not?"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example: not free then, too far, the topic. It helps us ask better."
        ),
    )


def _page(request: HttpRequest, context: dict, status: int = 200) -> TemplateResponse:
    # no fragment of this page is cached: the header's language links carry the token
    context = {
        **context,
        "cache_content": False,
        "cache_chrome": False,
        # the topic and the district are the centre's words, in German
        "text_attrs": content_attrs(settings.LANGUAGE_CODE),
    }
    return TemplateResponse(request, "pool/offers/offer.html", context, status=status)


@csrf_exempt
@private
@require_http_methods(["GET", "HEAD", "POST"])
def offer(request: HttpRequest, token: str) -> HttpResponse:
    centre = getattr(request, "centre", None)
    if centre is None:
        raise Http404
    if TOKENS.guessing(request):
        return _page(request, {"state": "limited", "error": LIMITED}, 429)
    found = services.find(centre, token)
    if found is None:
        TOKENS.guessing(request, count=True)
        return _page(request, {"state": "unknown"}, 404)

    form = DeclineForm(auto_id="decline-%s")
    error = None
    status = 200
    if request.method == "POST":
        if from_elsewhere(request):
            return HttpResponse(status=403)
        action = request.POST.get("action", "")
        try:
            if action == "accept":
                services.accept(token, centre=centre)
                return _done(request, "accepted")
            if action == "decline":
                form = DeclineForm(request.POST, auto_id="decline-%s")
                if form.is_valid():
                    services.decline(token, form.cleaned_data["reason"], centre=centre)
                    return _done(request, "declined")
                status = 400
            else:
                error = _("This form was not sent as the page showed it. Please use its buttons.")
                status = 400
        except services.OfferError as refused:
            error = refused.message
            status = 503 if refused.code == "busy" else 409
        found = services.find(centre, token)
    state = services.outcome(found)
    saved = request.GET.get("saved")
    context = {
        "offer": found,
        "state": state,
        "appointment": services.appointment(found.request),
        "when": day_and_time(found.request.starts_at),
        "until": day_and_time(found.expires_at),
        "answered": day_and_time(found.answered_at) if found.answered_at else "",
        "form": form if state == "open" else None,
        "error": error,
        # said once, right after the answer; a later visit says what became of the offer
        "saved": saved if saved in ("accepted", "declined") and saved == state else None,
        "message": "" if state == "open" else str(services.OfferError.MESSAGES.get(state, "")),
        "language_path": request.path,
    }
    return _page(request, context, status)


def _done(request: HttpRequest, outcome: str) -> HttpResponse:
    """After the answer, the page again (a reload does not send it twice), saying so."""
    return HttpResponseRedirect(f"{request.path}?saved={outcome}", status=303)


# -- a volunteer cancels ---------------------------------------------------------------------------


class CancelForm(KernForm):
    reason = forms.CharField(
        label=gettext_lazy("Why can you not come?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("The centre reads this. Please give no details about other people."),
        error_messages={"required": gettext_lazy("Please give a reason for the cancellation.")},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assignment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    centre = getattr(request, "centre", None)
    assignment = (
        Assignment.objects.select_related(
            "request__topic", "request__district", "request__institution__district", "volunteer"
        )
        .filter(pk=pk, centre=centre, volunteer__user=request.user)
        .first()
        if centre is not None
        else None
    )
    # someone else's assignment looks like none at all
    if assignment is None:
        raise Http404
    cancellable = (
        assignment.status == Assignment.Status.CONFIRMED and assignment.starts_at > timezone.now()
    )
    form = CancelForm(request.POST or None, auto_id="cancel-%s") if cancellable else None
    status = 200
    error = None
    if request.method == "POST":
        if form is None:
            status = 409
            error = _("This appointment can no longer be cancelled here.")
        elif form.is_valid():
            try:
                services.cancel_assignment(
                    assignment, request.user, form.cleaned_data["reason"], "volunteer"
                )
            except services.OfferError as refused:
                error = refused.message
                status = 409
            else:
                messages.success(
                    request,
                    _(
                        "Your cancellation is sent. Thank you for telling us: we look for someone else."
                    ),
                )
                return HttpResponseRedirect(reverse("pool:volunteer_home"), status=303)
        else:
            status = 400
    context = {
        "assignment": assignment,
        "appointment": services.appointment(assignment.request),
        "when": day_and_time(assignment.starts_at),
        "form": form,
        "error": error,
        "home_url": reverse("pool:volunteer_home"),
        "text_attrs": content_attrs(settings.LANGUAGE_CODE),
    }
    return TemplateResponse(request, "pool/offers/cancel.html", context, status=status)


urlpatterns = [
    path(OFFER_PATH + "<str:token>/", offer, name="offer"),
    path(
        "sprachmittlung/ehrenamt/einsaetze/<int:pk>/absagen/",
        assignment_cancel,
        name="assignment_cancel",
    ),
]
