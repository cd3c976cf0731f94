"""Records of the counselling finder for tests: places, providers and offices."""

import datetime
from pathlib import Path

from mia.counselling.models import Office, OpeningSlot, Provider
from mia.counselling.places import load_places

DORTMUND = Path(__file__).resolve().parents[2] / "mia" / "counselling" / "data" / "dortmund.json"


def places(centre) -> None:
    """Dortmund's twelve districts and its postcode areas, as shipped."""
    load_places(centre, DORTMUND)


def office(centre, *, hours=(), **fields) -> Office:
    """An office (German original); `hours` are (weekday, "09:00", "12:00") slots."""
    fields.setdefault("name", "Beratungsstelle Nordstadt")
    fields.setdefault("programme", "mbe")
    fields.setdefault("street", "Mallinckrodtstraße 1")
    fields.setdefault("postcode", "44147")
    fields.setdefault("city", "Dortmund")
    fields.setdefault("languages", ["de"])
    fields.setdefault("age_min", 27)
    if "provider" not in fields:
        fields["provider"], _ = Provider.objects.get_or_create(centre=centre, name="Beispielträger")
    created = Office.objects.create(centre=centre, **fields)
    for weekday, opens, closes in hours:
        OpeningSlot.objects.create(
            office=created,
            weekday=weekday,
            opens=datetime.time.fromisoformat(opens),
            closes=datetime.time.fromisoformat(closes),
        )
    return created
