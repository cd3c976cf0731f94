import xml.etree.ElementTree as ET

from wagtail.models import Locale

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_lists_pages_with_hreflang_alternates(client, site_pages):
    en = Locale.objects.create(language_code="en")
    site_pages["home"].copy_for_translation(en).save_revision().publish()
    root = ET.fromstring(client.get("/sitemap.xml").content)
    urls = {u.findtext("s:loc", namespaces=NS): u for u in root.findall("s:url", NS)}
    assert "http://testserver/aktuelles/nachricht-0/" in urls
    home = urls["http://testserver/"]
    alternates = {a.get("hreflang"): a.get("href") for a in home.findall("x:link", NS)}
    assert alternates == {
        "de": "http://testserver/",
        "en": "http://testserver/en/",
        "x-default": "http://testserver/",
    }


def test_sitemap_leaves_out_other_centres_and_aliases(client, site_pages, other_centre):
    ar = Locale.objects.create(language_code="ar")
    site_pages["home"].copy_for_translation(ar, alias=True)
    content = client.get("/sitemap.xml").content.decode()
    assert "bochum" not in content
    assert "/ar/" not in content


def test_robots_txt_points_to_sitemap_and_keeps_back_office_out(client, site_pages):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /verwaltung/" in text
