from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language

from .services import get_centre_for_request


class CentreMiddleware:
    """Puts the request's centre on `request.centre` and refuses languages it does not offer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.centre = get_centre_for_request(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
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
