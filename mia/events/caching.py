"""How the public event pages learn that events changed.

Two numbers: the site-wide content generation (`mia.core.cache`), which keys the anonymous
page cache and every fragment, and a generation per centre for the events, which keys the
programme's cached fragments and the cached edition rows.

The events generation moves on every change to an event, its dates, venue, organiser,
edition or booklet, whatever its state: cheap (only that centre's event fragments go stale)
and safe (no path that saves an event can be missed, the back office's included). The content
generation, which empties every cached page of every centre, moves only when what visitors
see may have changed: the public programme (`programme_changed`), a public event or a
translation saved by any other path, and the records shown next to events.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from mia.core.cache import bump_content_generation

from .signals import programme_changed


def _key(centre_id: int) -> str:
    return f"mia:events-generation:{centre_id}"


def events_generation(centre_id: int) -> int:
    generation = cache.get(_key(centre_id))
    if generation is None:
        # from the clock, like the content generation: an evicted number never comes back
        cache.add(_key(centre_id), time.time_ns() // 1000, timeout=None)
        generation = cache.get(_key(centre_id), 1)
    return generation


def _bump(centre_id: int) -> None:
    try:
        cache.incr(_key(centre_id))
    except ValueError:
        events_generation(centre_id)


def bump_events_generation(centre_id: int | None) -> None:
    """Now, and again when the transaction commits (see `bump_content_generation`)."""
    if centre_id is None:
        return
    _bump(centre_id)
    transaction.on_commit(lambda: _bump(centre_id))


def _on_programme_changed(sender, centre_id=None, **kwargs) -> None:
    bump_events_generation(centre_id)
    bump_content_generation()


def _is_visible_event(event) -> bool:
    """A public original, or a translation (whose text a public original may lend)."""
    from mia.core.services import language_code_of

    if event.state in event.PUBLIC_STATES:
        return True
    return language_code_of(event.locale_id) != settings.LANGUAGE_CODE


def _on_event(sender, instance, **kwargs) -> None:
    bump_events_generation(instance.centre_id)
    if _is_visible_event(instance):
        bump_content_generation()


def _on_event_date(sender, instance, origin=None, **kwargs) -> None:
    from .models import Event

    if getattr(origin, "model", type(origin)) is Event:
        return  # deleted with its event, whose own signal tells
    event = instance._state.fields_cache.get("event")
    if event is None:
        # saved apart from its event: ask the database once
        event = Event.objects.filter(pk=instance.event_id).only("centre_id", "state").first()
    if event is None:
        return
    bump_events_generation(event.centre_id)
    if event.state in event.PUBLIC_STATES:
        bump_content_generation()


def _on_shown_record(sender, instance, **kwargs) -> None:
    """Editions, venues, organisations and booklets: shown on public pages whatever their state."""
    centre_id = getattr(instance, "centre_id", None)
    if centre_id is None and hasattr(instance, "edition_id"):
        edition = instance._state.fields_cache.get("edition")
        centre_id = edition.centre_id if edition is not None else None
    if centre_id is None:
        from .models import Edition

        centre_id = (
            Edition.objects.filter(pk=getattr(instance, "edition_id", None))
            .values_list("centre_id", flat=True)
            .first()
        )
    bump_events_generation(centre_id)
    bump_content_generation()


def connect() -> None:
    from mia.organisations.models import Organisation

    from .models import Booklet, Edition, EditionIntro, Event, EventDate, Venue

    programme_changed.connect(_on_programme_changed, dispatch_uid="mia-events-programme")
    receivers = [
        (Event, _on_event),
        (EventDate, _on_event_date),
        (Edition, _on_shown_record),
        (EditionIntro, _on_shown_record),
        (Venue, _on_shown_record),
        (Organisation, _on_shown_record),
        (Booklet, _on_shown_record),
    ]
    for model, receiver in receivers:
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(receiver, sender=model, dispatch_uid=f"mia-events-{name}-{model}")
