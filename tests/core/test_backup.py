"""Backup and restore: a backup restored into a new, empty installation has every record and file.

The data must be committed for pg_dump (another process) to see it, hence `transactional_db`.
The "new installation" is a second database (a new SQLite file, or a database created for the
test on the PostgreSQL server) reached through a connection alias added at run time, and an
empty MEDIA_ROOT.
"""

import copy
import io
import os
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from psycopg import sql
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from mia.contact.models import Message
from mia.core.cache import content_generation
from mia.core.models import Centre, Membership
from mia.website.models import NewsPage

from ..factories import MessageFactory, full_site, make_centre, make_image, member

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
# There is no "sqlite" marker; the SQLite-only tests skip themselves on PostgreSQL instead.
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="SQLite only (DATABASE_URL is PostgreSQL)")

RESTORED = "restored"
DOCUMENT_BYTES = b"%PDF-1.4\n% Flyer zur Beratung\n%%EOF\n"


# --- the installation that is backed up ----------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    # its own MEDIA_ROOT, so that only this test's files are in it
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def installation(transactional_db, media_root):
    """Two centres with pages, staff, messages, an image with a rendition and a document."""
    centre = make_centre()
    pages = full_site(centre)
    other = make_centre(slug="bochum", hostname="bochum.test", name="KI Bochum", default=False)
    member(centre, username="redakteurin")
    MessageFactory(centre=centre, name="Ülkü Şahin", subject="Frage zur Einbürgerung")
    MessageFactory(centre=centre, kind=Message.Kind.BARRIER, page_url="/kontakt/")
    MessageFactory(centre=other, name="Олена", body="Привіт", language="uk")
    image = make_image("Plakat")
    image.get_rendition("fill-32x32")
    get_document_model().objects.create(
        title="Flyer", file=ContentFile(DOCUMENT_BYTES, name="flyer.pdf")
    )
    return {"centre": centre, "pages": pages}


def _models():
    """Every model with a table of its own, many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _rows(alias: str) -> dict[str, list[tuple]]:
    return {
        model._meta.label: list(
            model._base_manager.using(alias)
            .order_by("pk")
            .values_list(*[field.attname for field in model._meta.concrete_fields])
        )
        for model in _models()
    }


def _tables(alias: str) -> set[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# --- the new, empty installation -----------------------------------------------------------


def _add_alias(settings_dict: dict) -> None:
    # Django reads DATABASES once; a database added at run time goes straight into the
    # connection handler's settings. Django's test case refuses to open connections to
    # aliases it was not told about when the test started, so this one is opened here, with
    # connect() (which that guard does not cover); the commands then use it like any other.
    connections.settings[RESTORED] = settings_dict
    connections[RESTORED].connect()


def _remove_alias() -> None:
    if RESTORED in connections.settings:
        connections[RESTORED].close()
        del connections[RESTORED]
        del connections.settings[RESTORED]


def _pg_admin_connection() -> psycopg.Connection:
    db = connections["default"].settings_dict
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def empty_database(transactional_db, tmp_path):
    """A new, empty database (never migrated) under the alias "restored"."""
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    if connections["default"].vendor == "postgresql":
        # the test database's name already differs per pytest-xdist worker and per
        # DATABASE_URL; the worker's name makes it unmistakable
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        name = f"{settings_dict['NAME']}_restored_{worker}"[:63]
        with _pg_admin_connection() as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        settings_dict["NAME"] = name
        _add_alias(settings_dict)
        yield RESTORED
        _remove_alias()
        with _pg_admin_connection() as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    else:
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
        _add_alias(settings_dict)
        yield RESTORED
        _remove_alias()


def _restore_into_new_installation(installation, empty_database, settings, tmp_path):
    db_file = tmp_path / "backups" / "db.backup"
    media_file = tmp_path / "backups" / "media.tar.gz"
    db_file.parent.mkdir()
    expected_rows = _rows("default")
    expected_tables = _tables("default")
    expected_files = _files(settings.MEDIA_ROOT)

    out = io.StringIO()
    call_command("backup_db", db_file, stdout=out)
    call_command("backup_media", media_file, stdout=out)
    assert str(db_file) in out.getvalue() and str(media_file) in out.getvalue()
    # backups hold personal data: only their owner may read them
    assert db_file.stat().st_mode & 0o777 == 0o600
    assert media_file.stat().st_mode & 0o777 == 0o600
    assert not list(db_file.parent.glob(".*.part"))

    # the new installation: an empty database and an empty MEDIA_ROOT that does not exist yet
    settings.MEDIA_ROOT = tmp_path / "new-media"
    call_command("restore_db", db_file, database=empty_database, stdout=out)
    call_command("restore_media", media_file, stdout=out)

    # every table, and every record of every model, field by field
    assert _tables(empty_database) == expected_tables
    assert _rows(empty_database) == expected_rows
    # the check above is not vacuous: what this test made is there
    counts = {label: len(rows) for label, rows in expected_rows.items()}
    assert counts["core.Centre"] == 2
    assert counts["contact.Message"] == 3
    assert counts["website.NewsPage"] == 2
    assert counts["wagtaildocs.Document"] == 1
    assert counts["wagtailimages.Rendition"] >= 1
    assert counts["core.Membership"] == 1

    # and a few values, read back through the restored database
    restored = empty_database
    centre = Centre.objects.using(restored).get(slug="dortmund")
    assert centre.name == "Kommunales Integrationszentrum Dortmund"
    assert Site.objects.using(restored).get(pk=centre.site_id).hostname == "testserver"
    assert Centre.objects.using(restored).get(slug="bochum").site.hostname == "bochum.test"
    assert set(
        Message.objects.using(restored).filter(centre=centre).values_list("name", "subject")
    ) == {("Ülkü Şahin", "Frage zur Einbürgerung"), ("Ada", "Frage")}
    assert Message.objects.using(restored).get(language="uk").body == "Привіт"
    news = NewsPage.objects.using(restored).get(slug="nachricht-1")
    assert news.teaser == "Kurzfassung 1"
    assert news.live and news.url_path.endswith("/aktuelles/nachricht-1/")
    assert Page.objects.using(restored).get(pk=installation["pages"]["contact"].pk).title == (
        "Kontakt"
    )
    assert Membership.objects.using(restored).get(centre=centre).user.username == "redakteurin"

    # every file, byte for byte, and every file the restored records point to
    assert _files(settings.MEDIA_ROOT) == expected_files
    image_model, document_model = get_image_model(), get_document_model()
    referenced = [
        *image_model.objects.using(restored).values_list("file", flat=True),
        *image_model.get_rendition_model().objects.using(restored).values_list("file", flat=True),
        *document_model.objects.using(restored).values_list("file", flat=True),
    ]
    assert len(referenced) >= 4
    for name in referenced:
        assert (settings.MEDIA_ROOT / name).read_bytes() == expected_files[name]
    assert DOCUMENT_BYTES in expected_files.values()

    # the restored database goes on where the old one stopped (sequences included)
    new = Message.objects.using(restored).create(
        centre=centre, kind="contact", name="Neu", email="neu@example.org", subject="s", body="b"
    )
    assert new.pk > max(row[0] for row in expected_rows["contact.Message"])

    # restoring again with --force replaces the data instead of adding to it, and pages
    # cached from the replaced data are not served any more
    generation = content_generation()
    call_command("restore_db", db_file, database=restored, force=True, stdout=out)
    assert _rows(restored) == expected_rows
    assert content_generation() > generation


@sqlite_only
def test_sqlite_backup_restores_into_a_new_installation(
    installation, empty_database, settings, tmp_path
):
    _restore_into_new_installation(installation, empty_database, settings, tmp_path)


@pytest.mark.postgres
def test_postgresql_backup_restores_into_a_new_installation(
    installation, empty_database, settings, tmp_path
):
    _restore_into_new_installation(installation, empty_database, settings, tmp_path)


# --- refusals ------------------------------------------------------------------------------


def test_restore_refuses_a_database_that_is_not_empty(transactional_db, tmp_path):
    make_centre()
    backup = tmp_path / "db.backup"
    call_command("backup_db", backup, stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore_db", backup, stdout=io.StringIO())
    assert Centre.objects.count() == 1


@pytest.mark.parametrize("force", [False, True])
def test_restore_refuses_a_file_that_is_no_backup_of_this_engine(db, tmp_path, force):
    wrong = tmp_path / "wrong.backup"
    # a PostgreSQL dump on SQLite, an SQLite file on PostgreSQL: refused even with --force
    wrong.write_bytes(b"SQLite format 3\x00" if ON_POSTGRES else b"PGDMP\x01\x0e")
    with pytest.raises(CommandError, match="is not a"):
        call_command("restore_db", wrong, force=force, stdout=io.StringIO())
    missing = tmp_path / "missing.backup"
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore_db", missing, force=force, stdout=io.StringIO())


def test_other_database_engines_are_refused(db, tmp_path):
    connections.settings["other"] = {
        **copy.deepcopy(connections["default"].settings_dict),
        "ENGINE": "django.db.backends.mysql",
    }
    try:
        with pytest.raises(CommandError, match="SQLite and PostgreSQL only"):
            call_command("backup_db", tmp_path / "x", database="other", stdout=io.StringIO())
        with pytest.raises(CommandError, match="SQLite and PostgreSQL only"):
            call_command("restore_db", __file__, database="other", stdout=io.StringIO())
    finally:
        del connections.settings["other"]
    assert not (tmp_path / "x").exists()


def _tar(path: Path, *members: tuple[tarfile.TarInfo, bytes | None]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def _file(name: str) -> tuple[tarfile.TarInfo, bytes]:
    return tarfile.TarInfo(name), b"content"


def _symlink(name: str, target: str) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    return info, None


@pytest.mark.parametrize(
    "bad",
    [
        _file("../escaped.txt"),
        _file("images/../../escaped.txt"),
        _file("/tmp/mia-absolute-escaped.txt"),  # noqa: S108 (the path the archive claims)
        _symlink("images/link", "/etc/passwd"),
        _symlink("images/link", "../../escaped.txt"),
    ],
)
def test_media_restore_refuses_members_outside_media_root(settings, tmp_path, bad):
    settings.MEDIA_ROOT = tmp_path / "media" / "root"
    # a harmless member first: nothing at all may be unpacked from an unsafe archive
    archive = _tar(tmp_path / "evil.tar.gz", _file("documents/ok.txt"), bad)
    with pytest.raises(CommandError, match="unsafe member"):
        call_command("restore_media", archive, stdout=io.StringIO())
    assert not any(settings.MEDIA_ROOT.rglob("*"))
    assert not (tmp_path / "media" / "escaped.txt").exists()
    assert not (tmp_path / "escaped.txt").exists()
    assert not Path("/tmp/mia-absolute-escaped.txt").exists()  # noqa: S108


def test_media_restore_refuses_a_media_root_that_is_not_empty_without_force(settings, tmp_path):
    source = tmp_path / "source"
    (source / "documents").mkdir(parents=True)
    (source / "documents" / "a.txt").write_bytes(b"from the backup")
    settings.MEDIA_ROOT = source
    archive = tmp_path / "media.tar.gz"
    call_command("backup_media", archive, stdout=io.StringIO())

    target = tmp_path / "target"
    (target / "documents").mkdir(parents=True)
    (target / "documents" / "a.txt").write_bytes(b"newer")
    (target / "documents" / "b.txt").write_bytes(b"not in the backup")
    settings.MEDIA_ROOT = target
    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore_media", archive, stdout=io.StringIO())
    assert (target / "documents" / "a.txt").read_bytes() == b"newer"

    out = io.StringIO()
    call_command("restore_media", archive, force=True, stdout=out)
    assert "1 files" in out.getvalue()
    assert (target / "documents" / "a.txt").read_bytes() == b"from the backup"
    assert (target / "documents" / "b.txt").read_bytes() == b"not in the backup"


def test_media_backup_must_not_be_written_into_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(CommandError, match="outside MEDIA_ROOT"):
        call_command("backup_media", tmp_path / "media.tar.gz", stdout=io.StringIO())
