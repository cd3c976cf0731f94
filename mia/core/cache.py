"""Whole-page cache for anonymous visitors, cleared by publishing.

Every cache key carries a generation number; publishing, unpublishing, moving or deleting a
page, or changing a centre, snippet or site, raises it, so every cached page becomes stale at
once without having to know which pages showed the changed content (menus, footers, teasers).
With several server processes the cache must be shared (REDIS_URL) for this to reach all of them.
"""

import hashlib
import threading
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "mia:content-generation"
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")


def _initial_generation() -> None:
    # Start from the clock, not from 1: if the key is ever evicted, entries cached under
    # earlier numbers can never match again.
    cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)


def content_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        _initial_generation()
        generation = cache.get(GENERATION_KEY, 1)
    return generation


T = TypeVar("T")
_memo = threading.local()


def generation_memo(key: str, compute: Callable[[], T]) -> T:
    """`compute()`, kept in this process (this thread) while the content generation stays
    the same, at most as long as the fragment caches (`FRAGMENT_CACHE_SECONDS`, 0 = never).

    For small things many requests read and any change raises the generation for (a
    centre's districts, its offices' state): unlike the shared cache, nothing is pickled
    and unpickled on every request. The value is shared by the requests: never change it.
    """
    seconds = settings.MIA_FRAGMENT_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    generation, now = content_generation(), time.monotonic()
    if getattr(_memo, "generation", None) != generation:
        _memo.generation, _memo.values = generation, {}
    kept = _memo.values.get(key)
    if kept is None or kept[1] <= now:
        kept = (compute(), now + seconds)
        _memo.values[key] = kept
    return kept[0]


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        _initial_generation()


def bump_content_generation(**_kwargs) -> None:
    """Now, and again when the transaction commits: a request rendering between the change
    and the commit still sees the old content, and must not keep it under the new number."""
    _bump()
    transaction.on_commit(_bump)


# Query parameters that change what a page shows; any other parameter (tracking tags, typos,
# a flood of random values) neither splits the caches nor is cached at all.
MEANINGFUL_PARAMETERS = ("page", "q")


def cacheable_path(request: HttpRequest) -> str:
    """The path with only the meaningful parameters, in a fixed order."""
    query = urlencode([(k, request.GET[k]) for k in MEANINGFUL_PARAMETERS if k in request.GET])
    return f"{request.path}?{query}" if query else request.path


def _page_key(request: HttpRequest) -> str:
    raw = f"{request.scheme}://{request.get_host()}{cacheable_path(request)}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page:{content_generation()}:{digest}"


def _is_cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.MIA_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and set(request.GET) <= set(MEANINGFUL_PARAMETERS)
        and not request.path.startswith("/" + settings.WAGTAILADMIN_PATH)
    )


# where a response carries its own, shorter lifetime in the page cache (see `keep_until_next_minute`)
_LIFETIME_ATTRIBUTE = "mia_page_cache_seconds"


def keep_until_next_minute(response: HttpResponse) -> HttpResponse:
    """For pages that say what is open now: the page cache keeps them until the current
    minute ends, so "Open now until 12:00" is never shown past 12:00 (opening hours are
    whole minutes). Publishing still empties the cache at once, as for every page."""
    seconds = 60 - timezone.localtime().second
    setattr(response, _LIFETIME_ATTRIBUTE, seconds)
    return response


def _lifetime(response: HttpResponse) -> int:
    own = getattr(response, _LIFETIME_ATTRIBUTE, None)
    default = settings.MIA_PAGE_CACHE_SECONDS
    return default if own is None else min(own, default)


def _is_cacheable_response(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_cacheable_request(request):
            return self.get_response(request)
        key = _page_key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _is_cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, _lifetime(response))
            response["X-Cache"] = "miss"
        return response


def clear_caches_on_change(*models) -> None:
    """Any app whose records show on pages registers them here (in its AppConfig.ready)."""
    for model in models:
        post_save.connect(bump_content_generation, sender=model, dispatch_uid=f"mia-save-{model}")
        post_delete.connect(bump_content_generation, sender=model, dispatch_uid=f"mia-del-{model}")


def _connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_content_generation, dispatch_uid=f"mia-cache-{id(signal)}")
    from wagtail.models import Page, PageViewRestriction, Site

    from .models import Centre

    clear_caches_on_change(Page, PageViewRestriction, Site, Centre)


_connect()
