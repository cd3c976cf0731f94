"""Offers and assignments: a request offered to volunteers, answered through a link, the first
acceptance wins; cancellations; offers that ran out.

The link is the key (decision 0032): each offer has its own random token
(`secrets.token_urlsafe`, 256 bits), of which only the SHA-256 hash is stored, as for account
invitations. It opens the offer page without an account, works until the offer's
`expires_at` (the pool's `offer_hours`, never past the appointment's start) and changes the
offer once: after an answer the page says what happened, and nothing more can be done with it.

Race-free by construction. Every change to a request's offers and its assignment happens in
one short transaction that first takes the request's row lock (`_locked`), on PostgreSQL
with a lock timeout, so two volunteers accepting at the same moment are served one after the
other: the second finds the request assigned and is told it was taken. The partial unique
constraint `one_live_assignment` is the last line of defence: should a path ever bypass the
lock, the database refuses a second live assignment and the acceptance still says "taken".
A volunteer's own appointments are serialised too (their row is locked after the request's,
always in that order), so two acceptances of overlapping appointments cannot both succeed.

Mails go through the outbox inside the same transaction: they leave only if the change is
committed. They are written in German (plain and formal), the pool's working language.
"""

import datetime
import logging
import secrets
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.core.locks import lock_row, lock_timed_out, lock_timeout_ms
from mia.core.models import Membership
from mia.core.services import site_url
from mia.outbox.services import queue_rendered_mail
from mia.permissions.models import hash_token
from mia.permissions.roles import Role

from .languages import spoken
from .models import Assignment, Offer, PoolSettings, Request, Setting, Volunteer

logger = logging.getLogger(__name__)

OfferStatus = Offer.Status
RequestStatus = Request.Status
AssignmentStatus = Assignment.Status

# the outbox purposes of the pool's mails about offers and assignments
MAIL_OFFER = "pool.offer"
MAIL_ASSIGNMENT = "pool.assignment"
# requests that can still be offered
OFFERABLE = (RequestStatus.OPEN, RequestStatus.OFFERED)
# the sides that may cancel an assignment here (the institution cancels its request instead)
SIDES = ("volunteer", "centre")
# who ended an assignment by cancelling it, as its status says
CANCELLED_BY = {
    "volunteer": AssignmentStatus.CANCELLED_VOLUNTEER,
    "centre": AssignmentStatus.CANCELLED_CENTRE,
    "institution": AssignmentStatus.CANCELLED_INSTITUTION,
}


class OfferError(Exception):
    """A step that cannot be taken; `code` says why, `message` says it to the person."""

    MESSAGES = {
        "unknown": _("This link is not known. Please use the link from your e-mail."),
        "accepted": _("You have already accepted this appointment. Thank you!"),
        "declined": _("You have already declined this offer."),
        "taken": _(
            "Another volunteer has already accepted this appointment. Thank you for your readiness!"
        ),
        "withdrawn": _("The centre has withdrawn this offer: it is no longer needed."),
        "expired": _(
            "The time to answer this offer has run out. If you would still like to help, "
            "please contact the centre."
        ),
        "cancelled": _("The institution has cancelled this appointment."),
        "not_offerable": _(
            "This request cannot be offered: it is no longer open (its status is %(status)s)."
        ),
        "past": _("This appointment has already begun: it can no longer be offered."),
        "nobody": _("Please choose at least one volunteer."),
        "not_eligible": _(
            "%(name)s cannot be offered this appointment: %(reason)s. Nothing was offered."
        ),
        "offered_already": _(
            "%(name)s already has an open offer for this request. Nothing was offered."
        ),
        "not_eligible_now": _(
            "You cannot accept this appointment at the moment (your requirements for the pool "
            "are not all in place). Please contact the centre."
        ),
        "overlap": _(
            "You already have an appointment at this time. Please decline this offer, or "
            "contact the centre."
        ),
        "not_cancellable": _("This appointment can no longer be cancelled here (%(status)s)."),
        "begun": _("The appointment has already begun. Please call the centre instead."),
        "reason": _("Please give a reason for the cancellation."),
        "side": _("Unknown side of a cancellation."),
        "not_open": _("This offer is not open any more (%(status)s): it cannot be withdrawn."),
        "busy": _("Many answers are arriving right now. Please send yours again."),
        "unfilled_reason": _("Please choose why the request was not filled."),
    }

    def __init__(self, code: str, **params) -> None:
        self.code = code
        self.params = params
        text = str(self.MESSAGES[code])
        self.message = text % {k: str(v) for k, v in params.items()} if params else text
        super().__init__(code)

    def __str__(self) -> str:
        return self.message


# -- reading --------------------------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(32)


def find(centre, token: str) -> Offer | None:
    """The centre's offer whose link carries `token`, or None. A token that cannot be one
    costs no query."""
    if not token or len(token) > 100:
        return None
    return (
        Offer.objects.select_related(
            "request__topic", "request__district", "request__institution__district", "volunteer"
        )
        .filter(centre=centre, token_hash=hash_token(token))
        .first()
    )


def offer_url(offer: Offer, token: str) -> str:
    """The absolute address of the offer page (German: the pool's working language)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("pool:offer", kwargs={"token": token})
    return site_url(offer.centre) + path


def is_open(offer: Offer, now: datetime.datetime | None = None) -> bool:
    """Whether the offer can still be answered (open, in time, its request still waiting)."""
    now = now or timezone.now()
    return (
        offer.status == OfferStatus.OPEN
        and offer.expires_at > now
        and offer.request.status in OFFERABLE
    )


def outcome(offer: Offer, now: datetime.datetime | None = None) -> str:
    """What became of an offer, in the words of `OfferError`: "open", or why it cannot be
    answered any more (an open offer that ran out, or whose request went, says so)."""
    now = now or timezone.now()
    if offer.status != OfferStatus.OPEN:
        return offer.status
    if offer.request.status == RequestStatus.CANCELLED:
        return "cancelled"
    if offer.request.status not in OFFERABLE:
        return "taken"
    if offer.expires_at <= now or offer.request.starts_at <= now:
        return "expired"
    return "open"


@dataclass(frozen=True)
class Appointment:
    """What a volunteer needs to decide, in words: no address and no names before acceptance."""

    language: str
    when: datetime.datetime
    minutes: int
    setting: str
    district: str
    topic: str
    kind: str
    urgent: bool


def appointment(request: Request) -> Appointment:
    district = request.district or request.institution.district
    return Appointment(
        language=spoken(request.language, request.dialect),
        when=timezone.localtime(request.starts_at),
        minutes=request.minutes,
        setting=request.get_setting_display(),
        district=district.name if district and request.setting == Setting.ON_SITE else "",
        topic=request.topic.name,
        kind=request.institution.get_kind_display(),
        urgent=request.urgent,
    )


# -- the lock -------------------------------------------------------------------------------------


def _locked(request_id: int) -> Request:
    """The request, locked until the transaction ends (call inside `transaction.atomic`)."""
    return lock_row(Request, request_id)


def _under_lock(request_id: int, step):
    """Runs `step(request)` in one transaction under the request's lock; a lock not had in
    time becomes the "busy" error, a second live assignment the "taken" one."""
    try:
        with transaction.atomic():
            return step(_locked(request_id))
    except IntegrityError as error:
        text = str(error)
        # PostgreSQL names the constraint, SQLite the column
        if "one_live_assignment" in text or "pool_assignment.request_id" in text:
            raise OfferError("taken") from error
        raise
    except OperationalError as error:
        if lock_timed_out(error):
            logger.warning(
                "pool request %s: lock not had within %s ms", request_id, lock_timeout_ms()
            )
            raise OfferError("busy") from error
        raise


# -- making offers ---------------------------------------------------------------------------------


def make_offers(request: Request, volunteers, by) -> list[Offer]:
    """Offer `request` to each of `volunteers` (all or none): a link by mail to each, and the
    request is "offered". Refused with an `OfferError` for a request that is not open or has
    begun, and for a volunteer of another centre, not active, without every requirement on
    the appointment's day, or with an open offer for it already."""
    people = list({person.pk: person for person in volunteers}.values())
    if not people:
        raise OfferError("nobody")

    def step(locked: Request) -> list[Offer]:
        now = timezone.now()
        if locked.status not in OFFERABLE:
            raise OfferError("not_offerable", status=locked.get_status_display())
        if locked.starts_at <= now:
            raise OfferError("past")
        day = timezone.localdate(locked.starts_at)
        already = set(
            Offer.objects.filter(request=locked, status=OfferStatus.OPEN).values_list(
                "volunteer_id", flat=True
            )
        )
        for person in people:
            if person.centre_id != locked.centre_id:
                raise OfferError("not_eligible", name=person.name, reason=_("another centre"))
            if person.status != Volunteer.Status.ACTIVE:
                raise OfferError(
                    "not_eligible", name=person.name, reason=person.get_status_display()
                )
            missing = person.missing_requirements(day)
            if missing:
                raise OfferError("not_eligible", name=person.name, reason=", ".join(missing))
            if person.pk in already:
                raise OfferError("offered_already", name=person.name)
        settings_ = PoolSettings.for_centre(locked.centre)
        expires = min(now + datetime.timedelta(hours=settings_.offer_hours), locked.starts_at)
        locked.centre = request.centre
        made = []
        for person in people:
            token = new_token()
            offer = Offer.objects.create(
                centre_id=locked.centre_id,
                request=locked,
                volunteer=person,
                token_hash=hash_token(token),
                expires_at=expires,
                offered_by=by if getattr(by, "is_authenticated", False) else None,
            )
            offer.centre = locked.centre
            _mail_offer(offer, locked, person, token)
            made.append(offer)
        Request.objects.filter(pk=locked.pk).update(status=RequestStatus.OFFERED, updated_at=now)
        request.status = RequestStatus.OFFERED
        record(
            by,
            AuditEntry.Action.CHANGE,
            locked,
            detail={"offered to": [person.pk for person in people]},
        )
        _follow_up(expires)
        return made

    return _under_lock(request.pk, step)


def _follow_up(expires: datetime.datetime) -> None:
    """When the offers run out, the background task closes them (on backends that can wait;
    the command run from cron does it anyway)."""
    from .tasks import expire_offers_task

    task = expire_offers_task
    if not task.get_backend().supports_defer:
        return
    task = task.using(run_after=expires + datetime.timedelta(seconds=1))
    transaction.on_commit(lambda: task.enqueue())


# -- answering -----------------------------------------------------------------------------------


def accept(token: str, *, centre=None) -> Assignment:
    """The volunteer takes the appointment: the first acceptance of a request wins. Makes the
    assignment; the request's other open offers are "taken" (their volunteers are thanked);
    the institution and the volunteer get their confirmations."""
    offer = _offer_for(token, centre)

    def step(locked: Request) -> Assignment:
        now = timezone.now()
        current = Offer.objects.select_related("volunteer").get(pk=offer.pk)
        current.request = locked
        _check_answerable(current, locked, now)
        volunteer = Volunteer.objects.select_for_update().get(pk=current.volunteer_id)
        if volunteer.status != Volunteer.Status.ACTIVE or not volunteer.requirements_met(
            timezone.localdate(locked.starts_at)
        ):
            raise OfferError("not_eligible_now")
        if _overlaps(volunteer, locked):
            raise OfferError("overlap")
        assignment = Assignment.objects.create(
            centre_id=locked.centre_id,
            request=locked,
            volunteer=volunteer,
            offer=current,
            starts_at=locked.starts_at,
            ends_at=locked.ends_at,
        )
        Offer.objects.filter(pk=current.pk).update(status=OfferStatus.ACCEPTED, answered_at=now)
        others = list(
            Offer.objects.filter(request=locked, status=OfferStatus.OPEN)
            .exclude(pk=current.pk)
            .select_related("volunteer")
        )
        Offer.objects.filter(pk__in=[o.pk for o in others]).update(status=OfferStatus.TAKEN)
        Request.objects.filter(pk=locked.pk).update(status=RequestStatus.ASSIGNED, updated_at=now)
        locked.status = RequestStatus.ASSIGNED
        full = Request.objects.select_related(
            "centre__site", "institution__organisation", "institution__district", "topic"
        ).get(pk=locked.pk)
        for other in others:
            _mail(full, [other.volunteer.email], "offer_taken", {"volunteer": other.volunteer})
        _mail(full, [volunteer.email], "assignment_volunteer", {"volunteer": volunteer})
        _mail(
            full,
            institution_addresses(full),
            "assignment_institution",
            {"volunteer": volunteer, "first_name": first_name(volunteer)},
        )
        record(None, AuditEntry.Action.CHANGE, assignment, detail={"accepted offer": current.pk})
        assignment.request = full
        return assignment

    return _under_lock(offer.request_id, step)


def decline(token: str, reason: str = "", *, centre=None) -> Offer:
    """The volunteer says no (a reason is optional). When no offer of the request is left
    open, the request is open again, and the coordinators are told."""
    offer = _offer_for(token, centre)

    def step(locked: Request) -> Offer:
        now = timezone.now()
        current = Offer.objects.get(pk=offer.pk)
        current.request = locked
        _check_answerable(current, locked, now)
        current.status = OfferStatus.DECLINED
        current.answered_at = now
        current.decline_reason = (reason or "").strip()[:300]
        current.save(update_fields=["status", "answered_at", "decline_reason"])
        if _reopen_if_unanswered(locked, now):
            _tell_coordinators(locked, "offer_all_declined", {})
        return current

    return _under_lock(offer.request_id, step)


def _offer_for(token: str, centre) -> Offer:
    offer = None
    if token and len(token) <= 100:
        offers = Offer.objects.filter(token_hash=hash_token(token))
        if centre is not None:
            offers = offers.filter(centre=centre)
        offer = offers.first()
    if offer is None:
        raise OfferError("unknown")
    return offer


def _check_answerable(offer: Offer, request: Request, now: datetime.datetime) -> None:
    """Refuses an answer to an offer that was answered, withdrawn, ran out or whose request
    went, each with its own message."""
    if offer.status != OfferStatus.OPEN:
        raise OfferError(str(offer.status))
    if request.status == RequestStatus.CANCELLED:
        raise OfferError("cancelled")
    if request.status not in OFFERABLE:
        raise OfferError("taken")
    if offer.expires_at <= now or request.starts_at <= now:
        raise OfferError("expired")


def _overlaps(volunteer: Volunteer, request: Request) -> bool:
    """Whether the volunteer has a live appointment too close to this one: overlapping, or on
    site with less than the pool's travel time between (phone and video need none)."""
    travel = datetime.timedelta(0)
    if request.setting == Setting.ON_SITE:
        travel = datetime.timedelta(minutes=PoolSettings.for_centre(request.centre).travel_minutes)
    return (
        Assignment.objects.filter(
            volunteer=volunteer,
            status__in=[AssignmentStatus.CONFIRMED],
            starts_at__lt=request.ends_at + travel,
            ends_at__gt=request.starts_at - travel,
        )
        .exclude(request_id=request.pk)
        .exists()
    )


def _reopen_if_unanswered(request: Request, now: datetime.datetime) -> bool:
    """An offered request without open offers is open again (back to matching)."""
    if request.status != RequestStatus.OFFERED:
        return False
    if Offer.objects.filter(request=request, status=OfferStatus.OPEN).exists():
        return False
    Request.objects.filter(pk=request.pk).update(status=RequestStatus.OPEN, updated_at=now)
    request.status = RequestStatus.OPEN
    return True


# -- the centre's steps ----------------------------------------------------------------------------


def withdraw(offer: Offer, by) -> Offer:
    """The centre takes back an open offer (found someone else, the plans changed): its link
    stops working and the volunteer is told."""

    def step(locked: Request) -> Offer:
        now = timezone.now()
        current = Offer.objects.select_related("volunteer").get(pk=offer.pk)
        if current.status != OfferStatus.OPEN:
            raise OfferError("not_open", status=current.get_status_display())
        current.status = OfferStatus.WITHDRAWN
        current.answered_at = now
        current.save(update_fields=["status", "answered_at"])
        _reopen_if_unanswered(locked, now)
        full = _full(locked.pk)
        _mail(full, [current.volunteer.email], "offer_withdrawn", {"volunteer": current.volunteer})
        record(by, AuditEntry.Action.CHANGE, current, detail={"withdrawn": True})
        return current

    return _under_lock(offer.request_id, step)


def cancel_assignment(assignment: Assignment, by, reason: str, side: str) -> Assignment:
    """An assignment ends before it happened, with a reason. A volunteer's drop-out (`side`
    "volunteer") or the centre's (`side` "centre") puts the request back to matching (open);
    the coordinators, the institution and, when the centre cancels, the volunteer are told.
    Only a confirmed appointment can be cancelled, by a volunteer only before it begins."""
    if side not in SIDES:
        raise OfferError("side")
    reason = (reason or "").strip()
    if not reason:
        raise OfferError("reason")

    def step(locked: Request) -> Assignment:
        now = timezone.now()
        current = Assignment.objects.select_related("volunteer").get(pk=assignment.pk)
        if current.status != AssignmentStatus.CONFIRMED:
            raise OfferError("not_cancellable", status=current.get_status_display())
        if side == "volunteer" and current.starts_at <= now:
            raise OfferError("begun")
        end_by_cancellation(current, side, reason, now)
        reopened = locked.status == RequestStatus.ASSIGNED and locked.starts_at > now
        if reopened:
            Request.objects.filter(pk=locked.pk).update(status=RequestStatus.OPEN, updated_at=now)
        full = _full(locked.pk)
        context = {"assignment": current, "volunteer": current.volunteer, "side": side}
        if side == "volunteer":
            _tell_coordinators(full, "assignment_dropped", {**context, "reason": reason})
        elif current.volunteer is not None:
            _mail(full, [current.volunteer.email], "assignment_cancelled_volunteer", context)
        if reopened:
            _mail(full, institution_addresses(full), "assignment_cancelled_institution", context)
        record(by, AuditEntry.Action.CHANGE, current, detail={"cancelled by": side})
        return current

    return _under_lock(assignment.request_id, step)


def end_by_cancellation(
    assignment: Assignment, side: str, reason: str, now: datetime.datetime
) -> Assignment:
    """The one place where an assignment ends by cancellation, whoever cancels (`side`: a
    key of `CANCELLED_BY`): its status says who, `cancelled_at` when, `cancel_reason` why.
    These and `starts_at` are what the billing reads to pay a late cancellation by the
    institution (`billing.is_late`).

    The caller holds the request's row lock in its transaction (`_under_lock` here,
    `requests.cancel_request` for the institution) and has checked that its step is allowed;
    what follows from it (the request reopened or cancelled, the offers, the mails) is the
    caller's."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("an assignment is cancelled under its request's lock only")
    if assignment.status not in (AssignmentStatus.CONFIRMED, AssignmentStatus.REPORTED):
        raise ValueError(f"assignment {assignment.pk} has ended already ({assignment.status})")
    assignment.status = CANCELLED_BY[side]
    assignment.cancelled_at = now
    assignment.cancel_reason = reason
    assignment.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    return assignment


def expire_offers(now: datetime.datetime | None = None) -> int:
    """Open offers whose time ran out become "expired"; their requests, with no open offer
    left, are open again (the coordinators are told). Returns how many offers expired. Safe to
    run twice or at once: each request is settled under its lock."""
    now = now or timezone.now()
    due = (
        Offer.objects.filter(status=OfferStatus.OPEN)
        .filter(Q(expires_at__lte=now) | Q(request__starts_at__lte=now))
        .values_list("request_id", flat=True)
        .distinct()
    )
    expired = 0
    for request_id in sorted(set(due)):

        def step(locked: Request) -> int:
            at = timezone.now()
            count = (
                Offer.objects.filter(request=locked, status=OfferStatus.OPEN)
                .filter(Q(expires_at__lte=at) | Q(request__starts_at__lte=at))
                .update(status=OfferStatus.EXPIRED)
            )
            # back to matching; past appointments too, for the coordinators to close
            if count and _reopen_if_unanswered(locked, at) and locked.starts_at > at:
                _tell_coordinators(locked, "offer_all_expired", {})
            return count

        expired += _under_lock(request_id, step)
    return expired


# -- not filled ----------------------------------------------------------------------------------

# why the centre closes a request nobody took (the institution's withdrawal is a cancellation)
UNFILLED_REASONS = (
    Request.Unfilled.NOBODY,
    Request.Unfilled.DECLINED,
    Request.Unfilled.LATE,
)


def close_unfilled(
    request: Request, reason: str, by, *, now: datetime.datetime | None = None
) -> Request:
    """The pool gives up on a request nobody has taken: it ends "not filled", with the
    reason the statistics count; its open offers are withdrawn (their volunteers told), the
    institution is told, and its details are erased `retention_months` on. Refused for a
    request that is not open or offered."""
    if reason not in UNFILLED_REASONS:
        raise OfferError("unfilled_reason")

    def step(locked: Request) -> Request:
        at = now or timezone.now()
        if locked.status not in OFFERABLE:
            raise OfferError("not_offerable", status=locked.get_status_display())
        open_offers = list(
            Offer.objects.filter(request=locked, status=OfferStatus.OPEN).select_related(
                "volunteer"
            )
        )
        Offer.objects.filter(pk__in=[o.pk for o in open_offers]).update(
            status=OfferStatus.WITHDRAWN, answered_at=at
        )
        pool = PoolSettings.for_centre(locked.centre)
        Request.objects.filter(pk=locked.pk).update(
            status=RequestStatus.UNFILLED,
            unfilled_reason=reason,
            erase_after=at + relativedelta(months=pool.retention_months),
            updated_at=at,
        )
        full = _full(locked.pk)
        for offer in open_offers:
            _mail(full, [offer.volunteer.email], "offer_withdrawn", {"volunteer": offer.volunteer})
        _mail(
            full,
            institution_addresses(full),
            "request_unfilled",
            {"late": reason == Request.Unfilled.LATE, "pool": pool},
        )
        record(by, AuditEntry.Action.CHANGE, full, detail={"not filled": reason})
        return full

    closed = _under_lock(request.pk, step)
    request.status, request.unfilled_reason = closed.status, closed.unfilled_reason
    return closed


def close_past_requests(now: datetime.datetime | None = None) -> int:
    """Requests whose appointment has begun with nobody assigned end "not filled" (the
    timed step, after `expire_offers`): every volunteer asked declined, or it was asked at
    short notice, or nobody was free. Returns how many it closed; safe to run twice."""
    now = now or timezone.now()
    due = Request.objects.filter(status__in=OFFERABLE, starts_at__lte=now).values_list(
        "pk", "urgent"
    )
    closed = 0
    for pk, urgent in sorted(due):
        answers = set(Offer.objects.filter(request_id=pk).values_list("status", flat=True))
        if answers and answers <= {OfferStatus.DECLINED}:
            reason = Request.Unfilled.DECLINED
        elif urgent:
            reason = Request.Unfilled.LATE
        else:
            reason = Request.Unfilled.NOBODY
        try:
            close_unfilled(Request(pk=pk), reason, None, now=now)
        except OfferError as refused:
            if refused.code != "not_offerable":  # taken or closed meanwhile
                raise
            continue
        closed += 1
    return closed


# -- mails -----------------------------------------------------------------------------------------


def first_name(volunteer: Volunteer) -> str:
    """The volunteer's first name: what the institution needs to greet them."""
    return (volunteer.name or "").split()[0] if volunteer.name.strip() else ""


def institution_addresses(request: Request) -> list[str]:
    """The institution's contact accounts (members of its organisation), the one who asked
    first; the organisation's address where it has no account."""
    organisation = request.institution.organisation
    users = get_user_model().objects.filter(is_active=True)
    addresses = list(
        users.filter(organisation_memberships__organisation=organisation)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    if request.requested_by_id:
        asker = users.filter(pk=request.requested_by_id).values_list("email", flat=True).first()
        if asker:
            addresses.insert(0, asker)
    if not addresses and organisation.email:
        addresses.append(organisation.email)
    return list(dict.fromkeys(addresses))


def coordinator_addresses(centre) -> list[str]:
    """Who runs the pool in the centre: its pool coordinators, else its centre admins, else
    the centre's own address."""
    members = Membership.objects.filter(centre=centre, user__is_active=True).exclude(user__email="")
    for found in (
        members.filter(role=Role.COORDINATOR, domain="pool"),
        members.filter(role=Role.CENTRE_ADMIN),
    ):
        addresses = list(found.order_by("user_id").values_list("user__email", flat=True))
        if addresses:
            return list(dict.fromkeys(addresses))
    return [centre.email] if centre.email else []


def _full(request_id: int) -> Request:
    return Request.objects.select_related(
        "centre__site", "institution__organisation", "institution__district", "topic", "district"
    ).get(pk=request_id)


def _context(request: Request, extra: dict) -> dict:
    centre = request.centre
    return {
        "request": request,
        "centre": centre,
        "appointment": appointment(request),
        "admin_url": _admin_url(request),
        **extra,
    }


def _admin_url(request: Request) -> str:
    """The request's offers in the back office, on the centre's own site."""
    return site_url(request.centre) + reverse("pool_offers:list", kwargs={"pk": request.pk})


def _mail(request: Request, to: list[str], name: str, extra: dict) -> None:
    """Queues the mail `pool/mail/<name>_subject.txt` and `_body.txt`, in German."""
    to = [address for address in to if address]
    if not to:
        return
    centre = request.centre
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(request, extra)  # the appointment's words in the mail's language
    queue_rendered_mail(
        f"pool/mail/{name}",
        context,
        language=settings.LANGUAGE_CODE,
        centre=centre,
        to=to,
        reply_to=[centre.email] if centre.email else [],
        purpose=MAIL_OFFER if name.startswith("offer") else MAIL_ASSIGNMENT,
    )


def _mail_offer(offer: Offer, request: Request, volunteer: Volunteer, token: str) -> None:
    full = _full(request.pk)
    _mail(
        full,
        [volunteer.email],
        "offer_new",
        {
            "volunteer": volunteer,
            "url": offer_url(offer, token),
            "until": timezone.localtime(offer.expires_at),
        },
    )


def _tell_coordinators(request: Request, name: str, extra: dict) -> None:
    full = _full(request.pk)
    _mail(full, coordinator_addresses(full.centre), name, extra)
