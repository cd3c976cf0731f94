"""What feeds and the open-data API share: the visitor's language, validators (ETag,
Last-Modified) computed from one fingerprint query, and cache headers.

A calendar app polls a feed every few minutes and an open-data client the API; most of those
requests should end in a 304 after one aggregate query, without loading a single record. Each
app computes its fingerprints (events/fingerprints.py, counselling/fingerprints.py); the
decorators here turn them into HTTP.
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import condition

# Public data that changes a few times a day: clients may keep it five minutes and then
# revalidate cheaply with the ETag.
MAX_AGE_SECONDS = 300


@dataclass(frozen=True)
class Fingerprint:
    etag: str
    last_modified: datetime.datetime | None
    count: int
    # Seconds the answer stays true while no record changes, where time alone changes it
    # (an office opens or closes); None: until a record changes.
    fresh_for: int | None = None


def digest(*parts: object) -> str:
    """A short, stable hash of everything an answer depends on."""
    raw = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def newest(*moments: datetime.datetime | None) -> datetime.datetime | None:
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


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
            found = memo[fingerprint] = fingerprint(request, *args, **kwargs)
            if found is not None and found.fresh_for is not None:
                request._mia_fresh_for = found.fresh_for  # read by cache_publicly
        return memo[fingerprint]

    def etag(request, *args, **kwargs):
        found = compute(request, *args, **kwargs)
        return found.etag if found else None

    def last_modified(request, *args, **kwargs):
        found = compute(request, *args, **kwargs)
        return found.last_modified if found else None

    return condition(etag_func=etag, last_modified_func=last_modified)


def cache_publicly(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Lets browsers and proxies keep successful answers a few minutes (304s included), or
    less where the fingerprint says the answer turns stale sooner."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            fresh_for = getattr(request, "_mia_fresh_for", None)
            max_age = MAX_AGE_SECONDS if fresh_for is None else min(MAX_AGE_SECONDS, fresh_for)
            patch_cache_control(response, public=True, max_age=max(max_age, 0))
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


def kept_by_etag(fingerprint: Callable[..., Fingerprint | None], parameters: frozenset[str]):
    """Keeps a view's successful answers in the cache under their ETag, for views decorated
    with `validated_by(fingerprint)` (this one goes inside it).

    The ETag names everything an answer depends on, so an answer found under it is the one
    the view would write again; a change gives a new ETag, and nothing has to be cleared.
    Only requests whose query names nothing but `parameters` are kept: any other parameter
    (a typo, a flood of random ones) neither fills the cache nor is answered from it. Kept as
    long as the fragment caches (`FRAGMENT_CACHE_SECONDS`, 0 = never), at most as long as
    clients may keep the answer.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            found = request.__dict__.get("_mia_fingerprints", {}).get(fingerprint)
            seconds = min(settings.MIA_FRAGMENT_CACHE_SECONDS, MAX_AGE_SECONDS)
            if found is not None and found.fresh_for is not None:
                seconds = min(seconds, found.fresh_for)
            if found is None or seconds <= 0 or not set(request.GET) <= parameters:
                return view(request, *args, **kwargs)
            key = f"mia:answer:{request.path}:{found.etag}"
            kept = cache.get(key)
            if kept is not None:
                content, headers = kept
                return HttpResponse(content, headers=headers)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                cache.set(key, (response.content, dict(response.headers)), timeout=seconds)
            return response

        return wrapper

    return decorator
