"""Centres: one Kommunales Integrationszentrum each. Every record of MIA belongs to one."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from mia.permissions.roles import Role, domain_choices, role_domain_errors


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
    def for_user(self, user, model: type[models.Model] | None = None) -> "CentreOwnQuerySet":
        """The user's centres; with `model`, only those where a role grants rights on it."""
        if user.is_superuser:
            return self
        return self.filter(pk__in=_centre_ids(user, model))


def _centre_ids(user, model: type[models.Model] | None):
    memberships = Membership.objects.filter(user=user) if user.is_authenticated else None
    if memberships is None:
        return []
    if model is not None:
        from django.contrib.contenttypes.models import ContentType

        memberships = memberships.filter(
            group__permissions__content_type=ContentType.objects.get_for_model(model)
        )
    return memberships.values("centre_id")


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
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="centre",
        verbose_name=_("collection"),
        help_text=_("Holds the centre's images and documents; its editors see only these."),
    )

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
        """Records of the centres where one of the user's roles grants a right on this model."""
        if user.is_superuser:
            return self
        return self.filter(centre_id__in=_centre_ids(user, self.model))


class Membership(models.Model):
    """One role a user holds in one centre (coordinators: in one domain of its back office)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("centre")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="centre_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.EDITOR)
    domain = models.CharField(
        _("domain"),
        max_length=40,
        blank=True,
        choices=domain_choices,
        help_text=_("Coordinators only: the part of the back office they run."),
    )
    # the Django group that carries this role's permissions in this centre (kept in step)
    group = models.ForeignKey(
        "auth.Group", on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True, null=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "user", "role", "domain"], name="unique_membership"
            ),
        ]

    def __str__(self) -> str:
        label = self.get_role_display()
        if self.domain:
            label = f"{label} ({self.get_domain_display()})"
        return f"{self.user} @ {self.centre}: {label}"

    def clean(self) -> None:
        if errors := role_domain_errors(self.role, self.domain):
            raise ValidationError(errors)
