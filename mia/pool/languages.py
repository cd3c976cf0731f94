"""The languages a pool mediates, by ISO 639 code, the dialects a request may ask for, and
the one way the pool names both to a person.

Any living language is allowed (pools cover some sixty), named by its ISO 639-1 code where it
has one, else ISO 639-3 (pycountry's data, shipped with the package). A dialect is an
ISO 639-3 code of an individual language inside the macrolanguage (Levantine Arabic `apc`
in Arabic `ar`), so "Kurmanji or Sorani" and "Dari or Farsi" are told apart by a standard,
not by free text.

Names are always in the active language: a language by ISO 639's name as pycountry's
catalogues translate it (English where they have no translation), a variety by the pool's
own name for it, translated in our .po catalogues. Pages, mails, PDFs, CSV files and the back
office all call `language_name` or `spoken`; nobody is shown a code.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from mia.core.languages import SPOKEN_LANGUAGES, is_language, iso_name

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

# The varieties by the names pools and families use. ISO 639-3's names do not serve: `ajp`
# was merged into `apc` in 2023 (pycountry no longer knows it), "Northern Kurdish" is
# Kurmanji to everyone who speaks it, and pycountry's catalogues translate few of them
# (none into Arabic). Marked for translation, so the .po catalogues name them.
VARIETY_NAMES: dict[str, Promise] = {
    "apc": _("North Levantine Arabic"),
    "ajp": _("South Levantine Arabic"),
    "ary": _("Moroccan Arabic"),
    "arq": _("Algerian Arabic"),
    "aeb": _("Tunisian Arabic"),
    "arz": _("Egyptian Arabic"),
    "acm": _("Iraqi Arabic"),
    "afb": _("Gulf Arabic"),
    "ayl": _("Libyan Arabic"),
    "apd": _("Sudanese Arabic"),
    "kmr": _("Kurmanji (Northern Kurdish)"),
    "ckb": _("Sorani (Central Kurdish)"),
    "sdh": _("Southern Kurdish"),
    "pes": _("Farsi (Iranian Persian)"),
    "prs": _("Dari (Afghan Persian)"),
    "tgk": _("Tajik"),
    "cmn": _("Mandarin"),
    "yue": _("Cantonese"),
    "aln": _("Gheg Albanian"),
    "als": _("Tosk Albanian"),
    "pbt": _("Southern Pashto"),
    "pbu": _("Northern Pashto"),
}

# Unicode's first-strong isolate and its end: the text-only equivalent of <bdi>
FIRST_STRONG_ISOLATE = "\u2068"
POP_ISOLATE = "\u2069"


def _pair(name: str, added: str) -> str:
    """`name (added)`. On a right-to-left page either part may be an English name that has
    no translation yet ("Albanian (Gheg Albanian)"), which the page's direction would turn
    into "(Albanian (Gheg Albanian": each part is isolated, as <bdi> would, so the brackets
    stay where they belong."""
    if get_language_bidi():
        name = f"{FIRST_STRONG_ISOLATE}{name}{POP_ISOLATE}"
        added = f"{FIRST_STRONG_ISOLATE}{added}{POP_ISOLATE}"
    return f"{name} ({added})"


def language_name(code: str, *, own: bool = False) -> str:
    """A language or variety named in the active language ("Arabisch", "Kurmanji
    (Nordkurdisch)"). With `own`, followed by the language's name for itself where the site
    knows one that differs: "Arabisch (العربية)", for people choosing their own language."""
    name = str(VARIETY_NAMES[code]) if code in VARIETY_NAMES else iso_name(code)
    endonym = SPOKEN_LANGUAGES.get(code) if own else None
    if endonym and endonym.casefold() != name.casefold():
        return _pair(name, endonym)
    return name


def spoken(language: str, dialect: str = "") -> str:
    """A language with its variety, if any: "Arabisch (Nordlevantinisches Arabisch)"."""
    name = language_name(language)
    return _pair(name, language_name(dialect)) if dialect else name


# letters the Unicode decomposition does not bring next to their alphabet's neighbours
_SORT_LETTERS = str.maketrans({"ı": "i", "ґ": "г", "є": "е", "і": "и", "ї": "и"})


def sort_key(name: str) -> tuple[str, str]:
    """Sorts names as a reader of the active language looks for them: by their letters
    without accents first ("Ägyptisch" among the A's, "Çince" among the C's), accents
    deciding a tie. An approximation of the locale's collation (no ICU on the servers)."""
    name = name.replace(FIRST_STRONG_ISOLATE, "").replace(POP_ISOLATE, "").casefold()
    decomposed = unicodedata.normalize("NFKD", name)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return base.translate(_SORT_LETTERS), decomposed


def language_choices(codes, *, own: bool = False) -> list[tuple[str, str]]:
    """(code, name) of the languages given, in the active language's order."""
    named = ((code, language_name(code, own=own)) for code in set(codes))
    return sorted(named, key=lambda pair: sort_key(pair[1]))


def dialect_choices(*, own: bool = False) -> list[tuple[str, list[tuple[str, str]]]]:
    """The varieties grouped by their language (the group's label is read out), groups and
    varieties each in the active language's order."""
    groups = [
        (language_name(language, own=own), language_choices(codes))
        for language, codes in DIALECTS.items()
    ]
    return sorted(groups, key=lambda group: sort_key(group[0]))


def validate_language(code: str) -> None:
    if not is_language(code):
        raise ValidationError(
            _("%(code)s is not a language code MIA knows (ISO 639)."), params={"code": code}
        )


def validate_dialect(language: str, dialect: str) -> None:
    if dialect and dialect not in DIALECTS.get(language, ()):
        raise ValidationError(
            _("%(dialect)s is not a variety of this language that the pool lists."),
            params={"dialect": language_name(dialect)},
        )
