from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from mia.core.models import Centre, CentreQuerySet
from mia.core.services import language_code_of


class ContactPerson(index.Indexed, models.Model):
    """A contact point shown on pages: a team or role, never a private person's data."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="contact_persons")
    name = models.CharField(_("name or role"), max_length=120)
    description = models.CharField(_("responsible for"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)

    objects = CentreQuerySet.as_manager()

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

    @property
    def is_fallback(self) -> bool:
        return self.content_language != get_language()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["content_language"] = self.content_language
        return context
