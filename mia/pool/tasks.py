"""The pool's background tasks: thin wrappers around the rules (offers, reminders)."""

from django_tasks import task

from . import offers, reminders


@task()
def expire_offers_task() -> int:
    """Close the offers that ran out and reopen their requests (queued for when they run out;
    the `pool_reminders` command does it too)."""
    return offers.expire_offers()


@task()
def send_reminders_task() -> int:
    """Queue the reminders that are due."""
    return reminders.send_reminders()
