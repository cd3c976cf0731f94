from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from mia.core.backup import human_size, restore_media


class Command(BaseCommand):
    help = (
        "Restore MEDIA_ROOT from a .tar.gz FILE written by backup_media. Refuses a MEDIA_ROOT "
        "that is not empty unless --force is given; archives with absolute paths, '..' or "
        "links out of MEDIA_ROOT are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the .tar.gz file to restore")
        parser.add_argument(
            "--force",
            action="store_true",
            help="unpack into a MEDIA_ROOT that is not empty (files of the same name are replaced)",
        )

    def handle(self, *args, file: Path, force: bool, **options):
        count = restore_media(file, force=force)
        self.stdout.write(
            f"Media restored into {settings.MEDIA_ROOT} from {file} "
            f"({count} files, {human_size(file.stat().st_size)})"
        )
