"""The pool's ways in on a topic page (`language_mediation` block): every visitor finds how
to apply and how an institution registers and requests, in the visitor's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from mia.website.blocks import TopicBodyBlock
from mia.website.demo import content_de
from mia.website.models import TopicPage

from ..factories import publish, stream

pytestmark = pytest.mark.django_db

WAYS_IN = (
    "pool:apply",
    "pool:volunteer_home",
    "pool:institution_register",
    "pool:request_new",
    "pool:institution_requests",
)


@pytest.fixture
def topic(site_pages, centre):
    return publish(
        centre.site.root_page,
        TopicPage(
            title="Sprachmittlungspool",
            slug="sprachmittlungspool",
            body=stream(("language_mediation", {"heading": ""})),
        ),
    )


def test_the_block_links_volunteers_and_institutions_to_their_pages(client, topic):
    html = client.get("/sprachmittlungspool/").content.decode()
    assert "Take part in the language-mediation pool" in html
    for name in WAYS_IN:
        assert f'href="{reverse(name)}"' in html


def test_each_way_in_opens_its_page_or_the_sign_in(client, topic):
    assert client.get(reverse("pool:apply")).status_code == 200
    assert client.get(reverse("pool:institution_register")).status_code == 200
    for name in ("pool:volunteer_home", "pool:request_new", "pool:institution_requests"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_on_a_page_in_arabic_the_links_and_the_block_are_arabic(client, topic):
    html = client.get("/ar/sprachmittlungspool/").content.decode()
    assert '<section class="mia-ways-in" lang="ar" dir="rtl"' in html
    with translation.override("ar"):
        assert f'href="{reverse("pool:apply")}"' in html
        assert reverse("pool:apply").startswith("/ar/")


def test_a_heading_of_the_editors_replaces_the_default(client, topic):
    topic.body = stream(("language_mediation", {"heading": "Mitmachen und anfragen"}))
    topic.save_revision().publish()
    html = client.get("/sprachmittlungspool/").content.decode()
    assert "Mitmachen und anfragen" in html
    assert "Take part in the language-mediation pool" not in html


def test_the_demo_pool_page_carries_the_ways_in():
    page = next(t for t in content_de.TOPICS if t["slug"] == "sprachmittlungspool")
    body = TopicBodyBlock().to_python(
        [{"type": kind, "value": value} for kind, value in page["body"]]
    )
    assert [block.block_type for block in body] == ["paragraph", "language_mediation"]
