from django.core.management.base import BaseCommand, CommandError

from mia.events import booklet
from mia.events.models import Edition


class Command(BaseCommand):
    help = (
        "Make the programme booklets of published editions where their programme changed "
        "(all editions, or one with --edition); --force makes them anew regardless."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", help="the slug of one edition")
        parser.add_argument("--centre", help="the slug of the edition's centre")
        parser.add_argument("--force", action="store_true", help="remake unchanged booklets")

    def handle(self, *args, edition=None, centre=None, force=False, **options):
        editions = Edition.objects.filter(programme_published=True).select_related("centre")
        if edition:
            editions = editions.filter(slug=edition)
        if centre:
            editions = editions.filter(centre__slug=centre)
        if edition and not editions:
            raise CommandError(f"No published edition “{edition}”.")
        for item in editions:
            for language, made in booklet.regenerate_edition(item, force=force).items():
                state = "made" if made else "unchanged"
                self.stdout.write(f"{item.centre.slug}/{item.slug} {language}: {state}")
