import datetime
import xml.etree.ElementTree as ET

from mia.website.models import NewsPage
from mia.website.models.news import NEWS_PER_PAGE

from ..factories import publish


def _add_news(index, count, year=2024):
    for i in range(count):
        publish(
            index,
            NewsPage(
                title=f"Alt {i}",
                slug=f"alt-{i}",
                date=datetime.date(year, 1, 1) + datetime.timedelta(days=i),
                body="[]",
            ),
        )


def test_news_index_paginates(client, site_pages):
    _add_news(site_pages["news_index"], NEWS_PER_PAGE)
    first = client.get("/aktuelles/")
    second = client.get("/aktuelles/?page=2")
    assert len(first.context["news_page"].object_list) == NEWS_PER_PAGE
    assert len(second.context["news_page"].object_list) == 2
    assert 'rel="next"' in first.content.decode()


def test_news_index_out_of_range_page_is_404(client, site_pages):
    assert client.get("/aktuelles/?page=9").status_code == 404
    assert client.get("/aktuelles/?page=x").status_code == 404


def test_year_archive_lists_only_that_year(client, site_pages):
    _add_news(site_pages["news_index"], 2, year=2024)
    response = client.get("/aktuelles/2024/")
    assert [n.title for n in response.context["news_page"].object_list] == ["Alt 1", "Alt 0"]
    assert response.context["years"] == [2025, 2024]
    assert client.get("/aktuelles/1999/").status_code == 404


def test_rss_feed_lists_news_newest_first(client, site_pages):
    response = client.get("/aktuelles/feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == ["Nachricht 1", "Nachricht 0"]
    assert root.find("channel/language").text == "de"


def test_atom_feed_is_valid_atom(client, site_pages):
    response = client.get("/aktuelles/feed/atom/")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)] == [
        "Nachricht 1",
        "Nachricht 0",
    ]


def test_draft_news_is_not_listed(client, site_pages):
    site_pages["news_index"].add_child(
        instance=NewsPage(
            title="Entwurf", slug="entwurf", date=datetime.date(2025, 7, 1), body="[]", live=False
        )
    )
    assert "Entwurf" not in client.get("/aktuelles/").content.decode()
    assert "Entwurf" not in client.get("/aktuelles/feed/rss/").content.decode()


def test_a_news_item_slug_never_hides_the_archive_or_feeds(client, site_pages):
    index = site_pages["news_index"]
    for slug in ("2025", "feed"):
        publish(
            index,
            NewsPage(title=f"Slug {slug}", slug=slug, date=datetime.date(2025, 3, 1), body="[]"),
        )
    assert client.get("/aktuelles/2025/").context["year"] == 2025
    assert client.get("/aktuelles/feed/rss/")["Content-Type"].startswith("application/rss+xml")
    assert client.get("/aktuelles/feed/").context["page"].title == "Slug feed"


def test_restricted_news_stays_out_of_lists_feeds_and_search(client, site_pages):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=site_pages["news0"], restriction_type="login")
    assert "Nachricht 0" not in client.get("/aktuelles/").content.decode()
    assert "Nachricht 0" not in client.get("/aktuelles/feed/rss/").content.decode()
    assert "Nachricht 0" not in client.get("/").content.decode()
    assert "Nachricht 0" not in client.get("/search/?q=Nachricht").content.decode()
