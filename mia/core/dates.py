"""How pages, letters and mails write a moment for people: one form everywhere."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def day_and_time(value: datetime.datetime) -> str:
    """The weekday, date and time of `value` in the centre's time zone, as the active
    language writes them ("Dienstag, 1. Dezember 2026, 10:30")."""
    local = timezone.localtime(value)
    return _("%(weekday)s, %(date)s, %(time)s") % {
        "weekday": formats.date_format(local, "l"),
        "date": formats.date_format(local, "DATE_FORMAT"),
        "time": formats.time_format(local, "TIME_FORMAT"),
    }
