"""The benchmark's programme generator keeps working as the models change."""

from bench.events_data import make_programme
from mia.events.models import Event

from ..factories import edition


def test_the_bench_programme_is_published_spread_and_partly_translated(centre):
    festival = edition(centre)
    events = make_programme(centre, festival, count=24)
    public = Event.objects.public().filter(edition=festival)
    assert public.count() == 24
    assert all(event.dates.exists() for event in public)
    days = {d.start.date() for e in public for d in e.dates.all()}
    assert len(days) > 3
    assert Event.objects.filter(edition=festival).exclude(locale__language_code="de").exists()
    assert len(events) == 24
