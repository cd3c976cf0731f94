from django.core.management import call_command
from wagtail.models import Page

from mia.core.models import Centre
from mia.website.models import HomePage, NewsPage, TopicPage


def test_load_demo_builds_dortmund_and_is_idempotent(db, client):
    call_command("load_demo", verbosity=0)
    counts = Page.objects.count()
    call_command("load_demo", verbosity=0)
    assert Page.objects.count() == counts
    centre = Centre.objects.get(slug="dortmund")
    assert centre.site.is_default_site
    german_topics = TopicPage.objects.filter(locale__language_code="de")
    assert german_topics.count() == 6
    assert NewsPage.objects.filter(locale__language_code="de").count() == 2
    assert set(
        HomePage.objects.filter(alias_of__isnull=True).values_list(
            "locale__language_code", flat=True
        )
    ) == {"de", "en", "tr", "ar", "uk"}
    # every German page exists in every language, translated or as an alias
    assert TopicPage.objects.filter(locale__language_code="ar").count() == 6
    # the pictures sit in the centre's collection, where its editors find them
    from wagtail.images import get_image_model

    centre.refresh_from_db()
    assert set(get_image_model().objects.values_list("collection", flat=True)) == {
        centre.collection_id
    }


def test_demo_home_tells_the_seed_facts(db, client):
    call_command("load_demo", verbosity=0)
    html = client.get("/", HTTP_HOST="localhost").content.decode()
    assert "In Dortmund wird Integration gelebt" in html
    assert "Integration als Querschnittsaufgabe" in html and "Integration durch Bildung" in html
    news = client.get(
        "/aktuelles/einbuergerungsfeier-identifikation-durch-mitgestaltung/", HTTP_HOST="localhost"
    )
    text = news.content.decode()
    assert "3.953" in text and "1.507" in text and "250" in text
    ar = client.get("/ar/", HTTP_HOST="localhost").content.decode()
    assert "في دورتموند نعيش الاندماج" in ar
