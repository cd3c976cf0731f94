"""A month of allowances that the centre has handed to the finance office: closed, so that
the list it exported never changes afterwards (decision 0033)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mia.core.models import Centre, CentreQuerySet


class PayoutMonth(models.Model):
    """One row per closed month: hours confirmed later are paid with the next open month."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    # the first day of the month
    month = models.DateField(_("month"))
    closed_at = models.DateTimeField(_("closed"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        verbose_name = _("closed payout month")
        verbose_name_plural = _("closed payout months")
        constraints = [
            models.UniqueConstraint(fields=["centre", "month"], name="one_closing_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"
