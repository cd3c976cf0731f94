"""The rules of the figures: reading cells and rows, a year's breakdowns, country names."""

import datetime

import pytest
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from mia.statistics import countries, services
from mia.statistics.queries import change, nationality_shares, overview

pytestmark = pytest.mark.django_db


def test_country_names_come_in_every_language_of_the_site():
    assert countries.country_name("SY", "de") == "Syrien"
    assert countries.country_name("SY", "en") == "Syria"
    assert countries.country_name("TR", "tr") == "Türkiye"
    assert countries.country_name("UA", "uk") == "Україна"
    assert countries.country_name("IQ", "ar") == "العراق"
    # the Arabic catalogue lacks the new name of Turkey: filled in
    assert countries.country_name("TR", "ar") == "تركيا"
    with translation.override("en"):
        assert countries.country_name(countries.STATELESS) == "Stateless"


def test_nationalities_are_codes_or_the_three_categories():
    assert countries.normalise("sy") == "SY"
    assert countries.normalise("XK") == "XK"
    assert countries.normalise("Staatenlos") == "stateless"
    assert countries.normalise("unbekannt") == "unknown"
    assert countries.normalise("OTHER") == "other"
    with translation.override("en"), pytest.raises(ValueError, match="use the two-letter code SY"):
        countries.normalise("SYR")
    with translation.override("en"), pytest.raises(ValueError, match="no ISO 3166-1"):
        countries.normalise("QQ")


@pytest.mark.parametrize(
    ("text", "count"), [("1507", 1507), ("1.507", 1507), ("1,507", 1507), ("0", 0), (" 12 ", 12)]
)
def test_counts_may_have_thousands_separators(text, count):
    assert services.parse_count(text) == count


@pytest.mark.parametrize("text", ["-3", "3.5", "viele", "", "1.50"])
def test_a_count_is_a_whole_number_not_below_zero(text):
    with pytest.raises(ValueError):
        services.parse_count(text)


def test_age_groups_and_sexes_are_written_one_way():
    assert services.parse_age_group("18 – 29") == "18-29"
    assert services.parse_age_group("65+") == "65+"
    assert services.parse_sex("weiblich") == "female"
    assert services.parse_sex("X") == "not_stated"
    for wrong in ("30-18", "alt", "18-"):
        with pytest.raises(ValueError):
            services.parse_age_group(wrong)


def test_a_year_is_four_digits_and_not_in_the_future():
    assert services.parse_year("2024") == 2024
    next_year = timezone.localdate().year + 1
    for wrong in ("24", "zweitausend", str(next_year), "1900"):
        with pytest.raises(ValueError):
            services.parse_year(wrong)


CELLS = {
    "year": st.one_of(st.integers(1900, 2200).map(str), st.text(max_size=6)),
    "nationality": st.one_of(
        st.sampled_from(["SY", "tr", "stateless", "unknown", "other", "", "SYR", "ZZ"]),
        st.text(max_size=4),
    ),
    "district": st.text(max_size=120),
    "age_group": st.one_of(st.sampled_from(["18-29", "65+", "", "29-18"]), st.text(max_size=6)),
    "sex": st.one_of(st.sampled_from(["female", "m", "divers", "", "?"]), st.text(max_size=5)),
    "count": st.one_of(st.integers(-5, 10**8).map(str), st.text(max_size=8)),
    "covers_until": st.one_of(
        st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)).map(str), st.just("")
    ),
    "note": st.text(max_size=320),
}


@given(st.fixed_dictionaries(CELLS))
def test_a_row_is_either_read_whole_or_refused_with_a_message_per_column(cells):
    """Whatever a file holds: no crash, and either a valid row or messages naming columns."""
    try:
        row = services.parse_row(cells)
    except services.RowInvalid as invalid:
        assert invalid.errors
        assert set(invalid.errors) <= set(CELLS)
        assert all(isinstance(message, str) and message for message in invalid.errors.values())
        return
    assert row.count >= 0
    assert 1950 <= row.year <= timezone.localdate().year
    assert row.dimensions[0] == "" or row.dimensions[0] in countries.known_codes()
    assert row.covers_until is None or row.covers_until.year == row.year
    assert (
        services.parse_row(
            {
                "year": str(row.year),
                "nationality": row.dimensions[0],
                "district": row.dimensions[1],
                "age_group": row.dimensions[2],
                "sex": row.dimensions[3],
                "count": str(row.count),
                "covers_until": row.covers_until.isoformat() if row.covers_until else "",
                "note": row.note,
            }
        )
        == row
    )  # what was read reads back the same


def test_no_total_may_be_smaller_than_its_breakdown():
    counts = {
        services.TOTAL: 100,
        ("SY", "", "", ""): 60,
        ("TR", "", "", ""): 50,  # 110 > 100
        ("SY", "", "", "female"): 30,
        ("SY", "", "", "male"): 20,  # 50 <= 60: fine
        ("", "", "", "female"): 40,
    }
    with translation.override("en"):
        problems = services.breakdown_problems(counts)
    assert [dims for dims, _m in problems] == [services.TOTAL]
    assert "less than the sum of its figures by former nationality (110)" in problems[0][1]


@given(st.lists(st.integers(0, 5000), min_size=1, max_size=6), st.integers(0, 5000))
def test_a_partial_breakdown_within_its_total_is_fine(parts, extra):
    codes = ["SY", "TR", "IQ", "MA", "UA", "PL"]
    counts = {services.TOTAL: sum(parts) + extra}
    counts.update({(codes[i], "", "", ""): part for i, part in enumerate(parts)})
    assert services.breakdown_problems(counts) == []


def test_the_demo_years_change_as_the_press_releases_say(figures):
    found = overview(figures)
    by_year = {row.year.year: row for row in found.rows}
    step = by_year[2024].change
    assert (step.absolute, round(step.percent, 1), step.comparable) == (1135, 40.3, True)
    assert by_year[2021].change is None
    assert by_year[2025].change.comparable is False  # 2025 counts to mid-November only
    assert found.top_year.year == 2024
    assert [(s.code, s.count) for s in found.top] == [
        ("SY", 1507),
        ("TR", 373),
        ("IQ", 175),
        ("MA", 141),
        ("UA", 123),
        ("PL", 113),
        ("other", 1521),
    ]
    assert sum(s.count for s in found.top) == 3953


def test_only_2024_is_broken_down_the_other_years_are_totals(figures):
    found = overview(figures)
    for row in found.rows:
        assert (row.year.year == 2024) == bool(nationality_shares(row.year))


def test_change_from_a_year_without_naturalisations_has_no_percentage(centre):
    from mia.statistics.models import NaturalisationYear

    before = NaturalisationYear(centre=centre, year=2020, total=0)
    after = NaturalisationYear(centre=centre, year=2021, total=5)
    assert change(before, after).percent is None
