"""The languages a pool mediates, by ISO 639 code, and the dialects a request may ask for.

Any living language is allowed (pools cover some sixty), named by its ISO 639-1 code where it
has one, else ISO 639-3 (pycountry's data, shipped with the package). A dialect is an
ISO 639-3 code of an individual language inside the macrolanguage (Levantine Arabic `apc`
in Arabic `ar`), so "Kurmanji or Sorani" and "Dari or Farsi" are told apart by a standard,
not by free text.
"""

import functools

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# the varieties pools are asked for by name (the brief: Kurmanji vs Sorani, Levantine vs
# Maghrebi Arabic, Dari vs Farsi); more can be added without a migration
DIALECTS: dict[str, tuple[str, ...]] = {
    "ar": ("apc", "ajp", "ary", "arq", "aeb", "arz", "acm", "afb", "ayl", "apd"),
    "ku": ("kmr", "ckb", "sdh"),
    "fa": ("pes", "prs", "tgk"),
    "zh": ("cmn", "yue"),
    "sq": ("aln", "als"),
    "ps": ("pbt", "pbu"),
}


@functools.cache
def _languages() -> dict[str, str]:
    """code → English name, for the living languages (individual and macrolanguages)."""
    names = {}
    for language in pycountry.languages:
        if getattr(language, "type", "L") != "L" and getattr(language, "scope", "I") != "M":
            continue
        code = getattr(language, "alpha_2", None) or language.alpha_3
        names[code] = language.name
    return names


def is_language(code: str) -> bool:
    return code in _languages()


def language_label(code: str) -> str:
    """The language's name (English, as ISO 639 gives it; the site's own names first)."""
    from mia.core.languages import SPOKEN_LANGUAGES

    return SPOKEN_LANGUAGES.get(code) or _languages().get(code, code)


def dialect_label(code: str) -> str:
    found = pycountry.languages.get(alpha_3=code)
    return found.name if found else code


def dialects_of(language: str) -> list[tuple[str, str]]:
    return [(code, dialect_label(code)) for code in DIALECTS.get(language, ())]


def validate_language(code: str) -> None:
    if not is_language(code):
        raise ValidationError(
            _("%(code)s is not a language code MIA knows (ISO 639)."), params={"code": code}
        )


def validate_dialect(language: str, dialect: str) -> None:
    if dialect and dialect not in DIALECTS.get(language, ()):
        raise ValidationError(
            _("%(dialect)s is not a variety of this language that the pool lists."),
            params={"dialect": dialect},
        )
