import os
import re
import subprocess
import sys

import pytest

from .factories import sign_in


def test_pages_send_strict_security_headers(client, site_pages):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/aktuelles/",
        "/aktuelles/nachricht-0/",
        "/kontakt/",
        "/barrierefreiheit/",
        "/gebaerdensprache/",
        "/datenschutz/",
        "/impressum/",
        "/leichte-sprache/",
        "/search/?q=Thema",
        "/ar/",
        "/konto/login/",
        "/ar/konto/login/",
        "/konto/password/reset/",
        "/keine-seite/",
    ],
)
def test_pages_load_nothing_from_another_host_and_have_no_inline_script(client, site_pages, path):
    html = client.get(path).content.decode()
    _assert_self_contained(html)


@pytest.mark.parametrize("path", ["/konto/", "/konto/2fa/", "/konto/sessions/"])
def test_account_pages_load_nothing_from_another_host(client, site_pages, centre, path):
    from mia.permissions.roles import Role

    from .factories import member

    sign_in(client, member(centre, Role.VOLUNTEER))
    html = client.get(path).content.decode()
    # allauth hands data to its scripts as JSON blocks, which browsers do not run
    html = re.sub(r'<script[^>]*type="application/json"[^>]*>.*?</script>', "", html, flags=re.S)
    _assert_self_contained(html)


def _assert_self_contained(html: str) -> None:
    # links a visitor follows may lead elsewhere; nothing the page loads may come from elsewhere
    loaded = re.findall(
        r'<(?:script|img|link|video|source|track|iframe)[^>]+(?:src|href|poster)="(?:https?:)?//[^"]*"',
        html,
    )
    assert [
        tag for tag in loaded if 'rel="canonical"' not in tag and 'rel="alternate"' not in tag
    ] == []
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert " style=" not in html and "<style" not in html


def test_anonymous_visit_sets_no_cookie(client, site_pages):
    for path in ("/", "/aktuelles/", "/ar/", "/search/?q=x"):
        assert client.get(path).cookies == {}, path


def test_contact_page_sets_only_the_csrf_cookie(client, site_pages):
    assert set(client.get("/kontakt/").cookies) == {"csrftoken"}


def test_back_office_lives_at_the_configured_path(client, site_pages):
    response = client.get("/verwaltung/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert client.get("/admin/").status_code == 404


def test_check_deploy_is_clean_in_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mia.settings.production",
        "SECRET_KEY": "k" * 30 + "Zq8!x" * 6 + "v7#Lm" * 4,
        "ALLOWED_HOSTS": "mia.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mia.settings.production", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_uploads_are_limited_in_type_and_size(settings):
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert (
        "html" not in settings.WAGTAILDOCS_EXTENSIONS
        and "exe" not in settings.WAGTAILDOCS_EXTENSIONS
    )
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024


def test_back_office_policy_allows_inline_widgets_but_no_other_host(client, site_pages, admin_user):
    sign_in(client, admin_user)
    csp = client.get("/verwaltung/").headers["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp
    assert "frame-ancestors 'self'" in csp  # the page editor shows its preview in a frame
    public = client.get("/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in public
    assert "frame-ancestors 'none'" in public


def test_back_office_asks_no_other_host(client, site_pages, admin_user):
    sign_in(client, admin_user)
    html = client.get("/verwaltung/").content.decode()
    assert "gravatar" not in html
    assert "releases.wagtail.org" not in html
