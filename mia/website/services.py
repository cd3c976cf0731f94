"""Queries the site's templates need, each a single query (images and their renditions prefetched)."""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import F, Prefetch, TextField
from django.db.models.functions import Cast, Coalesce
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Page

from mia.core.cache import cacheable_path, content_generation
from mia.core.models import Centre
from mia.core.services import home_for

from .models import (
    AccessibilityPage,
    ContactPage,
    EasyLanguagePage,
    HomePage,
    IntegrationCouncilPage,
    LegalPage,
    NewsIndexPage,
    NewsPage,
    SignLanguagePage,
    TopicPage,
)


def with_content_language(queryset):
    """Annotates `content_lang`, the language a page's text is in, so lists need no query each."""
    return queryset.annotate(
        content_lang=Coalesce(F("alias_of__locale__language_code"), F("locale__language_code"))
    )


def _with_images(queryset):
    queryset = with_content_language(queryset)
    return queryset.select_related("image").prefetch_related(
        Prefetch(
            "image__renditions", queryset=get_image_model().get_rendition_model().objects.all()
        )
    )


def news_of(index: NewsIndexPage):
    return _with_images(NewsPage.objects.live().public().child_of(index).order_by("-date", "-pk"))


def latest_news(home: HomePage, limit: int = 3) -> list[NewsPage]:
    return list(
        _with_images(
            NewsPage.objects.live().public().descendant_of(home).defer_streamfields()
        ).order_by("-date", "-pk")[:limit]
    )


def topics_of(home: HomePage) -> list[TopicPage]:
    return list(
        with_content_language(
            TopicPage.objects.live().public().child_of(home).defer_streamfields()
        ).order_by("path")
    )


FOOTER_TYPES = {
    "accessibility": AccessibilityPage,
    "easy_language": EasyLanguagePage,
    "sign_language": SignLanguagePage,
    "contact": ContactPage,
}


def topic_with_block(
    request: HttpRequest, centre: Centre, language: str, block_type: str
) -> dict | None:
    """The first topic page of the centre's site in `language` whose body holds a block of
    `block_type` (the counselling finder, the pool's ways in): its title and address, for
    the breadcrumbs of the pages the block leads to; or None. One query per centre,
    language, block and publish."""
    key = (
        f"website:topic:{content_generation()}:{centre.pk}:{language}:{block_type}:"
        f"{request.get_host()}"
    )
    found = cache.get(key)
    if found is None:
        page = (
            TopicPage.objects.live()
            .public()
            .descendant_of(home_for(centre, language))
            # the block's type name in the stored JSON: no JSON lookup works alike on
            # SQLite and PostgreSQL, the text does
            .annotate(body_text=Cast("body", TextField()))
            .filter(body_text__contains=f'"{block_type}"')
            .order_by("path")
            .only("pk", "title", "url_path")
            .first()
        )
        found = {"title": page.title, "url": page.get_url(request)} if page else {}
        cache.set(key, found, 3600)
    return found or None


def _site_chrome(centre: Centre, language: str, request: HttpRequest) -> dict:
    """Menu and footer links. Page types are told apart by content type, not by loading each
    page's specific row, so this costs four queries however many page types the home has."""
    home = home_for(centre, language)
    children = list(home.get_children().live().order_by("path"))
    type_of = {page.pk: page.content_type_id for page in children}
    legal_kinds = dict(LegalPage.objects.filter(pk__in=type_of.keys()).values_list("pk", "kind"))
    # one query for all the types a fresh process has not looked up yet, not one per type
    content_types = ContentType.objects.get_for_models(
        *FOOTER_TYPES.values(), NewsIndexPage, IntegrationCouncilPage
    )

    def first_of(model) -> Page | None:
        content_type = content_types[model].pk
        return next((p for p in children if type_of[p.pk] == content_type), None)

    footer = {key: first_of(model) for key, model in FOOTER_TYPES.items()}
    footer.update(
        {kind: next(p for p in children if p.pk == pk) for pk, kind in legal_kinds.items()}
    )
    news_index = first_of(NewsIndexPage)
    council = first_of(IntegrationCouncilPage)
    menu = [
        {"title": page.title, "url": page.get_url(request), "id": page.pk}
        for page in children
        if page.show_in_menus
    ]
    # the events calendar is no page of the tree: it follows the news, or ends the menu
    after_news = next(
        (i + 1 for i, item in enumerate(menu) if news_index and item["id"] == news_index.pk),
        len(menu),
    )
    menu.insert(
        after_news,
        # `app`: the item is current on the pages of that app (a page item: on its page)
        {"title": _("Events"), "url": reverse("events:index"), "id": None, "app": "events"},
    )
    return {
        "home_url": home.get_url(request),
        "home_id": home.pk,
        "menu": menu,
        "footer": {
            key: {"title": page.title, "url": page.get_url(request)}
            for key, page in footer.items()
            if page is not None
        },
        "news_index_url": news_index.get_url(request) if news_index else None,
        "council_url": council.get_url(request) if council else None,
        "statistics_url": _statistics_url(centre),
    }


def _statistics_url(centre: Centre) -> str | None:
    """The open data on naturalisations, once the centre has published figures."""
    from mia.statistics.models import NaturalisationYear

    if NaturalisationYear.objects.filter(centre=centre).exists():
        return reverse("statistics:naturalisations")
    return None


def site_chrome(request: HttpRequest) -> dict:
    """Navigation and footer links of the request's centre, cached until the next publish."""
    centre = getattr(request, "centre", None)
    if centre is None:
        return {}
    language = get_language()
    key = f"chrome:{content_generation()}:{centre.pk}:{language}:{request.get_host()}"
    chrome = cache.get(key)
    if chrome is None:
        chrome = _site_chrome(centre, language, request)
        cache.set(key, chrome, 3600)
    return chrome


def _translation_urls(request: HttpRequest, page: Page) -> dict[str, str]:
    key = f"translations:{content_generation()}:{request.get_host()}:{page.translation_key}"
    urls = cache.get(key)
    if urls is None:
        urls = {
            translation.locale.language_code: translation.get_url(request)
            for translation in Page.objects.live()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
        }
        cache.set(key, urls, 3600)
    return urls


def language_links(request: HttpRequest, page: Page | None, path: str | None = None) -> list[dict]:
    """For each of the centre's languages: where this page is in it, or that language's home.

    `path` is the address to translate where it is no page of the tree (default: the
    request's path with its cache-relevant parameters)."""
    centre = getattr(request, "centre", None)
    if centre is None:
        return []
    translations = _translation_urls(request, page) if page is not None and page.pk else {}
    current = get_language()
    return [
        {
            "code": code,
            "name": name,
            "url": translations.get(code) or translate_url(path or cacheable_path(request), code),
            "current": code == current,
        }
        for code, name in centre.language_choices
    ]
