"""What every PDF MIA prints with WeasyPrint shares: the site's own fonts, a fetcher that
reads nothing else, the start of every stylesheet (templates/pdf/base.css, fed by
`pdf_context`) and the writing (`write_pdf`).

Only the site's font files are read (from the static files, the same woff2 files the pages
use): nothing from another host, no system fonts, and no URL that a text could smuggle in.
The programme booklet (mia/events/booklet.py), the ceremony's letters and ticket
(mia/ceremonies/letters.py, ticket.py) and the pool's statements (mia/pool/statements.py)
print with them.
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured

# The site's fonts (frontend/build.py); the unicode ranges match frontend/scss/_layout.scss
LATIN = "U+0020-007E, U+00A0-00FF, U+2013-2014, U+2018-201E, U+2022, U+2026, U+20AC, U+2039-203A"
# the Latin Extended, Cyrillic and Arabic files carry their own spaces for PDFs
# (frontend/build.py): a run of their words is set in one font, spaces included
LATIN_EXT = "U+0020, U+00A0, U+0100-024F, U+1E00-1EFF"
CYRILLIC = "U+0020, U+00A0, U+0400-04FF, U+2116"
ARABIC = "U+0020, U+00A0, U+0600-06FF, U+0750-077F, U+200C-200F, U+FB50-FDFF, U+FE70-FEFF"
# Each file is a family of its own: WeasyPrint tells a PDF's fonts apart by family and
# weight, so files sharing "Fira Sans" were written as one font and the Cyrillic and
# Latin Extended letters came out as the wrong glyphs.
FONT_FILES = (
    ("Fira Sans Latin", 400, "fira-sans-400-latin", LATIN),
    ("Fira Sans Latin", 600, "fira-sans-600-latin", LATIN),
    ("Fira Sans Latin Extended", 400, "fira-sans-400-latin-ext", LATIN_EXT),
    ("Fira Sans Latin Extended", 600, "fira-sans-600-latin-ext", LATIN_EXT),
    ("Fira Sans Cyrillic", 400, "fira-sans-400-cyrillic", CYRILLIC),
    ("Fira Sans Cyrillic", 600, "fira-sans-600-cyrillic", CYRILLIC),
    ("Noto Sans Arabic", 400, "noto-sans-arabic-400", ARABIC),
    ("Noto Sans Arabic", 600, "noto-sans-arabic-600", ARABIC),
)
ARABIC_FAMILY = "Noto Sans Arabic"


def font_stack(rtl: bool) -> str:
    """The CSS font-family list: the page's script first, every file of ours, and no other."""
    families = list(dict.fromkeys(family for family, *_rest in FONT_FILES))
    families.sort(key=lambda family: (family == ARABIC_FAMILY) != rtl)
    return ", ".join(f'"{family}"' for family in families)


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    path: Path
    unicode_range: str

    @property
    def url(self) -> str:
        return self.path.as_uri()


@cache
def font_faces() -> tuple[FontFace, ...]:
    """The woff2 files the site serves, as file:// URLs (found like any static file)."""
    faces = []
    for family, weight, name, unicode_range in FONT_FILES:
        relative = f"mia/fonts/{name}.woff2"
        found = finders.find(relative)
        if not found and staticfiles_storage.exists(relative):
            found = staticfiles_storage.path(relative)
        if not found:
            raise ImproperlyConfigured(
                f"PDFs need the font {relative}: build the assets (make assets)."
            )
        faces.append(FontFace(family, weight, Path(found).resolve(), unicode_range))
    return tuple(faces)


@cache
def font_data(path: Path) -> bytes:
    """The font as TrueType: WeasyPrint would otherwise unpack each woff2 file for every
    PDF, which costs more than laying out a small programme."""
    from fontTools.ttLib import woff2

    out = io.BytesIO()
    with path.open("rb") as packed:
        woff2.decompress(packed, out)
    return out.getvalue()


def fetcher():
    """WeasyPrint's fetcher, allowed to read the font files and data: URLs (a stylesheet's
    pictograms, a QR code), nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = {face.url: face.path for face in font_faces()}

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url not in allowed:
                raise ValueError(f"A PDF loads nothing but its fonts: {url}")
            return URLFetcherResponse(url, body=font_data(allowed[url]))

    return FontsOnly()


def pdf_context(rtl: bool = False) -> dict:
    """What templates/pdf/base.css and a document's own stylesheet read: the fonts, the
    stacks (the page's script first; Arabic first for Arabic text), the direction, and the
    side a line begins on (`start`, right in Arabic) and the other (`end`)."""
    return {
        "fonts": font_faces(),
        "font_stack": font_stack(rtl),
        "arabic_stack": font_stack(rtl=True),
        "rtl": rtl,
        "start": "right" if rtl else "left",
        "end": "left" if rtl else "right",
    }


def write_pdf(html: str, font_config=None, url_fetcher=None) -> bytes:
    """`html` as a tagged PDF, with the site's fonts only. A document written in parts passes
    one `font_config` and `url_fetcher` for all of them."""
    # imported here: WeasyPrint takes a second to load, which most requests never need
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    return HTML(string=html, url_fetcher=url_fetcher or fetcher()).write_pdf(
        font_config=font_config or FontConfiguration(), pdf_tags=True
    )


@cache
def printable() -> frozenset[int]:
    """Every character the fonts can draw."""
    from fontTools.ttLib import TTFont

    characters: set[int] = set()
    for face in font_faces():
        characters.update(TTFont(io.BytesIO(font_data(face.path))).getBestCmap())
    return frozenset(characters)
