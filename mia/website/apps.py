from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "mia.website"
    label = "website"
    verbose_name = _("Public website")

    def ready(self) -> None:
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from mia.core.cache import clear_caches_on_change

        from .models import ContactPerson

        # contact persons, images and documents appear on pages
        clear_caches_on_change(ContactPerson, get_image_model(), get_document_model())
