"""No personal code in the server's logs.

Django logs every answer of 400 and above with its path ("Bad Request: /einbuergerungsfeier/
<code>/"). A code is as good as the invitee's name (it opens their answer), so these records
show the path without it. Access logs (gunicorn's, a proxy's) log every path: keep them off
or short (README).

Configured in LOGGING before the apps are loaded, so the path is looked up on first use.
"""

import functools
import logging
import re


@functools.cache
def _code_in_path() -> re.Pattern:
    from .links import ENTRY_PATH

    return re.compile(rf"(/{re.escape(ENTRY_PATH)})[^/?#\s\"]+")


def redact(text: str) -> str:
    return _code_in_path().sub(r"\1…", text)


class RedactCodes(logging.Filter):
    """Rewrites a record's message and arguments; keeps every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        request = getattr(record, "request", None)
        if request is not None and _code_in_path().search(str(getattr(request, "path", ""))):
            # handlers that print the request (AdminEmailHandler) read it from the record
            record.request = None
        return True
