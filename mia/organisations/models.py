"""Organisations, clubs, initiatives and institutions that work with a centre."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mia.core.models import Centre, CentreQuerySet

# only links a visitor's browser opens safely: no javascript:, data: or ftp:
web_address = URLValidator(schemes=["http", "https"])


class WebAddressField(models.URLField):
    """A website: http(s) only; an address typed without a scheme is taken as https."""

    default_validators = [web_address]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant organisation")
        INITIATIVE = "initiative", _("Initiative")
        INSTITUTION = "institution", _("Institution")
        ADMINISTRATION = "administration", _("Administration")

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="organisations", verbose_name=_("centre")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    website = WebAddressField(_("website"), max_length=300, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationMember",
        related_name="organisations",
        verbose_name=_("member accounts"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # the events' feeds and API show the organiser: their validators follow its changes
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="unique_organisation_name")
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationMember(models.Model):
    """An account that acts for an organisation (submits its events, keeps its profile)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="unique_organisation_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"
