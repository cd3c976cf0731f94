"""What every part of the JSON API under /api/v1/ shares: open data of the centre whose host is
asked, read-only, paginated, in the requested language, with validators, and one OpenAPI 3
document for all of it.

Each app adds its endpoints with its own `api_urls.py` (events, counselling), mounted under
/api/v1/ in `mia/urls.py`; the OpenAPI document is generated from whatever is mounted there,
so a new endpoint appears in it without being listed here.
"""

import hashlib
import json
from collections.abc import Callable
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import get_resolver, path
from django.utils import translation
from django.views.decorators.http import condition, require_safe
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.viewsets import ReadOnlyModelViewSet

from .conditional import Fingerprint, cache_publicly, kept_by_etag, open_data, validated_by

API_PREFIX = "api/v1/"


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


LANGUAGE_PARAMETERS = [
    OpenApiParameter(
        "lang",
        OpenApiTypes.STR,
        description="Language of the texts (one of the centre's languages, e.g. de, en, tr, "
        "ar, uk); takes precedence over Accept-Language. Texts without a translation stay "
        "in the original language, named by `content_language`.",
    ),
    OpenApiParameter(
        "Accept-Language",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        description="Used when `lang` is not given.",
    ),
]
NOT_MODIFIED = {304: None}


class PublicAPI:
    """Open data: nobody signs in, so there is no session and no CSRF to check."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    def centre(self):
        if self.request.centre is None:
            raise Http404
        return self.request.centre


class PublicReadOnly(PublicAPI, ReadOnlyModelViewSet):
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]

    def get_object(self):
        # filters narrow lists only: a record is found by its id alone
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


def request_key(request: HttpRequest) -> tuple[str, str]:
    """The host and the query string, in a fixed order: part of every list's ETag."""
    return request.get_host(), urlencode(sorted(request.GET.lists()), doseq=True)


def published(
    view: Callable[..., HttpResponse],
    fingerprint: Callable[..., Fingerprint | None],
    *,
    kept_for: frozenset[str] = frozenset(),
) -> Callable[..., HttpResponse]:
    """An API view with its language, CORS and cache headers and its validators; with
    `kept_for` (the query parameters it knows), its answers are also kept under their ETag."""
    if kept_for:
        view = kept_by_etag(fingerprint, kept_for)(view)
    return open_data(cache_publicly(validated_by(fingerprint)(view)))


# -- the OpenAPI document ------------------------------------------------------------------------

_document: bytes | None = None


def openapi_document() -> bytes:
    """Generated once per process from the views mounted under /api/v1/ (it changes only with
    the code)."""
    global _document
    if _document is None:
        from drf_spectacular.generators import SchemaGenerator

        mounted = [p for p in get_resolver().url_patterns if str(p.pattern) == API_PREFIX]
        generator = SchemaGenerator(patterns=mounted)
        with translation.override(None):  # the document is written in English
            schema = generator.get_schema(request=None, public=True)
        _document = json.dumps(schema, ensure_ascii=False, sort_keys=True).encode()
    return _document


def _openapi_etag(request: HttpRequest) -> str:
    return hashlib.sha256(openapi_document()).hexdigest()[:32]


@open_data
@require_safe
@cache_publicly
@condition(etag_func=_openapi_etag)
def openapi(request: HttpRequest) -> HttpResponse:
    return HttpResponse(openapi_document(), content_type="application/json")


urlpatterns = [path("openapi.json", openapi, name="openapi")]
