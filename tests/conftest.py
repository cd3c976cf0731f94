import os

import pytest
from django.core.cache import cache

from .factories import full_site, make_centre


def pytest_collection_modifyitems(config, items):
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)"))
        if "browser" in item.keywords:
            # one worker drives the browser tests, so live servers do not compete for the cores
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def centre(db):
    return make_centre()


@pytest.fixture
def site_pages(centre):
    return full_site(centre)


@pytest.fixture
def other_centre(db):
    return make_centre(slug="bochum", hostname="bochum.test", name="KI Bochum", default=False)
