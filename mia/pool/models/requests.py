"""A request for a mediator, the offers made to volunteers, and the assignment that one
acceptance makes.

Race-free by construction: an offer is accepted under the request's row lock, and at most one
live assignment per request is a database constraint (`one_live_assignment`)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mia.core.models import Centre, CentreQuerySet

from ..languages import spoken, validate_language
from .volunteers import Gender, Setting


class Request(models.Model):
    class Status(models.TextChoices):
        # with a context: the catalogues' "Open" is the counselling office's ("Geöffnet")
        OPEN = "open", pgettext_lazy("request status", "Open")
        OFFERED = "offered", _("Offered")
        ASSIGNED = "assigned", _("Assigned")
        DONE = "done", _("Hours confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        UNFILLED = "unfilled", _("Not filled")

    class GenderWish(models.TextChoices):
        NONE = "", _("No preference")
        FEMALE = Gender.FEMALE.value, _("A woman")
        MALE = Gender.MALE.value, _("A man")

    class Unfilled(models.TextChoices):
        """Why a request ended without a mediator (for the annual report)."""

        NOBODY = "nobody", _("Nobody with the language was free")
        DECLINED = "declined", _("Every volunteer asked declined")
        LATE = "late", _("Asked too late")
        WITHDRAWN = "withdrawn", _("Withdrawn by the institution")

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="pool_requests", verbose_name=_("centre")
    )
    institution = models.ForeignKey(
        "pool.Institution",
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("institution"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    language = models.CharField(_("language"), max_length=3, validators=[validate_language])
    dialect = models.CharField(_("variety"), max_length=3, blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    minutes = models.PositiveSmallIntegerField(_("expected duration (minutes)"))
    setting = models.CharField(_("where"), max_length=10, choices=Setting.choices)
    place = models.CharField(
        _("address"), max_length=300, blank=True, help_text=_("For an appointment on site.")
    )
    district = models.ForeignKey(
        "counselling.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    topic = models.ForeignKey(
        "pool.Topic", on_delete=models.PROTECT, related_name="+", verbose_name=_("topic")
    )
    gender_wish = models.CharField(
        _("mediator's gender"), max_length=10, choices=GenderWish.choices, blank=True
    )
    notes = models.TextField(
        _("notes for the mediator"),
        blank=True,
        max_length=2000,
        help_text=_("What helps to prepare: no names or health details, please."),
    )
    contact_name = models.CharField(_("contact on the day"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone on the day"), max_length=40, blank=True)
    urgent = models.BooleanField(
        _("urgent"), default=False, help_text=_("Asked with less than the lead time.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    unfilled_reason = models.CharField(
        _("why not filled"), max_length=10, choices=Unfilled.choices, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by_institution = models.BooleanField(default=False)
    cancel_reason = models.TextField(_("reason for the cancellation"), blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # the retention run blanks the details (notes, place, contact, reasons) once this has
    # passed: set when the request ends (billed, cancelled, not filled), `retention_months` on
    anonymised = models.BooleanField(default=False, editable=False)
    erase_after = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("mediation request")
        verbose_name_plural = _("mediation requests")
        indexes = [
            models.Index(fields=["centre", "status", "starts_at"], name="request_open"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.spoken} · {local:%d.%m.%Y %H:%M} · {self.institution}"

    @property
    def spoken(self) -> str:
        """The language asked for, with its variety, named in the active language."""
        return spoken(self.language, self.dialect)

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.minutes)


class Offer(models.Model):
    """A request offered to one volunteer, answered through a signed link (no login): the
    link works once and until `expires_at`; the first acceptance of a request wins."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("offer status", "Open")
        ACCEPTED = "accepted", _("Accepted")
        # the ceremonies' "Declined" is a guest's answer ("Absage")
        DECLINED = "declined", pgettext_lazy("offer status", "Declined")
        TAKEN = "taken", _("Taken by another volunteer")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="offers")
    volunteer = models.ForeignKey("pool.Volunteer", on_delete=models.CASCADE, related_name="offers")
    # only the hash is stored: the link carries the token
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    expires_at = models.DateTimeField(_("answer by"))
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=300, blank=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "volunteer"],
                condition=Q(status="open"),
                name="one_open_offer_per_volunteer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.volunteer}"


class Assignment(models.Model):
    """A volunteer's appointment: made by an acceptance, ended by the hours confirmed (then
    paid) or by a cancellation."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        REPORTED = "reported", _("Hours reported by the volunteer")
        DONE = "done", _("Hours confirmed")
        CANCELLED_VOLUNTEER = "cancelled_volunteer", _("Cancelled by the volunteer")
        CANCELLED_INSTITUTION = "cancelled_institution", _("Cancelled by the institution")
        CANCELLED_CENTRE = "cancelled_centre", _("Cancelled by the centre")

    LIVE = (Status.CONFIRMED, Status.REPORTED, Status.DONE)

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="assignments")
    # empty once the volunteer's record is deleted: the hours stay in the statistics
    volunteer = models.ForeignKey(
        "pool.Volunteer",
        on_delete=models.SET_NULL,
        null=True,
        related_name="assignments",
    )
    offer = models.OneToOneField(
        Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignment"
    )
    status = models.CharField(max_length=25, choices=Status.choices, default=Status.CONFIRMED)
    # the appointment as planned, copied: the volunteer's calendar and overlap checks use it
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    actual_start = models.DateTimeField(_("actual start"), null=True, blank=True)
    actual_end = models.DateTimeField(_("actual end"), null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("hours confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("reason"), blank=True)
    allowance = models.DecimalField(
        _("allowance (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # the month whose payout list carries the allowance (first day of the month)
    payout_month = models.DateField(_("paid with the month"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["confirmed", "reported", "done"]),
                name="one_live_assignment",
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "starts_at"], name="assignment_volunteer_time"),
            models.Index(fields=["centre", "payout_month"], name="assignment_payout"),
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.volunteer}"

    @property
    def minutes(self) -> int | None:
        if self.actual_start and self.actual_end:
            return int((self.actual_end - self.actual_start).total_seconds() // 60)
        return None
