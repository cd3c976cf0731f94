import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse

from .catalogue import letter_catalogue  # noqa: F401


@pytest.fixture
def answer_route(settings):
    """The public answer page's route (wt-rsvp's `ceremonies:answer`). Until that branch is
    merged, a stand-in urlconf mounts a placeholder at `links.ANSWER_PATH`: letters and
    mails only need its address. To be dropped when the real route is in."""
    try:
        reverse("ceremonies:answer", kwargs={"code": "ABCDEFGHJK"})
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.ceremonies.answer_urls"
        clear_url_caches()
    yield
    clear_url_caches()
