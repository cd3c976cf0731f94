"""Load a city's districts and postcode areas with their centre points into a centre.

    manage.py load_places <centre-slug> [file.json]

The file (default: mia/counselling/data/dortmund.json) lists "districts" (name, latitude,
longitude) and "postcodes" (postcode, district, latitude, longitude). Running it again
updates the points; districts and postcodes no longer in the file are kept.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mia.core.models import Centre
from mia.counselling.places import load_places

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "dortmund.json"


class Command(BaseCommand):
    help = "Load districts and postcode centre points into a centre (for the counselling finder)."

    def add_arguments(self, parser):
        parser.add_argument("centre", help="the centre's slug")
        parser.add_argument("file", nargs="?", default=str(DEFAULT))

    def handle(self, *args, centre: str, file: str, **options):
        found = Centre.objects.filter(slug=centre).first()
        if found is None:
            raise CommandError(f"No centre with the slug {centre!r}.")
        try:
            districts, postcodes = load_places(found, Path(file))
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Could not load {file}: {error}") from error
        self.stdout.write(f"{found.name}: {districts} districts, {postcodes} postcode areas")
