"""Counselling offices for newcomers (MBE, JMD and others), their providers, and the places
the finder measures distances from.

An office is written in the site's default language; its translations are rows of the same
table in other locales, made with wagtail-localize. Only the original carries the facts
(address, hours, languages, ages); a translation lends its text only (`TRANSLATED_TEXT`),
as with events. The finder's rules live in `finder.py`, opening hours in `hours.py`.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from mia.core.accessibility import Access
from mia.core.languages import CodeListField, LanguageListField
from mia.core.models import Centre, CentreQuerySet
from mia.organisations.models import WebAddressField

# How long an office's details may go unchecked before the dashboard asks for a look
VERIFY_EVERY = datetime.timedelta(days=365)
# German postcodes: five digits
postcode_validator = RegexValidator(r"^\d{5}$", _("Enter a postcode of five digits."))


def latitude_field(**kwargs) -> models.FloatField:
    return models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        **kwargs,
    )


def longitude_field(**kwargs) -> models.FloatField:
    return models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        **kwargs,
    )


class Programme(models.TextChoices):
    MBE = "mbe", _("Migration counselling for adults (MBE)")
    JMD = "jmd", _("Youth migration service (JMD)")
    OTHER = "other", _("Other counselling")


class Topic(models.TextChoices):
    GERMAN = "german", _("Learning German and integration courses")
    WORK = "work", _("Work and recognition of qualifications")
    EDUCATION = "education", _("School, training and studies")
    RESIDENCE = "residence", _("Residence and naturalisation")
    FAMILY = "family", _("Family and children")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    MONEY = "money", _("Money, benefits and debts")
    DISCRIMINATION = "discrimination", _("Discrimination and racism")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Located(models.TextChoices):
    """How exact an office's coordinates are: the finder says "about" for the rough ones."""

    ENTERED = "entered", _("Entered by hand")
    POSTCODE = "postcode", _("Centre of the postcode area")
    DISTRICT = "district", _("Centre of the district")


class District(models.Model):
    """A district of the centre's city, with its centre point: where distances start when a
    visitor names the district they live in."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="districts", verbose_name=_("centre")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    latitude = latitude_field()
    longitude = longitude_field()

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "slug"], name="unique_district_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.slug = self.slug or slugify(self.name)
        super().save(*args, **kwargs)


class PostcodeArea(models.Model):
    """A postcode with its centre point: MIA looks places up in its own table, never in a
    geocoding service of another host."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="postcode_areas", verbose_name=_("centre")
    )
    postcode = models.CharField(_("postcode"), max_length=5, validators=[postcode_validator])
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postcode_areas",
        verbose_name=_("district"),
        help_text=_("The district most of the area lies in."),
    )
    latitude = latitude_field()
    longitude = longitude_field()

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")
        ordering = ["postcode"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "postcode"], name="unique_postcode_area"),
        ]

    def __str__(self) -> str:
        return self.postcode


class Provider(models.Model):
    """The organisation running offices: a welfare association, a club, the city."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="providers", verbose_name=_("centre")
    )
    name = models.CharField(_("name"), max_length=200)
    website = WebAddressField(_("website"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="unique_provider_name"),
        ]

    def __str__(self) -> str:
        return self.name


class OfficeQuerySet(CentreQuerySet):
    def originals(self):
        """The offices in the language they were written in; translations only lend text."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)

    def due_for_verification(self, today: datetime.date | None = None):
        """Offices whose details nobody has confirmed for `VERIFY_EVERY`, oldest first."""
        today = today or timezone.localdate()
        return (
            self.originals()
            .filter(models.Q(verified_on__lte=today - VERIFY_EVERY) | models.Q(verified_on=None))
            .order_by(models.F("verified_on").asc(nulls_first=True), "name")
        )


class Office(TranslatableMixin, index.Indexed, ClusterableModel):
    """A place where newcomers get counselling, and everything a visitor needs to go there."""

    TRANSLATED_TEXT = ("name", "description", "hours_note", "accessibility_notes", "closed_note")
    SYNCHRONISED_FACTS = (
        "centre",
        "provider",
        "programme",
        "street",
        "postcode",
        "city",
        "district",
        "latitude",
        "longitude",
        "located",
        "phone",
        "email",
        "website",
        "appointment_url",
        "online_url",
        "languages",
        "age_min",
        "age_max",
        "topics",
        "by_appointment",
        "temporarily_closed",
        "step_free",
        "verified_on",
        "is_example",
    )
    translatable_fields = [TranslatableField(name) for name in TRANSLATED_TEXT] + [
        SynchronizedField(name, overridable=False) for name in SYNCHRONISED_FACTS
    ]

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="offices", verbose_name=_("centre")
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("provider"),
    )
    programme = models.CharField(_("programme"), max_length=10, choices=Programme.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, blank=True, editable=False)
    description = models.TextField(
        _("description"),
        max_length=2000,
        blank=True,
        help_text=_("What the office helps with, in a few plain sentences."),
    )
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5, validators=[postcode_validator])
    city = models.CharField(_("city"), max_length=100)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("district"),
        help_text=_("Taken from the postcode when left empty."),
    )
    latitude = latitude_field(help_text=_("Taken from the postcode when left empty."))
    longitude = longitude_field()
    located = models.CharField(
        _("coordinates from"), max_length=10, choices=Located.choices, blank=True, editable=False
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = WebAddressField(_("website"), max_length=500, blank=True)
    appointment_url = WebAddressField(_("link to book an appointment"), max_length=500, blank=True)
    online_url = WebAddressField(_("link to online counselling"), max_length=500, blank=True)
    languages = LanguageListField(_("languages spoken"), blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("from age"), default=0, validators=[MaxValueValidator(120)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("up to age"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_("Empty when there is no upper limit."),
    )
    topics = CodeListField(_("topics"), blank=True, code_choices=Topic.choices)
    by_appointment = models.BooleanField(
        _("by appointment"),
        default=False,
        help_text=_("Also, or only, by appointment outside the opening hours."),
    )
    hours_note = models.CharField(_("note on the opening hours"), max_length=300, blank=True)
    temporarily_closed = models.BooleanField(_("temporarily closed"), default=False)
    closed_note = models.CharField(
        _("why it is closed"),
        max_length=300,
        blank=True,
        help_text=_("Shown while the office is temporarily closed, e.g. where to go instead."),
    )
    step_free = models.CharField(
        _("step-free access"), max_length=10, choices=Access.choices, default=Access.UNKNOWN
    )
    accessibility_notes = models.TextField(_("notes on accessibility"), max_length=1000, blank=True)
    verified_on = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When someone last confirmed these details with the office."),
    )
    is_example = models.BooleanField(
        _("example"),
        default=False,
        help_text=_("Demo data: the office is marked as an example wherever it is shown."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = OfficeQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("street"),
        index.FilterField("centre"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("counselling office")
        verbose_name_plural = _("counselling offices")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_max__isnull=True)
                | models.Q(age_max__gte=models.F("age_min")),
                name="office_age_range",
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "programme"], name="office_centre_programme"),
            # the API's validators: newest change, count and ids of a centre's offices in a
            # language, read from the index alone
            models.Index(
                fields=["centre", "locale", "updated_at", "id"],
                name="office_centre_locale_changed",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.age_max is not None and self.age_max < (self.age_min or 0):
            errors["age_max"] = _("The upper age must not be below the lower one.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Enter both coordinates, or neither.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        from .places import locate

        self.slug = slugify(self.name)[:80] or "office"
        if self.is_original_locale():
            locate(self)
        super().save(*args, **kwargs)

    def is_original_locale(self) -> bool:
        return self.locale_id is None or self.locale.language_code == settings.LANGUAGE_CODE

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"

    @property
    def is_original(self) -> bool:
        return self.locale.language_code == settings.LANGUAGE_CODE

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_due_for_verification(self) -> bool:
        return self.verified_on is None or (self.verified_on <= timezone.localdate() - VERIFY_EVERY)


class OpeningSlot(models.Model):
    """One span of a weekday when the office is open, e.g. Tuesday 9:00–12:00."""

    office = ParentalKey(Office, on_delete=models.CASCADE, related_name="opening_slots")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="slot_closes_after_opening"
            ),
        ]
        indexes = [
            models.Index(fields=["weekday", "opens", "closes"], name="slot_weekday_time"),
            # "open now" and "open on a day" ask per office (a correlated subquery): without
            # the office first, SQLite walked the weekday's slots of all offices for each one
            models.Index(fields=["office", "weekday", "opens", "closes"], name="slot_office_time"),
            # the API's validators: the day's last and next closing
            models.Index(fields=["weekday", "closes"], name="slot_weekday_closes"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("The office must close after it opens.")})


class Closure(models.Model):
    """Days the office is closed although its hours say open: holidays, training days."""

    office = ParentalKey(Office, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    note = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="closure_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day must not be before the first.")})
