import os

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from .factories import full_site, make_centre

# No deadline per example: speed is measured by `make bench`, not by tests, and on two cores
# shared with a browser an example can take longer than Hypothesis's 200 ms by chance.
hypothesis_settings.register_profile("mia", deadline=None)
hypothesis_settings.load_profile("mia")


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
