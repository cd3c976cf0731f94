"""The naturalisation figures in the JSON API: `/api/v1/statistics/naturalisations/`.

One item per year of the centre whose host is asked, oldest first, with its total and its
figures; `year` picks one year, `nationality` narrows each year's figures to one former
nationality. Paginated, with validators and CORS like every part of the API
(mia/core/api.py); the names of the nationalities are in the requested language.
"""

from django import forms
from django.http import HttpRequest
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from mia.core.api import (
    LANGUAGE_PARAMETERS,
    NOT_MODIFIED,
    Pagination,
    PublicAPI,
    published,
    request_key,
)
from mia.core.conditional import Fingerprint

from . import countries, opendata, queries
from .models import FIRST_YEAR, LAST_YEAR, Sex


class Question(forms.Form):
    """The list's parameters; a wrong one answers 400 with the reason."""

    year = forms.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    nationality = forms.CharField(required=False, max_length=20)

    def clean_nationality(self) -> str:
        try:
            return (
                countries.normalise(self.cleaned_data["nationality"])
                if self.cleaned_data["nationality"]
                else ""
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


FIGURE = inline_serializer(
    "NaturalisationFigure",
    {
        "nationality": serializers.CharField(
            allow_null=True,
            help_text="Former nationality: ISO 3166-1 alpha-2 code, XK (Kosovo), `stateless`, "
            "`unknown`, or `other` (the rest of the total, not broken down); null: all.",
        ),
        "nationality_name": serializers.CharField(
            allow_null=True, help_text="Its name in the language of the response."
        ),
        "district": serializers.CharField(allow_null=True, help_text="null: all districts."),
        "age_group": serializers.CharField(
            allow_null=True, help_text="e.g. `18-29` or `65+`; null: all ages."
        ),
        "sex": serializers.ChoiceField(Sex.values, allow_null=True, help_text="null: all."),
        "count": serializers.IntegerField(),
    },
    many=True,
)
YEAR = inline_serializer(
    "NaturalisationYear",
    {
        "year": serializers.IntegerField(),
        "total": serializers.IntegerField(help_text="All naturalisations of the year."),
        "complete": serializers.BooleanField(
            help_text="False for a year whose figures run only up to `covers_until`."
        ),
        "covers_until": serializers.DateField(allow_null=True),
        "note": serializers.CharField(help_text="The centre's note on the year, in German."),
        "figures": FIGURE,
    },
    many=True,
)
PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, description="Only this year."),
    OpenApiParameter(
        "nationality",
        OpenApiTypes.STR,
        description="Only the figures of this former nationality (ISO 3166-1 alpha-2 code, "
        "XK, `stateless`, `unknown` or `other`); the years keep their totals.",
    ),
]


def _question(request: HttpRequest) -> Question:
    request = getattr(request, "_request", request)  # DRF's request wraps Django's
    if "_statistics_question" not in request.__dict__:
        question = Question(request.GET)
        question.is_valid()
        request._statistics_question = question
    return request._statistics_question


class NaturalisationList(PublicAPI, GenericAPIView):
    pagination_class = Pagination

    @extend_schema(
        summary="Naturalisations per year, by former nationality",
        description="The naturalisations in the centre's city, one item per year, oldest "
        "first, with the year's total and its figures by former nationality and, where known, "
        "by district, age group and sex (a null dimension means all). Open data under the "
        "Datenlizenz Deutschland – Namensnennung – Version 2.0 "
        "(https://www.govdata.de/dl-de/by-2-0): name the centre as the provider.",
        parameters=PARAMETERS + LANGUAGE_PARAMETERS,
        responses={200: YEAR, 400: OpenApiTypes.OBJECT, **NOT_MODIFIED},
    )
    def get(self, request, *args, **kwargs):
        centre = self.centre()
        question = _question(request)
        if question.errors:
            return Response(
                {name: [str(m) for m in messages] for name, messages in question.errors.items()},
                status=400,
            )
        years = queries.years_of(centre, nationality=question.cleaned_data["nationality"])
        if question.cleaned_data["year"] is not None:
            years = years.filter(year=question.cleaned_data["year"])
        page = self.paginate_queryset(years)
        data = [opendata.year_data(year, None, request.api_language) for year in page]
        return self.get_paginated_response(data)


def _fingerprint(request: HttpRequest) -> Fingerprint | None:
    if request.centre is None or _question(request).errors:
        return None
    return queries.fingerprint(request.centre, request.api_language, *request_key(request))


PARAMETER_NAMES = frozenset({"year", "nationality", "lang", "page", "page_size"})

urlpatterns = [
    path(
        "statistics/naturalisations/",
        published(NaturalisationList.as_view(), _fingerprint, kept_for=PARAMETER_NAMES),
        name="naturalisations",
    ),
]
