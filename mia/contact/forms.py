"""Public forms with spam protection that needs no third party: a honeypot and a minimum fill time.

The rate limit sits in the service, since it counts submissions, not form renderings.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from mia.core.forms import KernBoundField

_SALT = "mia.contact.form-started"


def no_line_breaks(value: str) -> None:
    # name and subject end up in mail headers, where a line break is refused
    if "\n" in value or "\r" in value:
        raise forms.ValidationError(_("Please write this on one line."), code="line_break")


class PublicMessageForm(forms.Form):
    bound_field_class = KernBoundField

    name = forms.CharField(label=_("Your name"), max_length=120, validators=[no_line_breaks])
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We only use it to answer you."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200, validators=[no_line_breaks])
    body = forms.CharField(label=_("Your message"), max_length=5000, widget=forms.Textarea)
    # A field people never see or reach; bots that fill every field give themselves away.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    autocomplete = {"name": "name", "email": "email"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt=_SALT)
        self.fields["homepage"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name, token in self.autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token

    def clean_homepage(self) -> str:
        value = self.cleaned_data.get("homepage", "")
        if value:
            raise forms.ValidationError(_("This field must stay empty."), code="honeypot")
        return value

    def clean_started(self) -> float:
        try:
            started = float(signing.loads(self.cleaned_data["started"], salt=_SALT, max_age=86400))
        except (signing.BadSignature, TypeError, ValueError) as exc:
            raise forms.ValidationError(
                _("The form has expired. Please send it again."), code="expired"
            ) from exc
        if time.time() - started < settings.MIA_FORM_MIN_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Please check your message and send it again."),
                code="too_fast",
            )
        return started

    def renew_start(self) -> None:
        """A form shown again (with its errors) counts its fill time from now, and a visitor
        who left it open overnight can still send it."""
        self.data = self.data.copy()
        self.data["started"] = signing.dumps(time.time(), salt=_SALT)

    @property
    def is_spam(self) -> bool:
        errors = self.errors.as_data()
        return "homepage" in errors or any(e.code == "too_fast" for e in errors.get("started", []))


class ContactForm(PublicMessageForm):
    pass


class BarrierReportForm(PublicMessageForm):
    page_url = forms.CharField(
        label=_("Which page or document is it about?"),
        max_length=500,
        required=False,
        help_text=_("An address or a title is enough."),
    )
    field_order = ["name", "email", "page_url", "subject", "body", "homepage", "started"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("What does not work for you?")
