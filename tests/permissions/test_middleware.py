"""The back-office guard stays out of public requests: it neither reads the session there
nor makes public pages vary by cookie (which would keep shared caches from storing them)."""

import pytest

from ..factories import event, full_site


@pytest.fixture
def public_site(centre):
    full_site(centre)
    return event(centre)


@pytest.mark.parametrize("path", ["/", "/en/", "/aktuelles/", "/veranstaltungen/", "event"])
def test_an_anonymous_public_page_does_not_vary_by_cookie(client, public_site, path):
    if path == "event":
        path = f"/veranstaltung/{public_site.pk}-{public_site.slug}/"
    for served in ("miss", "hit"):  # rendered, then from the page cache
        response = client.get(path)
        assert response.status_code == 200
        assert response["X-Cache"] == served
        vary = [part.strip().lower() for part in response.get("Vary", "").split(",")]
        assert "cookie" not in vary, (path, served)
    assert response.cookies == {}


def test_the_guard_does_not_read_the_session_of_a_public_request(client, public_site):
    response = client.get("/veranstaltungen/")
    assert response.wsgi_request.session.accessed is False
