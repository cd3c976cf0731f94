from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.models import Page

from mia.core.services import home_for, paginate

from .services import with_content_language

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def _results(request: HttpRequest, query: str):
    home = home_for(request.centre, get_language())
    results = (
        Page.objects.live()
        .public()
        .descendant_of(home, inclusive=True)
        .filter(locale_id=home.locale_id)
        .search(query, operator="and")
    )
    results_page = paginate(request, results, RESULTS_PER_PAGE)
    specific = with_content_language(
        Page.objects.filter(pk__in=[p.pk for p in results_page])
    ).specific()
    by_pk = {p.pk: p for p in specific}
    results_page.object_list = [by_pk[p.pk] for p in results_page if p.pk in by_pk]
    return results_page


@require_GET
def search(request: HttpRequest) -> TemplateResponse:
    if request.centre is None:
        raise Http404
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    # Lazy, and the rendered results are cached per query until the next publish: a popular
    # search costs no query at all.
    results_page = SimpleLazyObject(lambda: _results(request, query)) if query else None
    return TemplateResponse(
        request,
        "website/search.html",
        {"query": query, "results_page": results_page, "cache_content": True},
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.WAGTAILADMIN_PATH}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
