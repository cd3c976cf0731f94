"""The public programme and event pages.

What visitors see comes from published and cancelled originals of the request's centre only,
with the text of their translation into the visitor's language where one exists. Everything
that lists events is lazy and rendered inside fragments keyed by the centre's events
generation (`mia/events/caching.py`), so a page served from them costs no query for events.
"""

from contextlib import suppress

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from mia.core.languages import autonyms
from mia.core.models import Centre
from mia.core.structured_data import json_ld
from mia.website.models.base import content_attrs

from ..caching import events_generation
from ..models import EventDate
from ..programme import Programme, Upcoming, edition_for, editions_of
from ..queries import public_events, translate
from ..structured_data import event_data

IMAGE_SPEC = "width-960|format-webp"
SHARE_IMAGE_SPEC = "fill-1200x675|format-jpeg"


def _centre(request: HttpRequest) -> Centre:
    centre = getattr(request, "centre", None)
    if centre is None:
        raise Http404
    return centre


def _this_hour() -> str:
    # lists of what is still to come are re-rendered every hour, so past events drop off
    return timezone.localtime().strftime("%Y%m%d%H")


@require_GET
def index(request: HttpRequest) -> TemplateResponse:
    centre = _centre(request)
    return TemplateResponse(
        request,
        "events/public/index.html",
        {
            "upcoming": Upcoming(centre, get_language()),
            "editions": SimpleLazyObject(lambda: editions_of(centre)),
            "generation": events_generation(centre.pk),
            "hour": _this_hour(),
        },
    )


@require_GET
def programme(request: HttpRequest, edition: str) -> TemplateResponse:
    centre = _centre(request)
    language = get_language()
    edition = edition_for(centre, edition, language)
    if edition is None:
        raise Http404
    ics_url = reverse("events:edition_ics", kwargs={"edition": edition.slug})
    return TemplateResponse(
        request,
        "events/public/programme.html",
        {
            "edition": edition,
            "intro": edition.intro_text,
            "intro_attrs": content_attrs(edition.intro_language),
            "programme": Programme(edition, language, request.GET),
            "generation": events_generation(centre.pk),
            "ics_url": ics_url,
            "webcal_url": f"webcal://{request.get_host()}{ics_url}",
            "booklet_url": reverse(
                "events:booklet",
                kwargs={"edition": edition.slug, "language": edition.booklet_language or language},
            ),
        },
    )


@require_GET
def detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    centre = _centre(request)
    renditions = get_image_model().get_rendition_model().objects.all()
    event = (
        public_events(centre)
        .filter(pk=pk)
        .prefetch_related(Prefetch("image__renditions", queryset=renditions))
        .first()
    )
    if event is None:
        raise Http404
    # the address is the original's, the same in every language
    canonical = reverse("events:detail", kwargs={"pk": event.pk, "slug": event.slug})
    if slug != event.slug:
        return redirect(canonical, permanent=True)
    translate([event], get_language())
    dates: list[EventDate] = list(event.dates.all())
    url = request.build_absolute_uri(canonical)
    image_url = ""
    if event.image_id:
        # a lost file costs the search engines the picture, not the visitor the page
        with suppress(SourceImageIOError):
            image_url = request.build_absolute_uri(event.image.get_rendition(SHARE_IMAGE_SPEC).url)
    now = timezone.now()
    return TemplateResponse(
        request,
        "events/public/detail.html",
        {
            "event": event,
            "edition": event.edition,
            "dates": dates,
            "past": bool(dates) and all(d.end <= now for d in dates),
            "spoken": autonyms(event.languages),
            "canonical_url": url,
            "json_ld": json_ld(event_data(event, dates, url, image_url)),
            # the page's own note that the text is the original, and its lang and dir
            "content_attrs": content_attrs(event.content_language),
            "cache_content": True,
            "cache_vary": events_generation(centre.pk),
        },
    )


urlpatterns = [
    path("veranstaltungen/", index, name="index"),
    path("veranstaltungen/<slug:edition>/", programme, name="programme"),
    path("veranstaltung/<int:pk>-<slug:slug>/", detail, name="detail"),
]
