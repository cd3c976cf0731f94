from django import forms
from django.utils.translation import gettext_lazy as _

from mia.contact.forms import no_line_breaks
from mia.core.forms import KernBoundField

from .models import Organisation


class OrganisationProfileForm(forms.ModelForm):
    """What an organisation's members keep up to date themselves, on the public side."""

    bound_field_class = KernBoundField

    class Meta:
        model = Organisation
        fields = ["description", "website", "contact_name", "email", "phone"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "website": _("The full address, beginning with https://"),
            "email": _("Where the centre and visitors reach you."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("contact_name", "phone"):
            self.fields[name].validators.append(no_line_breaks)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        # addresses and numbers read left to right, also on Arabic pages
        for name in ("website", "email", "phone"):
            self.fields[name].widget.attrs["dir"] = "ltr"
