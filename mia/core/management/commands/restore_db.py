from pathlib import Path

from django.core.management.base import BaseCommand

from mia.core.backup import human_size, restore_database


class Command(BaseCommand):
    help = (
        "Restore the database from a backup FILE written by backup_db. Refuses a database "
        "that has already been migrated unless --force is given. Stop the web and worker "
        "processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup file to restore")
        parser.add_argument(
            "--database", default="default", help='database alias (default: "default")'
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data of a database that is not empty",
        )

    def handle(self, *args, file: Path, database: str, force: bool, **options):
        size = restore_database(file, alias=database, force=force)
        self.stdout.write(f"Database {database!r} restored from {file} ({human_size(size)})")
