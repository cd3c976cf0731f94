"""An office as a vCard (3.0, the version every address book reads), for "save contact".

`vobject` writes it (see docs/decisions/0017-vcard-vobject.md): it escapes commas,
semicolons, backslashes and line breaks in text values and folds long lines at 75 octets as
RFC 2426 and RFC 6350 ask, so no text of an office can break the card's structure.
"""

import datetime

import vobject

from .models import Office


def office_vcard(office: Office, *, page_url: str) -> str:
    """The card of one office (an original, with its text in the visitor's language)."""
    card = vobject.vCard()
    card.add("fn").value = office.name
    # required in vCard 3.0; an office has no person's name
    card.add("n").value = vobject.vcard.Name()
    # organisation, then unit: the provider runs the office
    card.add("org").value = (
        [office.provider.name, office.name] if office.provider else [office.name]
    )
    # Apple's address book shows the card as an organisation, not a person
    card.add("x-abshowas").value = "COMPANY"
    address = card.add("adr")
    address.value = vobject.vcard.Address(
        street=office.street, city=office.city, code=office.postcode
    )
    address.type_param = "WORK"
    if office.has_location:
        card.add("geo").value = f"{office.latitude:.6f};{office.longitude:.6f}"
    if office.phone:
        phone = card.add("tel")
        phone.value = office.phone
        phone.type_paramlist = ["WORK", "VOICE"]
    if office.email:
        email = card.add("email")
        email.value = office.email
        email.type_param = "INTERNET"
    for address_of in (office.website, page_url):
        if address_of:
            card.add("url").value = address_of
    if office.description:
        card.add("note").value = office.description
    card.add("uid").value = f"urn:uuid:{office.translation_key}"
    card.add("rev").value = office.updated_at.astimezone(datetime.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    return card.serialize()
