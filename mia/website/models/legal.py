from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import RICH_FEATURES, BodyBlock
from .base import BasePage


class LegalPage(BasePage):
    class Kind(models.TextChoices):
        IMPRINT = "imprint", _("Imprint")
        PRIVACY = "privacy", _("Privacy policy")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    last_updated = models.DateField(_("last updated"), null=True, blank=True)

    parent_page_types = ["website.HomePage"]
    subpage_types: list[str] = []
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("kind"),
        FieldPanel("body"),
        FieldPanel("last_updated"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("legal page")


class EasyLanguagePage(BasePage):
    """The start page in Leichte Sprache that BITV 2.0 asks for."""

    body = StreamField(BodyBlock(), verbose_name=_("body"))

    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.EasyLanguagePage"]
    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("Leichte Sprache page")


class SignLanguagePage(BasePage):
    """Information in Deutsche Gebärdensprache: a self-hosted video that can also be downloaded."""

    intro = RichTextField(_("introduction"), features=RICH_FEATURES, blank=True)
    video = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("video (MP4 or WebM)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("captions (WebVTT)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    video_duration = models.DurationField(_("running time"), null=True, blank=True)
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("poster image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    transcript = RichTextField(_("what the video says"), features=RICH_FEATURES, blank=True)

    parent_page_types = ["website.HomePage"]
    subpage_types: list[str] = []
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("video"),
                FieldPanel("video_duration"),
                FieldPanel("captions"),
                FieldPanel("poster"),
            ],
            heading=_("video"),
        ),
        FieldPanel("transcript"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("transcript")]

    class Meta:
        verbose_name = _("sign language page")

    @property
    def video_mime_type(self) -> str:
        if self.video and self.video.file_extension.lower() == "webm":
            return "video/webm"
        return "video/mp4"

    @property
    def duration_display(self) -> str:
        if not self.video_duration:
            return ""
        seconds = int(self.video_duration.total_seconds())
        return f"{seconds // 60}:{seconds % 60:02d}"
