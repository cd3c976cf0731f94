"""Naturalisation figures of a centre's city, as open data.

A year has its total and, where the source breaks it down, figures by former nationality,
district, age group and sex (any combination; an empty dimension means "all"). A year not
yet complete says up to which day it counts. The dataset's description (where the figures
come from, the municipality they are about) is one record per centre.

The figures are aggregates published by the city: no person can be recognised in them, so
they are no personal data (docs/security.md).
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from mia.core.models import Centre, CentreQuerySet

from . import countries

FIRST_YEAR = 1950
LAST_YEAR = 2100
DIMENSIONS = ("nationality", "district", "age_group", "sex")


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    DIVERSE = "diverse", _("diverse")
    NOT_STATED = "not_stated", _("not stated")


AGE_GROUP = RegexValidator(
    r"^(\d{1,3}-\d{1,3}|\d{1,3}\+)$",
    _("An age group is written “18-29” or “65+”."),
)


def validate_nationality(value: str) -> None:
    if value and value not in countries.known_codes():
        raise ValidationError(
            _("“%(value)s” is no known country code."), params={"value": value}, code="unknown"
        )


class Dataset(models.Model):
    """What the centre says about its figures as a whole: where they come from and which
    municipality they describe (for the DCAT-AP.de metadata)."""

    centre = models.OneToOneField(
        Centre,
        on_delete=models.CASCADE,
        related_name="naturalisation_dataset",
        verbose_name=_("centre"),
    )
    municipality_key = models.CharField(
        _("municipality key"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("Eight digits, e.g. 05913000."))],
        help_text=_(
            "The Amtlicher Gemeindeschlüssel of the city the figures are about (Dortmund: "
            "05913000); it names the area in the open-data metadata."
        ),
    )
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_("Where the figures come from, in German, e.g. the city's press releases."),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("dataset description")
        verbose_name_plural = _("dataset descriptions")

    def __str__(self) -> str:
        return str(_("Naturalisations: %(centre)s") % {"centre": self.centre})


class NaturalisationYear(ClusterableModel):
    centre = models.ForeignKey(
        Centre,
        on_delete=models.CASCADE,
        related_name="naturalisation_years",
        verbose_name=_("centre"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    total = models.PositiveIntegerField(_("naturalisations in all"))
    covers_until = models.DateField(
        _("figures up to"),
        null=True,
        blank=True,
        help_text=_("Only for a year that is not complete yet: the last day the figures count."),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("Shown with the year, in German, e.g. “Stand: Mitte November”."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("naturalisations of a year")
        verbose_name_plural = _("naturalisations by year")
        ordering = ["centre", "year"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="unique_naturalisation_year"),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def complete(self) -> bool:
        return self.covers_until is None

    def clean(self) -> None:
        super().clean()
        if self.covers_until and self.year and self.covers_until.year != self.year:
            raise ValidationError(
                {"covers_until": _("The day must lie in the year %(year)s.") % {"year": self.year}}
            )
        if self.covers_until and self.covers_until == datetime.date(self.covers_until.year, 12, 31):
            raise ValidationError(
                {"covers_until": _("A year counted to 31 December is complete: leave this empty.")}
            )


class NaturalisationFigure(models.Model):
    """Part of a year's total: the naturalisations of one former nationality, district, age
    group or sex, or of a combination of them. Empty dimensions are "all"; at least one is
    set (the year itself holds the total)."""

    year = ParentalKey(
        NaturalisationYear,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("year"),
    )
    nationality = models.CharField(
        _("former nationality"),
        max_length=12,
        blank=True,
        validators=[validate_nationality],
        help_text=_("ISO 3166-1 code, or stateless, unknown, other (not broken down)."),
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    age_group = models.CharField(_("age group"), max_length=12, blank=True, validators=[AGE_GROUP])
    sex = models.CharField(_("sex"), max_length=12, blank=True, choices=Sex.choices)
    count = models.PositiveIntegerField(_("naturalisations"))

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["year", "nationality", "district", "age_group", "sex"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", *DIMENSIONS], name="unique_naturalisation_figure"
            ),
            models.CheckConstraint(
                condition=~models.Q(nationality="", district="", age_group="", sex=""),
                name="naturalisation_figure_has_a_dimension",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year_id}: {self.dimensions} = {self.count}"

    @property
    def dimensions(self) -> tuple[str, str, str, str]:
        return (self.nationality, self.district, self.age_group, self.sex)
