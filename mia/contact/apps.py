from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "mia.contact"
    label = "contact"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from mia.core.retention import register

        from .models import RETENTION_DAYS
        from .services import purge_expired

        register("contact.message", f"{RETENTION_DAYS} days after receipt", purge_expired)
