import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import get_language

from .services import get_centre_for_request

logger = logging.getLogger(__name__)

# The database cannot be reached (refused, dropped, gone), as opposed to a bad query.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60
_GUARDED = "_mia_database_guard"


def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The 503 page, rendered without a single query: no context processors, no pages, no
    settings; only what is already on the request (a centre from the cache) is shown."""
    summary = (str(exc).strip().splitlines() or [""])[0]
    logger.warning(
        "Database unavailable, answered 503 to %s %s: %s: %s",
        request.method,
        request.path,
        type(exc).__name__,
        summary,
    )
    centre = request.__dict__.get("centre")
    # Only fields already loaded on the instance: reading a deferred one would query.
    loaded = vars(centre) if centre is not None else {}
    context = {
        "centre": {
            field: loaded.get(field, "") for field in ("name", "short_name", "email", "phone")
        }
    }
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # logged once above, not again as "Service Unavailable"
    return response


class DatabaseUnavailableMiddleware:
    """Answers 503 with a plain page instead of a 500 when the database cannot be reached.

    Errors from the view (and its template) arrive in `process_exception`. Django turns an
    exception in any other middleware into a 500 response right where it happens, before it
    could reach this one; `_pass_database_errors_up` re-raises such an error while this
    middleware is on the stack, so it arrives in `__call__` instead, without a 500 and its
    traceback in the log. Everything below this middleware is covered: sessions, the centre
    lookup, the page cache, authentication, redirects, and the 404/500 handlers themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        setattr(request, _GUARDED, True)
        try:
            return self.get_response(request)
        except DATABASE_UNAVAILABLE as exc:
            return database_unavailable(request, exc)
        finally:
            setattr(request, _GUARDED, False)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable(request, exception)
        return None


def _pass_database_errors_up(sender, request=None, **kwargs) -> None:
    """Sent by Django just before it calls the 500 handler for an exception from a middleware
    (or from the 404/500 handler): a database error goes on up to the middleware above."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_UNAVAILABLE) and getattr(request, _GUARDED, False):
        raise exc


got_request_exception.connect(
    _pass_database_errors_up, weak=False, dispatch_uid="mia-database-unavailable"
)


class CentreMiddleware:
    """Puts the request's centre on `request.centre` and refuses languages it does not offer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.centre = get_centre_for_request(request)
        except DATABASE_UNAVAILABLE as exc:
            # The host's centre is no longer in the cache and the database is down: the page
            # cache may still hold the page. If it does not, the view is never reached.
            request.centre = None
            request._centre_error = exc
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        error = getattr(request, "_centre_error", None)
        if error is not None:
            raise error
        centre = request.centre
        language = get_language()
        if centre and language and language not in centre.language_codes:
            raise Http404("language not offered by this centre")
        return None


class BackOfficePolicyMiddleware:
    """Relaxes the Content-Security-Policy for the back office only.

    Wagtail's admin still initialises some widgets (date choosers) with inline script and
    sets inline styles, and shows page previews in a frame of its own. The public site keeps
    the strict policy; staff pages allow inline script and style and framing by the back
    office itself, but still nothing from another host.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.WAGTAILADMIN_PATH

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response._csp_update = {
                "script-src": ["'unsafe-inline'"],
                "style-src": ["'unsafe-inline'"],
            }
            response._csp_replace = {"frame-ancestors": ["'self'"]}
        return response
