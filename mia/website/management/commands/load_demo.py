from django.core.management.base import BaseCommand

from mia.website.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo content of Dortmund's integration centre (safe to run again)."

    def handle(self, *args, **options):
        centre = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {centre}"))
