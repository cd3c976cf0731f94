from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import RICH_FEATURES
from .base import BasePage

UPCOMING_EVENTS = 4


class StrandBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    text = blocks.TextBlock(label=_("text"))

    class Meta:
        icon = "list-ul"
        label = _("work strand")


class HomePage(BasePage):
    claim = models.CharField(_("claim"), max_length=200)
    intro = RichTextField(_("mission"), features=RICH_FEATURES)
    strands = StreamField([("strand", StrandBlock())], blank=True, verbose_name=_("work strands"))
    council_note = models.TextField(
        _("integration council"), blank=True, help_text=_("A sentence about the council's office.")
    )

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("claim"),
        FieldPanel("intro"),
        FieldPanel("strands"),
        FieldPanel("council_note"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("claim"),
        index.SearchField("intro"),
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from mia.ceremonies.services import open_for_answers
        from mia.events.caching import events_generation
        from mia.events.programme import upcoming_events

        from ..services import latest_news, topics_of

        context = super().get_context(request, *args, **kwargs)
        centre = getattr(request, "centre", None)
        # lazy: when the rendered content comes from the fragment cache, no query runs
        context["latest_news"] = SimpleLazyObject(lambda: latest_news(self, limit=3))
        context["topics"] = SimpleLazyObject(lambda: topics_of(self))
        context["upcoming_events"] = SimpleLazyObject(
            lambda: upcoming_events(centre, get_language(), limit=UPCOMING_EVENTS)
        )
        context["open_ceremony"] = SimpleLazyObject(
            lambda: open_for_answers(centre) if centre is not None else None
        )
        if centre is not None:
            # the cached content shows the next events: re-rendered when they change, and
            # every hour, so that past events drop off
            context["cache_vary"] = (
                f"events:{events_generation(centre.pk)}:{timezone.localtime():%Y%m%d%H}"
            )
        return context
