"""Every interface string is translated into every language the installation offers."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "mia" / "locale"
# msgstr "" (or msgstr[n] "") not continued on the next line: an untranslated entry
UNTRANSLATED = re.compile(r'^msgstr(?:\[\d\])? ""\n(?!")', re.MULTILINE)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_catalogue_is_complete(language):
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()
    entries = po.split("\n\n")[1:]  # the first entry is the header
    untranslated = [e for e in entries if UNTRANSLATED.search(e + "\n")]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert (untranslated, fuzzy) == ([], [])
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    # the compiled catalogue holds every entry of the source (plural forms count once per form)
    singular = [e for e in entries if "msgid_plural" not in e]
    assert len({k for k in compiled._catalog if isinstance(k, str) and k}) == len(singular)


# The names under which makemessages (xgettext with Django's keywords) finds a string; a
# translation function imported under any other name marks strings nobody ever extracts.
EXTRACTED_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
TRANSLATION_IMPORT = re.compile(
    r"from django\.utils\.translation import \(?([^)]*?)\)?$", re.MULTILINE | re.DOTALL
)


def test_translation_functions_keep_names_makemessages_extracts():
    unseen = []
    for path in (Path(settings.BASE_DIR) / "mia").rglob("*.py"):
        for names in TRANSLATION_IMPORT.findall(path.read_text()):
            for name in names.replace("\n", " ").split(","):
                original, _sep, alias = (part.strip() for part in name.partition(" as "))
                if alias and "gettext" in original and alias not in EXTRACTED_NAMES:
                    unseen.append(f"{path.relative_to(settings.BASE_DIR)}: {original} as {alias}")
    assert unseen == []
