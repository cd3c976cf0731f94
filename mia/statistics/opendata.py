"""The figures as open data: CSV and JSON downloads under the Datenlizenz Deutschland –
Namensnennung – Version 2.0, and their DCAT-AP.de 2.0 description (JSON-LD).

The files are the same in every language (codes, German names beside them; the JSON has the
names in every language of the centre), so each has one stable address without a language
prefix. The licence asks whoever uses the data to name the provider (the centre), the
licence with its address, the dataset, and whether they changed it: the JSON carries that in
its `metadata`, the CSV in its `Link` header and the description it points to (a comment
line would break CSV readers).
"""

import datetime

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mia.core.models import Centre

from . import countries
from .models import Dataset, NaturalisationYear
from .queries import temporal

LICENCE = {
    "id": "dl-de/by-2-0",
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
}
LICENCE_DCAT = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
COLUMNS = (
    "year",
    "nationality",
    "nationality_name",
    "district",
    "age_group",
    "sex",
    "count",
    "covers_until",
    "note",
)
FILE_STEM = "einbuergerungen"


def dataset_title(centre: Centre, language: str | None = None) -> str:
    with translation.override(language or translation.get_language()):
        return _("Naturalisations in %(city)s") % {"city": centre.city or centre.name}


def dataset_description(centre: Centre, language: str | None = None) -> str:
    with translation.override(language or translation.get_language()):
        return _(
            "Naturalisations in %(city)s per year, with the former nationalities (ISO 3166-1 "
            "codes; stateless and unknown as their own categories) and, where the source "
            "breaks them down, by district, age group and sex. Empty dimensions mean all; a "
            "year not complete yet says up to which day it counts."
        ) % {"city": centre.city or centre.name}


def attribution(centre: Centre) -> str:
    """The credit the licence asks for, as a user of the unchanged data writes it."""
    return _("Data source: %(provider)s, “%(dataset)s”, %(licence)s (%(url)s); data unchanged.") % {
        "provider": centre.name,
        "dataset": dataset_title(centre),
        "licence": LICENCE["name"],
        "url": LICENCE["url"],
    }


def file_names(centre: Centre) -> dict[str, str]:
    return {kind: f"{FILE_STEM}-{centre.slug}.{kind}" for kind in ("csv", "json")}


def addresses(request: HttpRequest) -> dict[str, str]:
    """The absolute addresses of the page (in German, the dataset's language) and the files."""
    with translation.override(settings.LANGUAGE_CODE):
        page = reverse("statistics:naturalisations")
    return {
        "page": request.build_absolute_uri(page),
        "csv": request.build_absolute_uri(reverse("statistics_data:csv")),
        "json": request.build_absolute_uri(reverse("statistics_data:json")),
        "dataset": request.build_absolute_uri(reverse("statistics_data:dataset")),
        "catalogue": request.build_absolute_uri(reverse("statistics_data:catalogue")),
    }


def csv_rows(years: list[NaturalisationYear]) -> list[list]:
    """The year's total (every dimension empty), then its figures, year by year."""
    rows = []
    for year in years:
        until = year.covers_until.isoformat() if year.covers_until else ""
        rows.append([year.year, "", "", "", "", "", year.total, until, year.note])
        for figure in year.figures.all():
            rows.append(
                [
                    year.year,
                    figure.nationality,
                    countries.country_name(figure.nationality, settings.LANGUAGE_CODE)
                    if figure.nationality
                    else "",
                    figure.district,
                    figure.age_group,
                    figure.sex,
                    figure.count,
                    until,
                    "",
                ]
            )
    return rows


def year_data(year: NaturalisationYear, languages: list[str] | None, language: str) -> dict:
    """One year as the JSON file (names in `languages`) and the API (name in `language`)
    write it."""

    def name(code: str):
        if not code:
            return None
        if languages:
            return {lang: countries.country_name(code, lang) for lang in languages}
        return countries.country_name(code, language)

    return {
        "year": year.year,
        "total": year.total,
        "complete": year.complete,
        "covers_until": year.covers_until.isoformat() if year.covers_until else None,
        "note": year.note,
        "figures": [
            {
                "nationality": figure.nationality or None,
                "nationality_name": name(figure.nationality),
                "district": figure.district or None,
                "age_group": figure.age_group or None,
                "sex": figure.sex or None,
                "count": figure.count,
            }
            for figure in year.figures.all()
        ],
    }


def modified(years: list[NaturalisationYear], dataset: Dataset | None) -> datetime.datetime | None:
    moments = [year.updated_at for year in years]
    if dataset is not None:
        moments.append(dataset.updated_at)
    return max(moments) if moments else None


def _iso(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def json_document(
    request: HttpRequest, centre: Centre, years: list[NaturalisationYear], dataset: Dataset | None
) -> dict:
    covered = temporal(years)
    links = addresses(request)
    return {
        "metadata": {
            "title": dataset_title(centre, settings.LANGUAGE_CODE),
            "description": dataset_description(centre, settings.LANGUAGE_CODE),
            "publisher": centre.name,
            "licence": LICENCE,
            "attribution": attribution(centre),
            # as the provider publishes it; whoever changes it must say so in the credit
            "changed": False,
            "source": dataset.source if dataset else "",
            "modified": _iso(modified(years, dataset)),
            "temporal": {"start": covered[0].isoformat(), "end": covered[1].isoformat()}
            if covered
            else None,
            "landing_page": links["page"],
            "described_by": links["dataset"],
            "distributions": {"csv": links["csv"], "json": links["json"]},
            "codes": {
                "nationality": "ISO 3166-1 alpha-2; XK Kosovo; stateless; unknown; other = "
                "the rest of the total, not broken down",
                "sex": "female, male, diverse, not_stated",
                "age_group": "from-to or from+ in years, e.g. 18-29, 65+",
                "empty": "null: all (the year's total has every dimension null)",
            },
        },
        "years": [year_data(year, centre.language_codes, settings.LANGUAGE_CODE) for year in years],
    }


# -- DCAT-AP.de 2.0 ------------------------------------------------------------------------------

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "schema": "http://schema.org/",
}
EU = "http://publications.europa.eu/resource/authority/"
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
FILE_TYPES = {"csv": "CSV", "json": "JSON"}


def _texts(centre: Centre, make) -> list[dict]:
    """The text in English (the source) and in each language of the centre it is translated
    into: a language without a translation is left out rather than given English text."""
    english = make(centre, "en")
    texts = [{"@language": "en", "@value": english}]
    for code in centre.language_codes:
        text = make(centre, code)
        if code != "en" and text != english:
            texts.append({"@language": code, "@value": text})
    return texts


def _date(day: datetime.date) -> dict:
    return {"@value": day.isoformat(), "@type": "xsd:date"}


def _moment(moment: datetime.datetime | None) -> dict | None:
    return {"@value": _iso(moment), "@type": "xsd:dateTime"} if moment else None


def dcat_dataset(
    request: HttpRequest, centre: Centre, years: list[NaturalisationYear], dataset: Dataset | None
) -> dict:
    """The dataset as a dcat:Dataset with its two distributions (without @context)."""
    links = addresses(request)
    changed = _moment(modified(years, dataset))
    publisher = {"@type": "foaf:Organization", "foaf:name": centre.name}
    if centre.site_id:
        publisher["foaf:homepage"] = {"@id": request.build_absolute_uri("/")}
    contact = {"@type": "vcard:Organization", "vcard:fn": centre.name}
    if centre.email:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{centre.email}"}
    data = {
        "@id": links["dataset"],
        "@type": "dcat:Dataset",
        "dct:identifier": links["dataset"],
        "dct:title": _texts(centre, dataset_title),
        "dct:description": _texts(centre, dataset_description),
        "dct:publisher": publisher,
        "dcatde:originator": publisher,
        "dcat:contactPoint": contact,
        "dct:license": {"@id": LICENCE_DCAT},
        "dct:accessRights": {"@id": f"{EU}access-right/PUBLIC"},
        "dcat:theme": [{"@id": f"{EU}data-theme/SOCI"}, {"@id": f"{EU}data-theme/GOVE"}],
        "dcat:keyword": [
            {"@language": "de", "@value": word}
            for word in ("Einbürgerung", "Staatsangehörigkeit", "Integration", "Bevölkerung")
        ],
        "dct:language": {"@id": f"{EU}language/DEU"},
        "dcat:landingPage": {"@id": links["page"]},
        "dct:accrualPeriodicity": {"@id": f"{EU}frequency/ANNUAL"},
        "dcat:distribution": [
            {
                "@id": f"{links[kind]}#distribution",
                "@type": "dcat:Distribution",
                "dct:title": f"{dataset_title(centre, settings.LANGUAGE_CODE)} ({FILE_TYPES[kind]})",
                "dcat:accessURL": {"@id": links["page"]},
                "dcat:downloadURL": {"@id": links[kind]},
                "dct:format": {"@id": f"{EU}file-type/{FILE_TYPES[kind]}"},
                "dcat:mediaType": {
                    "@id": f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[kind]}"
                },
                "dct:license": {"@id": LICENCE_DCAT},
                "dcatde:licenseAttributionByText": attribution(centre),
                **({"dct:modified": changed} if changed else {}),
            }
            for kind in ("csv", "json")
        ],
    }
    if changed:
        data["dct:modified"] = changed
    if years:
        data["dct:issued"] = _moment(min(year.created_at for year in years))
        start, end = temporal(years)
        data["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _date(start),
            "dcat:endDate": _date(end),
        }
    if dataset and dataset.source:
        data["dct:source"] = dataset.source
    if dataset and dataset.municipality_key:
        area = (
            f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{dataset.municipality_key}"
        )
        data["dct:spatial"] = {"@id": area}
        data["dcatde:politicalGeocodingURI"] = {"@id": area}
        data["dcatde:politicalGeocodingLevelURI"] = {
            "@id": "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
        }
    return data


def dcat_document(
    request: HttpRequest, centre: Centre, years: list[NaturalisationYear], dataset: Dataset | None
) -> dict:
    return {"@context": CONTEXT, **dcat_dataset(request, centre, years, dataset)}


def dcat_catalogue(
    request: HttpRequest, centre: Centre, years: list[NaturalisationYear], dataset: Dataset | None
) -> dict:
    """The centre's catalogue of open data: a dcat:Catalog holding its datasets (so far this
    one), for harvesters such as GovData's."""
    links = addresses(request)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Open data of %(centre)s") % {"centre": centre.name}
    return {
        "@context": CONTEXT,
        "@id": links["catalogue"],
        "@type": "dcat:Catalog",
        "dct:title": {"@language": "de", "@value": title},
        "dct:description": {"@language": "de", "@value": title},
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": centre.name},
        "foaf:homepage": {"@id": request.build_absolute_uri("/")},
        "dct:language": {"@id": f"{EU}language/DEU"},
        "dct:license": {"@id": LICENCE_DCAT},
        **({"dct:modified": _moment(modified(years, dataset))} if years else {}),
        "dcat:dataset": [dcat_dataset(request, centre, years, dataset)],
    }
