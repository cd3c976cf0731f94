from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermissionsConfig(AppConfig):
    name = "mia.permissions"
    label = "permissions"
    verbose_name = _("Roles and permissions")

    def ready(self) -> None:
        import datetime

        from mia.privacy.registry import PersonalData, register

        from . import rules, signals  # noqa: F401  (registers rules and signal handlers)
        from .models import Invitation

        register(
            PersonalData(
                model=Invitation,
                purpose=_("To invite a person to an account with a role in the centre."),
                legal_basis=_("Art. 6 (1) (e) GDPR: the centre's public task."),
                keep_for=datetime.timedelta(days=30),
                retention=_("Deleted 30 days after the link expired."),
                starts="expires_at",
            )
        )
