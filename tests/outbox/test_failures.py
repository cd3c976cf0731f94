"""The outbox against a real mail server that is down, refuses mail, or hangs, and a real
worker process that is killed in the middle of sending.

Nothing of MIA or the database is mocked: the SMTP server is aiosmtpd on a local port,
Django talks to it with its SMTP backend, and the worker is `manage.py db_worker`.
"""

import asyncio
import datetime
import email
import email.utils
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from mia.core.models import Membership
from mia.outbox.models import OutboxMessage
from mia.outbox.services import RETRY_DELAYS, deliver, deliver_due, queue_mail
from mia.outbox.tasks import deliver_mail
from mia.outbox.wagtail_hooks import FailedMailPanel
from mia.permissions.roles import Role

from ..factories import member, sign_in

ADMIN = "/verwaltung"


# --- a real mail server ------------------------------------------------------------------


class Handler:
    """Records each mail the server accepts; can refuse recipients or data, or hang."""

    def __init__(self):
        self.accepted: list[email.message.Message] = []
        self.rcpt_replies: dict[str, str] = {}  # recipient → reply instead of 250
        self.mail_reply: str | None = None  # reply to MAIL FROM instead of 250
        self.data_reply: str | None = None  # reply to DATA instead of 250
        # hang in DATA until `release` is set: "before" accepting, or "after" (the server
        # has taken the mail, but the client has not heard so yet)
        self.hang: str | None = None
        self.hang_reply = "421 4.4.2 connection lost"  # to a mail that hung "before"
        self.hanging = threading.Event()
        self.release = threading.Event()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        hang, self.hang = self.hang, None  # only the first mail hangs
        if hang == "after":
            self.accepted.append(email.message_from_bytes(envelope.original_content))
        if hang:
            self.hanging.set()
            while not self.release.is_set():  # without blocking the server's event loop
                await asyncio.sleep(0.02)
            if hang == "before":
                # e.g. the client is gone before the server took the mail: it is dropped
                return self.hang_reply
        else:
            self.accepted.append(email.message_from_bytes(envelope.original_content))
        return "250 2.0.0 accepted"

    @property
    def subjects(self) -> list[str]:
        return [message["Subject"] for message in self.accepted]


class MailServer:
    """aiosmtpd on a fixed local port that can be stopped and started again."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.handler = Handler()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.handler.release.set()
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @contextmanager
    def django_settings(self):
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield


@pytest.fixture
def mail_server():
    """A mail server that is not running yet: nothing listens on its port."""
    server = MailServer()
    try:
        with server.django_settings():
            yield server
    finally:
        server.stop()


def _queue(centre, subject="Betreff", to=("office@example.org",)) -> OutboxMessage:
    return queue_mail(centre=centre, to=list(to), subject=subject, body="Text", purpose="test")


def _reload(message: OutboxMessage) -> OutboxMessage:
    message.refresh_from_db()
    return message


# --- mail server down, and back --------------------------------------------------------


def test_mails_wait_while_the_server_is_down_and_go_out_once_in_order(
    centre, mail_server, django_capture_on_commit_callbacks
):
    # queued as the contact form does: each delivery task runs at once, finds no server
    for i in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            _queue(centre, subject=f"Mail {i}")
    queued = list(OutboxMessage.objects.order_by("created_at", "pk"))
    for message in queued:
        assert message.status == OutboxMessage.Status.PENDING
        assert message.attempts == 1
        assert "ConnectionRefusedError" in message.last_error

    assert deliver_due() == (0, 0)  # nothing due yet: the pause after the first attempt
    mail_server.start()
    later = timezone.now() + RETRY_DELAYS[0]
    assert deliver_due(later) == (4, 0)

    assert mail_server.handler.subjects == ["Mail 0", "Mail 1", "Mail 2", "Mail 3"]
    for message, received in zip(queued, mail_server.handler.accepted, strict=True):
        assert received["Message-ID"] == message.message_id
        assert email.utils.parsedate_to_datetime(received["Date"]) == message.created_at.replace(
            microsecond=0
        )
        message = _reload(message)
        assert message.status == OutboxMessage.Status.SENT
        assert message.attempts == 2
        assert message.last_error == ""

    assert deliver_due(later + datetime.timedelta(days=1)) == (0, 0)
    for message in queued:
        assert deliver(message.pk, later + datetime.timedelta(days=1)) is False
    assert len(mail_server.handler.accepted) == 4


def test_message_id_is_stable_and_unique_per_mail(centre, mail_server):
    first, second = _queue(centre), _queue(centre)
    assert first.message_id != second.message_id
    assert OutboxMessage.objects.get(pk=first.pk).message_id == first.message_id
    assert re.fullmatch(r"<mia-outbox\.\d+\.\d{20}@[^>]+>", first.message_id)


# --- permanent and temporary refusals --------------------------------------------------


@pytest.mark.parametrize(
    ("where", "reply", "status"),
    [
        ("rcpt", "550 5.1.1 no such user", OutboxMessage.Status.FAILED),
        ("rcpt", "450 4.2.1 mailbox busy, try later", OutboxMessage.Status.PENDING),
        ("mail", "553 5.7.1 sender not allowed", OutboxMessage.Status.FAILED),
        ("mail", "451 4.3.0 try later", OutboxMessage.Status.PENDING),
        ("data", "554 5.6.0 message refused", OutboxMessage.Status.FAILED),
        ("data", "452 4.3.1 out of memory", OutboxMessage.Status.PENDING),
    ],
)
def test_5xx_replies_fail_for_good_and_4xx_replies_are_retried(
    centre, mail_server, where, reply, status
):
    handler = mail_server.handler
    if where == "rcpt":
        handler.rcpt_replies["office@example.org"] = reply
    elif where == "mail":
        handler.mail_reply = reply
    else:
        handler.data_reply = reply
    mail_server.start()
    message = _queue(centre)

    assert deliver(message.pk) is False
    message = _reload(message)
    assert message.status == status
    assert message.attempts == 1
    assert reply.split()[0] in message.last_error

    much_later = timezone.now() + datetime.timedelta(hours=12)
    deliver_due(much_later)
    message = _reload(message)
    if status == OutboxMessage.Status.FAILED:
        assert message.attempts == 1  # never tried again
        assert message.status == OutboxMessage.Status.FAILED
    else:
        assert message.attempts == 2
    assert handler.accepted == []


def test_mail_fails_only_when_every_recipient_is_refused_for_good(centre, mail_server):
    handler = mail_server.handler
    handler.rcpt_replies["gone@example.org"] = "550 5.1.1 no such user"
    handler.rcpt_replies["busy@example.org"] = "450 4.2.1 mailbox busy"
    mail_server.start()
    mixed = _queue(centre, to=["gone@example.org", "busy@example.org"])
    partly = _queue(centre, to=["gone@example.org", "office@example.org"])

    deliver(mixed.pk)
    deliver(partly.pk)
    assert _reload(mixed).status == OutboxMessage.Status.PENDING  # the busy one may work later
    assert _reload(partly).status == OutboxMessage.Status.SENT  # the server took it for one
    assert len(handler.accepted) == 1


def test_temporary_failures_give_up_after_the_cutoff(centre, mail_server):
    message = _queue(centre)  # the server never comes up
    deliver(message.pk)
    nearly = message.created_at + datetime.timedelta(days=3) - datetime.timedelta(minutes=1)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=nearly)
    deliver(message.pk, nearly)
    assert _reload(message).status == OutboxMessage.Status.PENDING

    past = message.created_at + datetime.timedelta(days=3)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=past)
    assert deliver(message.pk, past) is False
    message = _reload(message)
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 3
    assert "ConnectionRefusedError" in message.last_error
    assert deliver_due(past + datetime.timedelta(days=1)) == (0, 0)


@override_settings(MIA_OUTBOX_GIVE_UP_AFTER=datetime.timedelta(hours=1))
def test_the_cutoff_is_a_setting(centre, mail_server):
    message = _queue(centre)
    later = message.created_at + datetime.timedelta(hours=1)
    assert deliver(message.pk, later) is False
    assert _reload(message).status == OutboxMessage.Status.FAILED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_attempt_that_outlasts_its_lease_does_not_undo_the_next_one(centre, mail_server):
    handler = mail_server.handler
    handler.hang = "before"
    handler.hang_reply = "554 5.0.0 refused at last"
    mail_server.start()
    message = OutboxMessage.objects.create(
        centre=centre,
        to=["office@example.org"],
        subject="Langsam",
        body="Text",
        purpose="test",
        next_attempt_at=timezone.now(),
    )
    results = []

    def slow_worker():
        try:
            results.append(deliver(message.pk))
        finally:
            connection.close()

    with override_settings(MIA_OUTBOX_LEASE_SECONDS=1):
        thread = threading.Thread(target=slow_worker)
        thread.start()
        try:
            assert handler.hanging.wait(timeout=10)
            # its lease has run out: a second worker takes the mail over and sends it
            assert deliver(message.pk, timezone.now() + datetime.timedelta(seconds=2)) is True
        finally:
            handler.release.set()  # only now does the slow attempt hear its refusal
            thread.join(timeout=20)
    assert results == [False]
    message = _reload(message)
    assert message.status == OutboxMessage.Status.SENT  # not undone by the late refusal
    assert message.attempts == 2
    assert message.last_error == ""
    assert handler.subjects == ["Langsam"]


# --- staff see failed mails ------------------------------------------------------------


def _mail_staff(centre):
    """Runs the centre's messages and mail: may view the outbox and send failed mail again."""
    return member(centre, Role.COORDINATOR, "messages")


def _mail_reader(centre):
    """A role that may read the outbox but not send a failed mail again."""
    user = _mail_staff(centre)
    membership = Membership.objects.get(user=user)
    membership.group.permissions.remove(Permission.objects.get(codename="retry_outboxmessage"))
    return user


def _editor(centre):
    """Works in the back office, but not with mail."""
    return member(centre, Role.EDITOR)


@pytest.fixture
def failed_mail(centre, mail_server):
    mail_server.handler.rcpt_replies["gone@example.org"] = "550 5.1.1 no such user"
    mail_server.start()
    message = _queue(centre, subject="Kann nicht zugestellt werden", to=["gone@example.org"])
    deliver(message.pk)
    assert _reload(message).status == OutboxMessage.Status.FAILED
    return message


def _failed_panel(response) -> FailedMailPanel | None:
    panels = [panel for panel in response.context["panels"] if isinstance(panel, FailedMailPanel)]
    return panels[0] if panels else None


def test_staff_of_the_centre_see_failed_mail_on_the_dashboard(client, centre, failed_mail):
    _queue(centre, subject="Wartet noch")  # pending: not counted
    sign_in(client, _mail_staff(centre))
    response = client.get(f"{ADMIN}/")
    assert response.status_code == 200
    panel = _failed_panel(response)
    assert panel is not None and panel.count == 1
    html = response.content.decode()
    assert 'id="outbox-failed-section"' in html
    assert f'href="{ADMIN}/outbox/?status=failed"' in html


def test_dashboard_shows_no_failed_mail_of_another_centre(
    client, centre, other_centre, failed_mail
):
    sign_in(client, _mail_staff(other_centre))
    response = client.get(f"{ADMIN}/")
    assert response.status_code == 200
    assert _failed_panel(response) is None
    assert "outbox-failed" not in response.content.decode()


def test_dashboard_shows_failed_mail_only_to_who_may_view_the_outbox(client, centre, failed_mail):
    sign_in(client, _editor(centre))
    response = client.get(f"{ADMIN}/")
    assert response.status_code == 200
    assert _failed_panel(response) is None


def test_listing_filters_failed_mails_of_the_own_centre(client, centre, other_centre, failed_mail):
    _queue(centre, subject="Wartet noch")
    foreign = OutboxMessage.objects.create(
        centre=other_centre,
        to=["x@example.org"],
        subject="Bochumer Fehlschlag",
        body="Text",
        purpose="test",
        status=OutboxMessage.Status.FAILED,
        next_attempt_at=timezone.now(),
    )
    sign_in(client, _mail_staff(centre))
    html = client.get(f"{ADMIN}/outbox/?status=failed").content.decode()
    assert "Kann nicht zugestellt werden" in html
    assert "Wartet noch" not in html
    assert foreign.subject not in html
    assert "w-text-critical-200" in html  # the failed status is marked
    html = client.get(f"{ADMIN}/outbox/").content.decode()
    assert "Kann nicht zugestellt werden" in html and "Wartet noch" in html
    assert foreign.subject not in html

    sign_in(client, _mail_staff(other_centre))
    html = client.get(f"{ADMIN}/outbox/?status=failed").content.decode()
    assert foreign.subject in html
    assert "Kann nicht zugestellt werden" not in html


def test_inspect_view_shows_the_error(client, centre, failed_mail):
    sign_in(client, _mail_reader(centre))
    html = client.get(f"{ADMIN}/outbox/inspect/{failed_mail.pk}/").content.decode()
    assert "gone@example.org: 550 5.1.1 no such user" in html
    assert "/retry/" not in html  # allowed to look, not to send again


# --- staff send a failed mail again ----------------------------------------------------


def _csrf_client(user) -> Client:
    csrf_client = Client(enforce_csrf_checks=True)
    sign_in(csrf_client, user)
    return csrf_client


def _retry_form(client, message) -> tuple[str, str]:
    html = client.get(f"{ADMIN}/outbox/inspect/{message.pk}/").content.decode()
    action = re.search(r'<form action="([^"]+/retry/\d+/)" method="post"', html)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert action and token, "the inspect view offers no retry form"
    return action.group(1), token.group(1)


def test_staff_send_a_failed_mail_again(
    centre, mail_server, failed_mail, django_capture_on_commit_callbacks
):
    user = _mail_staff(centre)
    client = _csrf_client(user)
    action, token = _retry_form(client, failed_mail)
    assert action == f"{ADMIN}/outbox/retry/{failed_mail.pk}/"
    mail_server.handler.rcpt_replies.clear()  # the address works again

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == f"{ADMIN}/outbox/inspect/{failed_mail.pk}/"
    message = _reload(failed_mail)
    assert message.status == OutboxMessage.Status.SENT
    assert message.retried_at is not None
    assert message.attempts == 2
    assert mail_server.handler.subjects == ["Kann nicht zugestellt werden"]
    assert ModelLogEntry.objects.filter(
        action="mia.outbox.retry", user=user, object_id=str(message.pk)
    ).exists()

    # a second click changes nothing
    response = client.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert _reload(message).status == OutboxMessage.Status.SENT
    assert len(mail_server.handler.accepted) == 1


def test_mail_sent_again_has_a_fresh_cutoff(centre, mail_server, failed_mail):
    mail_server.stop()  # now the server is down as well
    client = _csrf_client(_mail_staff(centre))
    action, token = _retry_form(client, failed_mail)
    client.post(action, {"csrfmiddlewaretoken": token})
    # days after the mail was written, but just after staff sent it again
    OutboxMessage.objects.filter(pk=failed_mail.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=5)
    )
    deliver(failed_mail.pk)
    message = _reload(failed_mail)
    assert message.status == OutboxMessage.Status.PENDING
    assert "ConnectionRefusedError" in message.last_error


def test_retry_needs_the_csrf_token(centre, failed_mail):
    client = _csrf_client(_mail_staff(centre))
    action, _token = _retry_form(client, failed_mail)
    assert client.post(action).status_code == 403
    assert _reload(failed_mail).status == OutboxMessage.Status.FAILED


@pytest.mark.parametrize("who", [_mail_reader, _editor])
def test_retry_needs_the_permission(centre, failed_mail, who):
    client = _csrf_client(who(centre))
    client.get(f"{ADMIN}/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        f"{ADMIN}/outbox/retry/{failed_mail.pk}/", {"csrfmiddlewaretoken": token}
    )
    # Wagtail answers a refused permission with a redirect to the dashboard and a message
    assert response.status_code in (302, 403)
    assert response.get("Location", f"{ADMIN}/") == f"{ADMIN}/"
    assert _reload(failed_mail).status == OutboxMessage.Status.FAILED
    assert _reload(failed_mail).retried_at is None


def test_retry_of_another_centres_mail_is_not_found(centre, other_centre, failed_mail):
    client = _csrf_client(_mail_staff(other_centre))
    assert client.get(f"{ADMIN}/outbox/inspect/{failed_mail.pk}/").status_code == 404
    client.get(f"{ADMIN}/outbox/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        f"{ADMIN}/outbox/retry/{failed_mail.pk}/", {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 404
    assert _reload(failed_mail).status == OutboxMessage.Status.FAILED


def test_retry_is_post_only_and_for_logged_in_staff(client, centre, failed_mail):
    url = f"{ADMIN}/outbox/retry/{failed_mail.pk}/"
    response = client.post(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    sign_in(client, _mail_staff(centre))
    assert client.get(url).status_code == 405
    assert _reload(failed_mail).status == OutboxMessage.Status.FAILED


def test_only_a_failed_mail_can_be_sent_again(client, centre, mail_server):
    mail_server.start()
    message = _queue(centre)
    deliver(message.pk)
    sign_in(client, _mail_staff(centre))
    response = client.post(f"{ADMIN}/outbox/retry/{message.pk}/")
    assert response.status_code == 302
    assert _reload(message).status == OutboxMessage.Status.SENT
    assert _reload(message).retried_at is None
    assert len(mail_server.handler.accepted) == 1


# --- a worker killed in the middle of sending --------------------------------------------

LEASE_SECONDS = 5


def _worker_env(mail_server: MailServer) -> dict[str, str]:
    """Production settings, pointed at the test database and the test's mail server."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mia.settings.production",
        "SECRET_KEY": "worker-test-only-" + "x" * 50,
        "DATABASE_URL": f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DB_CONN_MAX_AGE": "0",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_server.port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_TIMEOUT": "20",
        "OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        "LOG_LEVEL": "WARNING",
    }


@contextmanager
def _process(args: list[str], env: dict[str, str], log: Path):
    """A manage.py command in its own process group, killed with the whole group at the end."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _run(args: list[str], env: dict[str, str], log: Path) -> None:
    with _process(args, env, log) as process:
        assert process.wait(timeout=30) == 0, log.read_text()


def _queue_with_the_database_backend(centre) -> OutboxMessage:
    """As the contact form does in production: commit, and the delivery task is stored."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        with transaction.atomic():
            message = _queue(centre, subject="Nur einmal")
        stored = DBTaskResult.objects.filter(task_path="mia.outbox.tasks.deliver_mail")
        assert [task.args_kwargs["args"] for task in stored] == [[message.pk]]
    return message


def _kill_worker_in_the_middle_of_sending(centre, mail_server, tmp_path, hang) -> OutboxMessage:
    mail_server.handler.hang = hang
    mail_server.start()
    env = _worker_env(mail_server)
    message = _queue_with_the_database_backend(centre)
    log = tmp_path / "worker.log"
    with _process(["db_worker", "--no-startup-delay", "--interval", "0.1"], env, log) as worker:
        assert mail_server.handler.hanging.wait(timeout=20), log.read_text()
        message = _reload(message)
        assert message.status == OutboxMessage.Status.PENDING
        assert message.attempts == 1
        os.killpg(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=10) == -signal.SIGKILL
    mail_server.handler.release.set()  # the server finishes the session of the dead worker

    # the lease keeps everyone else away while the claiming worker might still be sending
    assert deliver_due() == (0, 0)
    assert _reload(message).status == OutboxMessage.Status.PENDING
    # the task result of the dead worker stays "running": the cron's outbox_deliver takes over
    time.sleep(max(0.0, (message.next_attempt_at - timezone.now()).total_seconds()) + 0.2)
    _run(["outbox_deliver"], env, tmp_path / "outbox_deliver.log")
    assert "sent 1" in (tmp_path / "outbox_deliver.log").read_text()

    # the task runs again, and again the cron: nothing more happens
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        deliver_mail.enqueue(message.pk)
    _run(["db_worker", "--batch", "--no-startup-delay"], env, tmp_path / "worker2.log")
    rerun = DBTaskResult.objects.filter(task_path="mia.outbox.tasks.deliver_mail").order_by(
        "-enqueued_at"
    )[0]
    assert (rerun.status, rerun.return_value) == ("SUCCESSFUL", False)  # nothing to send
    _run(["outbox_deliver"], env, tmp_path / "outbox_deliver2.log")
    assert "sent 0" in (tmp_path / "outbox_deliver2.log").read_text()

    message = _reload(message)
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 2
    return message


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_killed_while_sending_the_mail_is_sent_once(centre, mail_server, tmp_path):
    # the worker dies before the server has taken the mail: the next attempt is the only copy
    message = _kill_worker_in_the_middle_of_sending(centre, mail_server, tmp_path, "before")
    assert mail_server.handler.subjects == ["Nur einmal"]
    assert mail_server.handler.accepted[0]["Message-ID"] == message.message_id


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_killed_after_the_server_took_the_mail_repeats_its_message_id(
    centre, mail_server, tmp_path
):
    # The one window no SMTP client can close: the server has taken the mail, the worker
    # dies before it marks the row sent. The mail goes out again after the lease, with the
    # same Message-ID, so the receiving side can drop the copy.
    message = _kill_worker_in_the_middle_of_sending(centre, mail_server, tmp_path, "after")
    assert mail_server.handler.subjects == ["Nur einmal", "Nur einmal"]
    assert {m["Message-ID"] for m in mail_server.handler.accepted} == {message.message_id}
