from django.core.management.base import BaseCommand

from mia.ceremonies.services import advance_all


class Command(BaseCommand):
    help = (
        "Offer the seats of offers that ran out, and any free seats, to the next on the "
        "ceremonies' waiting lists (run every minute from cron or systemd)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"offers made: {advance_all()}")
