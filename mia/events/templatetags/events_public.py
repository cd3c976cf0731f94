"""Small pieces of the public event pages: times, language attributes, marks."""

import datetime
from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mia.website.models.base import content_attrs

from ..models import Event, EventDate

register = template.Library()


@register.filter
def lang_attrs(event: Event) -> str:
    """`lang` and `dir` where the event's text is in another language than the page."""
    return content_attrs(getattr(event, "content_language", "de"))


@lru_cache(maxsize=4096)
def _clock(hour: int, minute: int, language: str) -> str:
    # a programme shows the same few times hundreds of times: format each once per language
    return time_format(datetime.time(hour, minute))


def _time(moment: datetime.datetime) -> SafeString:
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}">{}</time>',
        local.isoformat(timespec="minutes"),
        _clock(local.hour, local.minute, get_language()),
    )


@register.simple_tag
def time_span(date: EventDate) -> SafeString:
    """18:00–20:00; with the end's day when it ends on another day."""
    start, end = timezone.localtime(date.start), timezone.localtime(date.end)
    if start.date() == end.date():
        return format_html("{}–{}", _time(date.start), _time(date.end))
    end_text = f"{date_format(end, 'SHORT_DATE_FORMAT')} {time_format(end)}"
    return format_html(
        '{} – <time datetime="{}">{}</time>',
        _time(date.start),
        end.isoformat(timespec="minutes"),
        end_text,
    )


@register.simple_tag
def full_date(date: EventDate) -> SafeString:
    """Saturday, 21 June 2026, 18:00–20:00 (in the page's language)."""
    start = timezone.localtime(date.start)
    # translators: a date with its weekday and times, e.g. "Saturday, 21 June 2026, 18:00–20:00"
    return format_html(
        _("{weekday}, {date}, {times}"),
        weekday=date_format(start, "l"),
        date=date_format(start, "DATE_FORMAT"),
        times=time_span(date),
    )


@register.simple_tag
def day_heading(day: datetime.date) -> str:
    # translators: a day with its weekday, e.g. "Saturday, 21 June 2026"
    return _("{weekday}, {date}").format(
        weekday=date_format(day, "l"), date=date_format(day, "DATE_FORMAT")
    )


@register.filter
def age_range(event: Event) -> str:
    if event.age_min is not None and event.age_max is not None:
        return _("%(low)s to %(high)s years") % {"low": event.age_min, "high": event.age_max}
    if event.age_min is not None:
        return _("from %(low)s years") % {"low": event.age_min}
    if event.age_max is not None:
        return _("up to %(high)s years") % {"high": event.age_max}
    return ""


@register.simple_tag
def short_day(day: datetime.date) -> str:
    # translators: a short weekday and a day of the month, e.g. "Sat 21 June"
    return _("{weekday} {day}").format(
        weekday=date_format(day, "D"), day=date_format(day, "MONTH_DAY_FORMAT")
    )
