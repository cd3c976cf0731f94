"""Invitations: the only way to an account. The link sets the password, works once, expires."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mia.core.models import Centre, CentreQuerySet

from .roles import Role, domain_choices, role_domain_errors


def hash_token(token: str) -> str:
    # only the hash is stored: a leaked database holds no usable invitation link
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        EXPIRED = "expired", _("expired")

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("centre")
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    domain = models.CharField(_("domain"), max_length=40, blank=True, choices=domain_choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("organisation"),
        help_text=_("For organisation members and institution contacts: whom they act for."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} #{self.pk}"

    def clean(self) -> None:
        if errors := role_domain_errors(self.role, self.domain):
            raise ValidationError(errors)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.OPEN

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)
