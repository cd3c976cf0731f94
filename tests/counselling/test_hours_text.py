"""Opening hours and closures as text: what the import reads and the export writes."""

import contextlib
import datetime
import re

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from mia.counselling.hours_text import (
    ClosureDays,
    HoursTextError,
    Slot,
    format_closures,
    format_hours,
    parse_closures,
    parse_hours,
)


def t(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def test_german_and_english_days_and_several_spans_a_day():
    assert parse_hours("Mo 09:00-12:00, 14:00-16:00; Di 14:00–16:00; thu 8:30 - 9:30") == [
        Slot(0, t("09:00"), t("12:00")),
        Slot(0, t("14:00"), t("16:00")),
        Slot(1, t("14:00"), t("16:00")),
        Slot(3, t("08:30"), t("09:30")),
    ]


def test_a_range_of_days_has_the_same_hours_each_day():
    assert parse_hours("Mo.-Mi. 09:00-12:00") == [
        Slot(day, t("09:00"), t("12:00")) for day in (0, 1, 2)
    ]


def test_empty_text_is_no_hours():
    assert parse_hours("") == [] == parse_hours(" ; ")


def test_hours_are_written_in_german_one_entry_a_day():
    slots = parse_hours("Tue 14:00-16:00; Mon 14:00-16:00; Mon 09:00-12:00")
    assert format_hours(slots) == "Mo 09:00-12:00, 14:00-16:00; Di 14:00-16:00"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Montag 09:00-12:00", "is not of the form"),
        ("Xy 09:00-12:00", "“Xy” is not a weekday"),
        ("Mo 9-12", "is not of the form"),
        ("Mo 12:00-09:00", "closes before it opens"),
        ("Mo 09:00-09:00", "closes before it opens"),
        ("Mo 09:00-24:00", "24:00 is not a time of day"),
        ("Mo 09:60-10:00", "09:60 is not a time of day"),
        ("Fr-Mo 09:00-12:00", "from Monday towards Sunday"),
        ("Mo 09:00-12:00; Mo 11:00-13:00", "overlap"),
        ("Mo 09:00-12:00 Di 10:00-11:00", "is not of the form"),
    ],
)
def test_what_is_not_understood_is_refused_with_the_reason(text, says):
    # the reasons as an English-speaking member of staff reads them
    with translation.override("en"), pytest.raises(HoursTextError) as refused:
        parse_hours(text)
    assert says in str(refused.value)


times = st.builds(datetime.time, st.integers(0, 23), st.integers(0, 59))


@st.composite
def weeks(draw) -> list[Slot]:
    """Valid weeks: on each day, spans in order that do not overlap."""
    slots = []
    for day in draw(st.sets(st.integers(0, 6), max_size=7)):
        minutes = sorted(draw(st.sets(st.integers(0, 23 * 60 + 59), min_size=2, max_size=8)))
        # consecutive pairs: open, close, open, close … (touching spans are allowed)
        for opens, closes in zip(minutes[::2], minutes[1::2], strict=False):
            slots.append(
                Slot(day, datetime.time(*divmod(opens, 60)), datetime.time(*divmod(closes, 60)))
            )
    return sorted(slots)


@settings(max_examples=300)
@given(weeks())
def test_hours_read_back_what_was_written(slots):
    assert parse_hours(format_hours(slots)) == slots


@settings(max_examples=500)
@given(st.text(max_size=80))
def test_any_text_is_read_or_refused_never_a_crash(text):
    try:
        slots = parse_hours(text)
    except ValueError:
        return
    assert all(slot.closes > slot.opens for slot in slots)


@settings(max_examples=300)
@given(
    st.text(alphabet="MoDiMiDoFrSaSouTWehT 0123456789:-–,;.", max_size=60),
)
def test_near_misses_are_read_or_refused_never_a_crash(text):
    with contextlib.suppress(ValueError):
        parse_hours(text)


def test_closures_read_with_and_without_reason():
    assert parse_closures("2025-12-24/2026-01-01: Weihnachten; 2026-05-01") == [
        ClosureDays(datetime.date(2025, 12, 24), datetime.date(2026, 1, 1), "Weihnachten"),
        ClosureDays(datetime.date(2026, 5, 1), datetime.date(2026, 5, 1), ""),
    ]


def test_a_reason_may_hold_a_semicolon():
    text = "2026-05-01: Feiertag; Vertretung im Rathaus\n2026-05-14"
    assert parse_closures(text) == [
        ClosureDays(
            datetime.date(2026, 5, 1), datetime.date(2026, 5, 1), "Feiertag; Vertretung im Rathaus"
        ),
        ClosureDays(datetime.date(2026, 5, 14), datetime.date(2026, 5, 14), ""),
    ]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("24.12.2025", "is not of the form"),
        ("2025-02-30", "is not a date"),
        ("2026-01-02/2026-01-01", "the last day is before the first"),
        ("2026-01-01: " + "x" * 201, "longer than 200"),
    ],
)
def test_closures_not_understood_are_refused(text, says):
    # the reasons as an English-speaking member of staff reads them
    with translation.override("en"), pytest.raises(HoursTextError) as refused:
        parse_closures(text)
    assert says in str(refused.value)


# a reason is one line; one holding "; 2025-01-01" would read as two closures (documented)
notes = (
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30)
    .map(lambda text: " ".join(text.split()))
    .filter(lambda note: not re.search(r";\s*\d{4}-\d{2}-\d{2}", note))
)
days = st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))


@st.composite
def closure_lists(draw) -> list[ClosureDays]:
    closures = []
    for _ in range(draw(st.integers(0, 5))):
        first = draw(days)
        last = first + datetime.timedelta(days=draw(st.integers(0, 30)))
        closures.append(ClosureDays(first, last, draw(notes)))
    return sorted(closures)


@settings(max_examples=300)
@given(closure_lists())
def test_closures_read_back_what_was_written(closures):
    assert parse_closures(format_closures(closures)) == closures


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_any_closure_text_is_read_or_refused_never_a_crash(text):
    with contextlib.suppress(ValueError):
        parse_closures(text)
