from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mia.core"
    label = "core"
    verbose_name = _("Centres")

    def ready(self) -> None:
        from . import cache, checks  # noqa: F401  (signal handlers, system checks)
        from .secret_links import install_log_filter

        install_log_filter()
