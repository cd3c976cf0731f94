from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from mia.core.backup import backup_media, human_size


class Command(BaseCommand):
    help = "Back up MEDIA_ROOT (uploaded images and documents) to FILE, a .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="the .tar.gz file to write (replaced if it exists)"
        )

    def handle(self, *args, file: Path, **options):
        size = backup_media(file)
        self.stdout.write(f"Media {settings.MEDIA_ROOT} backed up to {file} ({human_size(size)})")
