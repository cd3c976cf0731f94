import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from mia.outbox.models import OutboxMessage
from mia.outbox.services import RETRY_DELAYS, deliver, deliver_due, queue_mail
from mia.privacy.services import apply_retention


class BrokenBackend:
    """A mail server that refuses every message, as when it is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def _queue(centre, **kwargs) -> OutboxMessage:
    return queue_mail(
        centre=centre,
        to=["office@example.org"],
        subject="Betreff",
        body="Text",
        purpose="test",
        **kwargs,
    )


def test_queued_mail_is_sent_after_commit(centre, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(centre, reply_to=["ada@example.org"])
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert [m.subject for m in mail.outbox] == ["Betreff"]
    assert mail.outbox[0].reply_to == ["ada@example.org"]


def test_mail_is_not_sent_when_the_transaction_rolls_back(
    centre, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _queue(centre)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_failed_mail_stays_pending_and_is_retried_later(centre, settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.BrokenBackend"
    message = _queue(centre)
    before = timezone.now()
    assert deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert "mail server down" in message.last_error
    assert message.next_attempt_at >= before + RETRY_DELAYS[0]


def test_retry_pauses_grow_and_go_on_until_the_cutoff(centre, settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.BrokenBackend"
    message = _queue(centre)
    for _ in range(len(RETRY_DELAYS) + 3):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        deliver(message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == len(RETRY_DELAYS) + 3
    assert message.next_attempt_at > timezone.now() + RETRY_DELAYS[-2]


def test_deliver_due_sends_what_is_due_once_the_server_is_back(centre, settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.BrokenBackend"
    message = _queue(centre)
    deliver(message.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_due() == (0, 0)  # not due yet
    assert deliver_due(now=timezone.now() + datetime.timedelta(hours=1)) == (1, 0)
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_sent_mail_is_never_sent_twice(centre):
    message = _queue(centre)
    assert deliver(message.pk) is True
    assert deliver(message.pk) is False
    assert len(mail.outbox) == 1


def test_sent_mail_is_purged_after_retention(centre):
    message = _queue(centre)
    deliver(message.pk)
    assert apply_retention()["outbox.outboxmessage"] == 0
    later = timezone.now() + datetime.timedelta(days=15)
    assert apply_retention(now=later)["outbox.outboxmessage"] == 1
    assert OutboxMessage.objects.count() == 0


def test_pending_mail_is_never_purged(centre, settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.BrokenBackend"
    _queue(centre)
    later = timezone.now() + datetime.timedelta(days=400)
    assert apply_retention(now=later)["outbox.outboxmessage"] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_mail_twice(centre):
    # made directly, so that no delivery runs before the workers race for it
    message = OutboxMessage.objects.create(
        centre=centre,
        to=["office@example.org"],
        subject="Betreff",
        body="Text",
        purpose="test",
        next_attempt_at=timezone.now(),
    )
    barrier = threading.Barrier(4)
    results = []

    def worker():
        barrier.wait()
        try:
            results.append(deliver(message.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert len(mail.outbox) == 1


def test_mail_not_yet_due_is_left_alone(centre, settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.BrokenBackend"
    message = _queue(centre)
    deliver(message.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver(message.pk) is False  # its next attempt lies ahead
    assert mail.outbox == []


def test_outbox_records_are_named_without_personal_data(centre):
    message = _queue(centre)
    assert str(message) == f"test #{message.pk}"
