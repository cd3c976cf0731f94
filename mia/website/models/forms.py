from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from mia.contact.forms import BarrierReportForm, ContactForm
from mia.contact.models import Message
from mia.contact.services import receive_message
from mia.core.rate_limits import sent_too_often

from ..blocks import RICH_FEATURES, BodyBlock
from .base import BasePage, contact_persons_field


class MessageFormMixin:
    """Serves a page with a public message form: GET shows it, POST stores and mails the message."""

    form_class = ContactForm
    message_kind = Message.Kind.CONTACT

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.form_class(request.POST)
        status = 200
        if form.is_valid():
            if sent_too_often(request, "contact"):
                form.add_error(None, _("Too many messages from your connection. Please try later."))
                status = 429
            else:
                receive_message(request.centre, self.message_kind, form.cleaned_data)
                return redirect(self.get_url(request) + "?sent=1")
        else:
            status = 400
        form.renew_start()
        context = self.get_context(request, *args, **kwargs)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["form"] = self.form_class()
        context["sent"] = request.GET.get("sent") == "1"
        context["cache_content"] = False  # the form carries a CSRF token and its errors
        return context


class MessageFormPage(MessageFormMixin, BasePage):
    """A page with a public message form and the Art. 13 GDPR notice beside it."""

    privacy_notice = RichTextField(
        _("privacy notice (Art. 13 GDPR)"), features=RICH_FEATURES, blank=True
    )

    parent_page_types = ["website.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        abstract = True


class ContactPage(MessageFormPage):
    intro = RichTextField(_("introduction"), features=RICH_FEATURES, blank=True)
    contact_persons = contact_persons_field()

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("contact_persons"),
        FieldPanel("privacy_notice"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("contact page")


class AccessibilityPage(MessageFormPage):
    """Erklärung zur Barrierefreiheit, with the feedback form the law requires beside it."""

    form_class = BarrierReportForm
    message_kind = Message.Kind.BARRIER

    body = StreamField(BodyBlock(), verbose_name=_("body"))
    last_reviewed = models.DateField(_("last reviewed"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
        FieldPanel("privacy_notice"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("accessibility statement")
