"""An institution's requests for a mediator: submitting one, and cancelling it.

The rules live here, not in the form: the public form shows their refusals at the field
(`check` raises a `ValidationError` keyed by field), and `submit` checks them again inside its
transaction, so nothing a caller sends can save a request in the past, on a topic the pool
refuses, or half of one. A request with less than the pool's lead time is taken, flagged
urgent (`workdays.is_urgent`); the coordinators' notice says so in its subject.

Cancelling ends the request (`cancelled_by_institution`, `cancelled_at`), its live
assignment (through `offers.end_by_cancellation`, which writes what the billing reads: a late
cancellation pays the volunteer, decided by `billing.is_late`) and its open offers, and tells
the coordinators and the volunteer. The request's details are erased `retention_months` later.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mia.core.dates import day_and_time
from mia.core.locks import lock_row, lock_timed_out
from mia.core.models import Centre
from mia.outbox.services import queue_mail

from . import billing, languages
from .institutions import tell_coordinators
from .models import Assignment, Institution, Offer, PoolSettings, Request, Setting, Topic
from .offers import end_by_cancellation
from .workdays import is_urgent

MIN_MINUTES = 15
MAX_MINUTES = 4 * 60
# requests further ahead than this are refused: nobody can promise a mediator's time so far
MAX_DAYS_AHEAD = 365
MAIL_PURPOSE = "pool.request"


class RequestError(Exception):
    """The request cannot be made or changed as asked (the message says why)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check(centre: Centre, data: dict, *, now: datetime.datetime | None = None) -> None:
    """Raise a `ValidationError` with one message per field that the pool cannot take.

    `data` holds the request's fields: language, dialect, starts_at (aware), minutes,
    setting, place, district (a District or None), topic (a Topic), gender_wish."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    language = data.get("language", "")
    if not languages.is_language(language):
        errors["language"] = _("We do not know this language. Please choose it from the list.")
    elif data.get("dialect") and data["dialect"] not in languages.DIALECTS.get(language, ()):
        errors["dialect"] = _(
            "This variety does not belong to the language chosen. Please choose one of the "
            "list, or none."
        )
    starts_at = data.get("starts_at")
    if starts_at is not None:
        if starts_at <= now:
            errors["starts_at"] = _(
                "This time has passed already. Please check the date and the start time."
            )
        elif starts_at > now + datetime.timedelta(days=MAX_DAYS_AHEAD):
            errors["starts_at"] = _("We take requests up to a year ahead.")
    minutes = data.get("minutes")
    if minutes is not None and not MIN_MINUTES <= minutes <= MAX_MINUTES:
        errors["minutes"] = _(
            "An appointment lasts from %(min)s minutes up to %(hours)s hours. For a longer one, "
            "please make two requests."
        ) % {"min": MIN_MINUTES, "hours": MAX_MINUTES // 60}
    if data.get("setting") == Setting.ON_SITE:
        if not (data.get("place") or "").strip():
            errors["place"] = _("Please give the address where the appointment takes place.")
        if data.get("district") is None:
            errors["district"] = _("Please choose the district of the address.")
    district = data.get("district")
    if district is not None and district.centre_id != centre.pk:
        errors["district"] = _("Please choose a district from the list.")
    topic = data.get("topic")
    if isinstance(topic, Topic):
        if topic.centre_id != centre.pk:
            errors["topic"] = _("Please choose a topic from the list.")
        elif topic.excluded:
            errors["topic"] = refusal(topic)
    if errors:
        raise ValidationError(errors)


def refusal(topic: Topic) -> str:
    """What an institution is told when it asks for a topic the pool does not take."""
    told = _("The pool does not take appointments on “%(topic)s”.") % {"topic": topic.name}
    return f"{told} {topic.explanation}".strip()


def submit(
    institution: Institution, user, data: dict, *, now: datetime.datetime | None = None
) -> Request:
    """A new request of `institution` by its contact `user`; urgent when asked with less
    than the lead time. Refused (`RequestError`) unless the institution is approved; the
    fields as `check` says."""
    now = now or timezone.now()
    centre = institution.centre
    with transaction.atomic():
        # the decision is read under a lock: a suspension at the same moment wins
        current = Institution.objects.select_for_update().get(pk=institution.pk)
        if current.status != Institution.Status.APPROVED:
            raise RequestError(_("Your institution is not approved for requests at the moment."))
        check(centre, data, now=now)
        pool = PoolSettings.for_centre(centre)
        on_site = data["setting"] == Setting.ON_SITE
        request = Request.objects.create(
            centre=centre,
            institution=current,
            requested_by=user,
            language=data["language"],
            dialect=data.get("dialect", ""),
            starts_at=data["starts_at"],
            minutes=data["minutes"],
            setting=data["setting"],
            place=data.get("place", "").strip() if on_site else "",
            district=data.get("district") if on_site else None,
            topic=data["topic"],
            gender_wish=data.get("gender_wish", ""),
            notes=data.get("notes", "").strip(),
            contact_name=data.get("contact_name", "").strip(),
            contact_phone=data.get("contact_phone", "").strip(),
            urgent=is_urgent(data["starts_at"], pool, now=now),
        )
        with translation.override(settings.LANGUAGE_CODE):
            names = facts(request)
            if request.urgent:
                subject = _("URGENT: request for %(language)s on %(when)s") % names
            else:
                subject = _("New request for %(language)s on %(when)s") % names
        tell_coordinators(
            centre,
            subject,
            "pool/institutions/mail/request_new.txt",
            {"request": request, "institution": current, "pool": pool, "facts": names},
        )
    return request


def facts(request: Request) -> dict[str, str]:
    """What mails and pages say about a request, in the active language."""
    return {
        "language": languages.spoken(request.language, request.dialect),
        "when": day_and_time(request.starts_at),
    }


def live_assignment(request: Request) -> Assignment | None:
    return (
        request.assignments.filter(
            status__in=[Assignment.Status.CONFIRMED, Assignment.Status.REPORTED]
        )
        .select_related("volunteer")
        .first()
    )


def is_late(request: Request, pool: PoolSettings, *, now: datetime.datetime | None = None) -> bool:
    """Whether cancelling now is a late cancellation: a volunteer is assigned and the
    appointment is less than the pool's `late_cancel_hours` away (the volunteer is paid)."""
    now = now or timezone.now()
    if request.starts_at - now >= pool.late_cancel_window:
        return False
    return live_assignment(request) is not None


CANCELLABLE = (Request.Status.OPEN, Request.Status.OFFERED, Request.Status.ASSIGNED)


def may_cancel(request: Request, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return request.status in CANCELLABLE and request.starts_at > now


def cancel_request(
    request: Request, by, reason: str, *, now: datetime.datetime | None = None
) -> Request:
    """The institution cancels: the request ends (its details erased `retention_months`
    on), a live assignment and every open offer end with it; coordinators and the assigned
    volunteer are told. Refused once the appointment has begun or the request has ended."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise RequestError(_("Please say why you cancel."))
    with transaction.atomic():
        try:
            locked = lock_row(Request, request.pk)
        except OperationalError as error:
            if not lock_timed_out(error):
                raise
            raise RequestError(
                _("Someone is answering this request right now. Please cancel it again.")
            ) from error
        if not may_cancel(locked, now=now):
            raise RequestError(_("This request can no longer be cancelled."))
        pool = PoolSettings.for_centre(locked.centre)
        assignment = live_assignment(locked)
        locked.status = Request.Status.CANCELLED
        locked.cancelled_at = now
        locked.cancelled_by_institution = True
        locked.cancel_reason = reason
        locked.erase_after = now + relativedelta(months=pool.retention_months)
        locked.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancelled_by_institution",
                "cancel_reason",
                "erase_after",
                "updated_at",
            ]
        )
        locked.offers.filter(status=Offer.Status.OPEN).update(
            status=Offer.Status.WITHDRAWN, answered_at=now
        )
        late = False
        if assignment is not None:
            end_by_cancellation(assignment, "institution", reason, now)
            # what the mails promise is what the payout list will pay
            late = billing.is_late(assignment, pool)
        with translation.override(settings.LANGUAGE_CODE):
            names = facts(locked)
            subject = _("Cancelled: request for %(language)s on %(when)s") % names
        context = {
            "request": locked,
            "late": late,
            "assignment": assignment,
            "pool": pool,
            "facts": names,
        }
        tell_coordinators(locked.centre, subject, "pool/institutions/mail/cancelled.txt", context)
        volunteer = assignment.volunteer if assignment is not None else None
        if volunteer is not None and volunteer.email:
            with translation.override(settings.LANGUAGE_CODE):
                body = render_to_string(
                    "pool/institutions/mail/cancelled_volunteer.txt",
                    {**context, "volunteer": volunteer, "centre": locked.centre},
                )
                subject = _("Your appointment on %(when)s is cancelled") % names
            queue_mail(
                centre=locked.centre,
                to=[volunteer.email],
                subject=subject,
                body=body,
                reply_to=[locked.centre.email] if locked.centre.email else [],
                purpose=MAIL_PURPOSE,
            )
    return locked
