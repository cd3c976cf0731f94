"""The life of an event: who may move it from which state to which, and what follows.

    draft ──submit──▶ submitted ──accept──▶ accepted ──publish──▶ published ──cancel──▶ cancelled
      ▲                 │  ▲                                         ▲
      │      request_changes│  │submit                                   │ (office may also
      │                 ▼  │                                         │  publish directly)
      └──(edit)──── changes_requested        submitted ──reject──▶ rejected

An organisation drafts, submits, edits while the office has not decided, resubmits after a
request for changes, withdraws before publication and cancels a published event. The office
does everything else. Every change of state writes an `EventMessage`; messages meant for the
organisation are also mailed to it through the outbox, held until the office has read them.
Internal notes never leave the back office.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.core.services import site_url
from mia.outbox.services import queue_mail

from .models import AccessCode, Attendance, Edition, Event, EventDate, EventMessage
from .signals import programme_changed

State = Event.State

# (from state, action) -> new state, and who may do it
ORGANISATION, OFFICE = "organisation", "office"
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    # action: (allowed from, to, actor)
    "submit": ((State.DRAFT, State.CHANGES_REQUESTED), State.SUBMITTED, ORGANISATION),
    "withdraw": (
        (State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.ACCEPTED),
        State.WITHDRAWN,
        ORGANISATION,
    ),
    "request_changes": ((State.SUBMITTED, State.ACCEPTED), State.CHANGES_REQUESTED, OFFICE),
    "accept": ((State.SUBMITTED, State.CHANGES_REQUESTED), State.ACCEPTED, OFFICE),
    "reject": ((State.SUBMITTED, State.CHANGES_REQUESTED, State.ACCEPTED), State.REJECTED, OFFICE),
    "publish": ((State.SUBMITTED, State.ACCEPTED), State.PUBLISHED, OFFICE),
    "unpublish": ((State.PUBLISHED,), State.ACCEPTED, OFFICE),
    "cancel": ((State.PUBLISHED,), State.CANCELLED, ORGANISATION),
}
# the states in which the organisation may still change its own event
ORGANISATION_EDITABLE = (State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED)
# the states in which the office edits before (or after) publishing
OFFICE_EDITABLE = tuple(State.values)
# the outbox purpose of every mail about an event ("event.<pk>")
MAIL_PURPOSE = "event"
# what the subject of the mail to the organisation says
MAIL_SUBJECTS = {
    State.SUBMITTED: gettext_lazy("We have received your event"),
    State.CHANGES_REQUESTED: gettext_lazy("Please revise your event"),
    State.ACCEPTED: gettext_lazy("Your event is accepted"),
    State.REJECTED: gettext_lazy("Your event cannot be included"),
    State.PUBLISHED: gettext_lazy("Your event is published"),
    State.CANCELLED: gettext_lazy("Your event is marked as cancelled"),
    State.WITHDRAWN: gettext_lazy("Your event is withdrawn"),
}


class TransitionError(ValidationError):
    pass


def is_office(user, event: Event) -> bool:
    return user.has_perm("events.review_event", event)


def allowed_actions(user, event: Event) -> list[str]:
    """The actions the user may take on the event now, in a stable order."""
    office = is_office(user, event)
    member = not office and user.has_perm("events.change_event", event)
    actions = []
    for action, (sources, _target, actor) in TRANSITIONS.items():
        if event.state not in sources:
            continue
        if office or (member and actor == ORGANISATION):
            actions.append(action)
    return actions


def may_edit(user, event: Event) -> bool:
    if is_office(user, event):
        return True
    return event.state in ORGANISATION_EDITABLE and user.has_perm("events.change_event", event)


# -- dates and editions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    start: datetime.datetime
    end: datetime.datetime


def date_errors(slots: Sequence[Slot], edition: Edition | None) -> list[str]:
    """What is wrong with an event's dates as a whole (each slot is checked by its form)."""
    errors = []
    if edition is not None:
        first, last = edition.starts_on, edition.ends_on
        for slot in slots:
            day = timezone.localtime(slot.start).date()
            if not first <= day <= last:
                errors.append(
                    _("%(day)s is outside the festival (%(first)s to %(last)s).")
                    % {
                        "day": _format_date(day),
                        "first": _format_date(first),
                        "last": _format_date(last),
                    }
                )
    ordered = sorted(slots, key=lambda s: s.start)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start < before.end:
            errors.append(_("Two of the dates overlap."))
            break
    return errors


def _format_date(day: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT")


def submission_window_open(
    edition: Edition | None, organisation, code: str = "", now=None, event: Event | None = None
) -> AccessCode | bool:
    """True while the edition takes submissions; after, an access code that still admits one.

    Returns the access code used (so that its uses can be counted), True, or False. `event`
    is the event the code is for: a code it already holds does not count as used up by it.
    """
    now = now or timezone.now()
    if edition is None or edition.accepts_submissions(now):
        return True
    code = (code or "").strip().upper()
    if not code:
        return False
    access = (
        AccessCode.objects.filter(edition=edition, code=code, valid_until__gt=now)
        .filter(Q(organisation__isnull=True) | Q(organisation=organisation))
        .first()
    )
    if access is None:
        return False
    used = Event.objects.filter(access_code=access)
    if event is not None and event.pk:
        used = used.exclude(pk=event.pk)
    return access if used.count() < access.max_uses else False


# -- saving ---------------------------------------------------------------------------------


@transaction.atomic
def save_event(event: Event, slots: Sequence[Slot], user) -> Event:
    """Store the event and replace its dates, in one transaction: nothing is half-saved."""
    if not event.pk:
        event.locale = Event.default_locale()
        event.created_by = user if user.is_authenticated else None
    elif event.is_public:
        event.sequence += 1
    event.full_clean()
    event.save()
    wanted = sorted((s.start, s.end) for s in slots)
    if wanted != [(d.start, d.end) for d in event.dates.all()]:
        event.dates.all().delete()
        EventDate.objects.bulk_create(
            EventDate(event=event, start=start, end=end) for start, end in wanted
        )
    if event.is_public:
        _programme_changed(event)
    return event


def slots_of(event: Event) -> list[Slot]:
    return [Slot(d.start, d.end) for d in event.dates.all()]


# -- transitions ----------------------------------------------------------------------------


def transition(
    event: Event,
    action: str,
    user,
    *,
    message: str = "",
    internal_note: str = "",
    access_code: str = "",
    now=None,
) -> Event:
    """Move one event; raises PermissionDenied or TransitionError when it may not move."""
    sources, target, actor = TRANSITIONS[action]
    office = is_office(user, event)
    if not office and (actor != ORGANISATION or not user.has_perm("events.change_event", event)):
        raise PermissionDenied
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.state not in sources:
            raise TransitionError(
                _("An event in the state “%(state)s” cannot be changed this way.")
                % {"state": event.get_state_display()}
            )
        if action == "submit":
            _check_submission(event, access_code, now)
        if action in ("accept", "publish") and event.venue_id and not event.venue.verified:
            # accepting an event accepts the venue its organisation proposed for it
            event.venue.verified = True
            event.venue.save(update_fields=["verified", "updated_at"])
        if action == "cancel":
            event.cancellation_note = message[:300]
        was_public = event.is_public
        event.state = target
        now = now or timezone.now()
        if target == State.SUBMITTED:
            event.submitted_at = now
        if target == State.PUBLISHED and not event.published_at:
            event.published_at = now
        if was_public or event.is_public:
            event.sequence += 1
        event.save()
        _write_messages(event, user, office, target, message, internal_note)
        if office:
            # the audit log's actions are a fixed list: the transition goes into the detail
            record(user, AuditEntry.Action.CHANGE, event, detail={"transition": action})
        if was_public or event.is_public:
            _programme_changed(event)
    return event


def bulk_transition(events: Iterable[Event], action: str, user) -> tuple[int, list[str]]:
    """The same action on many events (bulk accept): returns (done, reasons for the rest)."""
    done, problems = 0, []
    for event in events:
        try:
            transition(event, action, user)
        except (TransitionError, PermissionDenied) as exc:
            problems.append(f"{event.title}: {_reason(exc)}")
        else:
            done += 1
    return done, problems


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return _("You may not do this.")


def _check_submission(event: Event, code: str, now) -> None:
    errors = []
    if not event.dates.exists():
        errors.append(_("Give at least one date."))
    errors += date_errors(slots_of(event), event.edition)
    if event.attendance != "online" and event.venue_id is None:
        errors.append(_("Choose the venue, or propose a new one."))
    if event.attendance != "on_site" and not event.online_url:
        errors.append(_("Give the link to the online event."))
    if event.submitted_at is not None:
        # submitted before (in time or with a code): the office asked for changes and waits
        # for the resubmission, also after the window has closed (the form asks for a code
        # when the organisation moves the event to another closed edition)
        opened: AccessCode | bool = True
    else:
        if not code and event.access_code_id:
            code = event.access_code.code
        opened = submission_window_open(event.edition, event.organisation, code, now, event=event)
    if not opened:
        errors.append(
            _(
                "Submissions for this festival are closed. An access code from the office lets you submit."
            )
        )
    if errors:
        raise TransitionError(errors)
    if isinstance(opened, AccessCode):
        event.access_code = opened


def _write_messages(event, user, office: bool, target: str, message: str, note: str) -> None:
    author = user if user.is_authenticated else None
    visible = EventMessage.objects.create(
        centre_id=event.centre_id,
        event=event,
        author=author,
        from_office=office,
        state=target,
        body=message,
    )
    if note:
        EventMessage.objects.create(
            centre_id=event.centre_id,
            event=event,
            author=author,
            from_office=True,
            internal=True,
            body=note,
        )
    if office:
        mail_organisation(event, visible)


def post_message(event: Event, user, body: str, *, internal: bool = False) -> EventMessage:
    """A message without a change of state, from the office or the organisation."""
    office = is_office(user, event)
    if not office and (internal or not user.has_perm("events.view_event", event)):
        raise PermissionDenied
    with transaction.atomic():
        message = EventMessage.objects.create(
            centre_id=event.centre_id,
            event=event,
            author=user,
            from_office=office,
            internal=internal,
            body=body,
        )
        if office and not internal:
            mail_organisation(event, message)
    return message


def messages_for_organisation(event: Event):
    """What the organisation is shown: everything but the office's internal notes."""
    return event.messages.filter(internal=False).select_related("author")


def recipients(event: Event) -> list[str]:
    organisation = event.organisation
    if organisation is None:
        return []
    addresses = [organisation.email] if organisation.email else []
    addresses += [
        m.user.email for m in organisation.memberships.select_related("user") if m.user.email
    ]
    return list(dict.fromkeys(a for a in addresses if a))


def mail_purpose(event: Event) -> str:
    """The outbox purpose of mails about `event`: the review page finds its held mails by it."""
    return f"{MAIL_PURPOSE}.{event.pk}"


def mail_organisation(event: Event, message: EventMessage) -> None:
    """The office's word to the organisation, held in the outbox until the office releases it."""
    to = recipients(event)
    if not to:
        return
    centre = event.centre
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(MAIL_SUBJECTS.get(message.state, _("A message about your event")))
        body = render_to_string(
            "events/mail/organisation.txt",
            {"event": event, "message": message, "centre": centre, "base_url": site_url(centre)},
        )
    queue_mail(
        centre=centre,
        to=to,
        subject=f"{subject}: {event.title}",
        body=body,
        reply_to=[centre.email] if centre.email else [],
        purpose=mail_purpose(event),
        hold=True,
    )


# -- what the office is warned about --------------------------------------------------------


# the events whose dates can clash with others: those the office may still put on the programme
LIVE_STATES = (State.SUBMITTED, State.ACCEPTED, State.PUBLISHED)


class _Booking(NamedTuple):
    """One date of one event at a venue, and whatever the caller wants back with it."""

    event_id: int
    venue_id: int
    start: datetime.datetime
    end: datetime.datetime
    date: EventDate | None = None


def _live_dates_at(venue_ids: Iterable[int]):
    """The dates of the live events that take place on site at these venues."""
    return EventDate.objects.filter(
        event__venue_id__in=list(venue_ids), event__state__in=LIVE_STATES
    ).exclude(event__attendance=Attendance.ONLINE)


def _clashes(dates: Iterable[_Booking]) -> Iterator[tuple[_Booking, _Booking]]:
    """Each pair of dates of two events at the same venue that overlap in time, once, the
    earlier first. Sorted by start, the dates after one that starts after its end cannot
    overlap it either: the inner loop stops there."""
    by_venue: dict[int, list[_Booking]] = defaultdict(list)
    for date in dates:
        by_venue[date.venue_id].append(date)
    for at_venue in by_venue.values():
        at_venue.sort(key=lambda d: (d.start, d.end))
        for i, first in enumerate(at_venue):
            for second in at_venue[i + 1 :]:
                if second.start >= first.end:
                    break
                if second.event_id != first.event_id:
                    yield first, second


def overlapping(event: Event) -> list[tuple[EventDate, EventDate]]:
    """Other live events at the same venue at the same time: (this date, the other's date)."""
    if not event.venue_id or event.attendance == Attendance.ONLINE:
        return []
    mine = list(event.dates.all())
    if not mine:
        return []
    others = (
        _live_dates_at([event.venue_id])
        .filter(start__lt=max(d.end for d in mine), end__gt=min(d.start for d in mine))
        .exclude(event_id=event.pk)
        .select_related("event")
    )
    dates = [_Booking(event.pk, event.venue_id, d.start, d.end, d) for d in mine]
    dates += [_Booking(d.event_id, event.venue_id, d.start, d.end, d) for d in others]
    pairs = []
    for first, second in _clashes(dates):
        # every pair has one date of this event: the others' dates were chosen so
        ours, theirs = (first, second) if first.event_id == event.pk else (second, first)
        pairs.append((ours.date, theirs.date))
    return sorted(pairs, key=lambda pair: (pair[0].start, pair[1].start, pair[1].pk))


def overlap_map(events: Sequence[Event]) -> dict[int, int]:
    """For a list of events: how many clashes each has (one query for the whole list)."""
    venue_ids = {e.venue_id for e in events if e.venue_id}
    if not venue_ids:
        return {}
    dates = _live_dates_at(venue_ids).values_list("event_id", "event__venue_id", "start", "end")
    clashes: dict[int, int] = defaultdict(int)
    for first, second in _clashes(_Booking(*row) for row in dates):
        clashes[first.event_id] += 1
        clashes[second.event_id] += 1
    return dict(clashes)


# -- the public programme -------------------------------------------------------------------


def _programme_changed(event: Event) -> None:
    centre_id, edition_id = event.centre_id, event.edition_id
    transaction.on_commit(
        lambda: programme_changed.send(Event, centre_id=centre_id, edition_id=edition_id)
    )


def translation_saved(sender, instance: Event, **kwargs) -> None:
    """post_save of an event: a translation's text changed (wagtail-localize saves it without
    `save_event`), so the programme in its language changed if the original is public."""
    if kwargs.get("raw") or instance.locale.language_code == settings.LANGUAGE_CODE:
        return
    original = (
        Event.objects.filter(
            translation_key=instance.translation_key,
            locale__language_code=settings.LANGUAGE_CODE,
            state__in=Event.PUBLIC_STATES,
        )
        .only("centre_id", "edition_id")
        .first()
    )
    if original is not None:
        _programme_changed(original)
