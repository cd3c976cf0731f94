from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mia.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from mia.core.secret_links import hide_in_logs

        from . import signals  # noqa: F401

        # an invitation's token and a password reset's key are keys to an account: out of
        # the logs (mia/urls.py mounts the accounts at konto/)
        hide_in_logs("konto/einladung/")
        hide_in_logs("konto/password/reset/key/")
