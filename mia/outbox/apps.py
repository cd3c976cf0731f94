from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "mia.outbox"
    label = "outbox"
    verbose_name = _("Outbox")

    def ready(self) -> None:
        from django.db.models import Q

        from mia.permissions.roles import register_domain
        from mia.privacy.registry import PersonalData, interpolate_lazy, register

        from .models import OutboxMessage
        from .services import SENT_RETENTION

        # whoever runs the centre's messages and mail may send a failed mail again
        register_domain("messages", _("Messages and mail"), ("outbox.retry_outboxmessage",))

        # Mails repeat personal data from what they report: kept only while they may be needed.
        register(
            PersonalData(
                model=OutboxMessage,
                purpose=_("To send the centre's mails (answers, confirmations, invitations)."),
                legal_basis=_("Art. 6 (1) (e) GDPR: the centre's public task."),
                keep_for=SENT_RETENTION,
                retention=interpolate_lazy(
                    _(
                        "Deleted %(days)d days after it was written, once it was sent or "
                        "could not be delivered."
                    ),
                    days=SENT_RETENTION.days,
                ),
                due_filter=Q(status__in=[OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED]),
                subject_fields=("to__icontains", "reply_to__icontains"),
            )
        )
