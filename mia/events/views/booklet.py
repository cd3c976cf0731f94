"""The programme booklet as a download.

Serves the file the background task stored (mia/events/booklet.py); it never lays out a
booklet itself: a request must not wait half a minute, nor could many visitors make a server
busy with it. A booklet not made yet answers 404, and the programme page only links the
booklets that exist (events/includes/booklet_links.html).
"""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date

from ..models import Booklet


def booklet(request: HttpRequest, edition: str, language: str) -> HttpResponse:
    if request.centre is None:
        raise Http404
    stored = (
        Booklet.objects.filter(
            centre=request.centre,
            edition__slug=edition,
            edition__centre=request.centre,
            edition__programme_published=True,
            language=language,
            language__in=request.centre.language_codes,
        )
        .exclude(file="")
        .first()
    )
    if stored is None or not stored.generated_at:
        raise Http404
    etag = f'"{stored.fingerprint}"'
    last_modified = int(stored.generated_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        # replaced in the moment between reading the row and opening its file
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Length"] = str(stored.size)
    response["Content-Disposition"] = content_disposition_header(
        False, f"programmheft-{edition}-{language}.pdf"
    )
    response["Last-Modified"] = http_date(last_modified)
    response["ETag"] = etag
    # a new booklet comes with every change of the programme: caches ask again
    patch_cache_control(response, public=True, max_age=300)
    return response


urlpatterns = [
    path("veranstaltungen/<slug:edition>/programmheft-<str:language>.pdf", booklet, name="booklet"),
]
