"""A centre's pool rules: lead time, the allowance's rate table, the tax-free ceiling, how
long offers and records last; and the topics the pool takes or refuses."""

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mia.core.models import Centre, CentreQuerySet

money = {"max_digits": 8, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class PoolSettings(models.Model):
    """One per centre (`for_centre` makes it with the defaults on first use)."""

    centre = models.OneToOneField(
        Centre, on_delete=models.CASCADE, related_name="pool_settings", verbose_name=_("centre")
    )
    lead_working_days = models.PositiveSmallIntegerField(
        _("lead time in working days"),
        default=5,
        validators=[MaxValueValidator(60)],
        help_text=_("Requests with less notice are taken, but flagged as urgent."),
    )
    holiday_region = models.CharField(
        _("public holidays of"),
        max_length=2,
        choices=[
            ("BW", "Baden-Württemberg"),
            ("BY", "Bayern"),
            ("BE", "Berlin"),
            ("BB", "Brandenburg"),
            ("HB", "Bremen"),
            ("HH", "Hamburg"),
            ("HE", "Hessen"),
            ("MV", "Mecklenburg-Vorpommern"),
            ("NI", "Niedersachsen"),
            ("NW", "Nordrhein-Westfalen"),
            ("RP", "Rheinland-Pfalz"),
            ("SL", "Saarland"),
            ("SN", "Sachsen"),
            ("ST", "Sachsen-Anhalt"),
            ("SH", "Schleswig-Holstein"),
            ("TH", "Thüringen"),
        ],
        default="NW",
        help_text=_("Working days for the lead time skip weekends and these public holidays."),
    )
    # the rate table: a base amount covers the first hours, each further started hour adds
    base_amount = models.DecimalField(_("base amount (€)"), default=Decimal("25.00"), **money)
    base_hours = models.PositiveSmallIntegerField(
        _("hours the base amount covers"), default=2, validators=[MinValueValidator(1)]
    )
    hourly_amount = models.DecimalField(
        _("per further started hour (€)"), default=Decimal("10.00"), **money
    )
    late_cancel_hours = models.PositiveSmallIntegerField(
        _("late cancellation: hours before the appointment"),
        default=24,
        help_text=_("An institution that cancels later than this pays the hours below."),
    )
    late_cancel_paid_hours = models.PositiveSmallIntegerField(
        _("late cancellation: hours paid"), default=1
    )
    allowance_ceiling = models.DecimalField(
        _("tax-free allowance per year (€)"),
        default=Decimal("840.00"),
        help_text=_("The Ehrenamtspauschale (§ 3 Nr. 26a EStG): €840 a year in 2025."),
        **money,
    )
    ceiling_warning_share = models.PositiveSmallIntegerField(
        _("warn at this share of the ceiling (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    travel_minutes = models.PositiveSmallIntegerField(
        _("minutes between two appointments on site"),
        default=45,
        help_text=_("Time to get from one place to the next; phone and video need none."),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours a volunteer has to answer an offer"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder this many hours before"), default=24
    )
    retention_months = models.PositiveSmallIntegerField(
        _("months request details are kept after billing"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    class Meta:
        verbose_name = _("pool settings")
        verbose_name_plural = _("pool settings")

    def __str__(self) -> str:
        return str(self.centre)

    @classmethod
    def for_centre(cls, centre: Centre) -> "PoolSettings":
        found, _created = cls.objects.get_or_create(centre=centre)
        return found

    def allowance(self, minutes: int) -> Decimal:
        """What an appointment of `minutes` pays: the base, and each further started hour."""
        if minutes <= 0:
            return Decimal("0.00")
        extra_minutes = max(minutes - self.base_hours * 60, 0)
        extra_hours = -(-extra_minutes // 60)  # started hours
        return (self.base_amount + self.hourly_amount * extra_hours).quantize(Decimal("0.01"))

    def late_cancellation(self) -> Decimal:
        return self.allowance(self.late_cancel_paid_hours * 60)

    @property
    def late_cancel_window(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.late_cancel_hours)


class Topic(models.Model):
    """What an appointment is about. The pool refuses some (court, police, diagnoses,
    special-needs school assessments): a request with such a topic is refused with the
    explanation given here."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="pool_topics", verbose_name=_("centre")
    )
    name = models.CharField(_("name"), max_length=120)
    excluded = models.BooleanField(
        _("not taken by the pool"),
        default=False,
        help_text=_("Requests on this topic are refused with the explanation below."),
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Why the pool does not take it, and where to turn instead."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="unique_pool_topic"),
        ]

    def __str__(self) -> str:
        return self.name
