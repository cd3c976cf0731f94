from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounsellingConfig(AppConfig):
    name = "mia.counselling"
    label = "counselling"
    verbose_name = _("Counselling finder")

    def ready(self) -> None:
        from mia.permissions.roles import register_domain

        from . import caching

        caching.connect()

        register_domain(
            "counselling",
            _("Counselling offices"),
            tuple(
                f"counselling.{action}_{model}"
                for model in ("office", "provider", "district", "postcodearea")
                for action in ("view", "add", "change", "delete")
            )
            # offices are translated with wagtail-localize
            + ("wagtail_localize.submit_translation",),
        )
