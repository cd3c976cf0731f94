"""Where things are, without asking another host: the centre's districts and postcode areas
with their centre points, distances between coordinates, and an office's own coordinates
taken from its postcode when nobody entered them."""

import math
from dataclasses import dataclass
from pathlib import Path

from mia.core.cache import generation_memo
from mia.core.models import Centre

from .models import District, Located, Office, PostcodeArea

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Origin:
    """Where a visitor's distances start: a district's or a postcode's centre point."""

    latitude: float
    longitude: float
    label: str


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def districts_of(centre: Centre) -> dict[str, District]:
    """The centre's districts by slug, in their order; kept while nothing changes (a changed
    district raises the content generation, `caching.py`)."""
    return generation_memo(
        f"counselling:districts:{centre.pk}",
        lambda: {district.slug: district for district in District.objects.filter(centre=centre)},
    )


def postcode_area(centre: Centre, postcode: str) -> PostcodeArea | None:
    return (
        PostcodeArea.objects.filter(centre=centre, postcode=postcode.strip())
        .select_related("district")
        .first()
    )


def origin_of(
    centre: Centre,
    *,
    district: District | None = None,
    postcode: str = "",
    area: PostcodeArea | None = None,
) -> Origin | None:
    """The point distances start from: the postcode if given (it is the finer), else the
    district. `area` is the postcode's, where the caller has looked it up already."""
    if postcode:
        if area is None or area.postcode != postcode or area.centre_id != centre.pk:
            area = postcode_area(centre, postcode)
        if area and area.latitude is not None:
            return Origin(area.latitude, area.longitude, area.postcode)
    if district and district.latitude is not None:
        return Origin(district.latitude, district.longitude, district.name)
    return None


def locate(office: Office) -> None:
    """Give the office a district and coordinates from its postcode where none were entered.

    Coordinates typed in (or imported) are kept: `located` says they were entered. Taken
    ones are taken again when the address changes, so they never point at an old address.
    """
    entered = office.located in ("", Located.ENTERED)
    if entered and office.latitude is not None and office.longitude is not None:
        office.located = Located.ENTERED
        if office.district_id is None:
            area = postcode_area(office.centre, office.postcode)
            office.district = area.district if area else None
        return
    area = postcode_area(office.centre, office.postcode) if office.postcode else None
    if office.district_id is None and area is not None:
        office.district = area.district
    if area is not None and area.latitude is not None:
        office.latitude, office.longitude = area.latitude, area.longitude
        office.located = Located.POSTCODE
    elif office.district_id and office.district.latitude is not None:
        office.latitude, office.longitude = office.district.latitude, office.district.longitude
        office.located = Located.DISTRICT
    else:
        office.latitude = office.longitude = None
        office.located = ""


def load_places(centre: Centre, path) -> tuple[int, int]:
    """Districts and postcode areas from a JSON file (see the load_places command), in one
    transaction: a broken file changes nothing."""
    import json

    from django.db import transaction
    from django.utils.text import slugify

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    with transaction.atomic():
        districts = {}
        for row in data["districts"]:
            district, _created = District.objects.update_or_create(
                centre=centre,
                slug=slugify(row["name"]),
                defaults={
                    "name": row["name"],
                    "latitude": float(row["latitude"]),
                    "longitude": float(row["longitude"]),
                },
            )
            districts[row["name"]] = district
        for row in data["postcodes"]:
            PostcodeArea.objects.update_or_create(
                centre=centre,
                postcode=str(row["postcode"]),
                defaults={
                    "district": districts.get(row.get("district", "")),
                    "latitude": float(row["latitude"]),
                    "longitude": float(row["longitude"]),
                },
            )
    return len(data["districts"]), len(data["postcodes"])


def relocate_offices(
    centre: Centre, *, postcode: str = "", district: District | None = None
) -> int:
    """Offices whose coordinates were taken from this postcode area or district take them
    again, after someone corrected its centre point. Entered coordinates stay."""
    offices = Office.objects.originals().filter(
        centre=centre, located__in=(Located.POSTCODE, Located.DISTRICT)
    )
    if postcode:
        offices = offices.filter(postcode=postcode)
    elif district is not None:
        offices = offices.filter(district=district)
    else:
        return 0
    moved = 0
    for office in offices.select_related("centre", "district", "locale"):
        office.save(update_fields=["latitude", "longitude", "located", "district", "slug"])
        moved += 1
    return moved
