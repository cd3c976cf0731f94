import datetime
from email.utils import parseaddr

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mia.core.models import Centre, CentreQuerySet, Membership
from mia.permissions.roles import Role

# Purpose families ("event" for "event.12") whose mails staff review before they go out, by
# the back-office domain that reviews them. A coordinator of such a domain reads only them.
_reviewed_families: dict[str, set[str]] = {}


def register_reviewed_purpose(family: str, domain: str) -> None:
    """An app whose mails are held for review by `domain`'s coordinators: they read those
    mails, and only those (least privilege: the rest of the outbox is not theirs)."""
    _reviewed_families.setdefault(domain, set()).add(family)


def purpose_family_filter(families) -> models.Q:
    query = models.Q(pk__in=[])
    for family in sorted(families):
        query |= models.Q(purpose=family) | models.Q(purpose__startswith=f"{family}.")
    return query


def _granting(user, codename: str) -> models.QuerySet:
    """The user's memberships whose role grants the outbox permission `codename`."""
    return Membership.objects.filter(
        user=user,
        group__permissions__codename=codename,
        group__permissions__content_type__app_label="outbox",
    )


class OutboxQuerySet(CentreQuerySet):
    def for_user(self, user) -> "OutboxQuerySet":
        """The mails of the user's centres; where the user reads the outbox only as the
        coordinator of a reviewing domain (the events office), only that domain's mails."""
        mails = super().for_user(user)
        if user.is_superuser:
            return mails
        readers = _granting(user, "view_outboxmessage")
        whole = readers.exclude(role=Role.COORDINATOR, domain__in=list(_reviewed_families))
        visible = models.Q(centre_id__in=whole.values("centre_id"))
        for domain, families in _reviewed_families.items():
            reviewing = readers.filter(role=Role.COORDINATOR, domain=domain)
            visible |= models.Q(centre_id__in=reviewing.values("centre_id")) & (
                purpose_family_filter(families)
            )
        return mails.filter(visible)

    def retriable_by(self, user) -> "OutboxQuerySet":
        """The mails the user may send again once failed: those of the centres where one of
        the user's roles grants it (a right held in another centre does not count)."""
        if user.is_superuser:
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(centre_id__in=_granting(user, "retry_outboxmessage").values("centre_id"))

    def releasable_by(self, user) -> "OutboxQuerySet":
        """The mails the user may release or discard while held: those of the centres where
        one of the user's roles grants it. A coordinator's role counts only for the purposes
        its domain reviews (a held "event.12" is the events office's to release); roles
        without a domain (the centre's administrators) hold every domain."""
        if user.is_superuser:
            return self
        if not user.is_authenticated:
            return self.none()
        releasers = _granting(user, "release_outboxmessage")
        allowed = models.Q(
            centre_id__in=releasers.exclude(role=Role.COORDINATOR).values("centre_id")
        )
        for domain, families in _reviewed_families.items():
            reviewing = releasers.filter(role=Role.COORDINATOR, domain=domain)
            allowed |= models.Q(centre_id__in=reviewing.values("centre_id")) & (
                purpose_family_filter(families)
            )
        return self.filter(allowed)

    def due(self, now):
        """Pending mails whose time has come, oldest first: a backlog goes out in order."""
        return self.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now).order_by(
            "created_at", "pk"
        )

    def held(self):
        return self.filter(status=OutboxMessage.Status.HELD)

    def failed(self):
        return self.filter(status=OutboxMessage.Status.FAILED)


class OutboxMessage(models.Model):
    """A mail written in the same transaction as the record it reports, and sent afterwards.

    A mail queued with `hold=True` waits until staff have read and released it (or
    discarded it). It stays pending until the mail server has accepted it; a failed attempt is retried
    later with growing pauses, so a mail is never lost because the server was down. A mail
    the server refuses for good (a 5xx reply), or one still undelivered after
    `MIA_OUTBOX_GIVE_UP_AFTER`, is marked failed: staff see it and may send it again.
    """

    class Status(models.TextChoices):
        HELD = "held", _("waiting for release")
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="outbox", verbose_name=_("centre")
    )
    purpose = models.CharField(_("purpose"), max_length=50)
    to = models.JSONField(_("recipients"))
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    retried_at = models.DateTimeField(
        _("sent again by staff"),
        null=True,
        blank=True,
        help_text=_("When staff last sent this failed mail again."),
    )

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        permissions = [
            ("retry_outboxmessage", _("Can send failed outgoing mails again")),
            ("release_outboxmessage", _("Can release held outgoing mails")),
        ]

    def __str__(self) -> str:
        # neutral on purpose: Wagtail writes this into its logs, which outlive the mail
        return f"{self.purpose} #{self.pk}"

    def get_to_display(self) -> str:
        return ", ".join(self.to)

    def get_reply_to_display(self) -> str:
        return ", ".join(self.reply_to) or "–"

    @property
    def message_id(self) -> str:
        """The mail's Message-ID header: one per outbox row, the same on every attempt.

        Built from the row, not from the sending host, so that every worker on every server
        sends a repeated attempt with the same ID, and a receiving system can drop the copy.
        """
        created = self.created_at.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "mia.invalid"
        return f"<mia-outbox.{self.pk}.{created}@{domain}>"
