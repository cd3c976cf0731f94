from django import forms
from django.utils.translation import gettext_lazy as _

from mia.core.models import Centre


class SubjectForm(forms.Form):
    """Whose data: a centre the staff member handles requests for, and the person's address."""

    centre = forms.ModelChoiceField(queryset=Centre.objects.none(), label=_("Centre"))
    email = forms.EmailField(
        label=_("The person's email address"),
        max_length=254,
        help_text=_("Every record of this centre that holds this address is shown."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import RetentionCount

        centres = Centre.objects.for_user(user, RetentionCount)
        self.fields["centre"].queryset = centres
        if len(centres) == 1:
            self.fields["centre"].initial = centres[0]


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I have checked the request and made sure that no law requires us to keep these records."
        ),
    )
