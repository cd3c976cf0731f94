"""Finding the page for a URL with one query instead of Wagtail's three or more.

Wagtail walks the tree: the active locale, the localised home, its specific row, then a child
lookup and a specific fetch per path segment. MIA keeps a table of the centre's live pages per
language (URL path → content type and id), rebuilt once per publish, and fetches only the
page itself. The page's own `route()` still handles what follows it (sub-routes of routable
pages, such as the news archive and feeds), and Wagtail's serve view still runs every
`before_serve_page` hook, so view restrictions and everything else apply as before.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from mia.core.cache import content_generation
from mia.core.models import Centre
from mia.core.services import home_for


def route_table(centre: Centre, language: str) -> dict[str, tuple[int, int]]:
    key = f"routes:{content_generation()}:{centre.pk}:{language}"
    table = cache.get(key)
    if table is None:
        home = home_for(centre, language)
        prefix = len(home.url_path)
        table = {
            url_path[prefix:]: (content_type_id, pk)
            for url_path, content_type_id, pk in Page.objects.live()
            .descendant_of(home, inclusive=True)
            .values_list("url_path", "content_type_id", "pk")
        }
        cache.set(key, table, 3600)
    return table


def _model(content_type_id: int):
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _route(model, pk: int, request: HttpRequest, rest: list[str]):
    try:
        return model.objects.get(pk=pk).route(request, rest)
    except (model.DoesNotExist, Http404):
        return None


def _has_subroute(model, rest: list[str]) -> bool:
    try:
        model.get_resolver().resolve("/" + "".join(f"{c}/" for c in rest))
    except Resolver404:
        return False
    return True


def resolve(request: HttpRequest, path: str):
    """Wagtail's RouteResult for the path, or None; raises nothing."""
    table = route_table(request.centre, get_language())
    components = [component for component in path.split("/") if component]
    prefixes = ["".join(f"{c}/" for c in components[:n]) for n in range(len(components) + 1)]
    # As in Wagtail, a routable page's own routes (news archive, feeds) win over its children.
    for length, prefix in enumerate(prefixes[:-1]):
        entry = table.get(prefix)
        model = _model(entry[0]) if entry else None
        if (
            model
            and issubclass(model, RoutablePageMixin)
            and _has_subroute(model, components[length:])
        ):
            return _route(model, entry[1], request, components[length:])
    for length in range(len(components), -1, -1):
        entry = table.get(prefixes[length])
        if entry is None:
            continue
        model = _model(entry[0])
        return _route(model, entry[1], request, components[length:]) if model else None
    return None


def serve(request: HttpRequest, path: str) -> HttpResponse:
    if getattr(request, "centre", None) is not None:
        # Wagtail's serve() takes the route from here instead of walking the tree again
        request._wagtail_route_for_request = resolve(request, path)
    return wagtail_views.serve(request, path)
