from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "mia.website"
    label = "website"
    verbose_name = _("Public website")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from mia.core.cache import bump_content_generation

        from .models import ContactPerson

        # contact persons appear on many pages: a change must clear the page cache
        post_save.connect(bump_content_generation, sender=ContactPerson, dispatch_uid="mia-cp-save")
        post_delete.connect(
            bump_content_generation, sender=ContactPerson, dispatch_uid="mia-cp-del"
        )
