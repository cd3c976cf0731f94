"""The naturalisation ceremony: who is invited, who answered, who came.

A `Ceremony` has a number of seats (companions take seats too). Everyone naturalised in the
period is an `Invitee`, with a personal code printed on their letter; their answer is kept on
the same row (`status`, `companions`). Seats are never counted in a column: how many are
taken is always worked out from the rows (attending, and offered until the offer runs out),
under a lock on the ceremony row (`services.py`), as pretix counts its quotas.

An invitee's personal data is kept until `erase_after` (the ceremony plus its retention
days); the retention task then blanks it and keeps the row, so the anonymous counts stay.
"""

import datetime
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mia.core.languages import LanguageListField
from mia.core.models import Centre, CentreQuerySet

# Personal codes: no 0/O, 1/I/L, so a code read off paper is typed right; 10 symbols of 31
# make about 50 bits, too many to guess within the rate limit of the code form.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
RETENTION_DAYS = 30
OFFER_HOURS = 48


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """A code as typed or read: without spaces and dashes, in capitals; letters that look
    like digits read as the digits they resemble."""
    code = "".join(typed.split()).replace("-", "").upper()
    return code.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


class Ceremony(models.Model):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="ceremonies", verbose_name=_("centre")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue_name = models.CharField(_("venue"), max_length=200)
    venue_address = models.TextField(
        _("venue address"), help_text=_("Street, postcode and town, one per line.")
    )
    details = models.TextField(
        _("what to expect"),
        blank=True,
        help_text=_("The programme, what to bring, how to get there. Shown on the answer page."),
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, seats for wheelchair users, hearing loop, and the like."),
    )
    languages = LanguageListField(
        _("languages at the ceremony"),
        blank=True,
        help_text=_("Languages spoken or interpreted, e.g. German Sign Language."),
    )
    capacity = models.PositiveIntegerField(
        _("seats"),
        validators=[MinValueValidator(1)],
        help_text=_("All seats for guests: invitees and their companions."),
    )
    companions_allowed = models.PositiveSmallIntegerField(
        _("companions per invitee"), default=1, validators=[MaxValueValidator(10)]
    )
    rsvp_deadline = models.DateTimeField(_("answers until"))
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a freed seat"),
        default=OFFER_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
        help_text=_("A seat that becomes free is offered to the next on the waiting list."),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("days the answers are kept"),
        default=RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("After the ceremony; then names and addresses are erased, counts stay."),
    )
    # the letter: MIA's text in German and the invitee's language, with these words of the
    # centre's own (German only: a paragraph staff write, nobody translates) and its signature
    invitation_note = models.TextField(
        _("a word of your own in the letter"),
        blank=True,
        help_text=_(
            "An extra paragraph in German for the invitation letter and e-mail, e.g. who will "
            "speak. The rest of the letter is MIA's text, also in the invitee's language."
        ),
    )
    signatory_name = models.CharField(
        _("signed by"),
        max_length=200,
        blank=True,
        help_text=_("The name under the letter, e.g. the Lord Mayor's. Empty: the centre's name."),
    )
    signatory_role = models.CharField(
        _("signatory's office"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Oberbürgermeister der Stadt Dortmund”."),
    )
    accepting_answers = models.BooleanField(
        _("accepting answers"),
        default=False,
        help_text=_("Switch on when the invitations go out."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("naturalisation ceremony")
        verbose_name_plural = _("naturalisation ceremonies")

    def __str__(self) -> str:
        return self.title

    @property
    def answers_close_at(self) -> datetime.datetime:
        """The deadline for answers, and never later than the start."""
        return min(self.rsvp_deadline, self.starts_at)

    @property
    def erase_after(self) -> datetime.datetime:
        return (self.ends_at or self.starts_at) + datetime.timedelta(days=self.retention_days)

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # a moved date or another retention period moves every invitee's erasure with it
        self.invitees.filter(anonymised=False).update(erase_after=self.erase_after)


def holds_seat(now: datetime.datetime) -> Q:
    """Who has a seat: attending, offered a freed one until later, or let in at the door
    without one (a seat is theirs from then on). `services._SEATS_SQL` counts the same."""
    return (
        Q(status=Invitee.Status.ATTENDING)
        | Q(status=Invitee.Status.OFFERED, offered_until__gt=now)
        | Q(checked_in_at__isnull=False)
    )


class InviteeQuerySet(CentreQuerySet):
    def anonymise(self) -> int:
        """Blank what names a person; keep what counts (answer, companions, arrival)."""
        return self.update(
            anonymised=True,
            code=None,
            name="",
            address_extra="",
            street="",
            postcode="",
            city="",
            email="",
            identity="",
            accessibility_needs="",
        )

    def waiting(self) -> "InviteeQuerySet":
        """The waiting list, first come first served."""
        return self.filter(status=Invitee.Status.WAITING).order_by("waiting_since", "pk")


class Invitee(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("No answer yet")
        ATTENDING = "attending", _("Attending")
        DECLINED = "declined", _("Declined")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("Offered a freed seat")

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, verbose_name=_("centre"))
    ceremony = models.ForeignKey(
        Ceremony, on_delete=models.CASCADE, related_name="invitees", verbose_name=_("ceremony")
    )
    # None once anonymised: the code no longer opens anything
    code = models.CharField(_("personal code"), max_length=CODE_LENGTH, unique=True, null=True)
    name = models.CharField(_("name"), max_length=200)
    address_extra = models.CharField(_("address addition"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("town"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("preferred language"), max_length=10, default=settings.LANGUAGE_CODE
    )
    # name and address, folded: how the import recognises the same person twice
    identity = models.CharField(max_length=500, editable=False)

    status = models.CharField(
        _("answer"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    companions = models.PositiveSmallIntegerField(_("companions"), default=0)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    offered_until = models.DateTimeField(_("offer open until"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("invitation e-mailed at"), null=True, blank=True)
    # when a letter for the invitee was last put into a PDF: the next PDF may leave them out
    lettered_at = models.DateTimeField(_("letter made at"), null=True, blank=True)

    erase_after = models.DateTimeField(editable=False, db_index=True)
    anonymised = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InviteeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        constraints = [
            models.UniqueConstraint(
                fields=["ceremony", "identity"],
                condition=Q(anonymised=False),
                name="invitee_once_per_ceremony",
            ),
        ]
        indexes = [
            models.Index(fields=["ceremony", "status"], name="invitee_ceremony_status"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def seats(self) -> int:
        return 1 + self.companions

    @property
    def display_code(self) -> str:
        """The code in two groups of five, as letters and tickets print it."""
        code = self.code or ""
        return f"{code[:5]} {code[5:]}".strip()

    @property
    def offer_lapsed(self) -> bool:
        """Declined because an offered seat was not accepted in time (services._settle
        keeps `offered_until` for this)."""
        return self.status == self.Status.DECLINED and self.offered_until is not None

    @staticmethod
    def identity_of(name: str, street: str, postcode: str) -> str:
        def fold(text: str) -> str:
            return " ".join(text.casefold().split())

        return "|".join((fold(name), fold(street), "".join(postcode.split())))

    def save(self, *args, **kwargs) -> None:
        if not self.anonymised:
            self.identity = self.identity_of(self.name, self.street, self.postcode)
            if not self.code:
                self.code = new_code()
        if self.erase_after is None and self.ceremony_id:
            self.erase_after = self.ceremony.erase_after
        super().save(*args, **kwargs)


def private_storage() -> FileSystemStorage:
    """Where the letters are kept: outside MEDIA_ROOT, so no web server serves them."""
    return FileSystemStorage(location=settings.MIA_PRIVATE_DIR, base_url=None)


class LetterBatchQuerySet(CentreQuerySet):
    def discard(self) -> int:
        """Delete the rows and their files (the retention run calls this)."""
        count = 0
        for batch in self:
            if batch.file:
                batch.file.delete(save=False)
            count += 1
        self.model.objects.filter(pk__in=[b.pk for b in self]).delete()
        return count


class LetterBatch(models.Model):
    """One PDF of invitation letters for a ceremony, made in the background (`letters.py`).

    The file names people: it lives in MIA_PRIVATE_DIR, is downloaded only through the back
    office, and is deleted `LETTERS_KEPT` after it was made (or with its ceremony)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, verbose_name=_("centre"))
    ceremony = models.ForeignKey(
        Ceremony,
        on_delete=models.CASCADE,
        related_name="letter_batches",
        verbose_name=_("ceremony"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    only_new = models.BooleanField(_("only invitees without a letter yet"), default=False)
    file = models.FileField(storage=private_storage, upload_to="letters/", blank=True)
    letters = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = LetterBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation letters")
        verbose_name_plural = _("invitation letters")

    def __str__(self) -> str:
        return f"{self.ceremony} ({self.created_at:%Y-%m-%d %H:%M})"
