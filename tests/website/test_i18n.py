"""Languages end to end: lang and dir, the switcher, translated pages, the German fallback."""

import pytest
from wagtail.models import Locale

from mia.website.models import TopicPage


@pytest.fixture
def translated(site_pages):
    """English and Arabic homes; the topic exists in Arabic only as an alias of the German."""
    for code in ("en", "ar"):
        locale = Locale.objects.get_or_create(language_code=code)[0]
        home = site_pages["home"].copy_for_translation(locale)
        home.claim = {"en": "Integration lives here", "ar": "الاندماج يعيش هنا"}[code]
        home.save_revision().publish()
    topic = site_pages["topic0"]
    ar = Locale.objects.get(language_code="ar")
    topic.copy_for_translation(ar, alias=True)
    return site_pages


@pytest.mark.parametrize(
    ("path", "lang", "direction"),
    [
        ("/", "de", "ltr"),
        ("/en/", "en", "ltr"),
        ("/ar/", "ar", "rtl"),
        ("/tr/", "tr", "ltr"),
        ("/uk/", "uk", "ltr"),
    ],
)
def test_html_lang_and_dir_follow_the_language(client, translated, path, lang, direction):
    html = client.get(path).content.decode()
    assert f'<html lang="{lang}" dir="{direction}"' in html


def test_interface_text_is_translated(client, translated):
    assert "Zum Inhalt springen" in client.get("/").content.decode()
    assert "انتقل إلى المحتوى" in client.get("/ar/").content.decode()
    assert "Перейти до вмісту" in client.get("/uk/").content.decode()


def test_translated_page_shows_its_own_text_without_fallback_note(client, translated):
    html = client.get("/ar/").content.decode()
    assert "الاندماج يعيش هنا" in html
    assert "mia-notice" not in html


def test_untranslated_page_falls_back_to_german_with_a_visible_note(client, translated):
    response = client.get("/ar/thema-0/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sprachmittlung" in html  # the German text
    assert 'class="kern-alert kern-alert--info mia-notice"' in html
    assert '<h1 class="kern-heading-x-large" lang="de" dir="ltr">Thema 0</h1>' in html
    assert 'rel="canonical" href="http://testserver/thema-0/"' in html


def test_language_without_home_shows_german_home_with_note(client, translated):
    html = client.get("/tr/").content.decode()
    assert '<html lang="tr" dir="ltr"' in html
    assert "mia-notice" in html


def test_language_switcher_links_the_translations(client, translated):
    html = client.get("/").content.decode()
    assert 'href="/en/" lang="en" hreflang="en"' in html
    assert 'href="/ar/" lang="ar" hreflang="ar"' in html
    assert 'href="/" lang="de" hreflang="de" aria-current="true"' in html


def test_switcher_on_a_topic_points_to_its_alias(client, translated):
    html = client.get("/thema-0/").content.decode()
    alias = TopicPage.objects.get(
        locale__language_code="ar", translation_key=translated["topic0"].translation_key
    )
    assert alias.alias_of_id == translated["topic0"].pk
    assert 'href="/ar/thema-0/" lang="ar"' in html
