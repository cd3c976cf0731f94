from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import RICH_FEATURES, BodyBlock, DownloadListBlock, LinkListBlock, TopicBodyBlock
from .base import BasePage, contact_persons_field


class ContentPage(BasePage):
    """A page about one of the centre's topics: text, contacts, downloads and links."""

    intro = RichTextField(_("introduction"), features=RICH_FEATURES, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    contact_persons = contact_persons_field()
    downloads = StreamField(DownloadListBlock(), blank=True, verbose_name=_("downloads"))
    links = StreamField(LinkListBlock(), blank=True, verbose_name=_("related links"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("contact_persons"),
        FieldPanel("downloads"),
        FieldPanel("links"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True


class TopicPage(ContentPage):
    body = StreamField(TopicBodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["website.HomePage", "website.TopicPage"]
    subpage_types = ["website.TopicPage"]
    template = "website/content_page.html"

    class Meta:
        verbose_name = _("topic page")


class IntegrationCouncilPage(ContentPage):
    """The Integrationsrat, whose office sits at the centre; its data follows in its own issue."""

    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.TopicPage"]
    max_count_per_parent = 1
    template = "website/content_page.html"

    class Meta:
        verbose_name = _("integration council page")
