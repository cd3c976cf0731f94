import pytest


@pytest.fixture(autouse=True)
def _source_texts(settings, tmp_path_factory):
    """The pool's tests read MIA's English source texts in the pages and mails: its own
    catalogues are left out, so German pages show the English source (Django's and
    Wagtail's words stay German). The translated pages are covered by the browser tests."""
    settings.LOCALE_PATHS = [tmp_path_factory.getbasetemp() / "no-catalogues"]
