"""Filters of the JSON API, the same the programme page offers, as query parameters.

Invalid values (an unknown category, a date that is none) answer 400 with the reason;
boolean parameters take `true` or `false`.
"""

import datetime

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from mia.core.languages import SPOKEN_LANGUAGES

from .ical import BERLIN
from .models import Access, Attendance, Category, Event, EventDate, Venue

ONLINE = (Attendance.ONLINE, Attendance.HYBRID)


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, BERLIN)


class IntegerFilter(filters.Filter):
    # NumberFilter takes decimals: "1.5" would quietly find the organisation 1
    field_class = forms.IntegerField


def _keep(queryset, _name, _value):
    # applied together in filter_queryset: both ends must hold for the same date
    return queryset


class EventFilter(filters.FilterSet):
    edition = filters.CharFilter(
        field_name="edition__slug", help_text="The festival edition's slug, e.g. the programme's."
    )
    organisation = extend_schema_field(OpenApiTypes.INT)(
        IntegerFilter(field_name="organisation_id", help_text="The organiser's id.")
    )
    category = filters.ChoiceFilter(choices=Category.choices)
    district = filters.CharFilter(
        field_name="venue__district", lookup_expr="iexact", help_text="The venue's district."
    )
    language = filters.ChoiceFilter(
        choices=list(SPOKEN_LANGUAGES.items()),
        method="filter_language",
        help_text="A language spoken at the event (ISO 639 code).",
    )
    free = filters.BooleanFilter(field_name="is_free", help_text="Free of charge.")
    family = filters.BooleanFilter(
        field_name="family_friendly", help_text="Suitable for families with children."
    )
    accessible = filters.BooleanFilter(
        method="filter_accessible", help_text="At a venue with step-free access."
    )
    online = filters.BooleanFilter(method="filter_online", help_text="Online or hybrid.")
    q = filters.CharFilter(
        method="filter_text",
        help_text="Words in the title, summary or description (in any language).",
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_language(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        return queryset.filter(languages__contains=f",{value},")

    def filter_accessible(self, queryset: QuerySet, _name: str, value: bool) -> QuerySet:
        accessible = Q(venue__step_free=Access.YES) & ~Q(attendance=Attendance.ONLINE)
        return queryset.filter(accessible) if value else queryset.exclude(accessible)

    def filter_online(self, queryset: QuerySet, _name: str, value: bool) -> QuerySet:
        online = Q(attendance__in=ONLINE)
        return queryset.filter(online) if value else queryset.exclude(online)

    def filter_text(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        words = value.split()
        for word in words[:8]:
            text = (
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(description__icontains=word)
            )
            # the original or any of its translations
            keys = Event.objects.filter(text, centre=self.request.centre).values("translation_key")
            queryset = queryset.filter(translation_key__in=keys)
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        first, last = self.form.cleaned_data.get("from"), self.form.cleaned_data.get("to")
        if first or last:
            dates = EventDate.objects.filter(event=OuterRef("pk"))
            if first:
                dates = dates.filter(end__gt=_day_start(first))
            if last:
                dates = dates.filter(start__lt=_day_start(last + datetime.timedelta(days=1)))
            queryset = queryset.filter(Exists(dates))
        return queryset


# "from" is a Python keyword: declared here instead of in the class body
EventFilter.base_filters["from"] = filters.DateFilter(
    method=_keep, help_text="Only events with a date on or after this day (YYYY-MM-DD)."
)
EventFilter.base_filters["to"] = filters.DateFilter(
    method=_keep, help_text="Only events with a date on or before this day (YYYY-MM-DD)."
)


class VenueFilter(filters.FilterSet):
    district = filters.CharFilter(lookup_expr="iexact")
    accessible = filters.BooleanFilter(method="filter_accessible", help_text="Step-free access.")
    edition = filters.CharFilter(
        method="filter_edition", help_text="Only venues of this festival edition's events."
    )

    class Meta:
        model = Venue
        fields: list[str] = []

    def filter_accessible(self, queryset: QuerySet, _name: str, value: bool) -> QuerySet:
        accessible = Q(step_free=Access.YES)
        return queryset.filter(accessible) if value else queryset.exclude(accessible)

    def filter_edition(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        events = (
            Event.objects.public()
            .filter(venue=OuterRef("pk"), edition__slug=value)
            .exclude(attendance=Attendance.ONLINE)
        )
        return queryset.filter(Exists(events))
