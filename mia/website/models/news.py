import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from mia.core.services import paginate

from ..blocks import RICH_FEATURES, BodyBlock
from .base import BasePage

NEWS_PER_PAGE = 10


class NewsIndexPage(RoutablePageMixin, BasePage):
    intro = RichTextField(_("introduction"), features=RICH_FEATURES, blank=True)

    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.NewsPage"]
    max_count_per_parent = 1
    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("news index")

    def news(self):
        from ..services import news_of

        return news_of(self)

    def years(self) -> list[int]:
        return [d.year for d in self.news().dates("date", "year", order="DESC")]

    def _year_page(self, request, year: int):
        news_page = paginate(request, self.news().filter(date__year=year), NEWS_PER_PAGE)
        if not news_page.paginator.count:
            raise Http404
        return news_page

    # The lists are lazy: when the rendered content comes from the fragment cache, no query
    # runs. A page number out of range still answers 404 when the list is first rendered.
    @path("")
    def index_view(self, request):
        return self.render(
            request,
            context_overrides={
                "news_page": SimpleLazyObject(
                    lambda: paginate(request, self.news(), NEWS_PER_PAGE)
                ),
                "years": SimpleLazyObject(self.years),
            },
        )

    @path("<int:year>/", name="year")
    def year_view(self, request, year: int):
        return self.render(
            request,
            context_overrides={
                "news_page": SimpleLazyObject(lambda: self._year_page(request, year)),
                "years": SimpleLazyObject(self.years),
                "year": year,
            },
        )

    @path("feed/rss/", name="rss")
    def rss_view(self, request):
        from ..feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_view(self, request):
        from ..feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)


class NewsPage(BasePage):
    date = models.DateField(_("date"), default=datetime.date.today)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    parent_page_types = ["website.NewsIndexPage"]
    subpage_types: list[str] = []
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("teaser"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("image")),
        FieldPanel("body"),
    ]
    promote_panels = [
        p for p in BasePage.promote_panels if getattr(p, "field_name", "") != "teaser"
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body"), index.FilterField("date")]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-date"]

    def clean(self) -> None:
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )
        if self.date and self.date > timezone.localdate() + datetime.timedelta(days=365):
            raise ValidationError({"date": _("The date lies more than a year ahead.")})
