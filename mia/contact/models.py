from django.db import models
from django.utils.translation import gettext_lazy as _

from mia.core.models import Centre, CentreQuerySet

# How long a message is kept (Datenschutzerklärung states this): long enough to answer
# and follow up, then it is deleted. Barrier reports must be answered within a month.
RETENTION_DAYS = 180


class Message(models.Model):
    class Kind(models.TextChoices):
        CONTACT = "contact", _("Contact")
        BARRIER = "barrier", _("Barrier report")

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="messages", verbose_name=_("centre")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    page_url = models.CharField(_("page concerned"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # neutral on purpose: Wagtail writes this into its logs, which outlive the message
        return f"{self.get_kind_display()} #{self.pk}"
