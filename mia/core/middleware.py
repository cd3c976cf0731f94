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
