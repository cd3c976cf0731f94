"""The invitee's pages: enter the code, answer, see the ticket, download it as a PDF.

The personal code in the address is what opens the answer page, as a key does: no account,
no session, no cookie. So the pages take no CSRF token (a forged post from another site
would need the code, and whoever has it can open the page anyway); a post that says it
comes from another site is still refused (`from_elsewhere`).

Everything here carries personal data: never cached by the server or a browser
(`Cache-Control: private, no-store`, and the header's fragment is not cached either, as
its language links carry the code), no `Referer` to where a link leads, not indexed by
search engines, and no code in the server's logs. Wrong codes are counted per address
(`MIA_CODE_RATE`): guessing one of 31¹⁰ codes is hopeless at that rate. Both as on every page
opened by a secret in its address (`mia.core.secret_links`, `links.CODES`).

The views are thin: the services decide about seats under the ceremony's lock; a refusal
comes back as an `AnswerError` and is shown at the field it concerns.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from mia.core.dates import day_and_time
from mia.core.languages import autonyms
from mia.core.models import Centre
from mia.core.private_pages import from_elsewhere, private
from mia.core.rate_limits import over_limit
from mia.privacy.registry import declaration_for
from mia.website.models.base import content_attrs

from . import services
from .forms import AnswerForm, CodeForm
from .links import ANSWER_PATH, CODES, ENTRY_PATH, answer_qr
from .models import Ceremony, Invitee

Status = Invitee.Status
LIMITED = gettext_lazy("Too many wrong codes from your connection. Please try again in an hour.")
# what the page says after a change (the status it led to), from the redirect's query
OUTCOMES = {"attending", "waiting", "declined", "offered", "invited"}


def _centre(request: HttpRequest) -> Centre:
    centre = getattr(request, "centre", None)
    if centre is None:
        raise Http404
    return centre


def _page(request: HttpRequest, template: str, context: dict, status: int = 200):
    # no fragment of these pages is cached: the content has a form, the header the code
    context = {**context, "cache_content": False, "cache_chrome": False}
    return TemplateResponse(request, template, context, status=status)


# -- the code -----------------------------------------------------------------------------------


@csrf_exempt
@private
@require_http_methods(["GET", "HEAD", "POST"])
def entry(request: HttpRequest) -> HttpResponse:
    """Type the code from the letter; a known code leads to its answer page."""
    centre = _centre(request)
    status = 200
    if request.method == "POST":
        form = CodeForm(request.POST, auto_id="code-%s")
        if from_elsewhere(request):
            return HttpResponse(status=403)
        if CODES.guessing(request):
            form.is_valid()
            form.add_error(None, LIMITED)
            status = 429
        elif form.is_valid():
            invitee = services.find(centre, form.cleaned_data["code"])
            if invitee is not None:
                url = reverse("ceremonies:answer", kwargs={"code": invitee.code})
                return HttpResponseRedirect(url, status=303)
            CODES.guessing(request, count=True)
            form.add_error(
                "code",
                _("We do not know this code. Please compare it with your letter."),
            )
            status = 404
        else:
            status = 400
    else:
        form = CodeForm(auto_id="code-%s")
    return _page(request, "ceremonies/entry.html", {"form": form}, status)


# -- the answer page ----------------------------------------------------------------------------


@csrf_exempt
@private
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, code: str) -> HttpResponse:
    centre = _centre(request)
    if CODES.guessing(request):
        form = CodeForm(auto_id="code-%s")
        return _page(request, "ceremonies/entry.html", {"form": form, "limited": True}, 429)
    invitee = services.find(centre, code)
    if invitee is None:
        CODES.guessing(request, count=True)
        form = CodeForm(auto_id="code-%s")
        return _page(request, "ceremonies/entry.html", {"form": form, "unknown": True}, 404)
    if code != invitee.code and request.method != "POST":
        # typed in small letters or with a dash: the one address of the page
        return redirect("ceremonies:answer", code=invitee.code)

    form = None
    error = None
    status = 200
    if request.method == "POST":
        if from_elsewhere(request):
            return HttpResponse(status=403)
        action = request.POST.get("action", "")
        try:
            if action == "answer":
                form = AnswerForm(request.POST, ceremony=invitee.ceremony, auto_id="answer-%s")
                if form.is_valid():
                    return _done(services.answer(invitee, **form.answer()))
                status = 400
            elif action == "accept":
                return _done(services.accept_offer(invitee))
            elif action == "decline":
                return _done(services.decline_offer(invitee))
            elif action == "leave":
                return _done(services.leave_waiting_list(invitee))
            else:
                error = _("This form was not sent as the page showed it. Please use its buttons.")
                status = 400
        except services.AnswerError as refused:
            if form is not None and refused.code in ("full", "companions"):
                form.add_error(
                    "companions" if "companions" in form.fields else None, refused.message
                )
            else:
                error = refused.message
            status = 503 if refused.code == "busy" else 409
        # the refusal changed nothing: the page shows the answer as it is
        invitee.refresh_from_db()
    return _page(request, "ceremonies/answer.html", _context(request, invitee, form, error), status)


def _done(invitee: Invitee) -> HttpResponse:
    """After a change, the page again (a reload does not send the form twice), saying
    what the change led to."""
    url = reverse("ceremonies:answer", kwargs={"code": invitee.code})
    return HttpResponseRedirect(f"{url}?saved={invitee.status}", status=303)


def _context(request: HttpRequest, invitee: Invitee, form: AnswerForm | None, error) -> dict:
    ceremony = invitee.ceremony
    now = timezone.now()
    open_ = services.answers_open(ceremony, now)
    offered = services.offer_is_open(invitee, now)
    saved = request.GET.get("saved")
    if form is None and open_ and not offered:
        form = AnswerForm.for_invitee(invitee)
        form.auto_id = "answer-%s"
    declaration = declaration_for(Invitee)
    return {
        **ceremony_facts(ceremony),
        "invitee": invitee,
        "status": invitee.status
        if invitee.status != Status.OFFERED or offered
        else Status.DECLINED,
        "offered": offered,
        "lapsed": invitee.offer_lapsed or (invitee.status == Status.OFFERED and not offered),
        "place": services.place_in_line(invitee),
        "answers_open": open_,
        "not_open_yet": not ceremony.accepting_answers and now < ceremony.starts_at,
        "over": now >= ceremony.starts_at,
        "form": form if open_ and not offered else None,
        "error": error,
        # said once, after the change; a reload later (the offer came) does not repeat it
        "saved": saved if saved in OUTCOMES and saved == invitee.status else None,
        "qr": answer_qr(invitee, scale=5) if invitee.status == Status.ATTENDING else "",
        "ticket_url": reverse("ceremonies:ticket", kwargs={"code": invitee.code}),
        "purpose": declaration.purpose if declaration else "",
        "legal_basis": declaration.legal_basis if declaration else "",
        "offer_until": day_and_time(invitee.offered_until) if offered else "",
        "language_path": request.path,
    }


def ceremony_facts(ceremony: Ceremony) -> dict:
    """What the answer page and the ticket say about the ceremony. Its texts are written in
    German only: on a page in another language they are marked so (`text_attrs`)."""
    return {
        "ceremony": ceremony,
        "when": day_and_time(ceremony.starts_at),
        "deadline": day_and_time(ceremony.answers_close_at),
        "languages": autonyms(ceremony.languages),
        "address_lines": [
            line.strip() for line in ceremony.venue_address.splitlines() if line.strip()
        ],
        "text_attrs": content_attrs(settings.LANGUAGE_CODE),
    }


# -- the ticket as a PDF ------------------------------------------------------------------------


@private
@require_safe
def ticket(request: HttpRequest, code: str) -> HttpResponse:
    """The ticket to print or keep on the phone: made on request (one page, a fraction of a
    second), as often as the address allows (`MIA_TICKET_RATE`)."""
    from .ticket import render_ticket

    centre = _centre(request)
    if CODES.guessing(request):
        raise Http404
    invitee = services.find(centre, code)
    if invitee is None:
        CODES.guessing(request, count=True)
        raise Http404
    if invitee.status != Status.ATTENDING:
        return redirect("ceremonies:answer", code=invitee.code)
    if over_limit(request, "mia.ceremonies.ticket", settings.MIA_TICKET_RATE):
        return HttpResponse(
            _("Too many tickets from your connection. Please try again later."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(render_ticket(invitee), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="einbuergerungsfeier.pdf"'
    return response


urlpatterns = [
    path(ENTRY_PATH, entry, name="entry"),
    path(ANSWER_PATH, answer, name="answer"),
    path(ANSWER_PATH + "karte.pdf", ticket, name="ticket"),
]
