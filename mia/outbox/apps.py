from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "mia.outbox"
    label = "outbox"
    verbose_name = _("Outbox")

    def ready(self) -> None:
        from mia.core.retention import register

        from .services import SENT_RETENTION, purge_sent

        register("outbox.sent", f"{SENT_RETENTION.days} days after sending", purge_sent)
