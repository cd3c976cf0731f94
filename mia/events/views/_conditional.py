"""What the feeds and the API share: the visitor's language, validators and cache headers."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import condition

from ..fingerprints import Fingerprint

# Public data that changes a few times a day: clients may keep it five minutes and then
# revalidate cheaply with the ETag.
MAX_AGE_SECONDS = 300


def requested_language(request: HttpRequest, *, accept_header: bool = False) -> str:
    """`?lang=xx` if the centre offers it; else the language of the address (/en/...) or,
    where the address has none (the API), the best of Accept-Language; else German."""
    offered = request.centre.language_codes if request.centre else [settings.LANGUAGE_CODE]
    wanted = request.GET.get("lang", "")
    if wanted in offered:
        return wanted
    if accept_header:
        for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
            primary = code.split("-")[0].lower()
            if primary in offered:
                return primary
        return settings.LANGUAGE_CODE
    current = get_language() or settings.LANGUAGE_CODE
    return current if current in offered else settings.LANGUAGE_CODE


def validated_by(fingerprint: Callable[..., Fingerprint | None]):
    """Django's `condition` with ETag and Last-Modified from one fingerprint query.

    `fingerprint(request, *args, **kwargs)` returns None where the view answers something
    else than the resource (404, 400): then no validator is sent and the view decides.
    """

    def compute(request, *args, **kwargs) -> Fingerprint | None:
        memo = request.__dict__.setdefault("_mia_fingerprints", {})
        if fingerprint not in memo:
            memo[fingerprint] = fingerprint(request, *args, **kwargs)
        return memo[fingerprint]

    def etag(request, *args, **kwargs):
        found = compute(request, *args, **kwargs)
        return found.etag if found else None

    def last_modified(request, *args, **kwargs):
        found = compute(request, *args, **kwargs)
        return found.last_modified if found else None

    return condition(etag_func=etag, last_modified_func=last_modified)


def cache_publicly(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Lets browsers and proxies keep successful answers a few minutes (304s included)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        return response

    return wrapper


def open_data(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The API's language and headers.

    The language of the texts comes from `lang` or Accept-Language (the API's addresses have
    no language prefix): active for the whole answer, including error messages, and named in
    `request.api_language` and Content-Language. Any web page may read the answer (CORS,
    without credentials: there are none).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = requested_language(request, accept_header=True)
        request.api_language = language
        with translation.override(language):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response["Content-Language"] = language
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Content-Language"
        if request.method == "OPTIONS":
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = (
                "Accept-Language, If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = "86400"
        patch_vary_headers(response, ("Accept-Language",))
        return response

    return wrapper
