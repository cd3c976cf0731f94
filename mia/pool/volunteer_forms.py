"""The volunteers' forms on the public site: the application, the language rows, and what a
volunteer keeps in their own account (details, weekly times, exceptions, absences).

Every form works without JavaScript: the formsets show a few empty rows (empty rows are
ignored), and a dialect is chosen from a list grouped by language, so nothing depends on
what another field says until the form is sent.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mia.contact.forms import PublicMessageForm
from mia.core.forms import KernChoicesBoundField, KernForm

from . import languages
from . import volunteers as services
from .languages import is_language, validate_dialect
from .models import AvailabilitySlot, Gender, GermanLevel, Level, Setting, Volunteer

# The languages the list offers first: those German pools are asked for most (the site's own
# languages and the pools' reports), plus every language already in the centre's pool.
# Any ISO 639 language is allowed (`languages.is_language`); the list is a convenience.
COMMON_LANGUAGES = (
    "am", "ar", "bg", "bs", "ckb", "cs", "da", "dar", "el", "en", "es", "fa", "fr", "hi",
    "hr", "hu", "hy", "it", "ka", "kmr", "ku", "lt", "lv", "mk", "ml", "nl", "pa", "pl",
    "prs", "ps", "pt", "ro", "ru", "rom", "sk", "sl", "so", "sq", "sr", "sv", "ta", "th",
    "ti", "tk", "tr", "uk", "ur", "uz", "vi", "wo", "yo", "zh",
)  # fmt: skip
LANGUAGE_ROWS = 3
MAX_LANGUAGES = 12
MAX_ROWS = 40


def language_choices(codes=()) -> list[tuple[str, str]]:
    """The languages to choose from, each with its own name: "Arabisch (العربية)"."""
    wanted = {c for c in (*COMMON_LANGUAGES, *codes) if is_language(c) and c != "de"}
    return languages.language_choices(wanted, own=True)


def _named(language: str, dialect: str) -> str:
    return (
        languages.spoken(language, dialect)
        if dialect
        else languages.language_name(language, own=True)
    )


def dialect_choices() -> list:
    """A grouped list: each language with its varieties (the group's label is read out)."""
    return [("", "—"), *languages.dialect_choices(own=True)]


class LanguageRowForm(KernForm):
    language = forms.ChoiceField(label=_("Language"), required=False)
    dialect = forms.ChoiceField(label=_("Variety"), required=False)
    level = forms.TypedChoiceField(
        label=_("How well"),
        coerce=int,
        required=False,
        choices=[("", "—"), *Level.choices],
    )

    # a row may stay empty, but a filled one needs its language and level: only the variety
    # is marked optional
    optional_names = ("dialect",)
    # the volunteer is addressed; the back office's rows speak of the volunteer instead
    level_missing = _("Please say how well you speak it.")

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *language_choices(codes)]
        self.fields["language"].error_messages["invalid_choice"] = _(
            "%(value)s is not a language the pool knows. Please choose one from the list."
        )
        self.fields["dialect"].choices = dialect_choices()
        self.fields["dialect"].error_messages["invalid_choice"] = _(
            "%(value)s is not a variety the pool lists. Please choose one from the list."
        )

    def clean(self):
        data = super().clean()
        language, dialect, level = data.get("language"), data.get("dialect"), data.get("level")
        if "language" in self.errors:
            return data
        if not language:
            if dialect or level:
                self.add_error("language", _("Please choose the language of this row."))
            return data
        if not level:
            self.add_error("level", self.level_missing)
        if dialect:
            try:
                validate_dialect(language, dialect)
            except ValidationError:
                self.add_error(
                    "dialect",
                    _("%(dialect)s is not a variety of %(language)s.")
                    % {
                        "dialect": languages.language_name(dialect),
                        "language": languages.language_name(language, own=True),
                    },
                )
        return data


class BaseLanguageFormSet(forms.BaseFormSet):
    """At least one language; the same language and variety once."""

    none_given = _("Please give at least one language you can mediate.")

    def __init__(self, *args, codes=(), **kwargs):
        self.codes = codes
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "codes": self.codes}

    def filled_forms(self) -> list[forms.Form]:
        """The rows with a language, without those marked to be removed."""
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("language")
            and not (self.can_delete and self._should_delete_form(form))
        ]

    def entries(self) -> list[dict]:
        return [
            {
                "language": form.cleaned_data["language"],
                "dialect": form.cleaned_data.get("dialect") or "",
                "level": form.cleaned_data["level"],
            }
            for form in self.filled_forms()
        ]

    def clean(self):
        if any(self.errors):
            return
        filled = self.filled_forms()
        if not filled:
            raise ValidationError(self.none_given, code="required")
        seen = set()
        for form in filled:
            key = (form.cleaned_data["language"], form.cleaned_data.get("dialect") or "")
            if key in seen:
                self.refuse_duplicate(
                    form,
                    ValidationError(
                        _("%(language)s is given twice. Please give each language once.")
                        % {"language": _named(*key)},
                        code="duplicate",
                    ),
                )
            seen.add(key)

    def refuse_duplicate(self, form: forms.Form, error: ValidationError) -> None:
        """A language and variety given a second time: said above the rows."""
        raise error


def _formset(form, base, *, limit: int, extra: int = 2, can_delete: bool = True):
    """Rows of `form`, at most `limit` of them: more are refused, not dropped."""
    return forms.formset_factory(
        form,
        formset=base,
        extra=extra,
        can_delete=can_delete,
        max_num=limit,
        absolute_max=limit,
        validate_max=True,
    )


LanguageFormSet = _formset(
    LanguageRowForm,
    BaseLanguageFormSet,
    limit=MAX_LANGUAGES,
    extra=LANGUAGE_ROWS,
    can_delete=False,
)


def language_formset(centre, data=None, initial=None, prefix="languages"):
    from .models import VolunteerLanguage

    codes = set(
        VolunteerLanguage.objects.filter(volunteer__centre=centre).values_list(
            "language", flat=True
        )
    )
    formset = LanguageFormSet(data, initial=initial, prefix=prefix, codes=tuple(codes))
    if initial:
        # the rows the volunteer has, and two empty ones to add more
        formset.extra = 2
    return formset


class AdminLanguageRowForm(LanguageRowForm):
    """A row of the back office's volunteer form: the public row's choices and checks,
    with a box to remove the row and words about the volunteer rather than to them."""

    # Wagtail's field templates draw the fields, not the public site's design system
    bound_field_class = forms.BoundField
    level_missing = _("Please say how well the volunteer speaks it.")


class BaseAdminLanguageFormSet(BaseLanguageFormSet):
    none_given = _("Please give at least one language the volunteer mediates.")

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove this language")

    def refuse_duplicate(self, form: forms.Form, error: ValidationError) -> None:
        # at the second row's language, where the coordinator corrects it
        form.add_error("language", error)

    def entries_changed(self) -> bool:
        """Whether the rows as sent differ from the languages the volunteer had (call after
        a successful validation)."""
        key = lambda entry: (entry["language"], entry["dialect"] or "", entry["level"])  # noqa: E731
        return {key(e) for e in self.initial or ()} != {key(e) for e in self.entries()}


AdminLanguageFormSet = _formset(AdminLanguageRowForm, BaseAdminLanguageFormSet, limit=MAX_LANGUAGES)


def admin_language_formset(volunteer: Volunteer, data=None) -> BaseAdminLanguageFormSet:
    """The volunteer's languages as rows for the back office: one per language, two empty
    ones to add more (no script needed: more rows appear after saving)."""
    from .models import VolunteerLanguage

    codes = set(
        VolunteerLanguage.objects.filter(volunteer__centre_id=volunteer.centre_id).values_list(
            "language", flat=True
        )
    )
    initial = [
        {"language": e.language, "dialect": e.dialect, "level": e.level}
        for e in volunteer.languages.all()
    ]
    return AdminLanguageFormSet(data, initial=initial, prefix="languages", codes=tuple(codes))


class CheckboxList(forms.CheckboxSelectMultiple):
    """Check boxes in a fieldset (the template draws the legend)."""


class DetailsMixin(forms.Form):
    """What the application and the volunteer's own details page share."""

    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("So that we can call you about an appointment at short notice."),
    )
    german_level = forms.ChoiceField(
        label=_("Your German"),
        choices=[("", "—"), *GermanLevel.choices],
        help_text=_("As in the Common European Framework: B1 is enough for simple talks."),
    )
    home_district = forms.ModelChoiceField(
        label=_("Where you live"),
        queryset=None,
        required=False,
        empty_label="—",
        help_text=_("Only the district: we use it to find appointments near you."),
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Where you can go for appointments on site"),
        queryset=None,
        required=False,
        widget=CheckboxList,
    )
    settings_accepted = forms.MultipleChoiceField(
        label=_("How you can mediate"),
        choices=Setting.choices,
        widget=CheckboxList,
        error_messages={"required": _("Please choose at least one way you can mediate.")},
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", _("I prefer not to say")), *Gender.choices],
        widget=forms.RadioSelect,
        help_text=_(
            "Optional. Only used when an institution asks for a woman or a man, e.g. for a "
            "talk about health. You can remove it at any time."
        ),
    )
    topics_declined = forms.ModelMultipleChoiceField(
        label=_("Topics you do not want to mediate"),
        queryset=None,
        required=False,
        widget=CheckboxList,
        help_text=_("We do not offer you appointments on these topics."),
    )

    def setup_choices(self, centre) -> None:
        self.fields["home_district"].queryset = services.districts_of(centre)
        self.fields["districts"].queryset = services.districts_of(centre)
        self.fields["topics_declined"].queryset = services.topics_of(centre)
        self.fields["phone"].widget.attrs.update(
            {"autocomplete": "tel", "dir": "ltr", "type": "tel"}
        )
        self.fields["phone"].widget.input_type = "tel"
        for name in ("home_district", "districts", "topics_declined"):
            if not self.fields[name].queryset.exists():
                del self.fields[name]

    def check_lists(self) -> list:
        """The check box and radio groups, for the template's fieldsets."""
        return [self[name] for name in ("districts", "topics_declined") if name in self.fields]


class ApplicationForm(DetailsMixin, PublicMessageForm, KernForm):
    """The application: the message form's protection against bots (a field people never
    see, a minimum fill time), the volunteer's details, and a word about their motivation.
    The languages come in their own formset."""

    bound_field_class = KernChoicesBoundField
    subject = None
    body = None
    motivation = forms.CharField(
        label=_("Why you would like to mediate"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences are enough: your experience, what you can offer."),
    )

    field_order = [
        "name",
        "email",
        "phone",
        "german_level",
        "home_district",
        "districts",
        "settings_accepted",
        "topics_declined",
        "gender",
        "motivation",
        "homepage",
        "started",
    ]

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_choices(centre)
        self.fields["email"].help_text = _(
            "We write to you here about your application and, later, with offers."
        )
        self.fields["email"].widget.attrs["dir"] = "ltr"


class DetailsForm(DetailsMixin, KernForm):
    """What a volunteer changes about themselves (name and address: the coordinators)."""

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_choices(centre)

    @classmethod
    def initial_for(cls, volunteer: Volunteer) -> dict:
        return {
            "phone": volunteer.phone,
            "german_level": volunteer.german_level,
            "home_district": volunteer.home_district_id,
            "districts": [d.pk for d in volunteer.districts.all()],
            "settings_accepted": list(volunteer.settings_accepted),
            "gender": volunteer.gender,
            "topics_declined": [t.pk for t in volunteer.topics_declined.all()],
        }


# -- availability ---------------------------------------------------------------------------

time_input = {"widget": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
date_input = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class SlotForm(KernForm):
    # a row may stay empty, but a filled one needs every field: none is marked optional
    optional_names = ()

    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        coerce=int,
        required=False,
        choices=[("", "—"), *AvailabilitySlot._meta.get_field("weekday").choices],
    )
    starts = forms.TimeField(label=_("From"), required=False, **time_input)
    ends = forms.TimeField(label=_("Until"), required=False, **time_input)

    def clean(self):
        data = super().clean()
        weekday, starts, ends = data.get("weekday"), data.get("starts"), data.get("ends")
        if weekday in (None, "") and not starts and not ends:
            return data
        if weekday in (None, ""):
            self.add_error("weekday", _("Please choose the weekday."))
        if not starts and "starts" not in self.errors:
            self.add_error("starts", _("Please give the time you are free from."))
        if not ends and "ends" not in self.errors:
            self.add_error("ends", _("Please give the time you are free until."))
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The end must be after the start."))
        return data

    @property
    def slot(self) -> services.Slot | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("weekday") in (None, "") or not data.get("starts") or not data.get("ends"):
            return None
        return services.Slot(data["weekday"], data["starts"], data["ends"])


class RowFormSet(forms.BaseFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove this row")


class BaseSlotFormSet(RowFormSet):
    def slots(self) -> list[services.Slot]:
        return [
            form.slot
            for form in self.forms
            if form.slot is not None and not self._should_delete_form(form)
        ]

    def clean(self):
        if any(self.errors):
            return
        services.check_weekly_slots(self.slots())


def _not_past(form: forms.Form, field: str, day: datetime.date | None, message) -> None:
    """A date before today is refused where the volunteer entered or changed it (a row kept
    as it was, e.g. an absence that began yesterday, stays)."""
    if day and day < timezone.localdate() and field in form.changed_data:
        form.add_error(field, message)


class ExceptionForm(KernForm):
    # a row may stay empty, but a filled one needs every field: none is marked optional
    optional_names = ()

    day = forms.DateField(label=_("Date"), required=False, **date_input)
    starts = forms.TimeField(label=_("From"), required=False, **time_input)
    ends = forms.TimeField(label=_("Until"), required=False, **time_input)
    available = forms.TypedChoiceField(
        label=_("Then I am"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("available")), ("no", _("not available"))],
        required=False,
    )

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if not day and not starts and not ends:
            return data
        if not day and "day" not in self.errors:
            self.add_error("day", _("Please give the date."))
        if not starts and "starts" not in self.errors:
            self.add_error("starts", _("Please give the start."))
        if not ends and "ends" not in self.errors:
            self.add_error("ends", _("Please give the end."))
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The end must be after the start."))
        _not_past(self, "day", day, _("This date is in the past."))
        return data


class AbsenceForm(KernForm):
    # a row may stay empty, but a filled one needs every field: none is marked optional
    optional_names = ()

    first_day = forms.DateField(label=_("Away from"), required=False, **date_input)
    last_day = forms.DateField(label=_("Until and including"), required=False, **date_input)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if not first and not last:
            return data
        if not first and "first_day" not in self.errors:
            self.add_error("first_day", _("Please give the first day."))
        if not last and "last_day" not in self.errors:
            self.add_error("last_day", _("Please give the last day."))
        if first and last and last < first:
            self.add_error("last_day", _("The last day is before the first."))
        _not_past(self, "first_day", first, _("This day is in the past."))
        if last and last < timezone.localdate() and "last_day" not in self.errors:
            self.add_error("last_day", _("This absence is over. Please remove the row."))
        return data


SlotFormSet = _formset(SlotForm, BaseSlotFormSet, limit=MAX_ROWS)
ExceptionFormSet = _formset(ExceptionForm, RowFormSet, limit=MAX_ROWS)
AbsenceFormSet = _formset(AbsenceForm, RowFormSet, limit=MAX_ROWS)


def kept(formset, field: str) -> list[dict]:
    """The rows with `field` filled that are not marked to be removed (empty rows are
    ignored, so a few can always be shown)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None)
        and form.cleaned_data.get(field) not in (None, "")
        and not formset._should_delete_form(form)
    ]
