from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "mia.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from mia.core.cache import clear_caches_on_change
        from mia.permissions.roles import register_domain

        from .models import Dataset, NaturalisationFigure, NaturalisationYear

        # the page, its charts and the sitemap show the figures: any change empties the caches
        clear_caches_on_change(NaturalisationYear, NaturalisationFigure, Dataset)

        # Aggregates published by the city, no personal data: nothing to declare to the
        # privacy registry (docs/security.md). Kept by the statistics office (a coordinator
        # of this domain) and the centre's admins.
        register_domain(
            "statistics",
            _("Statistics"),
            tuple(
                f"statistics.{action}_{model}"
                for model in ("naturalisationyear", "dataset")
                for action in ("view", "add", "change", "delete")
            ),
        )
