from django.core.management.base import BaseCommand

from mia.privacy.services import apply_retention


class Command(BaseCommand):
    help = "Delete or anonymise personal data whose retention period has ended (run daily)."

    def handle(self, *args, **options):
        for label, count in apply_retention().items():
            self.stdout.write(f"{label}: {count} removed")
