"""Finding the centre of a request, and the pages that belong to it."""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.paginator import Page as PaginatorPage
from django.http import Http404, HttpRequest
from wagtail.models import Locale, Page, Site

from .cache import content_generation
from .models import Centre

_CENTRE_CACHE_SECONDS = 300


def get_centre_for_request(request: HttpRequest) -> Centre | None:
    """The centre whose site serves this host, cached per host so a page costs no query for it."""
    key = f"centre:{content_generation()}:{request.get_host().lower()}"
    centre = cache.get(key)
    if centre is None:
        site = Site.find_for_request(request)
        centre = (
            Centre.objects.select_related("site", "site__root_page").filter(site=site).first()
            if site
            else None
        )
        cache.set(key, centre or False, _CENTRE_CACHE_SECONDS)
    if centre:
        # Wagtail looks the site up again unless it finds it on the request.
        request._wagtail_site = centre.site
    return centre or None


def home_for(centre: Centre, language: str) -> Page:
    """The centre's home page in this language, or the German one where none exists."""
    root = centre.site.root_page
    if language_code_of(root.locale_id) == language:
        return root
    translated = (
        Page.objects.filter(translation_key=root.translation_key, locale__language_code=language)
        .live()
        .first()
    )
    return translated or root


def centre_pages(centre: Centre, locale: Locale | None = None):
    """Live pages of one centre (all its language trees, or one), never another centre's."""
    homes = Page.objects.filter(translation_key=centre.site.root_page.translation_key)
    if locale is not None:
        homes = homes.filter(locale=locale)
    query = Page.objects.none()
    for home in homes:
        query = query | Page.objects.descendant_of(home, inclusive=True)
    return query.live()


def language_code_of(locale_id: int) -> str:
    """The language code of a Wagtail locale, without a query once the cache knows the locales."""
    codes = cache.get("mia:locale-codes")
    if codes is None or locale_id not in codes:
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        cache.set("mia:locale-codes", codes, None)
    return codes.get(locale_id, "")


def paginate(request: HttpRequest, items, per_page: int) -> PaginatorPage:
    """The page of `items` that `?page=` asks for; a missing or malformed page is a 404."""
    try:
        return Paginator(items, per_page).page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage) as exc:
        raise Http404 from exc


def site_url(centre: Centre) -> str:
    """The centre's public address without a trailing slash, for links in mails and files.

    https, except on a development server (DEBUG, or a port other than 80 and 443).
    """
    site = centre.site
    scheme = "http" if site.port not in (80, 443) or settings.DEBUG else "https"
    port = "" if site.port in (80, 443) else f":{site.port}"
    return f"{scheme}://{site.hostname}{port}"
