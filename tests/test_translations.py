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
