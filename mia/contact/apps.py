from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "mia.contact"
    label = "contact"
    verbose_name = _("Messages")

    def ready(self) -> None:
        import datetime

        from mia.permissions.roles import register_domain
        from mia.privacy.registry import PersonalData, interpolate_lazy, register

        register_domain(
            "messages",
            _("Messages and mail"),
            ("contact.view_message", "contact.delete_message", "outbox.view_outboxmessage"),
        )

        from .models import RETENTION_DAYS, Message

        register(
            PersonalData(
                model=Message,
                purpose=_("To answer messages and barrier reports sent through the site's forms."),
                legal_basis=_("Art. 6 (1) (e) GDPR: the centre's public task."),
                keep_for=datetime.timedelta(days=RETENTION_DAYS),
                retention=interpolate_lazy(
                    _("Deleted %(days)d days after it was received."), days=RETENTION_DAYS
                ),
            )
        )
