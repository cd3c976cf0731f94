from pathlib import Path

from django.core.management.base import BaseCommand

from mia.core.backup import backup_database, human_size


class Command(BaseCommand):
    help = (
        "Back up the database to FILE (SQLite: a consistent copy of the database file; "
        "PostgreSQL: pg_dump custom format). Safe while the site is running."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="the backup file to write (replaced if it exists)"
        )
        parser.add_argument(
            "--database", default="default", help='database alias (default: "default")'
        )

    def handle(self, *args, file: Path, database: str, **options):
        size = backup_database(file, alias=database)
        self.stdout.write(f"Database {database!r} backed up to {file} ({human_size(size)})")
