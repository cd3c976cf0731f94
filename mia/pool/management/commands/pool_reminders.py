from django.core.management.base import BaseCommand

from mia.pool.offers import expire_offers
from mia.pool.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "The pool's timed steps: close the offers that ran out (their requests go back to "
        "matching) and send the reminders before appointments (run every few minutes from "
        "cron or systemd; running it twice or at once sends nothing twice)."
    )

    def handle(self, *args, **options):
        expired = expire_offers()
        reminded = send_reminders()
        self.stdout.write(f"offers expired: {expired}, appointments reminded: {reminded}")
