"""Backup and restore of the database (SQLite, PostgreSQL) and of the uploaded media.

The management commands `backup_db`, `restore_db`, `backup_media` and `restore_media` are thin
wrappers around these functions; docs/operations.md describes how operators use them.

Backups hold personal data (messages from the public forms, staff accounts), so every file
written here is created readable by its owner only (0600), and it only appears under its final
name once it is complete: a cron job that is interrupted never leaves a truncated file that
looks like a good backup.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections

from mia.core.cache import bump_content_generation

SQLITE_ENGINE = "django.db.backends.sqlite3"
POSTGRES_ENGINE = "django.db.backends.postgresql"

# The first bytes of each format, so that a backup of the wrong kind is refused before it
# touches the database instead of failing halfway through.
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


def human_size(size: int) -> str:
    """1536 → '1.5 KiB', for the commands' one-line summaries."""
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            break
        value /= 1024
    return f"{value:.1f} {unit}"


# --- writing files safely ------------------------------------------------------------------


@contextlib.contextmanager
def _atomic_output(path: Path) -> Iterator[Path]:
    """Yield a private temporary file next to `path`; it replaces `path` only on success.

    The temporary file lives in the same directory so that the final rename is atomic, and
    mkstemp creates it with mode 0600 because the backup contains personal data.
    """
    path = Path(path)
    if path.is_dir():
        raise CommandError(f"{path} is a directory; give the name of the backup file.")
    if not path.parent.is_dir():
        raise CommandError(f"The directory {path.parent} does not exist.")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _existing_file(path: Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"The backup file {path} does not exist.")
    return path


def _read_magic(path: Path, length: int) -> bytes:
    with path.open("rb") as f:
        return f.read(length)


# --- database ------------------------------------------------------------------------------


def _database_settings(alias: str) -> dict:
    # connections.settings rather than settings.DATABASES: it has the defaults filled in, and
    # reading it does not import the backend, so an unsupported engine is refused cleanly.
    if alias not in connections.settings:
        raise CommandError(f"There is no database {alias!r} in settings.DATABASES.")
    return connections.settings[alias]


def _engine(alias: str) -> str:
    engine = _database_settings(alias)["ENGINE"]
    if engine not in (SQLITE_ENGINE, POSTGRES_ENGINE):
        # Anything else would need its own tools; a half-working backup is worse than none.
        raise CommandError(
            f"Database {alias!r} uses {engine}; backup and restore support SQLite and "
            "PostgreSQL only."
        )
    return engine


def database_is_empty(alias: str = "default") -> bool:
    """True if the database has never been migrated (no rows in django_migrations).

    This is the line between "a new installation, safe to restore into" and "a database that
    holds data someone may still need", which only --force may overwrite.
    """
    connection = connections[alias]
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return True
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        return cursor.fetchone()[0] == 0


def backup_database(path: Path, alias: str = "default") -> int:
    """Write a backup of database `alias` to `path`; return its size in bytes."""
    engine = _engine(alias)
    with _atomic_output(Path(path)) as tmp:
        if engine == SQLITE_ENGINE:
            _sqlite_backup(alias, tmp)
        else:
            _pg_dump(alias, tmp)
    return Path(path).stat().st_size


def restore_database(path: Path, alias: str = "default", force: bool = False) -> int:
    """Replace the content of database `alias` by the backup at `path`; return its size.

    Refuses a database that already holds a migrated installation unless `force` is set, so
    that a restore meant for a new machine cannot wipe production by a mistyped setting.
    """
    path = _existing_file(path)
    engine = _engine(alias)
    expected = SQLITE_MAGIC if engine == SQLITE_ENGINE else PG_DUMP_MAGIC
    if _read_magic(path, len(expected)) != expected:
        kind = "SQLite database" if engine == SQLITE_ENGINE else "pg_dump custom-format archive"
        raise CommandError(
            f"{path} is not a {kind}, so it cannot be restored into database {alias!r} ({engine})."
        )
    if not force and not database_is_empty(alias):
        raise CommandError(
            f"Database {alias!r} is not empty (it has applied migrations). Restoring would "
            "replace its data; run again with --force if that is really what you want."
        )
    if engine == SQLITE_ENGINE:
        _sqlite_restore(alias, path)
    else:
        _pg_restore(alias, path)
    # Pages, fragments and route tables cached from the database that was just replaced must
    # not be served for the restored one (with REDIS_URL this reaches every process).
    bump_content_generation()
    return path.stat().st_size


def _sqlite_backup(alias: str, target: Path) -> None:
    # The online backup API copies a consistent snapshot while the site keeps running (other
    # processes may go on writing); copying the file itself could catch it mid-transaction
    # and would miss what still sits in the WAL file. Going through Django's own connection
    # also covers in-memory databases.
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        # The copy inherits WAL mode from a live database; switched back to a rollback
        # journal, the backup is one self-contained file that opens anywhere, read-only too.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()


def _sqlite_restore(alias: str, source_path: Path) -> None:
    # Open the backup read-only: a restore must never change the backup itself.
    source = sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise CommandError(f"{source_path} is damaged ({check}); nothing was restored.")
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
        if "django_migrations" not in tables:
            raise CommandError(f"{source_path} is not a backup of MIA's database.")
        connection = connections[alias]
        connection.ensure_connection()
        # The backup API replaces every page of the destination in one step, so readers see
        # either the old or the restored database, never a mixture.
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_command(name: str) -> str:
    executable = shutil.which(name) or f"/usr/bin/{name}"
    if not Path(executable).is_file():
        raise CommandError(
            f"{name} was not found; install the PostgreSQL client tools (Debian: "
            "postgresql-client) in the server's major version or newer."
        )
    return executable


def _pg_connection_args(alias: str) -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment that reach database `alias` as Django does."""
    db = _database_settings(alias)
    options = db.get("OPTIONS") or {}
    args: list[str] = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    if db.get("NAME"):
        args += ["--dbname", str(db["NAME"])]
    # The password goes through the environment, never the command line, where every user
    # of the machine could read it in the process list.
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    for option, variable in (
        ("service", "PGSERVICE"),
        ("passfile", "PGPASSFILE"),
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(option):
            env[variable] = str(options[option])
    # Never stop to ask for a password: cron has nobody to answer.
    args.append("--no-password")
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    # The arguments come from settings and the operator's own command line, never from a
    # request, and no shell is involved.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise CommandError(f"{tool} failed ({result.returncode}): {result.stderr.strip()}")


def _pg_dump(alias: str, target: Path) -> None:
    # pg_dump reads inside one repeatable-read transaction, so the dump is consistent while
    # the site keeps running. The custom format is compressed and lets pg_restore clean up
    # existing objects first.
    args, env = _pg_connection_args(alias)
    _run([_pg_command("pg_dump"), "--format=custom", f"--file={target}", *args], env)


def _pg_restore(alias: str, source: Path) -> None:
    args, env = _pg_connection_args(alias)
    options = [
        # drop what the backup contains before recreating it (needed with --force) ...
        "--clean",
        # ... without errors for what a new database does not have yet
        "--if-exists",
        # the new machine's role may have another name; the restoring role owns everything
        "--no-owner",
        # all or nothing: a failed restore leaves the database as it was
        "--single-transaction",
    ]
    _run([_pg_command("pg_restore"), *options, *args, str(source)], env)


# --- media ---------------------------------------------------------------------------------


def _media_root(media_root: Path | None) -> Path:
    return Path(media_root if media_root is not None else settings.MEDIA_ROOT)


def media_is_empty(media_root: Path | None = None) -> bool:
    root = _media_root(media_root)
    return not root.exists() or not any(root.iterdir())


def backup_media(path: Path, media_root: Path | None = None) -> int:
    """Write MEDIA_ROOT (uploaded images, their renditions, documents) to a .tar.gz at `path`.

    Returns the archive's size in bytes. Members are stored relative to MEDIA_ROOT, so the
    archive can be restored into a MEDIA_ROOT at any other place.
    """
    root = _media_root(media_root)
    if not root.is_dir():
        raise CommandError(f"MEDIA_ROOT {root} does not exist.")
    path = Path(path)
    if path.resolve().is_relative_to(root.resolve()):
        # it would try to contain itself
        raise CommandError("Write the media backup outside MEDIA_ROOT.")
    with _atomic_output(path) as tmp, tarfile.open(tmp, "w:gz") as tar:
        for child in sorted(root.iterdir()):
            tar.add(child, arcname=child.name)
    return path.stat().st_size


def _check_member(member: tarfile.TarInfo, root: Path, archive: Path) -> None:
    # The data filter alone would quietly strip a leading "/" and unpack the member inside
    # MEDIA_ROOT; an archive that names absolute paths was not written by backup_media, so it
    # is refused like one with "..".
    name = PurePosixPath(member.name)
    problem = None
    if name.is_absolute() or PureWindowsPath(member.name).is_absolute():
        problem = f"{member.name!r} is an absolute path"
    elif ".." in name.parts:
        problem = f"{member.name!r} contains '..'"
    else:
        try:
            tarfile.data_filter(member, str(root))
        except tarfile.FilterError as error:
            problem = str(error)
    if problem:
        raise CommandError(
            f"{archive} contains an unsafe member ({problem}); nothing was restored."
        )


def restore_media(path: Path, media_root: Path | None = None, force: bool = False) -> int:
    """Unpack a media backup into MEDIA_ROOT; return the number of files restored.

    Refuses a MEDIA_ROOT that already has content unless `force` is set; with it, files of the
    archive overwrite those of the same name and other files are left alone.
    """
    path = _existing_file(path)
    root = _media_root(media_root)
    if not force and not media_is_empty(root):
        raise CommandError(
            f"MEDIA_ROOT {root} is not empty. Restoring would overwrite files of the same "
            "name; run again with --force if that is really what you want."
        )
    root.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = tar.getmembers()
            # Check every member before writing anything: an archive with an absolute path,
            # a "..", or a link out of MEDIA_ROOT is refused as a whole rather than half
            # unpacked. The "data" filter is the standard library's rule set for this.
            for member in members:
                _check_member(member, root, path)
            tar.extractall(root, members=members, filter="data")  # noqa: S202 (filtered above and here)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise CommandError(f"{path} could not be unpacked: {error}") from error
    return sum(1 for member in members if member.isfile())
