"""The back office's forms for events, editions, access codes and venues.

An event's dates are a plain foreign key (`EventDate.event`), not a child relation Wagtail's
`InlinePanel` could edit: the event form carries them as a small Django formset of its own,
validated with the form and saved by `services.save_event`, which replaces the dates in the
same transaction as the event (see docs/decisions/0015).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

from mia.core.admin_views import CentreScopedAdminForm

from .models import Edition, Event, EventDate
from .services import Slot, date_errors

RESERVED_EDITION_PREFIX = "veranstalter"


class EventDateForm(forms.ModelForm):
    class Meta:
        model = EventDate
        fields = ["start", "end"]
        widgets = {"start": AdminDateTimeInput, "end": AdminDateTimeInput}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            # at the field; the model's check would only give a message for the whole row
            self.add_error("end", _("The end must be after the start."))
        return cleaned


class BaseDateFormSet(BaseInlineFormSet):
    def slots(self) -> list[Slot]:
        """The dates as entered, without the rows marked for removal or left empty."""
        return [
            Slot(form.cleaned_data["start"], form.cleaned_data["end"])
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("start")
            and form.cleaned_data.get("end")
        ]

    def add_whole_errors(self, errors: list[str]) -> None:
        """Errors about the dates together (outside the festival, overlapping each other)."""
        self._non_form_errors = self.error_class(
            [*self.non_form_errors(), *errors], error_class="nonform", renderer=self.renderer
        )


EventDateFormSet = inlineformset_factory(
    Event,
    EventDate,
    form=EventDateForm,
    formset=BaseDateFormSet,
    extra=1,
    can_delete=True,
    min_num=1,
    validate_min=True,
)


def _own(field, user) -> None:
    """Offer only records of the user's own centres in a choice of related records."""
    if field is not None and user is not None and hasattr(field.queryset, "for_user"):
        field.queryset = field.queryset.for_user(user)


class EventAdminForm(CentreScopedAdminForm):
    """The office edits every field of an original; a translation lends only its text.

    The dates come as `self.dates` (a formset); `slots()` gives them to `save_event`.
    """

    RELATED = ("edition", "organisation", "venue")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        for name in self.RELATED:
            _own(self.fields.get(name), user)
        self.is_translation = bool(
            self.instance.pk
            and self.instance.locale_id
            and self.instance.locale.language_code != settings.LANGUAGE_CODE
        )
        if self.is_translation:
            # the facts are the original's: a translation's form offers its text only
            for name in list(self.fields):
                if name not in Event.TRANSLATED_TEXT:
                    del self.fields[name]
            self.dates = None
        else:
            self.dates = EventDateFormSet(
                self.data if self.is_bound else None, instance=self.instance, prefix="dates"
            )

    @property
    def media(self):
        media = super().media
        return media + self.dates.media if self.dates is not None else media

    def clean(self):
        cleaned = super().clean()
        if self.is_translation:
            return cleaned
        centre = cleaned.get("centre") or (
            self.instance.centre if self.instance.centre_id else None
        )
        for name in self.RELATED:
            related = cleaned.get(name)
            if related is not None and centre is not None and related.centre_id != centre.pk:
                self.add_error(name, _("Choose one of the centre's own records."))
        attendance = cleaned.get("attendance")
        if attendance and attendance != "online" and not cleaned.get("venue"):
            self.add_error("venue", _("Choose the venue of an event that takes place on site."))
        online = attendance and attendance != "on_site"
        if online and not cleaned.get("online_url") and "online_url" not in self.errors:
            self.add_error("online_url", _("Give the link to the online event."))
        age_min, age_max = cleaned.get("age_min"), cleaned.get("age_max")
        if age_min is not None and age_max is not None and age_max < age_min:
            self.add_error("age_max", _("The maximum age cannot be below the minimum age."))
        return cleaned

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self.dates is None:
            return valid
        dates_valid = self.dates.is_valid()
        if valid and dates_valid:
            errors = date_errors(self.dates.slots(), self.cleaned_data.get("edition"))
            if errors:
                self.dates.add_whole_errors(errors)
                return False
        return valid and dates_valid

    def has_changed(self) -> bool:
        return super().has_changed() or bool(self.dates is not None and self.dates.has_changed())

    def slots(self) -> list[Slot] | None:
        """The dates to store, or None for a translation (whose dates are the original's)."""
        return None if self.dates is None else self.dates.slots()


class EditionAdminForm(CentreScopedAdminForm):
    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug.startswith(RESERVED_EDITION_PREFIX):
            # "veranstalter-<id>.ics" are the organisers' calendars in the same folder
            raise ValidationError(
                _(
                    "Addresses beginning with “%(prefix)s” are reserved for the organisers' calendars."
                ),
                params={"prefix": RESERVED_EDITION_PREFIX},
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        opens, closes = cleaned.get("submissions_open_at"), cleaned.get("submissions_close_at")
        if opens and closes and closes <= opens:
            self.add_error("submissions_close_at", _("Submissions must close after they open."))
        # the address is unique per centre: said at the field (the model's constraint would
        # say it above the form)
        slug, centre = (
            cleaned.get("slug"),
            cleaned.get("centre") or getattr(self.instance, "centre", None),
        )
        if slug and centre is not None:
            taken = Edition.objects.filter(centre=centre, slug=slug).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("slug", _("Another edition of the centre has this address."))
        return cleaned


class AccessCodeAdminForm(CentreScopedAdminForm):
    """The code belongs to the centre of its edition; the organisation must be the centre's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        _own(self.fields.get("edition"), user)
        _own(self.fields.get("organisation"), user)

    def clean(self):
        cleaned = super().clean()
        edition, organisation = cleaned.get("edition"), cleaned.get("organisation")
        if edition is not None:
            self.instance.centre_id = edition.centre_id
            if organisation is not None and organisation.centre_id != edition.centre_id:
                self.add_error("organisation", _("Choose an organisation of the edition's centre."))
        return cleaned


class VenueAdminForm(CentreScopedAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _own(self.fields.get("proposed_by"), getattr(self, "for_user", None))

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            if missing not in self.errors:
                self.add_error(missing, _("Give both coordinates, or neither."))
        proposed_by, centre = cleaned.get("proposed_by"), cleaned.get("centre")
        if proposed_by is not None and centre is not None and proposed_by.centre_id != centre.pk:
            self.add_error("proposed_by", _("Choose one of the centre's own records."))
        return cleaned


# -- the review page's forms ----------------------------------------------------------------


class ActionForm(forms.Form):
    """One of the office's actions on an event, with what the organisation and the office read."""

    # actions whose message is required, and what the field is called for each
    MESSAGE_REQUIRED = {"request_changes", "reject", "cancel"}

    message = forms.CharField(
        label=_("Message to the organisation"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the organisation and mailed to it (after you release the mail)."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the office only: never shown or mailed to the organisation."),
    )

    def __init__(self, action: str, *args, has_organisation: bool = True, **kwargs):
        kwargs.setdefault("prefix", action)
        super().__init__(*args, **kwargs)
        self.action = action
        if action == "cancel":
            self.fields["message"] = forms.CharField(
                label=_("Reason for the cancellation"),
                max_length=300,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Shown with the event in the programme, and to the organisation."),
            )
        if action in self.MESSAGE_REQUIRED:
            self.fields["message"].required = True
        elif not has_organisation:
            del self.fields["message"]


class MessageForm(forms.Form):
    """A message without a change of state: to the organisation, or an internal note."""

    body = forms.CharField(
        label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, kind: str, *args, **kwargs):
        kwargs.setdefault("prefix", kind)
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == "note":
            self.fields["body"].label = _("Internal note")
            self.fields["body"].help_text = _("For the office only: never shown or mailed.")
        else:
            self.fields["body"].label = _("Message to the organisation")
            self.fields["body"].help_text = _(
                "Shown to the organisation and mailed to it (after you release the mail)."
            )
