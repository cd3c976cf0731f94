"""Where each app declares how it deletes personal data whose retention period has ended."""

import datetime
from collections.abc import Callable

_rules: dict[str, tuple[str, Callable[[datetime.datetime | None], int]]] = {}


def register(name: str, period: str, purge: Callable[[datetime.datetime | None], int]) -> None:
    """`period` is the human statement that goes into the privacy policy and the docs."""
    _rules[name] = (period, purge)


def rules() -> dict[str, tuple[str, Callable[[datetime.datetime | None], int]]]:
    return dict(_rules)


def purge_all(now: datetime.datetime | None = None) -> dict[str, int]:
    return {name: purge(now) for name, (_period, purge) in sorted(_rules.items())}
