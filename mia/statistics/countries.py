"""Former nationalities: ISO 3166-1 alpha-2 codes, the few categories statistics add, and
their names in each language of the site (decision 0019: pycountry and its catalogues)."""

import functools
import gettext

import pycountry
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

STATELESS = "stateless"
UNKNOWN = "unknown"
# the rest of a total that the source does not break down by nationality
OTHER = "other"

# Codes a German statistic uses besides ISO 3166-1: Kosovo's user-assigned code (as the EU and
# Destatis use it), and the categories that are no country.
SPECIAL = {
    "XK": _("Kosovo"),
    STATELESS: _("Stateless"),
    UNKNOWN: _("Unknown or unresolved"),
    OTHER: _("Other or not broken down"),
}
CATEGORIES = (STATELESS, UNKNOWN, OTHER)

# what an import also understands for the categories (German files say it in German)
ALIASES = {
    "staatenlos": STATELESS,
    "unbekannt": UNKNOWN,
    "ungeklärt": UNKNOWN,
    "ungeklaert": UNKNOWN,
    "ohne angabe": UNKNOWN,
    "sonstige": OTHER,
    "übrige": OTHER,
    "uebrige": OTHER,
    "andere": OTHER,
}


@functools.cache
def iso_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def known_codes() -> frozenset[str]:
    return iso_codes() | frozenset(SPECIAL)


@functools.cache
def _alpha_3() -> dict[str, str]:
    return {country.alpha_3: country.alpha_2 for country in pycountry.countries}


def normalise(text: str) -> str:
    """A nationality as a file or a form may write it, as the code MIA stores; raises
    ValueError with the reason when it is none."""
    value = " ".join(str(text).split())
    lowered = value.lower()
    if lowered in CATEGORIES:
        return lowered
    if lowered in ALIASES:
        return ALIASES[lowered]
    code = value.upper()
    if code in iso_codes() or code in SPECIAL:
        return code
    if code in _alpha_3():
        raise ValueError(
            _("“%(value)s” is a three-letter code: use the two-letter code %(code)s.")
            % {"value": value, "code": _alpha_3()[code]}
        )
    raise ValueError(
        _(
            "“%(value)s” is no ISO 3166-1 country code (two letters, e.g. SY, TR, UA) nor "
            "one of %(categories)s."
        )
        % {"value": value, "categories": ", ".join(CATEGORIES)}
    )


# Names the bundled catalogues still lack (iso-codes renamed Turkey to Türkiye and its Arabic
# catalogue has not caught up): filled in here until they do.
CATALOGUE_GAPS = {("TR", "ar"): "تركيا"}


@functools.cache
def _catalogue(language: str) -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()  # English: the list's own names


@functools.cache
def _iso_name(code: str, language: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    if (code, language) in CATALOGUE_GAPS:
        return CATALOGUE_GAPS[code, language]
    catalogue = _catalogue(language)
    short = getattr(country, "common_name", None)
    # the short name where the catalogue translates it ("Syrien"), else the official one
    if short and (language == "en" or catalogue.gettext(short) != short):
        return catalogue.gettext(short)
    return catalogue.gettext(country.name)


def country_name(code: str, language: str | None = None) -> str:
    """The nationality's name in `language` (default: the active one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if code in SPECIAL:
        with translation.override(language):
            return str(SPECIAL[code])
    return _iso_name(code, language)


def choices(language: str | None = None) -> list[tuple[str, str]]:
    """Every nationality for a form's select: the categories first, then countries by name."""
    countries = sorted(
        ((code, country_name(code, language)) for code in known_codes() - set(CATEGORIES)),
        key=lambda pair: pair[1].casefold(),
    )
    return [(code, country_name(code, language)) for code in CATEGORIES] + countries
