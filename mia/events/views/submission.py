"""Organisations submit and follow their events on the public side, under their account.

Only members of an organisation see its events here; another organisation's event, or one of
another centre, answers 404 as if it did not exist. The office works in the back office; on
these pages even a member of staff acts as the organisation (its actions only).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mia.core.languages import lang_attribute, language_direction, language_name
from mia.core.services import site_url
from mia.organisations.models import Organisation
from mia.outbox.services import queue_mail

from .. import services
from ..forms import CancelForm, EventSubmission, MessageForm, SubmitForm
from ..models import Event, EventDate

State = Event.State


def _next_steps() -> dict[str, str]:
    """What the organisation is told about each state: what it means and what happens next."""
    return {
        State.DRAFT: _(
            "Your event is a draft: only your organisation sees it. Complete it and submit it "
            "to the office when it is ready."
        ),
        State.SUBMITTED: _(
            "The office is checking your event. Until it decides you can still change it. "
            "You will hear from the office by email and on this page."
        ),
        State.CHANGES_REQUESTED: _(
            "The office asks you to revise your event: read its message below, change the "
            "event and submit it again."
        ),
        State.ACCEPTED: _(
            "The office has accepted your event. It appears in the programme when the office "
            "publishes it. If something needs changing now, write to the office."
        ),
        State.REJECTED: _(
            "The office cannot include your event. Its message below says why; write to the "
            "office if you have questions."
        ),
        State.PUBLISHED: _(
            "Your event is in the public programme. If it cannot take place, mark it as "
            "cancelled: it stays in the programme, marked as cancelled. For other changes, "
            "write to the office."
        ),
        State.WITHDRAWN: _("You have withdrawn this event. It does not appear in the programme."),
        State.CANCELLED: _("Your event is marked as cancelled in the programme."),
    }


# the colour of each state's badge (KERN's feedback colours)
BADGES = {
    State.DRAFT: "info",
    State.SUBMITTED: "info",
    State.CHANGES_REQUESTED: "warning",
    State.ACCEPTED: "success",
    State.REJECTED: "danger",
    State.PUBLISHED: "success",
    State.WITHDRAWN: "warning",
    State.CANCELLED: "danger",
}
ORGANISATION_ACTIONS = [
    action for action, (_s, _t, actor) in services.TRANSITIONS.items() if actor == "organisation"
]


def _organisations(request: HttpRequest) -> list[Organisation]:
    return list(request.user.organisations.filter(centre=request.centre).order_by("name"))


def _own_event(request: HttpRequest, pk: int, organisations: list[Organisation]) -> Event:
    """The event, if it belongs to one of the user's organisations in this centre; else 404."""
    event = (
        Event.objects.originals()
        .filter(pk=pk, centre=request.centre, organisation__in=organisations)
        .select_related("organisation", "edition", "venue", "image", "access_code")
        .first()
    )
    if event is None or not request.user.has_perm("events.view_event", event):
        raise Http404
    return event


def _may_edit(user, event: Event) -> bool:
    """On these pages the organisation's rule applies: only before the office has decided."""
    return event.state in services.ORGANISATION_EDITABLE and services.may_edit(user, event)


def spoken(codes: list[str]) -> list[tuple[str, str, str]]:
    """(lang attribute, direction, own name) of each language: an autonym marked as what it is."""
    return [(lang_attribute(code), language_direction(code), language_name(code)) for code in codes]


def _actions(user, event: Event) -> list[str]:
    return [a for a in services.allowed_actions(user, event) if a in ORGANISATION_ACTIONS]


# -- the list -------------------------------------------------------------------------------


@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    organisations = _organisations(request)
    events = list(
        Event.objects.originals()
        .filter(centre=request.centre, organisation__in=organisations)
        .select_related("edition")
        .prefetch_related(Prefetch("dates", queryset=EventDate.objects.order_by("start")))
        .annotate(
            office_wrote_at=Max(
                "messages__created_at",
                filter=Q(messages__internal=False, messages__from_office=True)
                & ~Q(messages__body=""),
            ),
            we_wrote_at=Max("messages__created_at", filter=Q(messages__from_office=False)),
        )
        .order_by("-updated_at", "-pk")
    )
    for event in events:
        event.badge = BADGES[event.state]
        event.editable = event.state in services.ORGANISATION_EDITABLE
        event.unanswered = event.office_wrote_at is not None and (
            event.we_wrote_at is None or event.we_wrote_at < event.office_wrote_at
        )
    groups = [(o, [e for e in events if e.organisation_id == o.pk]) for o in organisations]
    return render(
        request,
        "events/submission/list.html",
        {
            "organisations": organisations,
            "groups": groups,
            "events": events,
            "original_language": settings.LANGUAGE_CODE,
        },
    )


# -- the form -------------------------------------------------------------------------------


@login_required
def submit_new(request: HttpRequest) -> HttpResponse:
    organisations = _organisations(request)
    if not organisations:
        # the list explains that the office invites organisations
        return redirect("events:my_events")
    return _form(request, None, organisations)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisations = _organisations(request)
    event = _own_event(request, pk, organisations)
    if not _may_edit(request.user, event):
        messages.info(
            request,
            _(
                "This event can no longer be changed here. Write to the office if something "
                "needs changing."
            ),
        )
        return redirect("events:my_event", pk=event.pk)
    return _form(request, event, organisations)


def _form(request: HttpRequest, event: Event | None, organisations) -> HttpResponse:
    context = {"event": event, "badge": BADGES[event.state] if event else None}
    if event is not None and event.state == State.CHANGES_REQUESTED:
        # what the office asked for, next to the form that answers it
        context["office_note"] = (
            services.messages_for_organisation(event)
            .filter(from_office=True)
            .exclude(body="")
            .order_by("-created_at", "-pk")
            .first()
        )
    if request.method != "POST":
        submission = EventSubmission(
            centre=request.centre, organisations=organisations, event=event
        )
        wanted = request.GET.get("organisation", "")
        if "organisation" in submission.form.fields and wanted.isdigit():
            submission.form.initial["organisation"] = int(wanted)
        submission.unbound_dates()
        return _render_form(request, submission, context)

    action = request.POST.get("action", "save")
    submission = EventSubmission(
        centre=request.centre,
        organisations=organisations,
        event=event,
        data=request.POST,
        files=request.FILES,
    )
    # an image chosen but not stored: the browser cannot keep it across the page
    context["image_dropped"] = bool(request.FILES.get("image"))
    if action == "add_date":
        submission.add_date()
        context["focus_date"] = True
        return _render_form(request, submission, context)
    if action == "find_venue":
        submission.redisplay()
        submission.form.fields["venue"].widget.attrs["autofocus"] = True
        context["venue_searched"] = True
        return _render_form(request, submission, context)

    state = event.state if event else State.DRAFT
    submit = action == "submit" and state in (State.DRAFT, State.CHANGES_REQUESTED)
    # a submitted event stays complete while the organisation changes it
    complete = submit or state == State.SUBMITTED
    if submission.is_valid(complete=complete):
        try:
            saved = submission.save(request.user, submit=submit)
        except services.TransitionError as exc:
            submission.form.add_error(None, exc.messages)
        except PermissionDenied:
            raise Http404 from None
        else:
            return _saved(request, saved, submit, was_new=event is None)
    return _render_form(request, submission, context, status=400)


def _saved(request: HttpRequest, event: Event, submitted: bool, was_new: bool) -> HttpResponse:
    if submitted:
        messages.success(
            request, _("Your event is submitted. The office checks it and writes to you.")
        )
        return redirect("events:my_event", pk=event.pk)
    if event.state == State.DRAFT:
        messages.success(request, _("Your draft is saved. You can continue it at any time."))
        return redirect("events:edit", pk=event.pk)
    messages.success(request, _("Your changes are saved."))
    return redirect("events:my_event", pk=event.pk)


def _render_form(request, submission: EventSubmission, context: dict, status: int = 200):
    event = context["event"]
    return render(
        request,
        "events/submission/form.html",
        {
            **context,
            "submission": submission,
            "form": submission.form,
            "venue_form": submission.venue_form,
            "dates": submission.dates,
            "summary": submission.summary() if status == 400 else [],
            "can_submit": event is None or event.state in (State.DRAFT, State.CHANGES_REQUESTED),
            "original_language": settings.LANGUAGE_CODE,
        },
        status=status,
    )


# -- the status page ------------------------------------------------------------------------


@login_required
def my_event(request: HttpRequest, pk: int) -> HttpResponse:
    event = _own_event(request, pk, _organisations(request))
    return _status(request, event)


def _status(
    request: HttpRequest,
    event: Event,
    *,
    message_form: MessageForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = _actions(request.user, event)
    return render(
        request,
        "events/submission/status.html",
        {
            "event": event,
            "badge": BADGES[event.state],
            "next_step": _next_steps()[event.state],
            "dates": list(event.dates.all()),
            "languages": spoken(event.languages),
            "thread": list(services.messages_for_organisation(event)),
            "message_form": message_form or MessageForm(),
            "submit_form": SubmitForm(),
            "needs_code": event.edition is not None
            and not event.edition.accepts_submissions()
            and event.submitted_at is None
            and event.access_code_id is None,
            "actions": actions,
            "editable": _may_edit(request.user, event),
            "problems": problems or [],
            # what organisations write is in the site's default language (the event's original)
            "original_language": settings.LANGUAGE_CODE,
        },
        status=status,
    )


@login_required
@require_POST
def message(request: HttpRequest, pk: int) -> HttpResponse:
    event = _own_event(request, pk, _organisations(request))
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _status(request, event, message_form=form, status=400)
    with transaction.atomic():
        note = services.post_message(event, request.user, form.cleaned_data["body"])
        _tell_office(request, event, note)
    messages.success(request, _("Your message is sent to the office."))
    return redirect(reverse("events:my_event", kwargs={"pk": event.pk}) + "#messages")


def _tell_office(request: HttpRequest, event: Event, note) -> None:
    """The office hears of the organisation's message, withdrawal or cancellation by mail.

    Not held in the outbox like the office's own mails: it goes to the office itself.
    """
    centre = request.centre
    if not centre.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        names = {"organisation": event.organisation.name, "title": event.title}
        if note.state == State.WITHDRAWN:
            subject = _("%(organisation)s withdraws “%(title)s”") % names
        elif note.state == State.CANCELLED:
            subject = _("%(organisation)s cancels “%(title)s”") % names
        else:
            subject = _("Message from %(organisation)s about “%(title)s”") % names
        body = render_to_string(
            "events/mail/office.txt",
            {
                "event": event,
                "message": note,
                "author": request.user,
                "base_url": site_url(centre),
            },
        )
    queue_mail(
        centre=centre,
        to=[centre.email],
        subject=subject,
        body=body,
        reply_to=[request.user.email] if request.user.email else [],
        purpose="event",
    )


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit, withdraw (after a confirmation) or cancel (with a reason) an event."""
    event = _own_event(request, pk, _organisations(request))
    if action not in ORGANISATION_ACTIONS:
        raise Http404
    if action not in _actions(request.user, event):
        messages.error(request, _("This is not possible in the event's current state."))
        return redirect("events:my_event", pk=event.pk)
    confirmed = request.POST.get("step") == "confirm"
    if action == "submit":
        form = SubmitForm(request.POST)
        form.is_valid()
        code = form.cleaned_data.get("access_code", "")
        return _transition(request, event, action, access_code=code)
    if action == "withdraw":
        if not confirmed:
            return render(request, "events/submission/confirm.html", _confirm(event, action))
        return _transition(request, event, action)
    # cancel: the reason is shown with the event in the programme
    form = CancelForm(request.POST if confirmed else None)
    if not confirmed or not form.is_valid():
        return render(
            request,
            "events/submission/confirm.html",
            {**_confirm(event, action), "form": form},
            status=400 if confirmed else 200,
        )
    return _transition(request, event, action, message=form.cleaned_data["reason"])


def _confirm(event: Event, action: str) -> dict:
    return {
        "event": event,
        "action": action,
        "badge": BADGES[event.state],
        "original_language": settings.LANGUAGE_CODE,
    }


def _transition(request: HttpRequest, event: Event, action: str, **kwargs) -> HttpResponse:
    try:
        with transaction.atomic():
            event = services.transition(event, action, request.user, **kwargs)
            if action in ("withdraw", "cancel"):
                # the office must know at once: a gap in the programme, or a cancelled event
                _tell_office(request, event, event.messages.order_by("-created_at", "-pk")[0])
    except services.TransitionError as exc:
        return _status(request, event, problems=exc.messages, status=400)
    except PermissionDenied:
        raise Http404 from None
    done = {
        "submit": _("Your event is submitted. The office checks it and writes to you."),
        "withdraw": _("Your event is withdrawn."),
        "cancel": _("Your event is marked as cancelled."),
    }
    messages.success(request, done[action])
    return redirect("events:my_event", pk=event.pk)


urlpatterns = [
    path("konto/veranstaltungen/", my_events, name="my_events"),
    path("konto/veranstaltungen/neu/", submit_new, name="submit_new"),
    path("konto/veranstaltungen/<int:pk>/", my_event, name="my_event"),
    path("konto/veranstaltungen/<int:pk>/bearbeiten/", edit, name="edit"),
    path("konto/veranstaltungen/<int:pk>/aktion/<str:action>/", act, name="act"),
    path("konto/veranstaltungen/<int:pk>/nachricht/", message, name="message"),
]
