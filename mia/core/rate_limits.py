"""Counting what one visitor address does on one centre's public pages (django-ratelimit,
in the cache): form submissions, wrong secrets in a link."""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def over_limit(request: HttpRequest, group: str, rate: str, *, count: bool = True) -> bool:
    """True once the request's address has passed `rate` ("5/h") in `group` on the request's
    centre (each centre counts on its own); `count` adds this request."""
    centre = getattr(request, "centre", None)
    return is_ratelimited(
        request,
        group=f"{group}.{centre.pk if centre else 0}",
        key="ip",
        rate=rate,
        increment=count,
    )


def sent_too_often(request: HttpRequest, form: str) -> bool:
    """Counts a submission of the public form `form`; True once `MIA_FORM_RATE` is passed
    (then the form says so and stores nothing)."""
    return over_limit(request, f"mia.{form}", settings.MIA_FORM_RATE)
