"""The durable outbox: queue a mail inside a transaction, deliver it after commit, retry on failure.

What delivery guarantees:

- A queued mail is sent once its transaction commits, or kept and tried again later; it is
  never lost because the mail server was down. A backlog goes out oldest first
  (`OutboxQuerySet.due`), and each mail carries its creation time as its Date header, so a
  mailbox sorts the mails as they were written even when one overtook another.
- Only one worker at a time sends a mail: `_claim` takes the row with `SKIP LOCKED` and
  leases it (`next_attempt_at` moves `lease_duration()` ahead) in a short transaction, so no
  lock is held while talking to the server. A second worker, or a task run again, finds the
  row leased or sent and does nothing.
- A mail accepted by the server is marked sent at once and never sent again. One window is
  left, which no SMTP client can close: the server has accepted the mail, but the worker dies
  (or loses the database) before it marks the row sent. When the lease runs out the mail is
  sent a second time. Every attempt at one row carries the same Message-ID header
  (`OutboxMessage.message_id`), so the receiving side can recognise and drop the copy.
  So: at least once; exactly once unless a worker dies in that window of milliseconds.
- The lease must outlast one attempt, or a slow attempt could be overtaken by a second
  worker: keep it well above `EMAIL_TIMEOUT` (every SMTP step may take that long).
- A mail the server refuses for good (a 5xx reply, see `is_permanent`), or one that still has
  not gone out `give_up_after()` after it was queued (or last sent again by staff), becomes
  FAILED: no more attempts; staff see it and may send it again (`retry_failed`).
"""

import datetime
import email.utils
import logging
import os
import smtplib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mia.core.models import Centre

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# Pauses between attempts; the last one repeats until delivery succeeds or is given up.
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
]
# Sent mails repeat personal data from the message they report: kept only briefly.
SENT_RETENTION = datetime.timedelta(days=14)
# Defaults of the settings MIA_OUTBOX_GIVE_UP_AFTER and MIA_OUTBOX_LEASE_SECONDS, which the
# environment may set as OUTBOX_GIVE_UP_AFTER_SECONDS and OUTBOX_LEASE_SECONDS.
DEFAULT_GIVE_UP_AFTER = datetime.timedelta(days=3)
DEFAULT_LEASE = datetime.timedelta(minutes=10)


def _duration(setting: str, env: str, default: datetime.timedelta) -> datetime.timedelta:
    value = getattr(settings, setting, None)
    if value is None:
        value = os.environ.get(env) or default
    if isinstance(value, datetime.timedelta):
        return value
    return datetime.timedelta(seconds=float(value))


def give_up_after() -> datetime.timedelta:
    """How long temporary failures may go on before a mail is marked failed."""
    return _duration(
        "MIA_OUTBOX_GIVE_UP_AFTER", "OUTBOX_GIVE_UP_AFTER_SECONDS", DEFAULT_GIVE_UP_AFTER
    )


def lease_duration() -> datetime.timedelta:
    """How long a claimed mail is left to its worker before another may take it over."""
    return _duration("MIA_OUTBOX_LEASE_SECONDS", "OUTBOX_LEASE_SECONDS", DEFAULT_LEASE)


def queue_mail(
    *,
    centre: Centre,
    to: list[str],
    subject: str,
    body: str,
    reply_to=(),
    purpose: str,
    hold: bool = False,
) -> OutboxMessage:
    """Queue a mail; with `hold`, it waits until staff release it (`release_held`)."""
    message = OutboxMessage.objects.create(
        centre=centre,
        to=list(to),
        reply_to=list(reply_to),
        subject=subject[:255],
        body=body,
        purpose=purpose,
        status=OutboxMessage.Status.HELD if hold else OutboxMessage.Status.PENDING,
        next_attempt_at=timezone.now(),
    )
    if not hold:
        from .tasks import deliver_mail

        transaction.on_commit(lambda: deliver_mail.enqueue(message.pk))
    return message


def queue_rendered_mail(
    template: str,
    context: dict,
    *,
    language: str | None = None,
    centre: Centre,
    to: list[str],
    reply_to=(),
    purpose: str,
) -> OutboxMessage:
    """Queue the mail whose subject and body are the templates `<template>_subject.txt` and
    `<template>_body.txt`, rendered in `language` (else the active language)."""
    with translation.override(language or translation.get_language()):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    return queue_mail(
        centre=centre, to=to, subject=subject, body=body, reply_to=reply_to, purpose=purpose
    )


def may_release(user, message: OutboxMessage) -> bool:
    """Whether `user` may release or discard `message` while it is held: a right from the
    mail's centre, and for a reviewed purpose from the domain that reviews it."""
    return OutboxMessage.objects.releasable_by(user).filter(pk=message.pk).exists()


def may_retry(user, message: OutboxMessage) -> bool:
    """Whether `user` may send `message` again once it failed: a right from its centre."""
    return OutboxMessage.objects.retriable_by(user).filter(pk=message.pk).exists()


def _held(message_ids, user) -> list[int]:
    """The ids of those of the mails still held, locked; PermissionDenied if `user` may not
    release one of them (checked here, whichever view or task asks)."""
    ids = list(
        OutboxMessage.objects.select_for_update()
        .held()
        .filter(pk__in=list(message_ids))
        .values_list("pk", flat=True)
    )
    allowed = OutboxMessage.objects.releasable_by(user).filter(pk__in=ids)
    if len(ids) != allowed.count():
        raise PermissionDenied
    return ids


def release_held(message_ids, user, now: datetime.datetime | None = None) -> int:
    """Staff have read held mails and let them go: they are sent at once. Returns how many.

    Only mails still held are released, so two people clicking release each mail once.
    Raises PermissionDenied, releasing none, if `user` may not release one of them.
    """
    now = now or timezone.now()
    with transaction.atomic():
        ids = _held(message_ids, user)
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=OutboxMessage.Status.PENDING, next_attempt_at=now, created_at=now
        )
    from .tasks import deliver_mail

    for pk in ids:
        transaction.on_commit(lambda pk=pk: deliver_mail.enqueue(pk))
    return len(ids)


def discard_held(message_id: int, user) -> bool:
    """A held mail that should not go out is deleted. False when it is no longer held;
    PermissionDenied if `user` may not discard it."""
    with transaction.atomic():
        ids = _held([message_id], user)
        return OutboxMessage.objects.filter(pk__in=ids).delete()[0] > 0


def retry_delay(attempts: int) -> datetime.timedelta:
    return RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]


def is_permanent(exc: BaseException) -> bool:
    """True when the mail server refused the mail for good (a 5xx reply about this mail).

    Everything else is temporary: no connection, a timeout, a 4xx reply, a refused login
    (a problem of the installation, not of the mail, which staff fix once for all mails).
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return 500 <= exc.smtp_code < 600
    return False


def describe(exc: BaseException) -> str:
    """The error as staff read it: the server's replies as it sent them."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        detail = "; ".join(
            f"{address}: {code} {_text(reply)}" for address, (code, reply) in exc.recipients.items()
        )
    elif isinstance(exc, smtplib.SMTPResponseException):
        detail = f"{exc.smtp_code} {_text(exc.smtp_error)}"
    else:
        detail = str(exc)
    return f"{type(exc).__name__}: {detail}"


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def _claim(message_id: int, now: datetime.datetime) -> OutboxMessage | None:
    """Takes a due mail for this worker: a short locked update, so no lock is held while sending.

    `SKIP LOCKED` keeps two workers from claiming at once; the lease (next_attempt_at moved
    ahead, committed before sending) keeps every later caller away until the attempt is over
    or the worker has died and its lease has run out.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        message.next_attempt_at = now + lease_duration()
        message.save(update_fields=["attempts", "next_attempt_at"])
    return message


def _email(message: OutboxMessage) -> EmailMessage:
    return EmailMessage(
        subject=message.subject,
        body=message.body,
        to=message.to,
        reply_to=message.reply_to or None,
        headers={
            # the same on every attempt: a receiving system can drop a repeated copy
            "Message-ID": message.message_id,
            # when the mail was written (RFC 5322), so mailboxes sort in creation order
            "Date": email.utils.format_datetime(
                timezone.localtime(message.created_at)
                if settings.EMAIL_USE_LOCALTIME
                else message.created_at.astimezone(datetime.UTC)
            ),
        },
    )


def deliver(message_id: int, now: datetime.datetime | None = None) -> bool:
    """Send one due mail. Safe to call twice at once, or again later: only one caller can claim
    it, and a sent or failed mail is never claimed."""
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return False
    try:
        _email(message).send()
    except Exception as exc:  # noqa: BLE001  (any failure: try again later, or give up)
        _record_failure(message, exc, now)
        return False
    # Nothing may stand between the server's acceptance and this update: see the module's
    # docstring for the one window that is left. Unconditional: whatever another worker did
    # meanwhile, the server has this mail now.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def _record_failure(message: OutboxMessage, exc: Exception, now: datetime.datetime) -> None:
    trying_since = message.retried_at or message.created_at
    if is_permanent(exc) or now - trying_since >= give_up_after():
        logger.error(
            "outbox: mail %s failed for good (attempt %s): %s", message.pk, message.attempts, exc
        )
        outcome = {"status": OutboxMessage.Status.FAILED}
    else:
        logger.warning("outbox: mail %s failed (attempt %s): %s", message.pk, message.attempts, exc)
        outcome = {"next_attempt_at": now + retry_delay(message.attempts)}
    # Only while the claim is still ours: had this attempt outlasted its lease, another
    # worker has claimed the mail since (attempts moved on) and may even have sent it.
    OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxMessage.Status.PENDING, attempts=message.attempts
    ).update(last_error=describe(exc)[:2000], **outcome)


def deliver_due(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Try every mail whose time has come, oldest first; returns (sent, not sent)."""
    now = now or timezone.now()
    due = list(OutboxMessage.objects.due(now).values_list("pk", flat=True))
    sent = sum(deliver(pk, now) for pk in due)
    return sent, len(due) - sent


def retry_failed(message_id: int, user, now: datetime.datetime | None = None) -> bool:
    """Staff send a failed mail again: pending and due at once, with a fresh cutoff.

    Returns False when the mail is not (or no longer) failed, e.g. when two people clicked;
    raises PermissionDenied if `user` may not send this mail again.
    """
    now = now or timezone.now()
    if not OutboxMessage.objects.retriable_by(user).filter(pk=message_id).exists():
        raise PermissionDenied
    changed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.FAILED
    ).update(status=OutboxMessage.Status.PENDING, next_attempt_at=now, retried_at=now)
    if not changed:
        return False
    from .tasks import deliver_mail

    transaction.on_commit(lambda: deliver_mail.enqueue(message_id))
    return True
