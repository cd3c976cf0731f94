"""Bar charts drawn on the server as inline SVG: no script, nothing loaded, the same picture
for every visitor and in the page cache.

Each chart is geometry computed here and drawn by `statistics/_chart_*.svg.html`. The charts
are pictures with a name and a description (role="img", <title>, <desc>); the table beside
each is their text alternative. Values are written at the bars, so nothing depends on telling
colours apart, and the partial year is hatched and starred as well as named. In a right-to-left
language the picture is mirrored: years run from right to left, bars grow from the right.
"""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

# KERN's colours: action blue on white (8.6:1), text, borders; the remainder in dark grey
BLUE = "#1c4e9d"
GREY = "#5c6270"
TEXT = "#131525"
GRID = "#cfd2dc"
FONT = 14


def number(value: float, decimals: int = 0) -> str:
    """A number as the active language writes it (1.351 in German, 1,351 in English),
    rounded half up (Django's formatting would cut the decimals off)."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimals, use_l10n=True, force_grouping=True)


def percent(value: float) -> str:
    return f"{number(value, 1)}\u00a0%"


def signed(value: float, decimals: int = 0) -> str:
    text = number(abs(value), decimals)
    return f"+{text}" if value > 0 else (f"\u2212{text}" if value < 0 else text)


def _nice_step(maximum: float, ticks: int = 4) -> int:
    raw = max(maximum / ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return int(factor * magnitude)
    return int(10 * magnitude)


@dataclass
class Mark:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    hatched: bool = False
    muted: bool = False

    def __post_init__(self) -> None:
        # coordinates go into SVG attributes: short, and never in a locale's notation
        for name in ("x", "y", "width", "height", "label_x", "label_y", "value_x", "value_y"):
            setattr(self, name, round(getattr(self, name), 1))


@dataclass
class Grid:
    y: float
    label: str
    label_x: float

    @property
    def text_y(self) -> float:
        return round(self.y + 4, 1)


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    rtl: bool
    marks: list[Mark] = field(default_factory=list)
    grid: list[Grid] = field(default_factory=list)
    # where the axis line and its labels are, and how the labels are anchored
    axis_x: float = 0
    plot: tuple[float, float] = (0, 0)  # the plot's left and right edges
    baseline: float = 0
    label_anchor: str = "start"
    value_anchor: str = "start"
    show_values: bool = True
    blue: str = BLUE
    grey: str = GREY
    text: str = TEXT
    line: str = GRID
    font: int = FONT


def columns(
    id: str,
    title: str,
    description: str,
    items: list[tuple[str, int, bool]],
    *,
    rtl: bool,
) -> Chart:
    """Vertical bars, one per (label, value, hatched) item, left to right (right to left)."""
    width, height = 400, 260
    top, bottom, axis, end = 24, 36, 52, 8
    chart = Chart(id, title, description, width, height, rtl)
    step = _nice_step(max((value for _l, value, _h in items), default=0))
    ceiling = step * max(1, math.ceil(max((v for _l, v, _h in items), default=0) / step))
    plot_height = height - top - bottom
    left, right = (end, width - axis) if rtl else (axis, width - end)
    chart.plot = (left, right)
    chart.baseline = height - bottom
    chart.axis_x = right if rtl else left
    chart.label_anchor = "start" if rtl else "end"
    for tick in range(0, ceiling + 1, step):
        y = top + plot_height * (1 - tick / ceiling)
        chart.grid.append(Grid(round(y, 1), number(tick), right + 6 if rtl else left - 6))
    slot = (right - left) / max(len(items), 1)
    bar = min(slot * 0.62, 56)
    chart.show_values = slot >= 44
    for index, (label, value, hatched) in enumerate(items):
        position = len(items) - 1 - index if rtl else index
        x = left + slot * position + (slot - bar) / 2
        bar_height = plot_height * value / ceiling
        y = top + plot_height - bar_height
        chart.marks.append(
            Mark(
                x,
                y,
                bar,
                bar_height,
                label,
                number(value),
                x + bar / 2,
                height - bottom + 20,
                x + bar / 2,
                y - 6,
                hatched=hatched,
            )
        )
    return chart


def rows(
    id: str,
    title: str,
    description: str,
    items: list[tuple[str, int, str, bool]],
    *,
    rtl: bool,
) -> Chart:
    """Horizontal bars, one per (name, value, value text, muted) item, the name above each
    bar; bars grow from the start side (the right in a right-to-left language)."""
    width, row, reserve = 400, 46, 112
    height = row * len(items) + 4
    chart = Chart(id, title, description, width, height, rtl)
    longest = width - reserve
    maximum = max((value for _n, value, _t, _m in items), default=0) or 1
    chart.label_anchor = "end" if rtl else "start"
    chart.value_anchor = "end" if rtl else "start"
    for index, (name, value, text, muted) in enumerate(items):
        top = index * row
        length = max(longest * value / maximum, 2)
        x = width - length if rtl else 0
        chart.marks.append(
            Mark(
                x,
                top + 22,
                length,
                16,
                name,
                text,
                width if rtl else 0,
                top + 16,
                x - 6 if rtl else length + 6,
                top + 35,
                muted=muted,
            )
        )
    return chart
