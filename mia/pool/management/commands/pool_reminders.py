from django.core.management.base import BaseCommand

from mia.pool.offers import close_past_requests, expire_offers
from mia.pool.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "The pool's timed steps: close the offers that ran out (their requests go back to "
        "matching), end the requests whose appointment began with nobody assigned as not "
        "filled (the institution is told), and send the reminders before appointments (run "
        "every few minutes from cron or systemd; running it twice or at once sends nothing "
        "twice)."
    )

    def handle(self, *args, **options):
        expired = expire_offers()
        unfilled = close_past_requests()
        reminded = send_reminders()
        self.stdout.write(
            f"offers expired: {expired}, requests not filled: {unfilled}, "
            f"appointments reminded: {reminded}"
        )
