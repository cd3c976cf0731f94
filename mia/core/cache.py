"""Whole-page cache for anonymous visitors, cleared by publishing.

Every cache key carries a generation number; publishing, unpublishing, moving or deleting a
page, or changing a centre, snippet or site, raises it, so every cached page becomes stale at
once without having to know which pages showed the changed content (menus, footers, teasers).
With several server processes the cache must be shared (REDIS_URL) for this to reach all of them.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "mia:content-generation"
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")


def content_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def bump_content_generation(**_kwargs) -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _page_key(request: HttpRequest) -> str:
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page:{content_generation()}:{digest}"


def _is_cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.MIA_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith("/" + settings.WAGTAILADMIN_PATH)
    )


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
            cache.set(key, response, settings.MIA_PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response


def _connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_content_generation, dispatch_uid=f"mia-cache-{id(signal)}")
    from wagtail.models import Page, PageViewRestriction, Site

    from .models import Centre

    for model in (Page, PageViewRestriction, Site, Centre):
        post_save.connect(bump_content_generation, sender=model, dispatch_uid=f"mia-save-{model}")
        post_delete.connect(bump_content_generation, sender=model, dispatch_uid=f"mia-del-{model}")


_connect()
