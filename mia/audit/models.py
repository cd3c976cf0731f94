"""The audit log: who read or changed whose personal data, when, in which centre.

Entries are only ever added. When retention or an erasure removes a person's record, the
entries about it are redacted (the record's name and details blanked), never deleted, so
the log still shows that somebody read or changed something, and who did.
On PostgreSQL a trigger enforces this for every client, not only for MIA's code.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mia.core.models import Centre, CentreQuerySet

REDACTED = "[redacted]"


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(CentreQuerySet):
    def delete(self):
        raise AppendOnlyError("the audit log is append-only")

    def update(self, **kwargs):
        raise AppendOnlyError("the audit log is append-only; use redact()")

    def redact(self) -> int:
        """Blank what an entry says about the record; keep who did what, and when."""
        return super().update(object_repr=REDACTED, detail={}, redacted_at=timezone.now())

    def about(self, model: type[models.Model], ids) -> "AuditQuerySet":
        return self.filter(model_label=model._meta.label_lower, object_id__in=[str(i) for i in ids])


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        LIST = "list", _("listed")
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        ERASE = "erase", _("erased on request")
        RETENTION = "retention", _("deleted after its retention period")
        SEARCH = "search", _("searched")

    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centre"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # kept as text: the log must still say who it was after the account is gone
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    model_label = models.CharField(_("kind of record"), max_length=100)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    object_repr = models.CharField(_("record name"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    redacted_at = models.DateTimeField(_("redacted"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["model_label", "object_id"], name="audit_object")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model_label} #{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the audit log is append-only")
