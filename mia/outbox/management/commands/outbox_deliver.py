from django.core.management.base import BaseCommand

from mia.outbox.services import deliver_due


class Command(BaseCommand):
    help = "Send every queued mail whose time has come (run every minute from cron or systemd)."

    def handle(self, *args, **options):
        sent, pending = deliver_due()
        self.stdout.write(f"sent {sent}, still pending {pending}")
