from django_tasks import task

from . import booklet
from .models import Edition


@task()
def regenerate_booklets(edition_id: int) -> dict[str, bool]:
    """Every language's booklet of the edition, where its programme changed."""
    edition = Edition.objects.select_related("centre").filter(pk=edition_id).first()
    if edition is None:
        return {}
    return booklet.regenerate_edition(edition)
