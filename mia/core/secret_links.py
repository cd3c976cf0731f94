"""Pages opened by a secret in their address, as by a key: the ceremony's answer page (the
invitee's personal code) and the pool's offer page (the offer's token).

What they share beyond `private_pages`:

- Wrong secrets are counted per visitor address and centre (`MIA_CODE_RATE`). A code or token
  cannot be guessed at that rate; the limit keeps the pages from being used to try. Once it is
  reached even the right secret waits, so a hit tells nothing.
- No secret reaches the server's logs. Django logs the path of every answer of 400 and above
  ("Not Found: /…"), the development server every request: `RedactSecrets` writes these paths
  without the secret. Access logs (gunicorn's, a proxy's) log every path: keep them off or
  short (README).

Each kind of page declares itself once, as a `SecretLink` made when its app is ready, so its
path is known to the log filter before the first request is answered. Pages that count wrong
secrets their own way (an account's invitation, allauth's password reset) only keep them out
of the logs: `hide_in_logs`.
"""

import functools
import logging
import re

from django.conf import settings
from django.http import HttpRequest

from .rate_limits import over_limit

# the paths, without language prefix, that a secret follows
_prefixes: set[str] = set()
# Django's loggers that print a request's path
LOGGERS = ("django.request", "django.server")


def hide_in_logs(prefix: str) -> None:
    """Keeps the secret that follows `prefix` (a path without leading slash, ending in one,
    after any language prefix) out of Django's logs."""
    if not prefix.endswith("/") or prefix.startswith("/"):
        raise ValueError(f"a path prefix ends in a slash and starts without one: {prefix!r}")
    if prefix not in _prefixes:
        _prefixes.add(prefix)
        _secret_in_path.cache_clear()


class SecretLink:
    """One kind of page whose address is `/<prefix><secret>/…` (after any language prefix)."""

    def __init__(self, prefix: str, group: str) -> None:
        """`prefix`: the path before the secret, without leading slash, ending in one
        ("einbuergerungsfeier/"); `group`: the name under which wrong secrets are counted
        (per centre)."""
        hide_in_logs(prefix)
        self.prefix = prefix
        self.group = group

    def guessing(self, request: HttpRequest, *, count: bool = False) -> bool:
        """True once this address has tried too many wrong secrets on the centre's pages of
        this kind; `count` adds one (a wrong secret)."""
        return over_limit(request, self.group, settings.MIA_CODE_RATE, count=count)


# -- no secret in the logs ------------------------------------------------------------------------


@functools.cache
def _secret_in_path() -> re.Pattern | None:
    if not _prefixes:
        return None
    # longest first: a prefix that starts another one does not take its secret's place
    alternatives = "|".join(re.escape(p) for p in sorted(_prefixes, key=len, reverse=True))
    return re.compile(rf"(/(?:{alternatives}))[^/?#\s\"]+")


def redact(text: str) -> str:
    """`text` with each secret in a path of a `SecretLink` replaced by "…"."""
    pattern = _secret_in_path()
    return pattern.sub(r"\1…", text) if pattern is not None else text


def carries_secret(path: str) -> bool:
    pattern = _secret_in_path()
    return pattern is not None and pattern.search(path) is not None


class RedactSecrets(logging.Filter):
    """Rewrites a record's message without the secrets; keeps every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            # the message as written, so a secret is found wherever the arguments put it (and
            # a "%s" right after a prefix is not taken for one)
            message = record.getMessage()
        except (TypeError, ValueError):
            message = None  # the handler reports the broken record, with message and arguments
        if message is not None:
            redacted = redact(message)
            if redacted != message:
                record.msg, record.args = redacted, ()
        else:
            if isinstance(record.msg, str):
                record.msg = redact(record.msg)
            if isinstance(record.args, tuple):
                record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        request = getattr(record, "request", None)
        if request is not None and carries_secret(str(getattr(request, "path", ""))):
            # handlers that print the request (AdminEmailHandler) read it from the record
            record.request = None
        return True


def install_log_filter() -> None:
    """Adds `RedactSecrets` to Django's loggers that print paths. Done when the apps are
    ready rather than in LOGGING, so a deployment's own LOGGING cannot leave it out."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
