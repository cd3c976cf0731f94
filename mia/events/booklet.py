"""The printable programme booklet: one PDF per edition and language, made with WeasyPrint.

`build_booklet` lays out the published programme (cover, introduction, the events day by day,
an index of organisers and one of venues, page numbers) from
`templates/events/booklet/booklet.html`. `regenerate` stores the result in the edition's
`Booklet` row for that language, skipping the work while the programme it shows is unchanged.
The receivers at the end queue `tasks.regenerate_booklets` whenever the public programme of
a published edition changes, so visitors always download a booklet made in the background.

Only the site's own font files are read (mia/core/pdf.py): nothing from another host, no system
fonts, and no URL that a text could smuggle in.
"""

import datetime
import hashlib
import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mia.core.languages import RTL_LANGUAGES, direction, isolated, lang_attribute, language_name
from mia.core.pdf import fetcher, pdf_context, printable
from mia.core.services import site_url
from mia.organisations.models import Organisation

from . import queries
from .models import Booklet, Edition, EditionIntro, Event, EventDate, Venue
from .signals import programme_changed

logger = logging.getLogger(__name__)

# Raise when the templates or the CSS change, so that stored booklets are made again.
LAYOUT_VERSION = "2"
# A burst of changes (a bulk accept) is followed by one regeneration, not one per event:
# backends that can defer run the task this many seconds after the last change asked for it.
REGENERATE_DELAY = datetime.timedelta(seconds=10)


class Rendered(NamedTuple):
    pdf: bytes
    pages: int


# -- what the booklet shows -------------------------------------------------------------------


@dataclass
class Entry:
    """One date of an event, as it stands under its day."""

    event: Event
    date: EventDate
    anchor: str
    start: str
    until: str
    page: int | None = None


@dataclass
class Day:
    date: datetime.date
    heading: str
    anchor: str
    entries: list[Entry] = field(default_factory=list)
    page: int | None = None


@dataclass
class IndexGroup:
    """An organiser or a venue with the events it holds, each pointing at its first date."""

    name: str
    details: list[str]
    entries: list[Entry]


@dataclass
class Index:
    anchor: str
    heading: str
    groups: list[IndexGroup]


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def _times(date: EventDate) -> tuple[str, str]:
    """(start, until): the hour it starts, and when it ends."""
    start, end = _local(date.start), _local(date.end)
    if start.date() == end.date():
        return f"{start:%H:%M}", _("until %(time)s") % {"time": f"{end:%H:%M}"}
    # runs into another day: say until which, the reader would not guess it
    return f"{start:%H:%M}", _("until %(date)s, %(time)s") % {
        "date": formats.date_format(end.date(), "MONTH_DAY_FORMAT"),
        "time": f"{end:%H:%M}",
    }


# Languages whose own name is written in a script the site's fonts lack: named in the
# booklet's language instead of showing empty boxes
OTHER_SCRIPT_NAMES = {
    "el": gettext_lazy("Greek"),
    "ti": gettext_lazy("Tigrinya"),
    "zh": gettext_lazy("Chinese"),
}


def _language_label(code: str) -> str:
    name = language_name(code)
    if all(ord(char) in printable() for char in name):
        return name
    return str(OTHER_SCRIPT_NAMES.get(code, code))


def _language_names(codes: list[str]) -> SafeString:
    """Each name in a span of its own language and direction. Shaped as one run, the space
    after an Arabic name went to the Cyrillic font file, which has none, and printed a box."""
    spans = []
    for code in codes:
        label = _language_label(code)
        # a name given in the booklet's language instead is marked as that language
        lang = lang_attribute(code) if label == language_name(code) else translation.get_language()
        own = direction(label)
        spans.append((lang, own, isolated(label, own)))
    return format_html_join(", ", '<span lang="{}" dir="{}">{}</span>', spans)


def _facts(event: Event) -> list[str | SafeString]:
    """The small print of an event: languages, price, age, for whom."""
    facts = []
    if event.languages:
        names = _language_names(event.languages)
        # the translation is escaped and the names are built by format_html_join
        facts.append(mark_safe(escape(_("Languages: %(names)s")) % {"names": names}))  # noqa: S308
    if not event.is_free and event.price:
        facts.append(_("Price: %(price)s") % {"price": event.price})
    low, high = event.age_min, event.age_max
    if low is not None and high is not None:
        facts.append(_("Ages %(low)s to %(high)s") % {"low": low, "high": high})
    elif low is not None:
        facts.append(_("Ages %(low)s and over") % {"low": low})
    elif high is not None:
        facts.append(_("Up to age %(high)s") % {"high": high})
    if event.target_group:
        facts.append(event.target_group)
    return facts


def day_heading(day: datetime.date) -> str:
    return _("%(weekday)s, %(date)s") % {
        "weekday": formats.date_format(day, "l"),
        "date": formats.date_format(day, "MONTH_DAY_FORMAT"),
    }


def date_range(edition: Edition) -> str:
    if edition.starts_on == edition.ends_on:
        return formats.date_format(edition.starts_on, "DATE_FORMAT")
    return _("%(start)s – %(end)s") % {
        "start": formats.date_format(edition.starts_on, "MONTH_DAY_FORMAT"),
        "end": formats.date_format(edition.ends_on, "DATE_FORMAT"),
    }


def _access_details(venue: Venue) -> list[str]:
    labels = (
        ("step_free", _("step-free access")),
        ("accessible_toilet", _("accessible toilet")),
        ("induction_loop", _("induction loop")),
    )
    details = []
    for name, label in labels:
        value = getattr(venue, name)
        if value == "yes":
            details.append(label)
        elif value == "no":
            details.append(_("no %(feature)s") % {"feature": label})
    return details


def booklet_context(edition: Edition, language: str, now: datetime.datetime | None = None) -> dict:
    """Everything the booklet's template shows; call inside translation.override(language)."""
    centre = edition.centre
    events = list(queries.public_events(centre, edition=edition))
    # the event pages' addresses carry the original's slug, whatever the language shown
    slugs = {event.pk: event.slug for event in events}
    events = queries.translate(events, language)
    base_url = site_url(centre)

    days: dict[datetime.date, Day] = {}
    first_entry: dict[int, Entry] = {}
    for event in events:
        event.url = base_url + reverse(
            "events:detail", kwargs={"pk": event.pk, "slug": slugs[event.pk]}
        )
        event.organiser_name = event.organisation.name if event.organisation else centre.name
        event.facts = _facts(event)
        for number, date in enumerate(event.dates.all()):
            local_day = _local(date.start).date()
            day = days.get(local_day)
            if day is None:
                day = days[local_day] = Day(
                    local_day, day_heading(local_day), f"day-{local_day:%Y%m%d}"
                )
            entry = Entry(event, date, f"event-{event.pk}-{number}", *_times(date))
            day.entries.append(entry)
            first_entry.setdefault(event.pk, entry)
    for day in days.values():
        day.entries.sort(key=lambda e: (e.date.start, e.event.title.casefold(), e.event.pk))

    # the indexes list each event once, at its first date, in the order of the programme
    chronological = sorted(first_entry.values(), key=lambda e: (e.date.start, e.event.pk))
    organisers: dict[str, list[Entry]] = defaultdict(list)
    venues: dict[int, list[Entry]] = defaultdict(list)
    online: list[Entry] = []
    for entry in chronological:
        organisers[entry.event.organiser_name].append(entry)
        if entry.event.has_venue:
            venues[entry.event.venue_id].append(entry)
        if entry.event.is_online:
            online.append(entry)
    venue_groups = []
    for entries in venues.values():
        venue = entries[0].event.venue
        details = [venue.address, venue.district, *_access_details(venue)]
        venue_groups.append(IndexGroup(venue.name, [d for d in details if d], entries))
    venue_groups.sort(key=lambda group: group.name.casefold())
    if online:
        venue_groups.append(IndexGroup(_("Online"), [], online))
    indexes = [
        Index(
            "organisers",
            _("Index of organisers"),
            [
                IndexGroup(name, [], entries)
                for name, entries in sorted(organisers.items(), key=lambda i: i[0].casefold())
            ],
        )
    ]
    if venue_groups:
        indexes.append(Index("venues", _("Index of venues"), venue_groups))

    intro, intro_language = edition.intro_for(language)
    now = now or timezone.now()
    rtl = language in RTL_LANGUAGES
    return {
        "edition": edition,
        "centre": centre,
        "language": language,
        **pdf_context(rtl),
        "date_range": date_range(edition),
        "as_of": formats.date_format(_local(now).date(), "DATE_FORMAT"),
        "created": _local(now).isoformat(timespec="seconds"),
        "default_language": settings.LANGUAGE_CODE,
        "intro": intro,
        "intro_language": intro_language,
        "programme_url": base_url + reverse("events:programme", kwargs={"edition": edition.slug}),
        "days": sorted(days.values(), key=lambda day: day.date),
        "event_count": len(first_entry),
        "indexes": indexes,
        "venues": bool(venue_groups),
        "first_page": 1,
    }


PARTS = ("front", "days", "index")


def render_html(
    edition: Edition, language: str, part: str = "days", now: datetime.datetime | None = None
) -> str:
    """One part's HTML, without page numbers from the other parts (for looking at it)."""
    with translation.override(language):
        context = booklet_context(edition, language, now)
        return render_to_string("events/booklet/booklet.html", {**context, "part": part})


def _anchor_pages(document, first_page: int) -> dict[str, int]:
    return {
        anchor: first_page + number
        for number, page in enumerate(document.pages)
        for anchor in page.anchors
    }


def build_booklet(
    edition: Edition, language: str, now: datetime.datetime | None = None
) -> Rendered:
    """The booklet of `edition`'s published programme in `language`, as PDF bytes.

    Laid out in three parts, joined into one PDF: the cover with the introduction and the
    contents, the days, the indexes. Each part starts its page numbers where the one before
    ended, and the indexes and contents print the page numbers the days came out on.
    WeasyPrint's own way, `target-counter()`, lays out every page that uses it twice, which
    made the booklet of 400 events take far longer than its 30 seconds.
    """
    # imported here: WeasyPrint takes a second or two to load, which web processes that
    # only serve the stored files never need to pay
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts, url_fetcher = FontConfiguration(), fetcher()
    with translation.override(language):
        context = booklet_context(edition, language, now)

        def lay_out(part: str, first_page: int):
            html = render_to_string(
                "events/booklet/booklet.html",
                {**context, "part": part, "first_page": first_page},
            )
            return HTML(string=html, url_fetcher=url_fetcher).render(
                font_config=fonts, pdf_tags=True
            )

        # The front comes first but is laid out last, with the numbers of the parts after it.
        # Laid out once before, with placeholder numbers, it tells how long it is, so the
        # days and the indexes know their first page; they are laid out again only if
        # the real numbers change the front's length.
        front = lay_out("front", 1)
        for _attempt in range(3):
            front_length = len(front.pages)
            days = lay_out("days", front_length + 1)
            pages = _anchor_pages(days, front_length + 1)
            for day in context["days"]:
                day.page = pages.get(day.anchor)
                for entry in day.entries:
                    entry.page = pages.get(entry.anchor)
            index_start = front_length + len(days.pages) + 1
            index = lay_out("index", index_start)
            pages.update(_anchor_pages(index, index_start))
            context["organisers_page"] = pages.get("organisers")
            context["venues_page"] = pages.get("venues")
            front = lay_out("front", 1)
            if len(front.pages) == front_length:
                break
        else:
            raise RuntimeError("The booklet's front does not settle on a length.")
    document = front.copy([*front.pages, *days.pages, *index.pages])
    return Rendered(document.write_pdf(pdf_tags=True), len(document.pages))


# -- stored booklets ------------------------------------------------------------------------


def fingerprint(edition: Edition, language: str) -> str:
    """What the stored booklet shows: changes whenever anything of the published programme
    in `language` changes (its events, their translation, venue and organiser, the edition's
    introductions), or what the booklet adds to it (layout, dates, address, centre)."""
    rows = (
        Event.objects.filter(edition=edition)
        .filter(Q(state__in=Event.PUBLIC_STATES) | Q(locale__language_code=language))
        .values_list(
            "pk", "updated_at", "sequence", "state", "venue__updated_at", "organisation__updated_at"
        )
        .order_by("pk")
    )
    digest = hashlib.sha256()
    digest.update(
        f"{LAYOUT_VERSION}:{edition.pk}:{language}:{edition.name}:{edition.intro}:"
        f"{edition.starts_on}:{edition.ends_on}:{edition.slug}:{edition.centre.name}".encode()
    )
    for intro in edition.intros.all():
        digest.update(f"{intro.language}:{intro.text}".encode())
    for row in rows:
        digest.update(repr(row).encode())
    return digest.hexdigest()


def regenerate(edition: Edition, language: str, *, force: bool = False) -> bool:
    """Make the stored booklet show the current programme; False when it already did.

    Safe to run twice at once: each run writes a file of its own name and only then swaps the
    row over under a lock, keeping whichever file shows the programme as it is at that moment;
    the file that lost is deleted after the commit, so a download never meets a half-written
    or vanished file.
    """
    wanted = fingerprint(edition, language)
    stored = Booklet.objects.filter(edition=edition, language=language).first()
    if not force and stored and stored.file and stored.fingerprint == wanted:
        return False
    rendered = build_booklet(edition, language)
    name = default_storage.save(
        f"booklets/{edition.centre_id}/{edition.slug}-{language}-{secrets.token_hex(6)}.pdf",
        ContentFile(rendered.pdf),
    )
    with transaction.atomic():
        booklet, _created = Booklet.objects.select_for_update().get_or_create(
            edition=edition, language=language, defaults={"centre_id": edition.centre_id}
        )
        current = fingerprint(edition, language)
        if booklet.file and booklet.fingerprint == current and not force:
            # another run stored the current programme meanwhile: ours is no better
            transaction.on_commit(lambda: default_storage.delete(name))
            return False
        old = booklet.file.name
        booklet.file.name = name
        booklet.size = len(rendered.pdf)
        booklet.pages = rendered.pages
        # what was rendered: if the programme changed while we rendered, the change's own
        # task makes the booklet again, and finds this fingerprint outdated
        booklet.fingerprint = wanted
        booklet.generated_at = timezone.now()
        booklet.save()
        if old and old != name:
            transaction.on_commit(lambda: default_storage.delete(old))
        transaction.on_commit(_pages_changed)
    logger.info(
        "booklet %s/%s: %d pages, %d bytes",
        edition.slug,
        language,
        rendered.pages,
        len(rendered.pdf),
    )
    return True


def _pages_changed() -> None:
    # the programme page lists the booklets with their sizes, and may be cached
    from mia.core.cache import bump_content_generation

    bump_content_generation()


def languages_of(edition: Edition) -> list[str]:
    """The languages the edition's booklets are made in: its centre's, that MIA speaks."""
    known = {code for code, _name in settings.LANGUAGES}
    return [code for code in edition.centre.language_codes if code in known]


def regenerate_edition(edition: Edition, *, force: bool = False) -> dict[str, bool]:
    """Every language's booklet of a published programme: {language: made anew}."""
    if not edition.programme_published:
        return {}
    return {
        language: regenerate(edition, language, force=force) for language in languages_of(edition)
    }


# -- following the programme -------------------------------------------------------------------


def schedule(edition_id: int) -> None:
    """Queue the edition's booklets to be made again, a little later on backends that can wait.

    `MIA_BOOKLETS_FOLLOW_PROGRAMME` (default on) turns this off: the test settings do, as
    five PDFs made at every publication would dominate the browser tests' time; the tests of
    this following turn it back on.
    """
    from django.conf import settings

    from .tasks import regenerate_booklets

    if not getattr(settings, "MIA_BOOKLETS_FOLLOW_PROGRAMME", True):
        return

    task = regenerate_booklets
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + REGENERATE_DELAY)
    task.enqueue(edition_id)


@receiver(programme_changed)
def _programme_changed(sender, centre_id=None, edition_id=None, **kwargs) -> None:
    if edition_id and Edition.objects.filter(pk=edition_id, programme_published=True).exists():
        schedule(edition_id)


@receiver(post_save, sender=Edition)
def _edition_saved(sender, instance: Edition, **kwargs) -> None:
    # its name, dates, introduction or publication; after the commit, with its introductions
    if instance.programme_published:
        edition_id = instance.pk
        transaction.on_commit(lambda: schedule(edition_id))


@receiver(post_save, sender=EditionIntro)
def _intro_saved(sender, instance: EditionIntro, **kwargs) -> None:
    edition_id = instance.edition_id
    transaction.on_commit(lambda: _programme_changed(sender, edition_id=edition_id))


@receiver(post_save, sender=Venue)
@receiver(post_save, sender=Organisation)
def _host_saved(sender, instance, **kwargs) -> None:
    """A venue or organiser of public events changed: their editions' booklets show it."""
    lookup = "venue" if sender is Venue else "organisation"
    editions = list(
        Event.objects.filter(**{lookup: instance}, state__in=Event.PUBLIC_STATES)
        .exclude(edition=None)
        .values_list("edition_id", flat=True)
        .distinct()
    )
    for edition_id in editions:
        transaction.on_commit(lambda pk=edition_id: _programme_changed(sender, edition_id=pk))
