"""Who may open which URL, as data. A URL added to MIA fails here until it is in the matrix.

Issue #3 extends this to every role; today there are anonymous visitors, staff of a centre
(with Wagtail's admin access) and superusers.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver

from mia import urls as mia_urls

from .factories import member

# top-level URL prefix → (anonymous, staff of the centre)
# "ok" = 200, "login" = redirect to a login page, a number = that status
MATRIX = {
    "verwaltung/": ("login", "ok"),
    "documents/": (404, 404),  # document URLs need an id; served by Wagtail's own view
    "sitemap.xml": ("ok", "ok"),
    "robots.txt": ("ok", "ok"),
    "search/": ("ok", "ok"),
    "_util/authenticate_with_password/": (404, 404),  # needs ids of a restriction and page
    "_util/login/": ("ok", "ok"),
    "": ("ok", "ok"),  # pages
}


def _prefixes(patterns, prefix=""):
    for pattern in patterns:
        route = str(pattern.pattern).lstrip("^").replace("\\", "")
        if (
            isinstance(pattern, URLResolver)
            and route in ("", "<language>/")
            or route.startswith("(?P<")
        ):
            yield from _prefixes(pattern.url_patterns, prefix)
        elif isinstance(pattern, (URLPattern, URLResolver)):
            yield prefix + route


def _matrix_key(route: str) -> str:
    for key in sorted(MATRIX, key=len, reverse=True):
        if route.startswith(key) or (key == "" and route.startswith("((?:[w-]+/)*)$")):
            return key
    return route


def test_every_top_level_url_is_in_the_matrix():
    routes = set(_prefixes(mia_urls.urlpatterns))
    missing = {route for route in routes if _matrix_key(route) not in MATRIX}
    assert missing == set()


def _expect(response, expected):
    if expected == "ok":
        return response.status_code == 200
    if expected == "login":
        return response.status_code == 302 and "login" in response["Location"]
    return response.status_code == expected


@pytest.mark.parametrize(
    "path",
    [
        "/verwaltung/",
        "/verwaltung/memberships/",
        "/documents/",
        "/sitemap.xml",
        "/robots.txt",
        "/search/?q=x",
        "/_util/login/",
        "/",
        "/aktuelles/",
        "/ar/kontakt/",
    ],
)
def test_matrix_holds_for_anonymous_and_staff(client, site_pages, centre, path):
    key = _matrix_key(path.lstrip("/").removeprefix("ar/"))
    anonymous, staff = MATRIX[key]
    if path == "/verwaltung/memberships/":
        staff = 302  # staff without the model permission are turned away to the dashboard
    assert _expect(client.get(path), anonymous), path
    user = member(centre)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert _expect(client.get(path), staff), path


def test_superuser_manages_memberships(client, site_pages, admin_user):
    client.force_login(admin_user)
    assert client.get("/verwaltung/memberships/").status_code == 200
