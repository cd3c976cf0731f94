"""schema.org data as JSON-LD in a page: the one safe way to put it into a <script>."""

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# what may not appear raw inside <script>: "</script>" or "<!--" would end or change it
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> whose content no text of the record can end."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
