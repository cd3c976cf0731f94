"""The back office's forms: a ceremony, an invitee, the import's upload, the invitee search
and the door's code."""

import json

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from mia.core import tables
from mia.core.admin_views import CentreFromUserAdminForm
from mia.core.languages import SPOKEN_LANGUAGES

from .models import Invitee


class CeremonyAdminForm(CentreFromUserAdminForm):
    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        deadline = cleaned.get("rsvp_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The ceremony must end after it starts."))
        if starts and deadline and deadline > starts:
            self.add_error("rsvp_deadline", _("Answers must be in before the ceremony starts."))
        return cleaned


class InviteeAdminForm(CentreFromUserAdminForm):
    """An invitee's name, address, language and answer details; the code and the answer's
    state are the booking's (public answer page), not typed here."""

    # What the page showed when it opened (JSON): a field the office left alone is not
    # "changed" back to that, whatever the invitee answered meanwhile. (Django's
    # `show_hidden_initial` does this per field, but Wagtail's panels do not render it.)
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            self.fields["language"] = forms.ChoiceField(
                label=self.fields["language"].label,
                choices=list(SPOKEN_LANGUAGES.items()),
                initial=self.instance.language,
            )

        if not self.is_bound:
            self.initial["shown"] = json.dumps(
                {
                    name: self.get_initial_for_field(field, name)
                    for name, field in self.fields.items()
                    if name != "shown"
                },
                cls=DjangoJSONEncoder,
            )

    @cached_property
    def changed_data(self) -> list[str]:
        try:
            shown = json.loads(self.data.get(self.add_prefix("shown")) or "")
        except ValueError:
            shown = None
        if not isinstance(shown, dict):
            return [name for name in super().changed_data if name != "shown"]
        return [
            name
            for name, field in self.fields.items()
            if name != "shown" and field.has_changed(shown.get(name), self[name].data)
        ]

    def clean_companions(self):
        companions = self.cleaned_data["companions"]
        ceremony = self.instance.ceremony if self.instance.ceremony_id else None
        if ceremony and companions > ceremony.companions_allowed:
            raise forms.ValidationError(
                _("At most %(n)d companions per invitee.") % {"n": ceremony.companions_allowed}
            )
        return companions


class ImportForm(tables.ImportForm):
    """The shared upload form (size and format checks), for the invitees of one ceremony:
    the views give it the ceremony's centre, so it asks for none."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or Excel (XLSX), at most 5 MB, one invitee per row."),
    )


class InviteeSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Answer"),
        required=False,
        choices=[("", _("All")), *Invitee.Status.choices],
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=500,
        help_text=_("The code on the letter or ticket, e.g. ABCD-EFGH-JK."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)
