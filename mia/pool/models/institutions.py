"""Institutions that may request mediators: an organisation of the centre (its contact
accounts are its members), with the pool's own facts, approved by the centre. Private
persons cannot request."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mia.core.models import Centre, CentreQuerySet


class Institution(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        DAY_CARE = "day_care", _("Day-care centre")
        AUTHORITY = "authority", _("Authority")
        COUNSELLING = "counselling", _("Counselling service")
        HEALTH = "health", _("Health service")
        ASSOCIATION = "association", _("Association")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        SUSPENDED = "suspended", _("Suspended")

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="pool_institutions", verbose_name=_("centre")
    )
    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="pool_institution",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    district = models.ForeignKey(
        "counselling.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    billing_reference = models.CharField(
        _("reference for the finance office"), max_length=100, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def approved(self) -> bool:
        return self.status == self.Status.APPROVED
