from django_tasks import task

from . import services


@task()
def advance_offers(ceremony_id: int) -> int:
    """Pass on the seats of offers that ran out (queued for when they run out)."""
    return services.advance(ceremony_id)
