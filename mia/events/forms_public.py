"""The programme's filters: a plain GET form, so that it works without JavaScript and every
filtered view has its own address to share or bookmark."""

import datetime

from django import forms
from django.forms.boundfield import BoundField
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mia.core.forms import AutonymSelect, FilterBoundField
from mia.core.languages import SPOKEN_LANGUAGES

FILTER_FIELDS = (
    "q",
    "day",
    "category",
    "district",
    "language",
    "free",
    "family",
    "accessible",
    "online",
)
FLAGS = ("free", "family", "accessible", "online")
MAX_QUERY_LENGTH = 100


def normalized_filters(params: QueryDict | dict) -> dict[str, str]:
    """Every filter with its value as the form reads it: trimmed, cut to length, ticked boxes
    as "1". Two addresses that filter alike give the same dict, hence share a cached result."""
    filters = {}
    for name in FILTER_FIELDS:
        value = str(params.get(name, "") or "").strip()[:MAX_QUERY_LENGTH]
        if name in FLAGS:
            value = "1" if value and value.lower() not in ("0", "false", "off") else ""
        elif name == "q":
            value = " ".join(value.split())
        filters[name] = value
    return filters


class ProgrammeFilterForm(forms.Form):
    bound_field_class = FilterBoundField

    q = forms.CharField(
        label=_("Search in titles, descriptions and organisers"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    day = forms.TypedChoiceField(
        label=_("Day"), required=False, coerce=datetime.date.fromisoformat, empty_value=None
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False, widget=AutonymSelect)
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    family = forms.BooleanField(label=_("For families with children"), required=False)
    accessible = forms.BooleanField(label=_("Step-free venue"), required=False)
    online = forms.BooleanField(label=_("Online or hybrid"), required=False)

    def __init__(
        self,
        data,
        *,
        days: list[datetime.date],
        categories: list[tuple[str, str]],
        districts: list[str],
        languages: list[str],
    ) -> None:
        super().__init__(data)
        self.fields["day"].choices = [("", _("All days"))] + [
            (
                day.isoformat(),
                # the same words as the day headings of the programme
                gettext("{weekday}, {date}").format(
                    weekday=date_format(day, "l"), date=date_format(day, "SHORT_DATE_FORMAT")
                ),
            )
            for day in days
        ]
        self.fields["category"].choices = [("", _("All categories")), *categories]
        self.fields["district"].choices = [("", _("All districts"))] + [(d, d) for d in districts]
        self.fields["language"].choices = [("", _("All languages"))] + [
            (code, SPOKEN_LANGUAGES[code]) for code in languages
        ]

    @property
    def selects(self) -> list[BoundField]:
        return [self[name] for name in ("category", "district", "language")]

    @property
    def flags(self) -> list[BoundField]:
        return [self[name] for name in FLAGS]
