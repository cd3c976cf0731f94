"""The back office's form for a year's figures: the year, its total, and its figures as rows
below, checked together by the same rules as an import (`services`)."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from mia.core.admin_views import CentreFromUserAdminForm

from . import countries, services
from .models import DIMENSIONS, NaturalisationYear


class FigureForm(WagtailAdminModelForm):
    """One figure; the nationality chosen from the list, named in the editor's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("nationality")
        if field is not None:
            self.fields["nationality"] = forms.ChoiceField(
                label=field.label,
                required=False,
                help_text=field.help_text,
                choices=[("", _("all"))] + countries.choices(get_language()),
            )

    def clean_age_group(self) -> str:
        try:
            return services.parse_age_group(self.cleaned_data.get("age_group", ""))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_district(self) -> str:
        return services.parse_district(self.cleaned_data.get("district", ""))

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in DIMENSIONS) and not cleaned.get("DELETE"):
            raise forms.ValidationError(
                _(
                    "Name at least a nationality, district, age group or sex: the year's total "
                    "is entered above."
                )
            )
        return cleaned


class YearAdminForm(CentreFromUserAdminForm):
    def clean(self):
        cleaned = super().clean()
        year, centre = cleaned.get("year"), self.centre
        if year and centre is not None:
            taken = NaturalisationYear.objects.filter(centre=centre, year=year)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("year", _("The centre has figures for this year already."))
        figures = self.formsets.get("figures")
        total = cleaned.get("total")
        if figures is None or total is None or not figures.is_valid():
            return cleaned
        counts = {services.TOTAL: total}
        for form in figures.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("count") is None:
                continue
            dimensions = tuple(data.get(name) or "" for name in DIMENSIONS)
            if dimensions in counts:
                self.add_error(
                    None,
                    _("The figure for %(what)s is there twice.")
                    % {"what": services.describe(dimensions)},
                )
                continue
            counts[dimensions] = data["count"]
        for _dimensions, message in services.breakdown_problems(counts):
            self.add_error(None, message)
        return cleaned
