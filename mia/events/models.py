"""Events, the festival editions that collect them, and the venues where they happen.

An event is written in the site's default language; its translations are rows of the same
table in other locales (wagtail-localize translates them like pages). Only the original
carries the facts — state, dates, venue, organiser; a translation lends its text only
(`TRANSLATED_TEXT`). The rules of the life of an event live in `services.py`.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from mia.core.accessibility import Access
from mia.core.languages import LanguageListField
from mia.core.models import Centre, CentreQuerySet
from mia.organisations.models import Organisation, WebAddressField


class Category(models.TextChoices):
    FESTIVAL = "festival", _("Street festival and celebration")
    TALK = "talk", _("Talk, reading and discussion")
    FILM = "film", _("Film")
    WORKSHOP = "workshop", _("Workshop and course")
    FAMILY = "family", _("Children and families")
    SPORT = "sport", _("Sport")
    MUSIC = "music", _("Concert and music")
    EXHIBITION = "exhibition", _("Exhibition")
    FAITH = "faith", _("Service and remembrance")
    INFORMATION = "information", _("Information and counselling")
    OTHER = "other", _("Other")


class Attendance(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("On site and online")


class TranslatableQuerySet(CentreQuerySet):
    def originals(self):
        """The records in the language they were written in; translations only lend text."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)


class EditionQuerySet(CentreQuerySet):
    def accepting_submissions(self, now=None) -> "EditionQuerySet":
        """The editions whose submission window is open at `now` (`accepts_submissions`)."""
        now = now or timezone.now()
        return self.filter(submissions_open_at__lte=now, submissions_close_at__gt=now)


class Edition(ClusterableModel):
    """One festival, e.g. the Internationale Woche of a year: its days and submission window.

    Not translated row by row like events: its name is a proper name, and its introduction
    comes in one text per language (`EditionIntro`), which the programme and booklet pick.
    """

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="editions", verbose_name=_("centre")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("address"), max_length=80, help_text=_("The last part of the programme's address.")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    submissions_open_at = models.DateTimeField(_("submissions open"))
    submissions_close_at = models.DateTimeField(_("submissions close"))
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Opens the programme page and the booklet; translations below."),
    )
    programme_published = models.BooleanField(
        _("programme published"),
        default=False,
        help_text=_("Until then the programme page says that the programme is in preparation."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("festival edition")
        verbose_name_plural = _("festival editions")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "slug"], name="unique_edition_slug"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="edition_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def intro_for(self, language: str) -> tuple[str, str]:
        """(text, its language): the introduction in `language`, else the original one."""
        for intro in self.intros.all():
            if intro.language == language and intro.text.strip():
                return intro.text, language
        return self.intro, settings.LANGUAGE_CODE

    def accepts_submissions(self, now=None) -> bool:
        # the window of EditionQuerySet.accepting_submissions, for an edition already loaded
        now = now or timezone.now()
        return self.submissions_open_at <= now < self.submissions_close_at

    @property
    def days(self) -> list:
        import datetime

        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + datetime.timedelta(days=n) for n in range(count)]


class EditionIntro(models.Model):
    """The edition's introduction in another language than the default one."""

    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="intros")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(_("introduction"))

    class Meta:
        verbose_name = _("introduction in another language")
        verbose_name_plural = _("introductions in other languages")
        constraints = [
            models.UniqueConstraint(fields=["edition", "language"], name="unique_edition_intro")
        ]

    def __str__(self) -> str:
        return self.language


def new_access_code() -> str:
    # unambiguous characters: read aloud on the phone or typed from a letter
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class AccessCode(models.Model):
    """Lets a known organisation submit to an edition after its window has closed."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="access_codes", verbose_name=_("centre")
    )
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="access_codes", verbose_name=_("edition")
    )
    code = models.CharField(_("code"), max_length=20, unique=True, default=new_access_code)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_codes",
        verbose_name=_("organisation"),
        help_text=_("Leave empty to let any organisation use the code."),
    )
    valid_until = models.DateTimeField(_("valid until"))
    max_uses = models.PositiveIntegerField(
        _("maximum number of events"), default=1, validators=[MinValueValidator(1)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code


class Venue(index.Indexed, models.Model):
    """A place where events happen, with what matters to people with disabilities."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="venues", verbose_name=_("centre")
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("city"), max_length=100, default="Dortmund")
    district = models.CharField(_("district"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    step_free = models.CharField(
        _("step-free access"), max_length=10, choices=Access.choices, default=Access.UNKNOWN
    )
    accessible_toilet = models.CharField(
        _("accessible toilet"), max_length=10, choices=Access.choices, default=Access.UNKNOWN
    )
    induction_loop = models.CharField(
        _("induction loop"), max_length=10, choices=Access.choices, default=Access.UNKNOWN
    )
    accessibility_notes = models.TextField(_("notes on accessibility"), max_length=1000, blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=True,
        help_text=_("Venues proposed by an organisation are checked by the office first."),
    )
    proposed_by = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_venues",
        verbose_name=_("proposed by"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = CentreQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("street"),
        index.FilterField("centre"),
    ]

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"

    @property
    def is_accessible(self) -> bool:
        """What the programme's filter 'accessible venue' means: step-free, known to be."""
        return self.step_free == Access.YES

    @property
    def map_url(self) -> str:
        """A link to OpenStreetMap: a link only, nothing of theirs is loaded into our pages."""
        if self.latitude is None or self.longitude is None:
            from urllib.parse import urlencode

            return "https://www.openstreetmap.org/search?" + urlencode({"query": self.address})
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
            f"#map=18/{self.latitude}/{self.longitude}"
        )


class EventQuerySet(TranslatableQuerySet):
    def public(self):
        """What visitors see: published events, and cancelled ones marked as cancelled."""
        return self.originals().filter(state__in=Event.PUBLIC_STATES)


class Event(TranslatableMixin, index.Indexed, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CANCELLED = "cancelled", _("Cancelled")

    PUBLIC_STATES = (State.PUBLISHED, State.CANCELLED)
    # the fields a translation overrides; everything else is the original's
    TRANSLATED_TEXT = (
        "title",
        "summary",
        "description",
        "target_group",
        "price",
        "registration_info",
        "image_alt",
    )
    # the facts of a translation are the original's: wagtail-localize copies them on every
    # sync and never offers them to the translator (see docs/decisions/0015)
    SYNCHRONISED_FACTS = (
        "centre",
        "edition",
        "organisation",
        "state",
        "category",
        "venue",
        "attendance",
        "online_url",
        "languages",
        "is_free",
        "age_min",
        "age_max",
        "family_friendly",
        "registration_required",
        "registration_url",
        "contact_email",
        "contact_phone",
        "image",
        "image_rights",
        "cancellation_note",
    )
    translatable_fields = [TranslatableField(name) for name in TRANSLATED_TEXT] + [
        SynchronizedField(name, overridable=False) for name in SYNCHRONISED_FACTS
    ]

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="events", verbose_name=_("centre")
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("festival edition"),
        help_text=_("Empty for events outside a festival."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organiser"),
        help_text=_("Empty when the centre itself organises the event."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences for the programme.")
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("venue"),
    )
    attendance = models.CharField(
        _("takes place"), max_length=10, choices=Attendance.choices, default=Attendance.ON_SITE
    )
    online_url = WebAddressField(_("link to the online event"), max_length=500, blank=True)
    languages = LanguageListField(_("languages spoken"), blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    price = models.CharField(_("price"), max_length=200, blank=True)
    target_group = models.CharField(_("for whom"), max_length=200, blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    family_friendly = models.BooleanField(_("suitable for families with children"), default=False)
    registration_required = models.BooleanField(_("registration needed"), default=False)
    registration_info = models.CharField(_("how to register"), max_length=300, blank=True)
    registration_url = WebAddressField(_("registration link"), max_length=500, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    image_rights = models.CharField(
        _("image rights"),
        max_length=250,
        blank=True,
        help_text=_("Who made the image, and that you may publish it."),
    )
    cancellation_note = models.CharField(_("reason for cancellation"), max_length=300, blank=True)
    # RFC 5545: grows with every change a calendar must pick up once the event is public
    sequence = models.PositiveIntegerField(default=0, editable=False)
    access_code = models.ForeignKey(
        AccessCode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="events",
        verbose_name=_("access code"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.FilterField("centre"),
        index.FilterField("state"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at"]
        permissions = [("review_event", _("Can review, accept and publish events"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_max__isnull=True)
                | models.Q(age_min__isnull=True)
                | models.Q(age_max__gte=models.F("age_min")),
                name="event_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def slug(self) -> str:
        return slugify(self.title)[:60] or "event"

    @property
    def is_public(self) -> bool:
        return self.state in self.PUBLIC_STATES

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.attendance in (Attendance.ONLINE, Attendance.HYBRID)

    @property
    def has_venue(self) -> bool:
        return self.attendance != Attendance.ONLINE and self.venue_id is not None

    @cached_property
    def original(self) -> "Event":
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return self
        return Event.objects.get(
            translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE
        )

    @classmethod
    def default_locale(cls) -> Locale:
        return Locale.objects.get(language_code=settings.LANGUAGE_CODE)


class EventDate(models.Model):
    """One time an event takes place; an event may have several (a series, a repeat)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="dates", verbose_name=_("event")
    )
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))

    class Meta:
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="event_date_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.start:%Y-%m-%d %H:%M}"


class EventMessage(models.Model):
    """What the office and the organisation say about an event.

    Messages to the organisation are shown to it and mailed through the outbox; internal
    review notes (`internal`) are for the office only and never leave the back office.
    """

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="event_messages", verbose_name=_("centre")
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="messages", verbose_name=_("event")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    from_office = models.BooleanField(_("from the office"), default=True)
    internal = models.BooleanField(
        _("internal note"), default=False, help_text=_("Never shown to the organisation.")
    )
    state = models.CharField(_("new state"), max_length=20, choices=Event.State.choices, blank=True)
    body = models.TextField(_("message"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("event message")
        verbose_name_plural = _("event messages")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.get_state_display() or _('message')}"


class Booklet(models.Model):
    """The printable programme of an edition in one language, made in the background."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="booklets", verbose_name=_("centre")
    )
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="booklets", verbose_name=_("edition")
    )
    language = models.CharField(_("language"), max_length=10)
    file = models.FileField(_("file"), upload_to="booklets/", blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    # which programme the file shows: regenerated when the published programme differs
    fingerprint = models.CharField(max_length=64, blank=True)
    generated_at = models.DateTimeField(_("made"), null=True, blank=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme booklet")
        verbose_name_plural = _("programme booklets")
        constraints = [
            models.UniqueConstraint(fields=["edition", "language"], name="unique_booklet_language")
        ]

    def __str__(self) -> str:
        return f"{self.edition_id} ({self.language})"
