import datetime

from django.core.management import call_command
from django.utils import timezone

from mia.contact.models import RETENTION_DAYS, Message
from mia.privacy.services import apply_retention

from ..factories import MessageFactory


def test_messages_are_deleted_after_the_declared_period(centre):
    old = MessageFactory(centre=centre)
    Message.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=RETENTION_DAYS + 1)
    )
    fresh = MessageFactory(centre=centre)
    assert apply_retention()["contact.message"] == 1
    assert list(Message.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_purge_command_runs_every_rule(centre, capsys):
    call_command("purge_expired")
    out = capsys.readouterr().out
    assert "contact.message: 0 removed" in out and "outbox.outboxmessage: 0 removed" in out
