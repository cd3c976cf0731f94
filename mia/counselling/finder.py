"""The counselling finder's rules: what a visitor asks, which offices fit, in which order,
and why each one fits.

`FinderForm` reads the questions (age, language, district or postcode) and the direct
filters from a GET query; `search` turns them into one query, nearest first; `explain`
gives each office of a page its distance, its opening status and the reasons it fits.
The public pages and the API share all three.
"""

import datetime
import math
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import ExpressionWrapper, F, FloatField, Q, QuerySet
from django.db.models.functions import Power
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mia.core.accessibility import Access
from mia.core.languages import SPOKEN_LANGUAGES, lang_attribute, language_direction
from mia.core.models import Centre
from mia.core.translations import lend_translations

from . import hours
from .models import District, Located, Office, PostcodeArea, Programme, Topic
from .places import Origin, distance_km, districts_of, origin_of, postcode_area

AGE_MAX = 120
PAGE_SIZE = 20


def language_field(widget: type[forms.Select] = forms.Select) -> forms.ChoiceField:
    """The language question; its choices are the same for every centre, so they are set
    once, not normalised again for every form."""
    return forms.ChoiceField(
        label=gettext_lazy("Which language do you speak?"),
        required=False,
        choices=[("", gettext_lazy("Any language")), *SPOKEN_LANGUAGES.items()],
        error_messages={"invalid_choice": gettext_lazy("Choose a language from the list.")},
        widget=widget,
    )


class FinderForm(forms.Form):
    """The finder's questions and filters. Every field is optional: no answer, no filter."""

    age = forms.IntegerField(
        label=gettext_lazy("How old are you?"),
        required=False,
        min_value=0,
        max_value=AGE_MAX,
        error_messages={
            "min_value": gettext_lazy("Enter an age from 0 to 120."),
            "max_value": gettext_lazy("Enter an age from 0 to 120."),
            "invalid": gettext_lazy("Enter the age as a number, e.g. 30."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    language = language_field()
    district = forms.ChoiceField(
        label=gettext_lazy("Where do you live? Your district"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a district from the list.")},
    )
    postcode = forms.CharField(
        label=gettext_lazy("or your postcode"),
        required=False,
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": 6}
        ),
    )
    programme = forms.ChoiceField(
        label=gettext_lazy("Kind of counselling"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *Programme.choices],
        error_messages={"invalid_choice": gettext_lazy("Choose a kind from the list.")},
    )
    topic = forms.ChoiceField(
        label=gettext_lazy("Topic"),
        required=False,
        choices=[("", gettext_lazy("All topics")), *Topic.choices],
        error_messages={"invalid_choice": gettext_lazy("Choose a topic from the list.")},
    )
    open_now = forms.BooleanField(label=gettext_lazy("Open now"), required=False)
    day = forms.DateField(
        label=gettext_lazy("Open on this day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Enter a date, e.g. 2026-12-01.")},
    )
    online = forms.BooleanField(label=gettext_lazy("Offers online counselling"), required=False)
    step_free = forms.BooleanField(label=gettext_lazy("Step-free access"), required=False)

    def __init__(self, *args, centre: Centre, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre
        self.districts = districts_of(centre)
        self.fields["district"].choices = [("", gettext_lazy("Any district"))] + [
            (slug, district.name) for slug, district in self.districts.items()
        ]

    def language_options(self) -> list[tuple[str, str, str, str]]:
        """(value, label, lang, dir) of each language: autonyms marked as what they are."""
        return [
            (code, label, lang_attribute(code) if code else "", language_direction(code))
            for code, label in self.fields["language"].choices
        ]

    def clean_postcode(self) -> str:
        postcode = "".join(self.cleaned_data["postcode"].split())
        if not postcode:
            return ""
        if not (len(postcode) == 5 and postcode.isascii() and postcode.isdigit()):
            raise ValidationError(_("Enter a postcode of five digits, e.g. 44147."))
        self.area = postcode_area(self.centre, postcode)
        if self.area is None:
            raise ValidationError(
                _("We do not know the postcode %(postcode)s. Choose your district instead."),
                params={"postcode": postcode},
            )
        return postcode

    def criteria(self) -> "Criteria":
        """The valid answers; call after is_valid(). Invalid fields count as unanswered."""
        data = getattr(self, "cleaned_data", {})
        district = self.districts.get(data.get("district") or "")
        return Criteria(
            age=data.get("age"),
            language=data.get("language") or "",
            district=district,
            postcode=data.get("postcode") or "",
            area=getattr(self, "area", None) if data.get("postcode") else None,
            programme=data.get("programme") or "",
            topic=data.get("topic") or "",
            open_now=bool(data.get("open_now")),
            day=data.get("day"),
            online=bool(data.get("online")),
            step_free=bool(data.get("step_free")),
        )


@dataclass(frozen=True)
class Criteria:
    age: int | None = None
    language: str = ""
    district: District | None = None
    postcode: str = ""
    programme: str = ""
    topic: str = ""
    open_now: bool = False
    day: datetime.date | None = None
    online: bool = False
    step_free: bool = False
    # the postcode's area as the form found it, so that the search need not look it up again
    area: PostcodeArea | None = field(default=None, compare=False)

    @property
    def is_empty(self) -> bool:
        return self == Criteria()


def search(
    centre: Centre, criteria: Criteria, now: datetime.datetime | None = None
) -> tuple[QuerySet, Origin | None]:
    """The fitting offices (originals), nearest first when a place is known, else by name.

    One query: the distance is ordered by in the database on a flat-earth approximation,
    which ranks like the true distance within a city or a region; `explain` measures the
    true one for the offices shown.
    """
    offices = Office.objects.originals().filter(centre=centre)
    if criteria.age is not None:
        offices = offices.filter(
            Q(age_min__lte=criteria.age) & (Q(age_max__isnull=True) | Q(age_max__gte=criteria.age))
        )
    if criteria.language:
        offices = offices.filter(languages__contains=f",{criteria.language},")
    if criteria.programme:
        offices = offices.filter(programme=criteria.programme)
    if criteria.topic:
        offices = offices.filter(topics__contains=f",{criteria.topic},")
    if criteria.online:
        offices = offices.exclude(online_url="")
    if criteria.step_free:
        offices = offices.filter(step_free=Access.YES)
    if criteria.open_now:
        offices = offices.filter(hours.open_at(now or hours.local_now()))
    if criteria.day:
        offices = offices.filter(hours.open_on(criteria.day))
    origin = origin_of(
        centre, district=criteria.district, postcode=criteria.postcode, area=criteria.area
    )
    if origin is None:
        return offices.order_by("name", "pk"), None
    # a degree of longitude is shorter than one of latitude, by the cosine of the latitude
    squeeze = math.cos(math.radians(origin.latitude))
    nearness = ExpressionWrapper(
        Power(F("latitude") - origin.latitude, 2)
        + Power((F("longitude") - origin.longitude) * squeeze, 2),
        output_field=FloatField(),
    )
    offices = offices.alias(nearness=nearness).order_by(
        F("nearness").asc(nulls_last=True), "name", "pk"
    )
    return offices, origin


@dataclass
class Reason:
    """Why an office fits, in a few words; `lang` marks words in another language."""

    text: str
    lang: str = ""
    dir: str = ""


@dataclass
class Match:
    office: Office
    status: hours.Status
    distance: float | None = None
    reasons: list[Reason] = field(default_factory=list)

    @property
    def distance_label(self) -> str:
        if self.distance is None:
            return ""
        number = formats.number_format(round(self.distance, 1), 1)
        if self.office.located == Located.ENTERED:
            return _("%(distance)s km") % {"distance": number}
        return _("about %(distance)s km") % {"distance": number}


def explain(
    offices: list[Office],
    criteria: Criteria,
    origin: Origin | None,
    now: datetime.datetime | None = None,
) -> list[Match]:
    """Each office with its opening status, distance and the reasons it fits."""
    now = hours.local_now(now)
    # the words that do not depend on the office, translated once for the whole page
    spoken = age = topic = online = step_free = None
    if criteria.language:
        code = criteria.language
        spoken = (
            _("Speaks %(language)s") % {"language": SPOKEN_LANGUAGES[code]},
            lang_attribute(code),
            language_direction(code),
        )
    if criteria.age is not None:
        age = _("For your age")
    if criteria.topic:
        topic = str(Topic(criteria.topic).label)
    if criteria.online:
        online = _("Online counselling")
    if criteria.step_free:
        step_free = _("Step-free access")
    matches = []
    for office in offices:
        match = Match(office, hours.status(office, now))
        if origin and office.has_location:
            match.distance = distance_km(
                origin.latitude, origin.longitude, office.latitude, office.longitude
            )
        if spoken:
            match.reasons.append(Reason(spoken[0], lang=spoken[1], dir=spoken[2]))
        if age:
            match.reasons.append(Reason(age))
        if match.distance is not None:
            match.reasons.append(Reason(match.distance_label))
        if topic:
            match.reasons.append(Reason(topic))
        if online and office.online_url:
            match.reasons.append(Reason(online))
        if step_free:
            match.reasons.append(Reason(step_free))
        matches.append(match)
    return matches


def page_of(offices: QuerySet, language: str) -> list[Office]:
    """What a result list shows of each office, its text in `language` where translated,
    in a fixed number of queries."""
    rows = hours.attach_hours(list(offices.select_related("provider", "district")))
    return lend_translations(rows, language, Office.TRANSLATED_TEXT)
