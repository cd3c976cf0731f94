"""The organisations' event form: the event, its dates, a venue chosen or proposed, an image.

One page holds three Django forms: `EventForm` (the event, the choice of venue, the image),
`VenueProposalForm` (a new venue, when the organisation proposes one) and `DateFormSet` (one
row per date). `EventSubmission` ties them together: it validates them in the right order
(the dates need the edition), collects the errors for the one summary at the top, and saves
everything in one transaction, so that nothing is half-saved.

Two levels of checks: every save checks that each value is valid (an end before its start, a
date outside the festival, a link that is not http(s), an image without description); the
submission also checks that the event is complete (a date, a venue or a link, a price when it
is not free) — mirroring `services._check_submission`, so that its errors land at the fields.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import RegexValidator, URLValidator
from django.db import transaction
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from mia.contact.forms import no_line_breaks
from mia.core.forms import (
    KernChoicesBoundField,
    KernForm,
    SummaryEntry,
    field_errors,
    formset_errors,
)
from mia.core.languages import lang_attribute, language_direction
from mia.core.models import Centre
from mia.core.uploads import SafeImageField
from mia.organisations.models import Organisation

from . import services
from .models import AccessCode, Attendance, Edition, Event, Venue

# Only web links a visitor's browser opens safely; said plainly at the field.
http_link = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that begins with https:// (or http://)."),
)
postcode = RegexValidator(r"^[0-9]{5}$", _("A postcode has five digits."))
MAX_DATES = 30


def _ltr(field: forms.Field, autocomplete: str = "off") -> None:
    # addresses and numbers read left to right, also on Arabic pages
    field.widget.attrs.update({"dir": "ltr", "autocomplete": autocomplete})


def silence(form: forms.BaseForm | forms.BaseFormSet) -> None:
    """Show a bound form's values without validating it or showing errors.

    Used when a button only changes the page (one more date row, a venue search): nothing is
    saved, so nothing should be reported wrong yet either.
    """
    if isinstance(form, forms.BaseFormSet):
        for member in form.forms:
            silence(member)
        form._errors = []
        form._non_form_errors = form.error_class(error_class="nonform")
    else:
        form._errors = ErrorDict()
        form.cleaned_data = {}


# -- dates ----------------------------------------------------------------------------------


class DateForm(KernForm):
    """One date: a day, a start and an end time; an end date only when it ends on another day."""

    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_day = forms.DateField(
        label=_("Ends on another day"),
        required=False,
        help_text=_("Only if the event ends on a later day, for example after midnight."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, edition: Edition | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        for field in self.fields.values():
            field.widget.attrs["autocomplete"] = "off"

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day is None or start is None or end is None:
            return data
        end_day = data.get("end_day") or day
        zone = timezone.get_default_timezone()
        begins = datetime.datetime.combine(day, start, zone)
        ends = datetime.datetime.combine(end_day, end, zone)
        # the day is checked on its own, so that both mistakes are shown at once
        outside = services.date_errors([services.Slot(begins, begins)], self.edition)
        if outside:
            self.add_error("day", outside)
        if end_day < day:
            self.add_error("end_day", _("The end date is before the day it starts."))
        elif ends <= begins:
            self.add_error(
                "end",
                _("The end is not after the start. Give the end date if it ends on another day."),
            )
        elif not outside:
            data["slot"] = services.Slot(begins, ends)
        return data

    @classmethod
    def initial_for(cls, start: datetime.datetime, end: datetime.datetime) -> dict:
        start, end = timezone.localtime(start), timezone.localtime(end)
        initial = {"day": start.date(), "start": start.time(), "end": end.time()}
        if end.date() != start.date():
            initial["end_day"] = end.date()
        return initial


class BaseDateFormSet(forms.BaseFormSet):
    def __init__(self, *args, require_one: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_one = require_one

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove this date")

    def clean(self):
        if any(self.errors):
            return
        slots = self.slots()
        if self.require_one and not slots:
            raise ValidationError(_("Give at least one date."), code="no_date")
        # the edition's days are checked at each row; here only what involves several rows
        overlaps = services.date_errors(slots, None)
        if overlaps:
            raise ValidationError(overlaps)

    def slots(self) -> list[services.Slot]:
        return [
            form.cleaned_data["slot"]
            for form in self.forms
            if form.cleaned_data.get("slot") and not self._should_delete_form(form)
        ]


DateFormSet = forms.formset_factory(
    DateForm,
    formset=BaseDateFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_DATES,
    validate_max=True,
    absolute_max=MAX_DATES,
)


# -- venues ---------------------------------------------------------------------------------


class VenueProposalForm(forms.ModelForm):
    """A venue the organisation proposes: checked by the office, offered only to it until then."""

    bound_field_class = KernChoicesBoundField

    class Meta:
        model = Venue
        fields = [
            "name",
            "street",
            "postcode",
            "city",
            "district",
            "latitude",
            "longitude",
            "step_free",
            "accessible_toilet",
            "induction_loop",
            "accessibility_notes",
        ]
        widgets = {
            "step_free": forms.RadioSelect,
            "accessible_toilet": forms.RadioSelect,
            "induction_loop": forms.RadioSelect,
            "accessibility_notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "district": _("For example Innenstadt-Nord."),
            "latitude": _("For the map: for example 51.5219."),
            "longitude": _("For the map: for example 7.4653."),
            "step_free": _("Can a wheelchair user reach the room without steps?"),
            "accessibility_notes": _("For example: a ramp at the side entrance; seats."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "street", "city", "district"):
            self.fields[name].validators.append(no_line_breaks)
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["postcode"].validators.append(postcode)
        _ltr(self.fields["postcode"])
        self.fields["postcode"].widget.attrs["inputmode"] = "numeric"
        for name in ("latitude", "longitude"):
            _ltr(self.fields[name])
            self.fields[name].widget.attrs["step"] = "any"
        for name in ("step_free", "accessible_toilet", "induction_loop"):
            # the model's blank choice is no answer: "not known" is
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]

    def is_empty(self) -> bool:
        """Nothing typed in: a draft may leave its venue open."""
        return not any(
            (self.data.get(self.add_prefix(name)) or "").strip()
            for name in ("name", "street", "postcode", "district", "latitude", "longitude")
        )


class VenueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, venue: Venue) -> str:
        label = f"{venue.name} – {venue.street}, {venue.postcode} {venue.city}"
        if not venue.verified:
            label += " " + gettext("(proposed by you, not yet checked)")
        return label


def venues_for(centre: Centre, organisations: Iterable[Organisation]):
    """The venues offered: the centre's checked ones, and the ones these organisations proposed."""
    return Venue.objects.filter(centre=centre).filter(
        Q(verified=True) | Q(proposed_by__in=list(organisations))
    )


def matching(venues, query: str):
    words = query.split()
    for word in words[:5]:
        venues = venues.filter(
            Q(name__icontains=word) | Q(street__icontains=word) | Q(district__icontains=word)
        )
    return venues


# -- the event ------------------------------------------------------------------------------


class EventForm(forms.ModelForm):
    bound_field_class = KernChoicesBoundField

    EXISTING, NEW = "existing", "new"
    # what a complete submission can do without; the rest is needed to submit, even where a
    # draft may leave it open (so no "(optional)" there)
    optional_names = frozenset(
        {
            "edition",
            "access_code",
            "description",
            "venue_query",
            "price",
            "target_group",
            "age_min",
            "age_max",
            "registration_info",
            "registration_url",
            "contact_email",
            "contact_phone",
            "image",
            "image_alt",
            "image_rights",
        }
    )

    organisation = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Organisation.objects.none(), empty_label=None
    )
    access_code = forms.CharField(
        label=_("Access code"),
        required=False,
        max_length=20,
        help_text=_(
            "Only for a festival whose submissions have closed: the office gives you a code."
        ),
    )
    venue_mode = forms.ChoiceField(
        label=_("Venue"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(EXISTING, _("A venue from the list")), (NEW, _("Propose a new venue"))],
        initial=EXISTING,
    )
    venue_query = forms.CharField(
        label=_("Search the list of venues"),
        required=False,
        max_length=100,
        help_text=_("A name, street or district; then press “Search venues”."),
    )
    is_free = forms.TypedChoiceField(
        label=_("Price"),
        widget=forms.RadioSelect,
        choices=[("yes", _("Free of charge")), ("no", _("There is a price"))],
        coerce=lambda value: value == "yes",
        initial="yes",
    )
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    class Meta:
        model = Event
        fields = [
            "edition",
            "title",
            "summary",
            "description",
            "category",
            "venue",
            "attendance",
            "online_url",
            "languages",
            "is_free",
            "price",
            "target_group",
            "age_min",
            "age_max",
            "family_friendly",
            "registration_required",
            "registration_info",
            "registration_url",
            "contact_email",
            "contact_phone",
            "image_alt",
            "image_rights",
        ]
        field_classes = {"venue": VenueChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "attendance": forms.RadioSelect,
            "contact_phone": forms.TextInput(attrs={"type": "tel"}),
        }
        labels = {
            "venue": _("Venue from the list"),
            "price": _("What does it cost?"),
            "age_min": _("From age"),
            "age_max": _("Up to age"),
        }
        help_texts = {
            "title": _("Short and clear, for example “Reading: Stories from the Nordstadt”."),
            "summary": _("One or two sentences for the programme."),
            "description": _("What happens, who is it for, what to bring."),
            "online_url": _("The full address, beginning with https://"),
            "price": _("For example: 5 €, reduced 3 €."),
            "target_group": _("For example: women, young people, newcomers."),
            "registration_info": _("For example: by phone until 15 June."),
            "registration_url": _("The full address, beginning with https://"),
            "contact_email": _("Shown with the event, for visitors' questions."),
            "image_alt": _(
                "What the image shows, for people who cannot see it. Needed with an image."
            ),
            "image_rights": _(
                "Who made the image, and that you may publish it. Needed with an image."
            ),
        }

    def __init__(
        self,
        *args,
        centre: Centre,
        organisations: list[Organisation],
        now: datetime.datetime | None = None,
        venue_query: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.centre = centre
        self.organisations = organisations
        self.now = now or timezone.now()
        event = self.instance
        fields = self.fields

        if event.pk or len(organisations) == 1:
            # the organiser is fixed once the event exists; with one organisation, no choice
            del fields["organisation"]
        else:
            fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in organisations]
            )

        fields["edition"].queryset = self._editions()
        fields["edition"].empty_label = gettext("Not part of a festival")
        fields["edition"].label_from_instance = self._edition_label
        fields["edition"].help_text = _(
            "The festivals that take submissions now, and those after their deadline "
            "(with an access code from the office)."
        )
        if not event.pk and not self.is_bound:
            open_ones = [e for e in fields["edition"].queryset if e.accepts_submissions(self.now)]
            if len(open_ones) == 1:
                self.initial["edition"] = open_ones[0].pk
        _ltr(fields["access_code"])

        venues = venues_for(centre, organisations).order_by("name")
        fields["venue"].queryset = venues
        fields["venue"].empty_label = gettext("Choose a venue")
        self.venue_query = venue_query.strip()
        if self.venue_query:
            shown = list(matching(venues, self.venue_query))
            # the venue chosen so far stays in the list, whatever the search finds
            chosen_pk = str(self.data.get("venue", "")) if self.is_bound else event.venue_id
            chosen = venues.filter(pk=chosen_pk).first() if str(chosen_pk).isdigit() else None
            if chosen and chosen not in shown:
                shown.insert(0, chosen)
            self.venue_matches = len(shown)
            fields["venue"].widget.choices = [("", gettext("Choose a venue"))] + [
                (str(v.pk), fields["venue"].label_from_instance(v)) for v in shown
            ]
        fields["venue_query"].widget.attrs.update({"type": "search", "autocomplete": "off"})

        # the image: Wagtail's checks and our re-encoding; made here so the size limit is
        # the one configured now (Wagtail reads it when the field is created)
        fields["image"] = SafeImageField(
            label=_("Image"),
            required=False,
            widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        )
        if not event.image_id:
            del fields["remove_image"]

        for name in ("online_url", "registration_url"):
            fields[name].validators = [http_link]
            # a field puts its own message over a validator's of the same code
            fields[name].error_messages["invalid"] = http_link.message
            _ltr(fields[name], "url")
            fields[name].widget.input_type = "url"
        _ltr(fields["contact_email"], "email")
        _ltr(fields["contact_phone"], "tel")
        for name in ("age_min", "age_max"):
            fields[name].widget.attrs.update({"min": 0, "max": 120, "inputmode": "numeric"})
        for name in ("title", "summary", "price", "target_group", "registration_info"):
            fields[name].validators.append(no_line_breaks)
            fields[name].widget.attrs["autocomplete"] = "off"
        self.initial["is_free"] = "yes" if event.is_free else "no"
        self.access: AccessCode | None = None
        if not event.pk:
            organisation = organisations[0] if len(organisations) == 1 else None
            if organisation is not None and not self.is_bound:
                self.initial.setdefault("contact_email", organisation.email)
                self.initial.setdefault("contact_phone", organisation.phone)
        fields["languages"].help_text = _("Choose all languages the event is held in.")
        fields["category"].choices = [("", gettext("Choose a category"))] + [
            c for c in fields["category"].choices if c[0]
        ]

    def language_options(self) -> list[tuple]:
        """(check box, language of its label, direction): each autonym marked as what it is."""
        options = []
        for option in self["languages"]:
            code = option.data["value"]
            options.append((option, lang_attribute(code), language_direction(code)))
        return options

    def _editions(self):
        """Open editions, closed ones still ahead (with a code), and the event's own."""
        today = timezone.localdate(self.now)
        editions = Edition.objects.filter(centre=self.centre)
        wanted = editions.accepting_submissions(self.now) | editions.filter(
            submissions_close_at__lte=self.now, ends_on__gte=today
        )
        if self.instance.edition_id:
            wanted |= editions.filter(pk=self.instance.edition_id)
        return wanted.order_by("starts_on")

    def _edition_label(self, edition: Edition) -> str:
        if edition.accepts_submissions(self.now):
            return edition.name
        return gettext("%(name)s (submissions closed: with an access code)") % {
            "name": edition.name
        }

    # the organiser chosen, or the only one
    @property
    def chosen_organisation(self) -> Organisation | None:
        if self.instance.organisation_id:
            return self.instance.organisation
        if "organisation" not in self.fields:
            return self.organisations[0]
        return self.cleaned_data.get("organisation")

    def has_image(self) -> bool:
        upload = self.cleaned_data.get("image")
        if isinstance(upload, UploadedFile):
            return True
        return bool(self.instance.image_id) and not self.cleaned_data.get("remove_image")

    def clean_access_code(self) -> str:
        return self.cleaned_data["access_code"].strip().upper()

    def clean(self):
        data = super().clean()
        age_min, age_max = data.get("age_min"), data.get("age_max")
        if age_min is not None and age_max is not None and age_max < age_min:
            self.add_error("age_max", _("The highest age is below the lowest."))
        if self.has_image():
            for name, message in (
                ("image_alt", _("Describe what the image shows.")),
                ("image_rights", _("Say who made the image and that you may publish it.")),
            ):
                if not data.get(name, "").strip() and name not in self.errors:
                    self.add_error(name, message)
        venue = data.get("venue")
        organisation = self.chosen_organisation
        if (
            venue is not None
            and not venue.verified
            and organisation is not None
            and venue.proposed_by_id != organisation.pk
        ):
            self.add_error("venue", _("Choose a venue from the list."))
        self._check_code(data, organisation)
        return data

    def _check_code(self, data: dict, organisation: Organisation | None) -> None:
        """A closed edition needs a valid access code (checked now, required to submit)."""
        edition, code = data.get("edition"), data.get("access_code", "")
        self.access = None
        if edition is None or edition.accepts_submissions(self.now) or organisation is None:
            return
        already = self.instance.access_code
        if already is not None and already.edition_id == edition.pk and not code:
            self.access = already
            return
        if code:
            found = services.submission_window_open(
                edition, organisation, code, self.now, event=self.instance
            )
            if isinstance(found, AccessCode):
                self.access = found
            else:
                self.add_error(
                    "access_code",
                    _("This access code is not valid for this festival, or it is used up."),
                )

    def check_complete(self, venue_proposed: bool) -> None:
        """What a submission needs, at the fields (services check the same again)."""
        data = self.cleaned_data
        attendance = data.get("attendance")
        needs_venue = attendance != Attendance.ONLINE and not venue_proposed
        if needs_venue and data.get("venue") is None and "venue" not in self.errors:
            self.add_error("venue", _("Choose the venue, or propose a new one."))
        needs_link = attendance in (Attendance.ONLINE, Attendance.HYBRID)
        if needs_link and not data.get("online_url") and "online_url" not in self.errors:
            self.add_error("online_url", _("Give the link to the online event."))
        if not data.get("languages") and "languages" not in self.errors:
            self.add_error("languages", _("Choose at least one language."))
        if data.get("is_free") is False and not data.get("price", "").strip():
            self.add_error("price", _("Say what it costs, or choose “Free of charge”."))
        if data.get("registration_required") and not (
            data.get("registration_info", "").strip() or data.get("registration_url")
        ):
            self.add_error("registration_info", _("Say how to register."))
        edition = data.get("edition")
        if (
            edition is not None
            and not edition.accepts_submissions(self.now)
            and self.instance.submitted_at is None
            and self.access is None
            and "access_code" not in self.errors
        ):
            self.add_error(
                "access_code",
                _(
                    "Submissions for this festival are closed. Give the access code from the office."
                ),
            )


# -- the whole page -------------------------------------------------------------------------


class EventSubmission:
    """The event form, the venue proposal and the dates of one page, checked and saved as one."""

    def __init__(
        self,
        *,
        centre: Centre,
        organisations: list[Organisation],
        event: Event | None = None,
        data=None,
        files=None,
        now: datetime.datetime | None = None,
    ):
        self.centre = centre
        self.event = event or Event(centre=centre)
        self.bound = data is not None
        data = data.copy() if data is not None else None
        self.form = EventForm(
            data,
            files,
            instance=self.event,
            centre=centre,
            organisations=organisations,
            now=now,
            venue_query=(data or {}).get("venue_query", ""),
        )
        self.venue_form = VenueProposalForm(data, prefix="new_venue")
        self.data = data
        self.dates: BaseDateFormSet | None = None
        self._formset_initial = (
            [DateForm.initial_for(d.start, d.end) for d in self.event.dates.all()]
            if self.event.pk
            else []
        )

    # -- building and checking

    def _date_formset(self, edition: Edition | None, require_one: bool) -> BaseDateFormSet:
        return DateFormSet(
            self.data,
            prefix="dates",
            initial=self._formset_initial or None,
            form_kwargs={"edition": edition},
            require_one=require_one,
        )

    def unbound_dates(self) -> None:
        formset = self._date_formset(self.event.edition, False)
        if not self._formset_initial:
            formset.extra = 1
        self.dates = formset

    def add_date(self) -> None:
        """One more empty row, nothing checked or saved (works without JavaScript)."""
        total_key = "dates-TOTAL_FORMS"
        try:
            total = int(self.data.get(total_key, 0))
        except (TypeError, ValueError):
            total = 0
        self.data[total_key] = str(min(total + 1, MAX_DATES))
        self.redisplay()
        if self.dates.forms:
            # the new row takes the focus: the person asked for it
            self.dates.forms[-1].fields["day"].widget.attrs["autofocus"] = True

    def redisplay(self) -> None:
        """Show what was typed, without errors (a venue search, another date row)."""
        silence(self.form)
        silence(self.venue_form)
        self.dates = self._date_formset(self.event.edition, False)
        if not self.dates.management_form.is_valid():
            # a tampered row count: start again from the saved dates
            self.data = None
            self.unbound_dates()
            return
        silence(self.dates)

    @property
    def proposes_venue(self) -> bool:
        return (
            self.form.cleaned_data.get("venue_mode") == EventForm.NEW
            and self.form.cleaned_data.get("attendance") != Attendance.ONLINE
        )

    def is_valid(self, complete: bool) -> bool:
        """Every value valid; with `complete`, also everything a submission needs."""
        form_ok = self.form.is_valid()
        edition = self.form.cleaned_data.get("edition", self.event.edition)
        self.dates = self._date_formset(edition, complete)
        dates_ok = self.dates.is_valid()
        venue_ok = True
        if self.proposes_venue and (complete or not self.venue_form.is_empty()):
            venue_ok = self.venue_form.is_valid()
        else:
            silence(self.venue_form)
        if complete and form_ok:
            self.form.check_complete(venue_proposed=self.proposes_venue)
            form_ok = not self.form.errors
        return form_ok and dates_ok and venue_ok

    def summary(self) -> list[SummaryEntry]:
        """Every error of the page, each linked to its field, for the summary at the top."""
        entries = [*field_errors(self.form), *field_errors(self.venue_form)]
        if self.dates is not None:
            entries += formset_errors(
                self.dates,
                gettext("Dates"),
                lambda number, field: (
                    gettext("Date %(number)s: %(field)s") % {"number": number, "field": field}
                ),
            )
        return entries

    def non_field_errors(self) -> list[str]:
        return list(self.form.non_field_errors())

    # -- saving

    def save(self, user, *, submit: bool = False) -> Event:
        """Venue, image, event and dates in one transaction; with `submit`, the submission too.

        On any error everything is rolled back, and an image file already written is deleted,
        so neither a half-saved event nor an orphan file is left behind.
        """
        form = self.form
        data = form.cleaned_data
        event = form.instance
        written: list = []
        old_image = event.image if event.image_id else None
        was_new = event.pk is None
        try:
            with transaction.atomic():
                if not event.pk:
                    event.centre = self.centre
                    event.organisation = form.chosen_organisation
                organisation = event.organisation
                if self.proposes_venue and not self.venue_form.is_empty():
                    venue = self.venue_form.save(commit=False)
                    venue.centre = self.centre
                    venue.verified = False
                    venue.proposed_by = organisation
                    venue.full_clean()
                    venue.save()
                    event.venue = venue
                if form.access is not None and event.access_code_id != form.access.pk:
                    event.access_code = form.access
                upload = data.get("image")
                if isinstance(upload, UploadedFile):
                    event.image = self._store_image(upload, data, user, written)
                elif data.get("remove_image"):
                    event.image = None
                elif event.image_id:
                    _describe(event.image, data)
                services.save_event(event, self.dates.slots(), user)
                if submit:
                    services.transition(event, "submit", user, access_code=data["access_code"])
        except BaseException:
            for image in written:
                image.file.storage.delete(image.file.name)
            if was_new:
                # the row is gone with the rollback: the page shows a new event again
                event.pk = None
                event._state.adding = True
            raise
        if old_image is not None and event.image_id != old_image.pk:
            transaction.on_commit(lambda: _discard(old_image, organisation))
        return event

    def _store_image(self, upload: UploadedFile, data: dict, user, written: list):
        from mia.permissions.services import centre_collection

        image = get_image_model()(
            title=data["title"][:255],
            file=upload,
            collection=centre_collection(self.centre),
            uploaded_by_user=user,
            description=data.get("image_alt", "")[:255],
        )
        image._set_image_file_metadata()
        image.save()
        written.append(image)
        return image


def _describe(image, data: dict) -> None:
    """The event's image keeps the event's description as its alt text in the library."""
    description = data.get("image_alt", "")[:255]
    if image.description != description:
        image.description = description
        image.save(update_fields=["description"])


def _discard(image, organisation: Organisation | None) -> None:
    """Delete a replaced image that the organisation uploaded and nothing else uses.

    Images an editor chose from the library are left alone; so is one that another event
    shows.
    """
    if organisation is None or image.uploaded_by_user_id is None:
        return
    if not organisation.memberships.filter(user_id=image.uploaded_by_user_id).exists():
        return
    if Event.objects.filter(image=image).exists():
        return
    if Organisation.objects.filter(logo=image).exists():
        return
    image.delete()


# -- the status page ------------------------------------------------------------------------


class MessageForm(KernForm):
    body = forms.CharField(
        label=_("Your message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Write your message."), code="required")
        return body


class CancelForm(KernForm):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"),
        max_length=300,
        help_text=_("Shown with the event in the programme, for example “The speaker is ill.”"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_line_breaks],
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the event is cancelled."), code="required")
        return reason


class SubmitForm(KernForm):
    access_code = forms.CharField(
        label=_("Access code"),
        required=False,
        max_length=20,
        help_text=_("Only if the office gave you one for a late submission."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _ltr(self.fields["access_code"])
