from django.db import models
from django.utils.translation import gettext_lazy as _

from mia.core.models import Centre, CentreQuerySet


class RetentionCount(models.Model):
    """What retention and erasure removed, counted per month: statistics outlive the records."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    model_label = models.CharField(_("kind of record"), max_length=100)
    month = models.DateField(_("month"), help_text=_("The month the records were made in."))
    count = models.PositiveIntegerField(_("records"), default=0)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("anonymous count")
        verbose_name_plural = _("anonymous counts")
        ordering = ["-month", "model_label"]
        permissions = [("handle_requests", _("Can export and erase a person's data"))]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "model_label", "month"], name="unique_retention_count"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_label} {self.month:%Y-%m}: {self.count}"
