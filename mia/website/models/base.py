from django.core.cache import cache
from django.db import models
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from mia.core.admin_views import CentreScopedAdminForm
from mia.core.cache import content_generation
from mia.core.models import Centre, CentreQuerySet
from mia.core.services import language_code_of


class ContactPerson(index.Indexed, models.Model):
    """A contact point shown on pages: a team or role, never a private person's data."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="contact_persons", verbose_name=_("centre")
    )
    name = models.CharField(_("name or role"), max_length=120)
    description = models.CharField(_("responsible for"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)

    objects = CentreQuerySet.as_manager()
    base_form_class = CentreScopedAdminForm

    panels = [
        FieldPanel("centre"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("office_hours"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def contact_persons_field() -> StreamField:
    return StreamField(
        [("person", SnippetChooserBlock("website.ContactPerson", label=_("contact person")))],
        blank=True,
        verbose_name=_("contact persons"),
    )


def content_attrs(language: str) -> str:
    """`lang` and `dir` for text in another language than the page around it, else nothing."""
    if language == get_language():
        return ""
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    return format_html(' lang="{}" dir="{}"', language, direction)


class BasePage(Page):
    """What every public page has: a teaser for lists and search, and the language fallback."""

    teaser = models.TextField(
        _("teaser"), blank=True, max_length=400, help_text=_("One or two sentences for lists.")
    )

    search_fields = [*Page.search_fields, index.SearchField("teaser")]
    promote_panels = [*Page.promote_panels, FieldPanel("teaser")]

    class Meta:
        abstract = True

    @cached_property
    def content_language(self) -> str:
        """The language the page's text is written in (an alias shows its original's text)."""
        annotated = self.__dict__.get("content_lang")
        if annotated:
            return annotated
        if self.alias_of_id:
            original = (
                Page.objects.filter(pk=self.alias_of_id)
                .values_list("locale__language_code", flat=True)
                .first()
            )
            if original:
                return original
        return language_code_of(self.locale_id)

    def get_view_restrictions(self):
        """Wagtail's check, which costs two queries per view, remembered until the next publish."""
        key = f"view-restrictions:{content_generation()}:{self.pk}"
        ids = cache.get(key)
        if ids is None:
            ids = list(super().get_view_restrictions().values_list("pk", flat=True))
            cache.set(key, ids, 3600)
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)

    @property
    def is_fallback(self) -> bool:
        return self.content_language != get_language()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["content_language"] = self.content_language
        context["content_attrs"] = content_attrs(self.content_language)
        context["cache_content"] = True
        return context
