"""The statistics page in German, English and Arabic; the downloads with their licence; the
DCAT-AP.de description; the API; caching and the sitemap."""

import csv
import io
import json
import re
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mia.statistics.demo import load_statistics_demo
from mia.statistics.models import NaturalisationFigure, NaturalisationYear

PAGE = "/statistik/einbuergerungen/"
SVG = "{http://www.w3.org/2000/svg}"


def svgs(html: str) -> list[ElementTree.Element]:
    return [ElementTree.fromstring(m) for m in re.findall(r"<svg .*?</svg>", html, re.S)]


@pytest.fixture
def page_en(client, site_pages, figures):
    with translation.override("en"):
        return client.get(f"/en{PAGE}").content.decode()


def test_the_page_is_reachable_by_its_name_in_every_language():
    with translation.override("de"):
        assert reverse("statistics:naturalisations") == PAGE
    with translation.override("ar"):
        assert reverse("statistics:naturalisations") == f"/ar{PAGE}"


def test_the_charts_are_svg_pictures_with_a_name_and_a_description(page_en):
    years, origins = svgs(page_en)
    for chart in (years, origins):
        assert chart.get("role") == "img"
        title_id, desc_id = chart.get("aria-labelledby").split()
        assert chart.find(f"{SVG}title").get("id") == title_id
        assert chart.find(f"{SVG}desc").get("id") == desc_id
    assert years.find(f"{SVG}title").text == "Naturalisations per year, 2021 to 2025"
    assert "2024: 3,953" in years.find(f"{SVG}desc").text
    assert "2025*: 3,093" in years.find(f"{SVG}desc").text
    assert len(years.findall(f"{SVG}rect")) == 5  # one bar a year
    assert "Syria: 1,507 (38.1\u00a0%)" in origins.find(f"{SVG}desc").text
    labels = [t.text for t in origins.findall(f"{SVG}text")]
    assert labels[0] == "Syria" and "Other or not broken down" in labels


def test_each_chart_has_its_table_with_the_change_from_year_to_year(page_en):
    tables = re.findall(r"<table .*?</table>", page_en, re.S)
    assert len(tables) == 2
    per_year, origins = tables
    assert "<caption" in per_year and 'scope="col"' in per_year and 'scope="row"' in per_year
    row_2024 = re.search(r"<tr[^>]*>\s*<th[^>]*>2024</th>(.*?)</tr>", per_year, re.S).group(1)
    assert re.findall(r'dir="ltr">([^<]*)<', row_2024) == ["3,953", "+1,135", "(+40.3\u00a0%)"]
    assert "partial year" in per_year
    assert "(not comparable: partial year)" in per_year
    assert "Morocco" in origins and "1,521" in origins and "Other or not broken down" in origins


def test_the_partial_year_is_explained(page_en):
    assert "2025 is a partial year: its figure counts up to Nov. 15, 2025." in page_en
    assert "Stand: Mitte November 2025" in page_en
    assert "In 2024, <strong>3,953</strong> people were naturalised." in page_en
    assert '+1,135</span> (<span dir="ltr">+40.3\u00a0%</span>) compared with 2023' in page_en


def test_the_licence_and_the_downloads_are_on_the_page(page_en):
    assert 'href="https://www.govdata.de/dl-de/by-2-0"' in page_en
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in page_en
    assert "Data source: Kommunales Integrationszentrum Dortmund" in page_en
    assert (
        '<link rel="alternate" type="application/ld+json" href="/statistik/einbuergerungen.jsonld"'
        in page_en
    )
    for address in ("einbuergerungen.csv", "einbuergerungen.json", "katalog.jsonld"):
        assert f'href="/statistik/{address}"' in page_en


def test_in_german_numbers_are_written_the_german_way(client, site_pages, figures):
    html = client.get(PAGE).content.decode()
    assert 'dir="ltr">(+40,3\u00a0%)<' in html
    assert 'dir="ltr">3.953<' in html
    assert ">Syrien<" in html


def test_in_arabic_the_charts_are_mirrored(client, site_pages, figures):
    html = client.get(f"/ar{PAGE}").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    years, origins = svgs(html)
    bars = [r for r in years.findall(f"{SVG}rect") if r.get("stroke")]
    # the first year stands at the right, the last at the left
    assert float(bars[0].get("x")) > float(bars[-1].get("x"))
    # bars grow from the right edge, names stand at the right
    for bar in origins.findall(f"{SVG}rect"):
        assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(400)
    names = origins.findall(f"{SVG}text")[0::2]
    assert {name.get("text-anchor") for name in names} == {"end"}
    assert names[0].text == "الجمهوريّة العربيّة السّوريّة"
    assert "تركيا" in html


def test_the_page_costs_a_few_queries_and_none_once_cached(client, site_pages, figures):
    client.get(PAGE)  # warm the centre and route caches
    from django.core.cache import cache

    cache.clear()
    client.get("/")
    with CaptureQueriesContext(connection) as first:
        assert client.get(f"/en{PAGE}").status_code == 200
    assert len(first) <= 7, [q["sql"] for q in first]  # the page, and the menu rebuilt
    with CaptureQueriesContext(connection) as again:
        client.get(f"/en{PAGE}")
    assert len(again) <= 1


def test_a_change_to_the_figures_reaches_the_cached_page(client, site_pages, figures):
    client.get(PAGE)
    year = NaturalisationYear.objects.get(centre=figures, year=2023)
    year.total = 2900
    year.save()
    assert "2.900" in client.get(PAGE).content.decode()


def test_a_centre_without_figures_says_so(client, site_pages):
    with translation.override("en"):
        html = client.get(f"/en{PAGE}").content.decode()
    assert "No figures have been published yet." in html
    assert "<svg" not in html


# -- downloads ----------------------------------------------------------------------------------


def test_the_csv_holds_totals_and_figures_and_points_to_its_licence(client, figures):
    response = client.get("/statistik/einbuergerungen.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="einbuergerungen-dortmund.csv"'
    assert '<https://www.govdata.de/dl-de/by-2-0>; rel="license"' in response["Link"]
    assert 'einbuergerungen.jsonld>; rel="describedby"' in response["Link"]
    assert response["Access-Control-Allow-Origin"] == "*"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    totals = {r["year"]: r["count"] for r in rows if not r["nationality"]}
    assert totals == {
        "2021": "1351",
        "2022": "1802",
        "2023": "2818",
        "2024": "3953",
        "2025": "3093",
    }
    syria = next(r for r in rows if r["nationality"] == "SY")
    assert (syria["year"], syria["nationality_name"], syria["count"]) == ("2024", "Syrien", "1507")
    assert next(r for r in rows if r["nationality"] == "other")["count"] == "1521"
    assert {r["covers_until"] for r in rows if r["year"] == "2025"} == {"2025-11-15"}


def test_the_json_carries_the_licence_in_its_metadata(client, figures):
    response = client.get("/statistik/einbuergerungen.json")
    assert response["Content-Disposition"] == 'attachment; filename="einbuergerungen-dortmund.json"'
    document = json.loads(response.content)
    meta = document["metadata"]
    assert meta["publisher"] == "Kommunales Integrationszentrum Dortmund"
    assert meta["licence"] == {
        "id": "dl-de/by-2-0",
        "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "url": "https://www.govdata.de/dl-de/by-2-0",
    }
    assert meta["changed"] is False
    assert meta["title"] and "Kommunales Integrationszentrum Dortmund" in meta["attribution"]
    assert meta["temporal"] == {"start": "2021-01-01", "end": "2025-11-15"}
    by_year = {y["year"]: y for y in document["years"]}
    assert by_year[2025]["complete"] is False and by_year[2024]["complete"] is True
    syria = by_year[2024]["figures"][
        [f["nationality"] for f in by_year[2024]["figures"]].index("SY")
    ]
    assert syria["nationality_name"]["uk"] == "Сирія" and syria["count"] == 1507
    assert by_year[2021]["figures"] == []


def test_downloads_answer_304_to_a_client_that_has_them(client, figures):
    first = client.get("/statistik/einbuergerungen.json")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/statistik/einbuergerungen.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    NaturalisationFigure.objects.filter(nationality="SY").update(count=1500)
    NaturalisationYear.objects.get(centre=figures, year=2024).save()  # as the form saves it
    changed = client.get("/statistik/einbuergerungen.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


# -- DCAT-AP.de ----------------------------------------------------------------------------------


def test_the_dataset_is_described_in_dcat_ap_de(client, figures):
    response = client.get("/statistik/einbuergerungen.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    assert data["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert data["@context"]["dcatde"] == "http://dcat-ap.de/def/dcatde/"
    assert data["@type"] == "dcat:Dataset"
    assert {"en"} <= {t["@language"] for t in data["dct:title"]}
    assert data["dct:description"]
    assert data["dct:publisher"]["foaf:name"] == "Kommunales Integrationszentrum Dortmund"
    assert data["dct:license"] == {"@id": "http://dcat-ap.de/def/licenses/dl-by-de/2.0"}
    assert data["dct:temporal"]["dcat:startDate"]["@value"] == "2021-01-01"
    assert data["dct:temporal"]["dcat:endDate"]["@value"] == "2025-11-15"
    dortmund = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05913000"
    assert data["dct:spatial"] == {"@id": dortmund}
    assert data["dcatde:politicalGeocodingURI"] == {"@id": dortmund}
    assert data["dct:modified"]["@type"] == "xsd:dateTime"
    kinds = {}
    for distribution in data["dcat:distribution"]:
        kinds[distribution["dcat:mediaType"]["@id"].rsplit("/", 1)[-1]] = distribution
        assert distribution["dct:license"] == data["dct:license"]
        assert (
            distribution["dcat:accessURL"]["@id"] == "http://testserver/statistik/einbuergerungen/"
        )
    assert (
        kinds["csv"]["dcat:downloadURL"]["@id"] == "http://testserver/statistik/einbuergerungen.csv"
    )
    assert kinds["json"]["dct:format"]["@id"].endswith("/file-type/JSON")
    assert "dcatde:contributorID" not in data  # GovData's contributor ids are not ours to claim


def test_the_catalogue_holds_the_dataset(client, figures):
    data = json.loads(client.get("/statistik/katalog.jsonld").content)
    assert data["@type"] == "dcat:Catalog"
    assert data["dcat:dataset"][0]["@id"] == "http://testserver/statistik/einbuergerungen.jsonld"


# -- the API --------------------------------------------------------------------------------------

API = "/api/v1/statistics/naturalisations/"


def test_the_api_lists_years_with_their_figures(client, figures):
    response = client.get(API, {"lang": "en"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*" and response["ETag"]
    data = response.json()
    assert data["count"] == 5
    assert [y["year"] for y in data["results"]] == [2021, 2022, 2023, 2024, 2025]
    assert data["results"][3]["figures"][0]["nationality_name"]  # named in English
    assert (
        client.get(API, HTTP_IF_NONE_MATCH=response["ETag"], data={"lang": "en"}).status_code == 304
    )


def test_the_api_filters_by_year_and_nationality(client, figures):
    data = client.get(API, {"year": 2024, "nationality": "sy", "lang": "tr"}).json()
    (year,) = data["results"]
    assert year["total"] == 3953
    assert year["figures"] == [
        {
            "nationality": "SY",
            "nationality_name": "Suriye",
            "district": None,
            "age_group": None,
            "sex": None,
            "count": 1507,
        }
    ]


def test_the_api_refuses_what_it_does_not_understand(client, figures):
    response = client.get(API, {"nationality": "Syrien", "year": "x", "lang": "en"})
    assert response.status_code == 400
    assert set(response.json()) == {"nationality", "year"}


def test_the_api_is_in_the_openapi_document(client, db):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/statistics/naturalisations/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"year", "nationality", "lang", "page"}


def test_the_sitemap_lists_the_page_in_every_language(client, site_pages, figures):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/statistik/einbuergerungen/</loc>" in xml
    assert "<loc>http://testserver/ar/statistik/einbuergerungen/</loc>" in xml


def test_the_footer_leads_to_the_figures_once_there_are_some(client, site_pages, centre):
    assert PAGE not in client.get("/").content.decode()
    load_statistics_demo(centre)  # saving figures clears the cached page
    home = client.get("/").content.decode()
    assert f'href="{PAGE}">Offene Daten: Einbürgerungen</a>' in home
    english = client.get("/en/").content.decode()
    assert f'href="/en{PAGE}"' in english
