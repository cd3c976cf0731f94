"""Small pieces of the finder's pages: opening status in words, times, language marks."""

import datetime

from django import template
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from mia.core.languages import SPOKEN_LANGUAGES
from mia.website.models.base import content_attrs

from ..hours import Status
from ..models import Office

register = template.Library()


@register.filter
def lang_attrs(office: Office) -> str:
    """`lang` and `dir` where the office's text is in another language than the page."""
    return content_attrs(getattr(office, "content_language", "de"))


def _time(value: datetime.time) -> SafeString:
    return format_html('<time datetime="{}">{}</time>', value.strftime("%H:%M"), time_format(value))


def _next_opening(day: datetime.date, opens: datetime.time, today: datetime.date) -> SafeString:
    if day == today:
        return format_html(_("Opens today at {time}"), time=_time(opens))
    if day == today + datetime.timedelta(days=1):
        return format_html(_("Opens tomorrow at {time}"), time=_time(opens))
    # translators: e.g. "Opens Thursday 14:00"
    return format_html(
        _("Opens {weekday} {time}"), weekday=date_format(day, "l"), time=_time(opens)
    )


@register.inclusion_tag("counselling/public/_status.html")
def opening_status(status: Status, office: Office, today: datetime.date) -> dict:
    """What a visitor needs to know about going there now, in a few words:
    "Open now until 12:00", "Opens Thursday 14:00", "By appointment", "Temporarily closed"."""
    kind, text, then, note, note_attrs = "closed", "", "", "", ""
    if office.temporarily_closed:
        kind, text = "closed", _("Temporarily closed")
        note, note_attrs = office.closed_note, lang_attrs(office)
    elif not status.has_hours:
        kind, text = "appointment", _("By appointment")
    elif status.open_now:
        kind = "open"
        text = format_html(_("Open now until {time}"), time=_time(status.until))
    else:
        if status.closed_reason:
            # a closure today; its reason is written in German
            text = _("Closed today")
            note, note_attrs = status.closed_reason, content_attrs("de")
        if status.next_opening:
            kind = "later" if not status.closed_reason else kind
            opening = _next_opening(*status.next_opening, today)
            text, then = (text, opening) if text else (opening, "")
        elif not text:
            text = _("Closed")
    return {
        "kind": kind,
        "text": text,
        "then": then,
        "note": note,
        "note_attrs": note_attrs,
        "by_appointment": office.by_appointment and status.has_hours,
    }


@register.simple_tag
def reason_text(reason, criteria) -> SafeString:
    """A reason in words; a language's own name inside it ("Speaks العربية") marked with
    that language and isolated, so the sentence around it keeps its language and order."""
    if not reason.lang or not criteria.language:
        return format_html("{}", reason.text)
    name = SPOKEN_LANGUAGES.get(criteria.language, "")
    before, found, after = reason.text.partition(name) if name else (reason.text, "", "")
    if not found:
        return format_html("{}", reason.text)
    return format_html(
        '{}<bdi lang="{}" dir="{}">{}</bdi>{}', before, reason.lang, reason.dir, found, after
    )


@register.filter
def tel_href(number: str) -> str:
    """A phone number as a tel: link wants it: digits and a leading +, nothing else."""
    number = number.strip()
    digits = "".join(char for char in number if char.isdigit())
    return f"+{digits}" if number.startswith("+") else digits
