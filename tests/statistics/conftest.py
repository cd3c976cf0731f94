import pytest

from mia.statistics.demo import load_statistics_demo


@pytest.fixture
def figures(centre):
    """Dortmund's published figures, as the demo loads them."""
    load_statistics_demo(centre)
    return centre
