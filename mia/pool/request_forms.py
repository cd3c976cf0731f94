"""The institutions' public forms: registering, requesting a mediator, cancelling.

The forms read what was typed and put the pool's refusals at the field they concern; the
rules themselves are `requests.check` (a request the pool cannot take) and
`institutions.register` (a name the centre knows already).
"""

import datetime
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mia.core.forms import KernForm
from mia.core.languages import SPOKEN_LANGUAGES
from mia.counselling.models import District

from . import languages, requests
from .models import Institution, PoolSettings, Request, Setting, Topic, VolunteerLanguage
from .workdays import is_urgent

# languages the site names in themselves but the pool does not mediate: German is the
# other side of every talk, sign language needs a professional interpreter
NOT_MEDIATED = {"de", "gsg"}


class InstitutionRegistrationForm(KernForm):
    name = forms.CharField(
        label=_("Name of the institution"),
        max_length=200,
        help_text=_("As it appears in letters, e.g. “Grundschule am Park”."),
        error_messages={"required": _("Please give the institution's name.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of institution"),
        choices=Institution.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The pool works for institutions only. Private persons cannot request a mediator."
        ),
        error_messages={"required": _("Please choose the kind of institution.")},
    )
    street = forms.CharField(
        label=_("Street and number"),
        max_length=200,
        error_messages={"required": _("Please give the street and number.")},
    )
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\d{5}$",
        max_length=5,
        error_messages={
            "required": _("Please give the postcode."),
            "invalid": _("A postcode has five digits, e.g. 44137."),
        },
    )
    city = forms.CharField(
        label=_("Town"),
        max_length=100,
        error_messages={"required": _("Please give the town.")},
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Please choose"),
        error_messages={"invalid_choice": _("Please choose a district from the list.")},
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=120,
        help_text=_(
            "The person who makes the requests. Once we approve the institution, "
            "this person receives an invitation to an account."
        ),
        error_messages={"required": _("Please give the contact person's name.")},
    )
    email = forms.EmailField(
        label=_("E-mail address of the contact person"),
        max_length=254,
        help_text=_("Preferably a work address; the invitation is sent to it."),
        error_messages={
            "required": _("Please give an e-mail address."),
            "invalid": _("Please check the e-mail address, e.g. name@schule.example."),
        },
    )
    on_behalf = forms.BooleanField(
        label=_("I register on behalf of this institution, not as a private person."),
        error_messages={"required": _("Only institutions can register. Please confirm.")},
    )

    def __init__(self, *args, centre, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre
        self.fields["district"].queryset = District.objects.filter(centre=centre)
        for name, token in (
            ("name", "organization"),
            ("street", "street-address"),
            ("postcode", "postal-code"),
            ("city", "address-level2"),
            ("contact_name", "name"),
            ("email", "email"),
        ):
            self.fields[name].widget.attrs["autocomplete"] = token
        self.fields["postcode"].widget.attrs.update({"inputmode": "numeric", "dir": "ltr"})
        self.fields["email"].widget.attrs["dir"] = "ltr"


def language_choices(centre) -> list[tuple[str, str]]:
    """What a request may ask for: the languages the site knows by name, the ones with
    varieties, and any the centre's volunteers speak."""
    codes = set(SPOKEN_LANGUAGES) | set(languages.DIALECTS)
    codes |= set(
        VolunteerLanguage.objects.filter(volunteer__centre=centre)
        .values_list("language", flat=True)
        .distinct()
    )
    codes -= NOT_MEDIATED
    return languages.language_choices(code for code in codes if languages.is_language(code))


def dialect_choices() -> list:
    return [("", _("Any variety")), *languages.dialect_choices()]


def address_of(institution: Institution) -> str:
    """The institution's address on one line ("Schulstraße 1, 44147 Dortmund")."""
    town = " ".join(part for part in (institution.postcode, institution.city) if part)
    return ", ".join(part for part in (institution.street, town) if part)


class RequestForm(KernForm):
    # address and district are asked for on-site appointments only (their help says so)
    optional_names = ("dialect", "notes", "contact_name", "contact_phone")

    institution = forms.ModelChoiceField(
        label=_("For which institution?"),
        queryset=Institution.objects.none(),
        empty_label=_("Please choose"),
        error_messages={"required": _("Please choose the institution.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        error_messages={
            "required": _("Please choose the language."),
            "invalid_choice": _("We do not know this language. Please choose it from the list."),
        },
    )
    dialect = forms.ChoiceField(
        label=_("Variety"),
        required=False,
        help_text=_(
            "Only where it matters, e.g. Kurmanji or Sorani for Kurdish, Dari or Farsi for Persian."
        ),
        error_messages={"invalid_choice": _("Please choose a variety from the list.")},
    )
    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Please give the date of the appointment."),
            "invalid": _("Please give the date as day, month and year."),
        },
    )
    start = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Please give the start time."),
            "invalid": _("Please give the time as hours and minutes, e.g. 14:30."),
        },
    )
    minutes = forms.IntegerField(
        label=_("Expected duration in minutes"),
        help_text=_("From %(min)s minutes up to %(max)s minutes (4 hours).")
        % {"min": requests.MIN_MINUTES, "max": requests.MAX_MINUTES},
        error_messages={
            "required": _("Please say how long the appointment will take."),
            "invalid": _("Please give the duration as a number of minutes, e.g. 60."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 15, "dir": "ltr"}),
    )
    setting = forms.ChoiceField(
        label=_("How does the talk take place?"),
        choices=Setting.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose on site, by phone or by video.")},
    )
    place = forms.CharField(
        label=_("Address of the appointment"),
        max_length=300,
        required=False,
        help_text=_(
            "Needed for appointments on site: street, number, and where to go in. Your "
            "institution's address is filled in; change it if the talk is elsewhere."
        ),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Please choose"),
        help_text=_("Needed for appointments on site."),
        error_messages={"invalid_choice": _("Please choose a district from the list.")},
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.none(),
        empty_label=_("Please choose"),
        error_messages={
            "required": _("Please choose the topic of the appointment."),
            "invalid_choice": _("Please choose a topic from the list."),
        },
    )
    gender_wish = forms.ChoiceField(
        label=_("Should the mediator be a woman or a man?"),
        choices=Request.GenderWish.choices,
        widget=forms.RadioSelect,
        required=False,
        initial="",
        help_text=_("For sensitive topics. A wish makes finding someone harder."),
    )
    notes = forms.CharField(
        label=_("Notes for the mediator"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What helps to prepare, e.g. “first talk after enrolment”. Please write no names "
            "and no health details."
        ),
    )
    contact_name = forms.CharField(
        label=_("Contact on the day"),
        max_length=200,
        required=False,
        help_text=_("Whom the mediator asks for on arrival."),
    )
    contact_phone = forms.CharField(
        label=_("Phone on the day"),
        max_length=40,
        required=False,
        help_text=_("In case the mediator is delayed."),
    )
    confirm_urgent = forms.BooleanField(
        label=_("I know that the request is short notice and that a mediator may not be found."),
        required=False,
    )

    def __init__(self, *args, centre, institutions, now=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre
        self.now = now
        self.pool = PoolSettings.for_centre(centre)
        self.urgent = False
        institutions = list(institutions)
        self.institutions = institutions
        if len(institutions) == 1:
            del self.fields["institution"]
        else:
            self.fields["institution"].queryset = Institution.objects.filter(
                pk__in=[i.pk for i in institutions]
            ).select_related("organisation")
        self.fields["language"].choices = [("", _("Please choose")), *language_choices(centre)]
        self.fields["dialect"].choices = dialect_choices()
        self.fields["district"].queryset = District.objects.filter(centre=centre)
        topics = list(Topic.objects.filter(centre=centre))
        self.excluded_topics = [t for t in topics if t.excluded]
        self.fields["topic"].queryset = Topic.objects.filter(centre=centre)
        self.fields["topic"].label_from_instance = self._topic_label
        self.fields["minutes"].widget.attrs.update(
            {"min": requests.MIN_MINUTES, "max": requests.MAX_MINUTES}
        )
        today = timezone.localdate(now or timezone.now())
        self.fields["day"].widget.attrs["min"] = today.isoformat()
        self.fields["contact_phone"].widget.attrs.update({"autocomplete": "tel", "dir": "ltr"})
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        if len(institutions) == 1 and not self.is_bound:
            # most talks take place at the institution itself
            self.initial.setdefault("place", address_of(institutions[0]))
            self.initial.setdefault("district", institutions[0].district_id)

    @staticmethod
    def _topic_label(topic: Topic) -> str:
        if topic.excluded:
            return _("%(topic)s – not taken by the pool") % {"topic": topic.name}
        return topic.name

    @property
    def chosen_institution(self) -> Institution:
        if "institution" in self.fields:
            return self.cleaned_data["institution"]
        return self.institutions[0]

    def clean(self) -> dict:
        data = super().clean()
        day, start = data.get("day"), data.get("start")
        if day is not None and start is not None:
            data["starts_at"] = self._moment(day, start)
        try:
            requests.check(self.centre, data, now=self.now)
        except ValidationError as refused:
            for field, messages in refused.message_dict.items():
                target = "day" if field == "starts_at" else field
                for message in messages:
                    if target not in self.errors:
                        self.add_error(target, message)
        if data.get("starts_at") and not self.errors:
            self.urgent = is_urgent(data["starts_at"], self.pool, now=self.now)
            if self.urgent and not data.get("confirm_urgent"):
                self.add_error(
                    "confirm_urgent",
                    _("Please confirm that you know the request is short notice."),
                )
        return data

    def _moment(self, day: datetime.date, start: datetime.time) -> datetime.datetime | None:
        zone = timezone.get_current_timezone()
        moment = datetime.datetime.combine(day, start)
        aware = moment.replace(tzinfo=zone)
        # a time the clock skips when summer time begins does not exist
        if isinstance(zone, zoneinfo.ZoneInfo):
            round_trip = aware.astimezone(datetime.UTC).astimezone(zone)
            if round_trip.replace(tzinfo=None) != moment:
                self.add_error(
                    "start", _("This time does not exist on that day (the clocks go forward).")
                )
                return None
        return aware

    def request_data(self) -> dict:
        """The keyword data of `requests.submit`."""
        data = self.cleaned_data
        return {
            "language": data["language"],
            "dialect": data.get("dialect", ""),
            "starts_at": data["starts_at"],
            "minutes": data["minutes"],
            "setting": data["setting"],
            "place": data.get("place", ""),
            "district": data.get("district"),
            "topic": data["topic"],
            "gender_wish": data.get("gender_wish", ""),
            "notes": data.get("notes", ""),
            "contact_name": data.get("contact_name", ""),
            "contact_phone": data.get("contact_phone", ""),
        }


class CancelForm(KernForm):
    reason = forms.CharField(
        label=_("Why do you cancel?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The centre and, if one is assigned, the mediator are told. No names, please."),
        error_messages={"required": _("Please say why you cancel.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Please say why you cancel."))
        return reason
