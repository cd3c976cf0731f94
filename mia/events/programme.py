"""The public programme as visitors read it: events by day, filtered, in their language.

Filtering and grouping happen in Python over the edition's events, loaded in three queries
(events with venue and organiser, their dates, the translations): a festival has hundreds of
events, not thousands, and the filter choices (districts, languages in use) come from the same
list, so a filtered page costs no more queries than the whole programme. The rendered result
is cached (see `views/public.py`), so this runs once per filter combination and change.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Exists, OuterRef, Q, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from mia.core.languages import SPOKEN_LANGUAGES
from mia.core.models import Centre

from .caching import events_generation
from .forms_public import FILTER_FIELDS, ProgrammeFilterForm, normalized_filters
from .models import Access, Attendance, Booklet, Category, Edition, EditionIntro, Event, EventDate
from .queries import public_events, translate


@dataclass
class Entry:
    """An event on one day, with that day's dates (an event may come twice a day)."""

    event: Event
    dates: list[EventDate]

    @property
    def start(self) -> datetime.datetime:
        return self.dates[0].start


@dataclass
class Day:
    day: datetime.date
    entries: list[Entry] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"day-{self.day.isoformat()}"


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def group_by_day(
    events,
    *,
    only_day: datetime.date | None = None,
    after: datetime.datetime | None = None,
    before: datetime.datetime | None = None,
) -> list[Day]:
    """Each event under each of its days (an event with three dates is listed three times),
    days in order, events of a day by their first start that day, then by title."""
    days: dict[datetime.date, list[Entry]] = defaultdict(list)
    for event in events:
        per_day: dict[datetime.date, list[EventDate]] = defaultdict(list)
        for date in event.dates.all():
            if after is not None and date.end <= after:
                continue
            if before is not None and date.start >= before:
                continue
            per_day[local_day(date.start)].append(date)
        for day, dates in per_day.items():
            if only_day is None or day == only_day:
                days[day].append(Entry(event, dates))
    return [
        Day(day, sorted(days[day], key=lambda e: (e.start, e.event.title.casefold(), e.event.pk)))
        for day in sorted(days)
    ]


def _original_text(event: Event) -> str:
    organiser = event.organisation.name if event.organisation_id else ""
    return f"{event.title}\n{event.summary}\n{organiser}".casefold()


# what the programme marks an event with, as words (never a symbol alone)
MARKS = {
    "free": _("Free of charge"),
    "online": _("Online"),
    "hybrid": _("On site and online"),
    "accessible": _("Step-free venue"),
    "family": _("For families"),
    "registration": _("Registration needed"),
}


def marks_of(event: Event) -> list[str]:
    names = []
    if event.is_free:
        names.append("free")
    if event.attendance in (Attendance.ONLINE, Attendance.HYBRID):
        names.append(event.attendance)
    if event.has_venue and event.venue.is_accessible:
        names.append("accessible")
    if event.family_friendly:
        names.append("family")
    if event.registration_required:
        names.append("registration")
    return names


def prepare(events, language: str) -> list[Event]:
    """The events in the visitor's language, each with its address (made from the original
    title, the same in every language), its original words for the text search, and the
    words of its category and marks (translated once for the list, not once per event)."""
    events = list(events)
    pattern = reverse("events:detail", kwargs={"pk": 0, "slug": "x"})
    before, _sep, after = pattern.rpartition("/0-x/")
    categories = {value: str(label) for value, label in Category.choices}
    marks = {name: str(label) for name, label in MARKS.items()}
    for event in events:
        # one reverse() for the list: hundreds of them would cost more than the page's queries
        event.url = f"{before}/{event.pk}-{event.slug}/{after}"
        event.search_text = _original_text(event)
        event.category_label = categories.get(event.category, event.category)
        event.marks = [marks[name] for name in marks_of(event)]
    return translate(events, language)


def matches(event: Event, filters: dict) -> bool:
    """Whether the event passes the (cleaned, non-empty) filters; the day is left to grouping."""
    venue = event.venue if event.has_venue else None
    if filters.get("category") and event.category != filters["category"]:
        return False
    if filters.get("district") and (venue is None or venue.district != filters["district"]):
        return False
    if filters.get("language") and filters["language"] not in event.languages:
        return False
    if filters.get("free") and not event.is_free:
        return False
    if filters.get("family") and not event.family_friendly:
        return False
    if filters.get("accessible") and (venue is None or venue.step_free != Access.YES):
        return False
    if filters.get("online") and not event.is_online:
        return False
    terms = (filters.get("q") or "").casefold().split()
    if terms:
        # the original's words and the visitor's translation's both find the event
        haystack = f"{event.search_text}\n{event.title}\n{event.summary}".casefold()
        if not all(term in haystack for term in terms):
            return False
    return True


# -- one edition's programme ----------------------------------------------------------------


EDITION_CACHE_SECONDS = 300


def edition_for(centre: Centre, slug: str, language: str) -> Edition | None:
    """The centre's edition, with what its page shows in `language` (the introduction, the
    booklet's language and size) in the same query; cached until the centre's events change.

    Sets `intro_text` and `intro_language` (the introduction in `language`, else the
    original), `booklet_language` and `booklet_size` (the booklet in `language`, else the
    original-language one; empty while none is made).
    """
    key = f"events:edition:{centre.pk}:{events_generation(centre.pk)}:{language}:{slug}"
    edition = cache.get(key)
    if edition is None:
        intros = EditionIntro.objects.filter(edition=OuterRef("pk"), language=language)
        intros = intros.exclude(text="").values("text")[:1]
        booklets = Booklet.objects.filter(edition=OuterRef("pk"), size__gt=0).exclude(file="")
        booklet = (
            booklets.filter(language__in=[language, settings.LANGUAGE_CODE])
            # the visitor's language first
            .order_by(Case(When(language=language, then=0), default=1))
        )
        edition = (
            Edition.objects.filter(centre=centre, slug=slug)
            .annotate(
                translated_intro=Subquery(intros),
                booklet_language=Subquery(booklet.values("language")[:1]),
                booklet_size=Subquery(booklet.values("size")[:1]),
            )
            .first()
        )
        if edition is not None:
            if language != settings.LANGUAGE_CODE and (edition.translated_intro or "").strip():
                edition.intro_text, edition.intro_language = edition.translated_intro, language
            else:
                edition.intro_text, edition.intro_language = edition.intro, settings.LANGUAGE_CODE
        cache.set(key, edition or False, EDITION_CACHE_SECONDS)
    return edition or None


class Programme:
    """An edition's programme for one visitor language and one set of filters.

    Nothing is loaded until a template asks: a cached fragment costs no query.
    """

    def __init__(self, edition: Edition, language: str, params) -> None:
        self.edition = edition
        self.language = language
        self.filters = normalized_filters(params)

    @property
    def cache_key(self) -> str:
        """The filters as they change the result, in a fixed order (part of the fragment key)."""
        return urlencode([(name, self.filters[name]) for name in FILTER_FIELDS])

    @property
    def is_filtered(self) -> bool:
        return any(self.filters.values())

    @cached_property
    def events(self) -> list[Event]:
        return prepare(public_events(self.edition.centre_id, edition=self.edition), self.language)

    @cached_property
    def form(self) -> ProgrammeFilterForm:
        days = sorted(
            set(self.edition.days)
            | {local_day(d.start) for e in self.events for d in e.dates.all()}
        )
        used_categories = {event.category for event in self.events}
        districts = sorted(
            {e.venue.district for e in self.events if e.has_venue and e.venue.district},
            key=str.casefold,
        )
        used_languages = {code for event in self.events for code in event.languages}
        return ProgrammeFilterForm(
            self.filters,
            days=days,
            categories=[(v, label) for v, label in Category.choices if v in used_categories],
            districts=districts,
            languages=[code for code in SPOKEN_LANGUAGES if code in used_languages],
        )

    @cached_property
    def cleaned(self) -> dict:
        form = self.form
        form.is_valid()  # an invalid choice is shown at its field and not applied
        return {k: v for k, v in form.cleaned_data.items() if v}

    @cached_property
    def results(self) -> list[Event]:
        return [event for event in self.events if matches(event, self.cleaned)]

    @cached_property
    def days(self) -> list[Day]:
        return group_by_day(self.results, only_day=self.cleaned.get("day"))

    @cached_property
    def count(self) -> int:
        return len({entry.event.pk for day in self.days for entry in day.entries})

    @property
    def advanced_filters_used(self) -> bool:
        names = ("category", "district", "language", "free", "family", "accessible", "online")
        return any(self.filters.get(name) for name in names)


# -- the centre's events all year -----------------------------------------------------------


def _upcoming(centre: Centre, now: datetime.datetime, until: datetime.datetime | None = None):
    dates = EventDate.objects.filter(event=OuterRef("pk"), end__gt=now)
    if until is not None:
        dates = dates.filter(start__lt=until)
    return (
        public_events(centre)
        # a festival's events show once its programme is released
        .filter(Q(edition__isnull=True) | Q(edition__programme_published=True))
        .filter(Exists(dates))
        .annotate(next_start=Subquery(dates.order_by("start").values("start")[:1]))
        .order_by("next_start", "pk")
    )


def upcoming_events(centre: Centre | None, language: str, limit: int = 4, now=None) -> list[Event]:
    """The next events of the centre, each once, by the next time it takes place."""
    if centre is None:
        return []
    now = now or timezone.now()
    events = prepare(_upcoming(centre, now)[:limit], language)
    for event in events:
        event.next_date = next((d for d in event.dates.all() if d.end > now), None)
    return events


INDEX_DAYS = 60
INDEX_LIMIT = 120


class Upcoming:
    """The centre's events of the next weeks, by day (lazy, like `Programme`)."""

    def __init__(self, centre: Centre, language: str, now=None, days: int = INDEX_DAYS) -> None:
        self.centre = centre
        self.language = language
        self.now = now or timezone.now()
        self.until = self.now + datetime.timedelta(days=days)
        self.window = days

    @cached_property
    def events(self) -> list[Event]:
        # one more than shown tells whether the list was cut
        events = _upcoming(self.centre, self.now, self.until)[: INDEX_LIMIT + 1]
        return prepare(events, self.language)

    @property
    def truncated(self) -> bool:
        return len(self.events) > INDEX_LIMIT

    @cached_property
    def days(self) -> list[Day]:
        return group_by_day(self.events[:INDEX_LIMIT], after=self.now, before=self.until)


def editions_of(centre: Centre) -> list[Edition]:
    return list(Edition.objects.filter(centre=centre).order_by("-starts_on"))
