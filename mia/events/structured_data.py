"""schema.org `Event` as JSON-LD, for search engines and calendar tools reading an event page.

https://schema.org/Event: `name`, `startDate` (ISO 8601 with offset) and `location` are
required; an event with several dates gives its next date at the top and every date as a
`subEvent`; a hybrid event has both a `Place` and a `VirtualLocation`.
"""

from django.utils import timezone

from .models import Access, Attendance, Event, EventDate, Venue

SCHEMA = "https://schema.org/"
ATTENDANCE_MODES = {
    Attendance.ON_SITE: SCHEMA + "OfflineEventAttendanceMode",
    Attendance.ONLINE: SCHEMA + "OnlineEventAttendanceMode",
    Attendance.HYBRID: SCHEMA + "MixedEventAttendanceMode",
}
# machine-readable names of the accessibility features, the same in every language
AMENITIES = (
    ("step_free", "Step-free access"),
    ("accessible_toilet", "Accessible toilet"),
    ("induction_loop", "Induction loop"),
)


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat()


def place(venue: Venue) -> dict:
    data = {
        "@type": "Place",
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.street,
            "postalCode": venue.postcode,
            "addressLocality": venue.city,
            "addressCountry": "DE",
        },
    }
    if venue.latitude is not None and venue.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    features = [
        {
            "@type": "LocationFeatureSpecification",
            "name": name,
            "value": getattr(venue, attribute) == Access.YES,
        }
        for attribute, name in AMENITIES
        if getattr(venue, attribute) != Access.UNKNOWN  # what nobody knows is not claimed
    ]
    if features:
        data["amenityFeature"] = features
    return data


def location(event: Event) -> dict | list[dict]:
    places = []
    if event.has_venue:
        places.append(place(event.venue))
    if event.is_online and event.online_url:
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    if not places:
        # required by schema.org: an online event whose link is not public yet
        places.append({"@type": "VirtualLocation"})
    return places[0] if len(places) == 1 else places


def event_data(event: Event, dates: list[EventDate], url: str, image_url: str = "") -> dict:
    """The JSON-LD object of a public event (`event` carries the visitor-language text)."""
    now = timezone.now()
    main = next((d for d in dates if d.end > now), dates[-1] if dates else None)
    status = SCHEMA + ("EventCancelled" if event.is_cancelled else "EventScheduled")
    mode = ATTENDANCE_MODES.get(event.attendance, ATTENDANCE_MODES[Attendance.ON_SITE])
    where = location(event)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "description": event.summary,
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "location": where,
        "isAccessibleForFree": event.is_free,
    }
    if main is not None:
        data["startDate"] = _iso(main.start)
        data["endDate"] = _iso(main.end)
    if len(dates) > 1:
        data["subEvent"] = [
            {
                "@type": "Event",
                "name": event.title,
                "startDate": _iso(date.start),
                "endDate": _iso(date.end),
                "eventStatus": status,
                "eventAttendanceMode": mode,
                "location": where,
            }
            for date in dates
        ]
    if event.languages:
        data["inLanguage"] = event.languages
    if image_url:
        data["image"] = [image_url]
    if event.organisation_id:
        organiser = {"@type": "Organization", "name": event.organisation.name}
        if event.organisation.website:
            organiser["url"] = event.organisation.website
        data["organizer"] = organiser
    offer = {"@type": "Offer", "url": event.registration_url or url}
    if event.is_free:
        offer.update(price=0, priceCurrency="EUR")
    elif event.price:
        offer["description"] = event.price
    data["offers"] = offer
    if event.age_min is not None or event.age_max is not None:
        low = "" if event.age_min is None else str(event.age_min)
        high = "" if event.age_max is None else str(event.age_max)
        data["typicalAgeRange"] = f"{low}-{high}"
    if event.target_group:
        data["audience"] = {"@type": "Audience", "audienceType": event.target_group}
    return data
