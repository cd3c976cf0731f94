"""schema.org data of an office page as JSON-LD (`mia.core.structured_data.json_ld`).

The type is `LocalBusiness`, schema.org's type for a place people walk into at opening
hours, which carries `openingHoursSpecification`, `address`, `geo`, `telephone` and
`amenityFeature`; it is also an `Organization`, so `knowsLanguage` and `parentOrganization`
(the provider) apply. `GovernmentOffice` would be wrong: welfare associations run most
offices, not the state.
"""

import datetime

from mia.core.accessibility import Access

from .models import Closure, Office, OpeningSlot, Weekday

SCHEMA = "https://schema.org/"
DAYS = {day.value: SCHEMA + day.name.title() for day in Weekday}


def _time(value: datetime.time) -> str:
    return value.strftime("%H:%M")


def hours_data(slots: list[OpeningSlot]) -> list[dict]:
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": DAYS[slot.weekday],
            "opens": _time(slot.opens),
            "closes": _time(slot.closes),
        }
        for slot in slots
    ]


def closures_data(closures: list[Closure]) -> list[dict]:
    # closed all day: schema.org's way is opening and closing at midnight
    return [
        {
            "@type": "OpeningHoursSpecification",
            "opens": "00:00",
            "closes": "00:00",
            "validFrom": closure.starts_on.isoformat(),
            "validThrough": closure.ends_on.isoformat(),
        }
        for closure in closures
    ]


def office_data(office: Office, url: str, closures: list[Closure]) -> dict:
    """The JSON-LD object of an office page (`office` carries the visitor-language text)."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": office.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": office.street,
            "postalCode": office.postcode,
            "addressLocality": office.city,
            "addressCountry": "DE",
        },
    }
    if office.description:
        data["description"] = office.description
    if office.has_location:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": office.latitude,
            "longitude": office.longitude,
        }
    if office.phone:
        data["telephone"] = office.phone
    if office.email:
        data["email"] = office.email
    if office.website:
        data["sameAs"] = [office.website]
    if office.languages:
        data["knowsLanguage"] = list(office.languages)
    slots = list(office.opening_slots.all())
    # a temporarily closed office has no hours to announce
    if slots and not office.temporarily_closed:
        data["openingHoursSpecification"] = hours_data(slots)
        if closures:
            data["specialOpeningHoursSpecification"] = closures_data(closures)
    if office.step_free != Access.UNKNOWN:  # what nobody knows is not claimed
        data["amenityFeature"] = [
            {
                "@type": "LocationFeatureSpecification",
                "name": "Step-free access",
                "value": office.step_free == Access.YES,
            }
        ]
    if office.provider:
        provider = {"@type": "Organization", "name": office.provider.name}
        if office.provider.website:
            provider["url"] = office.provider.website
        data["parentOrganization"] = provider
    return data
