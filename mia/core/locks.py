"""A row lock whose wait has a limit, for the steps that must see one row's latest state
and change it alone (seats of a ceremony, the answers to a pool request).

Each holder keeps such a lock for a few milliseconds, so a wait that reaches the limit
means something is wrong: the caller tells the person to try again instead of leaving
them waiting, and nothing is saved."""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


def lock_timeout_ms() -> int:
    """How long a request waits for a row's lock before it is told to try again."""
    return settings.MIA_LOCK_TIMEOUT_MS


def lock_row(model: type[M], pk: int) -> M:
    """The row `pk` of `model`, locked until the transaction ends (call it inside
    `transaction.atomic`); raises `model.DoesNotExist` when there is no such row.

    On PostgreSQL the lock and its timeout for this transaction are one statement: the
    filter runs on the row before the lock is taken (a volatile function is never lifted
    out of it), so the wait already has its limit, in one round trip instead of two. On
    SQLite the transaction began IMMEDIATE and holds the database's write lock already."""
    if connection.vendor != "postgresql":
        return model._default_manager.select_for_update().get(pk=pk)
    sql = (
        f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608  (no input)
        "WHERE id = %s AND set_config('lock_timeout', %s, true) IS NOT NULL FOR UPDATE"
    )
    found = list(model._default_manager.raw(sql, [pk, f"{lock_timeout_ms()}ms"]))
    if not found:
        raise model.DoesNotExist
    return found[0]


def lock_timed_out(error: OperationalError) -> bool:
    """Whether `error` is a lock not had in time (and not some other database failure)."""
    text = str(error).lower()
    # PostgreSQL: "canceling statement due to lock timeout"; SQLite: "database is locked"
    return "lock timeout" in text or "database is locked" in text
