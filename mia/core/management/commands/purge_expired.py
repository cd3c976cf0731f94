from django.core.management.base import BaseCommand

from mia.core.retention import purge_all


class Command(BaseCommand):
    help = "Delete personal data whose retention period has ended (run daily)."

    def handle(self, *args, **options):
        for name, count in purge_all().items():
            self.stdout.write(f"{name}: {count} deleted")
