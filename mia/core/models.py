"""Centres: one Kommunales Integrationszentrum each. Every record of MIA belongs to one."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


def validate_language_list(value: str) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        raise ValidationError(_("Name at least one language."))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s"), params={"codes": ", ".join(unknown)}
        )
    if codes[0] != settings.LANGUAGE_CODE:
        raise ValidationError(
            _("The first language must be %(code)s, the language content is written in."),
            params={"code": settings.LANGUAGE_CODE},
        )


class CentreOwnQuerySet(models.QuerySet):
    def for_user(self, user) -> "CentreOwnQuerySet":
        if user.is_superuser:
            return self
        return self.filter(memberships__user=user)


class Centre(models.Model):
    site = models.OneToOneField(
        "wagtailcore.Site", on_delete=models.PROTECT, related_name="centre", verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    slug = models.SlugField(_("slug"), unique=True)
    languages = models.CharField(
        _("languages"),
        max_length=100,
        default="de,en,tr,ar,uk",
        validators=[validate_language_list],
        help_text=_("Comma-separated language codes offered on the public site, German first."),
    )
    authority = models.CharField(
        _("authority"), max_length=200, blank=True, help_text=_("The administration it belongs to.")
    )
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("email"), help_text=_("Receives the messages of the site's forms."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    office_hours = models.TextField(_("office hours"), blank=True)

    objects = CentreOwnQuerySet.as_manager()

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def language_choices(self) -> list[tuple[str, str]]:
        names = dict(settings.LANGUAGES)
        return [(code, names[code]) for code in self.language_codes if code in names]


class CentreQuerySet(models.QuerySet):
    """Base for every centre-owned model: the only way in is through a centre."""

    def for_centre(self, centre: Centre) -> "CentreQuerySet":
        return self.filter(centre=centre)

    def for_user(self, user) -> "CentreQuerySet":
        if user.is_superuser:
            return self
        return self.filter(centre__memberships__user=user)


class Membership(models.Model):
    """A staff account's access to one centre's back office (roles follow in the trust app)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("centre")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="centre_memberships",
        verbose_name=_("user"),
    )

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["centre", "user"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.centre}"
