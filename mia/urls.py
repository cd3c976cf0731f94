from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path, reverse_lazy
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from mia.website import routing
from mia.website import views as website_views
from mia.website.sitemap import sitemaps_for

urlpatterns = [
    # Staff sign in through MIA's account pages, which ask for the second factor.
    path(
        f"{settings.WAGTAILADMIN_PATH}login/",
        RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True),
    ),
    path(settings.WAGTAILADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        lambda request: sitemap(request, sitemaps=sitemaps_for(request)),
        name="sitemap",
    ),
    path("robots.txt", website_views.robots_txt, name="robots_txt"),
    # the open-data API: every app's endpoints and the one OpenAPI document (mia/core/api.py)
    path("api/v1/", include("mia.core.api_urls")),
    path("api/v1/", include("mia.events.api_urls")),
    path("api/v1/", include("mia.counselling.api_urls")),
    path("api/v1/", include("mia.statistics.api_urls")),
    # open-data files and their DCAT-AP.de description: the same in every language
    path("", include("mia.statistics.data_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's own front-end URLs, with page serving routed through MIA's page table.
wagtail_frontend = [p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"]
wagtail_frontend.append(re_path(r"^((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"))

urlpatterns += i18n_patterns(
    path("search/", website_views.search, name="search"),
    path("konto/", include("mia.accounts.urls")),
    path("", include("mia.events.urls")),
    path("", include("mia.counselling.urls")),
    path("", include("mia.statistics.urls")),
    path("", include("mia.ceremonies.urls")),
    path("", include("mia.pool.urls")),
    *wagtail_frontend,
    prefix_default_language=False,
)

handler404 = "mia.core.views.page_not_found"
handler500 = "mia.core.views.server_error"
