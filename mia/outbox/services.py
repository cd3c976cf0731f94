"""The durable outbox: queue a mail inside a transaction, deliver it after commit, retry on failure."""

import datetime
import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from mia.core.models import Centre

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# Pauses between attempts; the last one repeats, so delivery goes on until it succeeds.
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
]
# Sent mails repeat personal data from the message they report: kept only briefly.
SENT_RETENTION = datetime.timedelta(days=14)


def queue_mail(
    *, centre: Centre, to: list[str], subject: str, body: str, reply_to=(), purpose: str
) -> OutboxMessage:
    message = OutboxMessage.objects.create(
        centre=centre,
        to=list(to),
        reply_to=list(reply_to),
        subject=subject[:255],
        body=body,
        purpose=purpose,
        next_attempt_at=timezone.now(),
    )
    from .tasks import deliver_mail

    transaction.on_commit(lambda: deliver_mail.enqueue(message.pk))
    return message


def retry_delay(attempts: int) -> datetime.timedelta:
    return RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]


# A worker that claimed a mail and died is replaced after this long.
CLAIM_LEASE = datetime.timedelta(minutes=10)


def _claim(message_id: int, now: datetime.datetime) -> OutboxMessage | None:
    """Takes a due mail for this worker: a short locked update, so no lock is held while sending."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        message.next_attempt_at = now + CLAIM_LEASE
        message.save(update_fields=["attempts", "next_attempt_at"])
    return message


def deliver(message_id: int, now: datetime.datetime | None = None) -> bool:
    """Send one due mail. Safe to call twice at once: only one caller can claim it."""
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return False
    try:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            to=message.to,
            reply_to=message.reply_to or None,
        ).send()
    except Exception as exc:  # noqa: BLE001  (any failure means: try again later)
        logger.warning("outbox: mail %s failed (attempt %s): %s", message.pk, message.attempts, exc)
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        message.next_attempt_at = now + retry_delay(message.attempts)
        message.save(update_fields=["last_error", "next_attempt_at"])
        return False
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["status", "sent_at", "last_error"])
    return True


def deliver_due(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Try every mail whose time has come; returns (sent, still pending)."""
    now = now or timezone.now()
    due = list(OutboxMessage.objects.due(now).values_list("pk", flat=True))
    sent = sum(deliver(pk, now) for pk in due)
    return sent, len(due) - sent


def purge_sent(now: datetime.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - SENT_RETENTION
    deleted, _detail = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted
