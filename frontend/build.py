"""Builds MIA's front-end assets into var/assets (served as static files) and var/test-assets.

Run by `make assets` after `npm ci`: compiles the SCSS with Dart Sass, cuts the fonts down to
the characters the site's languages use (fontTools), copies Leaflet (the finder's optional
map) and jsQR (the ceremony's check-in camera), and puts axe-core where the browser tests find it. Nothing here is fetched at run time: every file the pages use is served by MIA.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MODULES = HERE / "node_modules"
OUT = ROOT / "var" / "assets" / "mia"
TEST_OUT = ROOT / "var" / "test-assets"

KERN_FONTS = MODULES / "@kern-ux" / "native" / "dist" / "fonts" / "fira-sans"
ARABIC_FONTS = MODULES / "@fontsource" / "noto-sans-arabic" / "files"

# unicode ranges, the same as the @font-face rules in scss/_layout.scss
LATIN = "U+0020-007E,U+00A0-00FF,U+2013-2014,U+2018-201E,U+2022,U+2026,U+20AC,U+2039-203A"
LATIN_EXT = "U+0100-024F,U+1E00-1EFF"
CYRILLIC = "U+0400-04FF,U+2116"
ARABIC = "U+0600-06FF,U+0750-077F,U+200C-200F,U+FB50-FDFF,U+FE70-FEFF"
# The Arabic, Cyrillic and Latin Extended files also keep their own spaces: WeasyPrint (the
# booklet, letters, tickets; mia/core/pdf.py) sets a run of such words in one font, spaces
# included, and finds no other font's space there. Browsers never ask for them (not in the
# CSS unicode-range).
SPACES = ",U+0020,U+00A0"
ARABIC_WITH_SPACES = ARABIC + SPACES

FONTS = [
    (KERN_FONTS / "FiraSans-Regular.woff2", "fira-sans-400-latin.woff2", LATIN),
    (KERN_FONTS / "FiraSans-SemiBold.woff2", "fira-sans-600-latin.woff2", LATIN),
    (KERN_FONTS / "FiraSans-Regular.woff2", "fira-sans-400-latin-ext.woff2", LATIN_EXT + SPACES),
    (KERN_FONTS / "FiraSans-SemiBold.woff2", "fira-sans-600-latin-ext.woff2", LATIN_EXT + SPACES),
    (KERN_FONTS / "FiraSans-Regular.woff2", "fira-sans-400-cyrillic.woff2", CYRILLIC + SPACES),
    (KERN_FONTS / "FiraSans-SemiBold.woff2", "fira-sans-600-cyrillic.woff2", CYRILLIC + SPACES),
    (
        ARABIC_FONTS / "noto-sans-arabic-arabic-400-normal.woff2",
        "noto-sans-arabic-400.woff2",
        ARABIC_WITH_SPACES,
    ),
    (
        ARABIC_FONTS / "noto-sans-arabic-arabic-600-normal.woff2",
        "noto-sans-arabic-600.woff2",
        ARABIC_WITH_SPACES,
    ),
]


def unicodes(ranges: str) -> list[int]:
    codes: list[int] = []
    for part in ranges.split(","):
        start, _, end = part.removeprefix("U+").partition("-")
        codes.extend(range(int(start, 16), int(end or start, 16) + 1))
    return codes


def subset_font(source: Path, target: Path, ranges: str) -> None:
    options = subset.Options()
    options.flavor = "woff2"
    options.name_IDs = ["*"]
    options.hinting = False
    options.desubroutinize = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes(ranges))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target)


def build_css(node: str) -> None:
    sass = MODULES / "sass" / "sass.js"
    (OUT / "css").mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603  (our own build tool, arguments from this file)
        [
            node,
            str(sass),
            "--no-source-map",
            "--style=compressed",
            f"--load-path={MODULES}",
            "--silence-deprecation=import",
            str(HERE / "scss" / "mia.scss"),
            str(OUT / "css" / "mia.css"),
        ],
        check=True,
    )


def main() -> None:
    node = sys.argv[1] if len(sys.argv) > 1 else "node"
    OUT.mkdir(parents=True, exist_ok=True)
    build_css(node)
    fonts = OUT / "fonts"
    fonts.mkdir(exist_ok=True)
    for source, name, ranges in FONTS:
        subset_font(source, fonts / name, ranges)
    # Leaflet for the counselling finder's optional map, served like every other file
    leaflet = OUT / "leaflet"
    (leaflet / "images").mkdir(parents=True, exist_ok=True)
    # with its source map: leaflet.js names it, and the static files manifest checks that
    for name in ("leaflet.js", "leaflet.js.map", "leaflet.css"):
        shutil.copy(MODULES / "leaflet" / "dist" / name, leaflet / name)
    for image in (MODULES / "leaflet" / "dist" / "images").glob("*.png"):
        shutil.copy(image, leaflet / "images" / image.name)
    # jsQR reads the tickets' QR codes at the ceremony's door (browsers without
    # BarcodeDetector); its licence travels with it
    jsqr = OUT / "jsqr"
    jsqr.mkdir(parents=True, exist_ok=True)
    shutil.copy(MODULES / "jsqr" / "dist" / "jsQR.js", jsqr / "jsQR.js")
    shutil.copy(MODULES / "jsqr" / "LICENSE", jsqr / "LICENSE.txt")
    TEST_OUT.mkdir(parents=True, exist_ok=True)
    shutil.copy(MODULES / "axe-core" / "axe.min.js", TEST_OUT / "axe.min.js")
    for path in sorted(OUT.rglob("*.*")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
