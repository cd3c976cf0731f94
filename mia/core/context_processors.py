from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi

from .cache import cacheable_path


def centre(request: HttpRequest) -> dict:
    return {
        "centre": getattr(request, "centre", None),
        "LANGUAGE_DIRECTION": "rtl" if get_language_bidi() else "ltr",
        "CURRENT_LANGUAGE": get_language(),
        "cache_path": cacheable_path(request),
        # a page whose address is personal (a ceremony's answer page) sets it False: the
        # header's language links carry the address
        "cache_chrome": True,
    }
