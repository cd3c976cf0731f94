import datetime

from django.core.management import call_command
from django.utils import timezone

from mia.contact.models import RETENTION_DAYS, Message
from mia.contact.services import purge_expired
from mia.core.retention import rules

from ..factories import MessageFactory


def test_messages_are_deleted_after_the_declared_period(centre):
    old = MessageFactory(centre=centre)
    Message.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=RETENTION_DAYS + 1)
    )
    fresh = MessageFactory(centre=centre)
    assert purge_expired() == 1
    assert list(Message.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_every_personal_data_store_declares_a_retention_rule():
    assert set(rules()) == {"contact.message", "outbox.sent"}


def test_purge_command_runs_every_rule(centre, capsys):
    call_command("purge_expired")
    out = capsys.readouterr().out
    assert "contact.message: 0 deleted" in out and "outbox.sent: 0 deleted" in out
