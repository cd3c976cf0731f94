"""Languages people speak: ISO 639 codes shown by their own names (autonyms), and a list
field to store them. Shared by events, counselling offices and the language-mediation pool."""

import functools
import gettext
import re
import unicodedata

import pycountry
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The languages most spoken among Dortmund's residents and newcomers, each in its own name,
# so that a visitor finds theirs without reading German. "gsg" is German Sign Language.
SPOKEN_LANGUAGES: dict[str, str] = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "uk": "Українська",
    "ru": "Русский",
    "pl": "Polski",
    "ro": "Română",
    "bg": "Български",
    "el": "Ελληνικά",
    "it": "Italiano",
    "es": "Español",
    "fr": "Français",
    "fa": "فارسی",
    "ku": "Kurdî",
    "ps": "پښتو",
    "ti": "ትግርኛ",
    "so": "Soomaali",
    "sq": "Shqip",
    "sr": "Srpski",
    "bs": "Bosanski",
    "hr": "Hrvatski",
    "vi": "Tiếng Việt",
    "zh": "中文",
    "gsg": "Deutsche Gebärdensprache",
}
RTL_LANGUAGES = frozenset({"ar", "fa", "ps"})


def language_name(code: str) -> str:
    return SPOKEN_LANGUAGES.get(code, code)


def lang_attribute(code: str) -> str:
    """The `lang` of a language's own name: the sign language's name is written in German."""
    return "de" if code == "gsg" else code


def language_direction(code: str) -> str:
    return "rtl" if code in RTL_LANGUAGES else "ltr"


def autonyms(codes: list[str]) -> list[dict[str, str]]:
    """Each language by its own name, with the `lang` and `dir` to mark that name with."""
    return [
        {
            "code": code,
            "name": language_name(code),
            "lang": lang_attribute(code),
            "dir": language_direction(code),
        }
        for code in codes
    ]


# -- every language, named by ISO 639 ---------------------------------------------------------


@functools.cache
def living_languages() -> dict[str, str]:
    """code → English name, for the living languages (individual and macrolanguages)."""
    names = {}
    for language in pycountry.languages:
        if getattr(language, "type", "L") != "L" and getattr(language, "scope", "I") != "M":
            continue
        code = getattr(language, "alpha_2", None) or language.alpha_3
        names[code] = language.name
    return names


def is_language(code: str) -> bool:
    return code in living_languages()


@functools.cache
def _iso639(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso639-3", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def _tidy(name: str) -> str:
    """The name people use: pycountry's catalogues join synonyms with ";" (German
    "Romani; Zigeunersprache", the second a slur) and date a living language against its
    historic form ("Neugriechisch (ab 1453)"), which the pool never lists."""
    name = name.split(";")[0]
    return re.sub(r"\s*\([^()]*\d[^()]*\)", "", name).strip()


def iso_name(code: str) -> str:
    """A language's ISO 639 name in the active language ("Arabisch"); the code where ISO
    639 has none."""
    english = living_languages().get(code)
    if english is None:
        # a code ISO 639-3 has retired or that is no living language: its name if pycountry
        # still has one
        found = pycountry.languages.get(alpha_3=code) if len(code) == 3 else None
        english = found.name if found else None
    if english is None:
        return code
    active = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return _tidy(_iso639(active).gettext(english))


# Unicode's directional isolates (LRI, RLI, PDI)
ISOLATE_START = {"ltr": "\u2066", "rtl": "\u2067"}
ISOLATE_END = "\u2069"


def isolated(text: str, direction: str) -> str:
    """The text between directional isolates. WeasyPrint lays out a paragraph's directions
    from its characters alone (it ignores `dir` on a span), so a German address in an Arabic
    line needs them to keep its commas and parts in order."""
    return f"{ISOLATE_START[direction]}{text}{ISOLATE_END}"


def direction(text: str) -> str:
    """The direction of the text's first letter, as the Unicode bidi rules take it."""
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def validate_codes(codes: list[str]) -> None:
    unknown = [code for code in codes if code not in SPOKEN_LANGUAGES]
    if unknown:
        raise ValidationError(
            _("Unknown language: %(codes)s"), params={"codes": ", ".join(unknown)}
        )


class CodeListField(models.CharField):
    """A list of codes kept as ",de,tr," so that one code is found with `contains`.

    A join table would cost a query per list; a JSON array cannot be searched alike on
    SQLite and PostgreSQL. The commas around each code keep "ar" from matching inside
    another code. `code_choices` (a callable or a list of (code, label)) are the codes
    allowed.
    """

    def __init__(self, *args, code_choices=(), **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("default", "")
        self.code_choices = code_choices
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        kwargs.pop("default", None)
        return name, path, args, kwargs

    def get_code_choices(self) -> list[tuple[str, str]]:
        choices = self.code_choices
        return list(choices() if callable(choices) else choices)

    def from_db_value(self, value, expression, connection) -> list[str]:
        return [code for code in (value or "").split(",") if code]

    def to_python(self, value) -> list[str]:
        if isinstance(value, list):
            return value
        return [code for code in (value or "").split(",") if code]

    def get_prep_value(self, value) -> str:
        if isinstance(value, str):
            # a lookup value, e.g. languages__contains=",tr,", passes unchanged
            return value
        codes = list(dict.fromkeys(value or []))
        return f",{','.join(codes)}," if codes else ""

    def validate(self, value, model_instance) -> None:
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        self.validate_codes(value or [])

    def validate_codes(self, codes: list[str]) -> None:
        known = {code for code, _label in self.get_code_choices()}
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValidationError(
                _("Unknown choice: %(codes)s"), params={"codes": ", ".join(unknown)}
            )

    def run_validators(self, value) -> None:
        # max_length applies to the stored string, checked by the choice list instead
        return None

    def value_to_string(self, obj) -> str:
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            label=self.verbose_name,
            help_text=self.help_text,
            choices=self.get_code_choices(),
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
        )


class LanguageListField(CodeListField):
    """The languages spoken, as codes of `SPOKEN_LANGUAGES`."""

    def __init__(self, *args, **kwargs):
        kwargs["code_choices"] = list(SPOKEN_LANGUAGES.items())
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("code_choices", None)
        return name, path, args, kwargs

    def validate_codes(self, codes: list[str]) -> None:
        validate_codes(codes)
