"""Pages that carry personal data, opened by a key in the address or by a signed-in owner:
an invitee's answer page, a volunteer's offer, an institution's request.

`private` keeps them out of every cache, search engines and other sites' Referer headers;
`from_elsewhere` tells a post sent by another site's page (for the pages that take no CSRF
token, because the key in the address is what authorises them)."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def private_page(referrer: str = "no-referrer") -> Callable:
    """Never stored (no-cache, no-store, must-revalidate, private), never indexed, and the
    given Referrer-Policy. Pages whose forms carry a CSRF token need `same-origin`: with
    `no-referrer` the browser posts `Origin: null`, which Django's CSRF check refuses."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            response["Referrer-Policy"] = referrer
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return wrapped

    return decorate


private = private_page()


def from_elsewhere(request: HttpRequest) -> bool:
    """A post that a page of another site sent. Browsers send `Origin: null` when the
    referrer policy is no-referrer: that is no sign of another site."""
    if request.META.get("HTTP_SEC_FETCH_SITE") == "cross-site":
        return True
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return False
    return urlsplit(origin).netloc.lower() != request.get_host().lower()
