"""Wagtail's icons carry no size of their own: a bare {% icon %} renders at the SVG's
default 300×150 and covers the labels around it (seen on the back office's buttons)."""

import re
from pathlib import Path

from django.conf import settings
from wagtail.admin.icons import get_icons

TEMPLATES = Path(settings.BASE_DIR) / "mia"
ICON = re.compile(r"{%\s*icon\b[^%]*%}")
# the element the tag sits in: a button, or a link styled as one
BUTTON = re.compile(r"<(button|a)\b[^>]*>(?:(?!</\1>).)*$", re.S)


def icons() -> list[tuple[str, str, re.Match | None]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        for match in ICON.finditer(text):
            opening = BUTTON.search(text[: match.start()])
            found.append((str(path.relative_to(TEMPLATES)), match.group(0), opening))
    return found


def test_every_icon_has_a_size():
    unsized = [
        (path, tag)
        for path, tag, _opening in icons()
        if "wrapped=1" not in tag and not re.search(r"classname=\"[^\"]*\bw-w-", tag)
    ]
    assert unsized == []


def test_an_icon_in_a_button_is_wrapped_in_an_icon_button():
    """Wagtail sizes a wrapped icon by the button's 'button--icon' class."""
    wrong = []
    for path, tag, opening in icons():
        if opening is None:
            continue
        element = opening.group(0).split(">", 1)[0]
        is_button = opening.group(1) == "button" or re.search(r'class="[^"]*\bbutton\b', element)
        if is_button and not ("wrapped=1" in tag and "button--icon" in element):
            wrong.append((path, tag))
    assert icons() and wrong == []


def test_every_icon_exists():
    """Wagtail renders an unknown name as an empty square ("tick" is gone from 7.x)."""
    known = set(re.findall(r'id="icon-([\w-]+)"', get_icons()))  # the admin's SVG sprite
    names = {re.search(r'name="([^"]+)"', tag).group(1) for _path, tag, _opening in icons()}
    assert names and names - known == set()
