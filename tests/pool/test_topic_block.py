"""The pool's ways in on a topic page (`language_mediation` block): every visitor finds how
to apply and how an institution registers and requests, in the visitor's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from mia.permissions.roles import Role
from mia.website.blocks import TopicBodyBlock
from mia.website.demo import content_de
from mia.website.models import TopicPage

from ..factories import member, publish, sign_in, stream
from .factories import volunteer

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


def _crumbs(html: str) -> str:
    return html.split('class="mia-breadcrumbs"')[1].split("</nav>")[0]


def test_the_pools_pages_lead_back_to_the_topic_page(client, topic):
    crumbs = _crumbs(client.get(reverse("pool:apply")).content.decode())
    assert '<a href="/sprachmittlungspool/">Sprachmittlungspool</a>' in crumbs
    assert '<span aria-current="page">Become a volunteer language mediator</span>' in crumbs


def test_without_a_topic_page_the_breadcrumbs_lead_home(client, site_pages):
    crumbs = _crumbs(client.get(reverse("pool:institution_register")).content.decode())
    assert crumbs.count("<li>") == 2
    assert '<a href="/">' in crumbs


def test_a_volunteers_own_pages_lead_back_to_the_overview(client, topic, centre):
    user = member(centre, Role.VOLUNTEER)
    volunteer(centre, user=user, email=user.email)
    sign_in(client, user, second_factor=False)
    crumbs = _crumbs(client.get(reverse("pool:availability")).content.decode())
    assert f'<a href="{reverse("pool:volunteer_home")}">' in crumbs
    assert "Sprachmittlungspool" in crumbs
