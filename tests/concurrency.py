"""Helpers for the tests of what happens when two connections meet (PostgreSQL)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Model


@contextmanager
def row_held(instance: Model) -> Iterator[None]:
    """While the block runs, another connection holds `instance`'s row lock (in a thread
    of its own, as another request would); it lets go when the block ends."""
    held, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                type(instance).objects.select_for_update().get(pk=instance.pk)
                held.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(timeout=10), "the other connection did not get the lock"
        yield
    finally:
        release.set()
        holder.join()
