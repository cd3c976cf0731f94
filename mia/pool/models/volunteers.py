"""Volunteer language mediators: who they are, what they speak, where and how they work,
when they can, and the requirements that make them eligible (dates only, never the
documents)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mia.core.models import Centre, CentreQuerySet

from ..languages import spoken, validate_language


class Setting(models.TextChoices):
    """Where an appointment happens."""

    ON_SITE = "on_site", _("On site")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    DIVERSE = "diverse", _("Diverse")


class Level(models.IntegerChoices):
    """How well a volunteer speaks a language (as bcgov's interpreters: 1 to 4)."""

    BASIC = 1, _("Basic")
    GOOD = 2, _("Good")
    FLUENT = 3, _("Fluent")
    NATIVE = 4, _("Native speaker")


class GermanLevel(models.TextChoices):
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("Native speaker")


class VolunteerQuerySet(CentreQuerySet):
    def active(self) -> "VolunteerQuerySet":
        return self.filter(status=Volunteer.Status.ACTIVE)

    def eligible_on(self, day: datetime.date) -> "VolunteerQuerySet":
        """Active, and every requirement in place on `day` (the police certificate not due)."""
        return self.active().filter(
            confidentiality_signed_on__lte=day,
            training_completed_on__lte=day,
            police_certificate_inspected_on__lte=day,
            police_certificate_renew_by__gt=day,
        )


class Volunteer(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left")
        DECLINED = "declined", _("Application declined")

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="volunteers", verbose_name=_("centre")
    )
    # the volunteer's own account (availability, offers, hours): made at intake
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("account"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # where distances start: the district the volunteer lives in (no street address)
    home_district = models.ForeignKey(
        "counselling.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home district"),
    )
    districts = models.ManyToManyField(
        "counselling.District",
        blank=True,
        related_name="+",
        verbose_name=_("districts they can reach"),
    )
    settings_accepted = models.JSONField(
        _("settings accepted"),
        default=list,
        help_text=_("On site, by phone, by video."),
    )
    gender = models.CharField(
        _("gender"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_("Optional: only used when a request asks for a woman or a man."),
    )
    german_level = models.CharField(
        _("German"), max_length=10, choices=GermanLevel.choices, blank=True
    )
    topics_declined = models.ManyToManyField(
        "pool.Topic", blank=True, related_name="+", verbose_name=_("topics they do not take")
    )
    max_hours_per_month = models.PositiveSmallIntegerField(
        _("at most hours a month"), null=True, blank=True
    )
    motivation = models.TextField(_("about the application"), blank=True, max_length=2000)
    notes = models.TextField(_("coordinator's notes"), blank=True)

    # requirements: dates, never the documents
    confidentiality_signed_on = models.DateField(
        _("confidentiality declaration signed on"), null=True, blank=True
    )
    training_completed_on = models.DateField(_("training completed on"), null=True, blank=True)
    police_certificate_inspected_on = models.DateField(
        _("extended police certificate inspected on"), null=True, blank=True
    )
    police_certificate_renew_by = models.DateField(
        _("police certificate to be renewed by"), null=True, blank=True
    )

    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    intake_at = models.DateTimeField(_("taken in"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        indexes = [models.Index(fields=["centre", "status"], name="volunteer_centre_status")]

    def __str__(self) -> str:
        return self.name

    def requirements_met(self, day: datetime.date) -> bool:
        return bool(
            self.confidentiality_signed_on
            and self.confidentiality_signed_on <= day
            and self.training_completed_on
            and self.training_completed_on <= day
            and self.police_certificate_inspected_on
            and self.police_certificate_inspected_on <= day
            and self.police_certificate_renew_by
            and self.police_certificate_renew_by > day
        )

    def missing_requirements(self, day: datetime.date) -> list[str]:
        """What keeps the volunteer from being offered on `day`, in words for staff."""
        missing = []
        if not self.confidentiality_signed_on or self.confidentiality_signed_on > day:
            missing.append(str(_("confidentiality declaration")))
        if not self.training_completed_on or self.training_completed_on > day:
            missing.append(str(_("training")))
        if not self.police_certificate_inspected_on or self.police_certificate_inspected_on > day:
            missing.append(str(_("police certificate")))
        elif not self.police_certificate_renew_by or self.police_certificate_renew_by <= day:
            missing.append(str(_("police certificate renewal")))
        return missing


class VolunteerLanguage(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=3, validators=[validate_language])
    dialect = models.CharField(
        _("variety"), max_length=3, blank=True, help_text=_("E.g. Kurmanji or Sorani.")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)

    class Meta:
        ordering = ["-level", "language"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "language", "dialect"], name="unique_volunteer_language"
            ),
        ]
        indexes = [models.Index(fields=["language", "dialect"], name="volunteer_language")]

    def __str__(self) -> str:
        return spoken(self.language, self.dialect)


class AvailabilitySlot(models.Model):
    """A weekly window: every Tuesday from 14:00 to 18:00."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="slot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self) -> None:
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": _("The end must be after the start.")})


class AvailabilityException(models.Model):
    """One date that differs from the weekly pattern: free at other hours, or not at all at
    some (a whole day away is an `Absence`)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="exceptions")
    day = models.DateField(_("date"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    available = models.BooleanField(
        _("available then"),
        default=True,
        help_text=_("Off: not available in these hours, whatever the weekly pattern says."),
    )

    class Meta:
        ordering = ["day", "starts"]
        verbose_name = _("exception")
        verbose_name_plural = _("exceptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="exception_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Absence(models.Model):
    """Days away (holiday, illness): no offers then."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="absences")
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("until"))

    class Meta:
        ordering = ["first_day"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="absence_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_day:%d.%m.%Y}–{self.last_day:%d.%m.%Y}"
