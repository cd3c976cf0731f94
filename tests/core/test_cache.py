from mia.website.models import NewsPage

from ..factories import sign_in


def test_anonymous_page_is_cached_then_served_from_cache(client, site_pages):
    first = client.get("/aktuelles/")
    second = client.get("/aktuelles/")
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_clears_the_page_cache(client, site_pages):
    client.get("/aktuelles/")
    news = NewsPage.objects.get(pk=site_pages["news0"].pk)
    news.title = "Neue Überschrift"
    news.save_revision().publish()
    response = client.get("/aktuelles/")
    assert response["X-Cache"] == "miss"
    assert "Neue Überschrift" in response.content.decode()


def test_unpublishing_clears_the_page_cache(client, site_pages):
    assert "Nachricht 1" in client.get("/aktuelles/").content.decode()
    NewsPage.objects.get(pk=site_pages["news1"].pk).unpublish()
    assert "Nachricht 1" not in client.get("/aktuelles/").content.decode()


def test_logged_in_editors_never_get_cached_pages(client, site_pages, admin_user):
    client.get("/aktuelles/")
    sign_in(client, admin_user)
    response = client.get("/aktuelles/")
    assert "X-Cache" not in response


def test_pages_with_forms_are_not_cached(client, site_pages):
    response = client.get("/kontakt/")
    assert "X-Cache" not in response
    assert "csrftoken" in response.cookies


def test_cached_response_keeps_security_headers(client, site_pages):
    client.get("/")
    hit = client.get("/")
    assert hit["X-Cache"] == "hit"
    assert "default-src 'self'" in hit["Content-Security-Policy"]


def test_editing_a_contact_person_clears_the_page_cache(client, site_pages):
    from mia.website.models import ContactPerson

    client.get("/thema-0/")
    person = ContactPerson.objects.get()
    person.name = "Team Neu"
    person.save()
    response = client.get("/thema-0/")
    assert response["X-Cache"] == "miss"
    assert "Team Neu" in response.content.decode()


def test_unknown_query_parameters_are_neither_cached_nor_split_the_cache(client, site_pages):
    first = client.get("/aktuelles/?utm_source=flood1")
    assert "X-Cache" not in first
    client.get("/aktuelles/")
    assert client.get("/aktuelles/?page=1")["X-Cache"] == "miss"
    assert client.get("/aktuelles/")["X-Cache"] == "hit"


def test_changing_an_image_or_a_document_clears_the_caches(site_pages):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from mia.core.cache import content_generation

    from ..factories import make_image

    before = content_generation()
    image = make_image("Neu")
    after_image = content_generation()
    get_document_model().objects.create(title="Flyer", file=ContentFile(b"%PDF", name="f.pdf"))
    assert before < after_image < content_generation()
    image.delete()


def test_a_memo_is_kept_until_the_content_changes(settings, db):
    from mia.core.cache import bump_content_generation, generation_memo

    settings.MIA_FRAGMENT_CACHE_SECONDS = 60
    computed = []

    def compute():
        computed.append(len(computed))
        return computed[-1]

    assert generation_memo("test:memo", compute) == 0
    assert generation_memo("test:memo", compute) == 0  # kept
    assert generation_memo("test:other", compute) == 1  # each key its own
    bump_content_generation()
    assert generation_memo("test:memo", compute) == 2  # the content changed
    settings.MIA_FRAGMENT_CACHE_SECONDS = 0
    assert generation_memo("test:memo", compute) == 3  # caches off: never kept
    assert generation_memo("test:memo", compute) == 4
