"""The database really goes away under a running server.

A real server process (gunicorn, one worker, so the page cache is the one local-memory cache)
talks to the test database. On PostgreSQL it goes through a TCP proxy in this process; stopping
the proxy closes every socket, so the server's connection dies and new ones are refused. On
SQLite the server gets a copy of the test database in a folder of its own, and the folder is
renamed away. Pages already in the cache must still be served; everything else answers the
503 page, the process lives on, and once the database is back the site works again.
"""

import contextlib
import http.client
import os
import re
import selectors
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from gunicorn.config import KNOWN_SETTINGS

from ..factories import sign_in

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
HOST = "testserver"  # the centre's site (tests/factories.make_centre)
CACHED = ["/", "/aktuelles/", "/aktuelles/nachricht-0/", "/thema-0/", "/en/"]
SERVER_SETTINGS = """\
from pathlib import Path
import os

from mia.settings.test import *  # noqa: F403

# the test process's uploads (the pages' images), and the log level of every line
MEDIA_ROOT = Path(os.environ["MIA_TEST_MEDIA_ROOT"])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"level": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "level"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
"""


class TcpProxy:
    """Forwards a local port to the database; `stop` closes the port and every connection."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = 0
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", self.port))
        self._listener.listen(32)
        self.port = self._listener.getsockname()[1]
        self._wake, self._waker = socket.socketpair()
        self._thread = threading.Thread(target=self._run, name="db-proxy", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        if self._thread.is_alive():
            self._waker.send(b"x")
            self._thread.join(5)
        self._thread = None

    def _run(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self._listener, selectors.EVENT_READ, "accept")
        selector.register(self._wake, selectors.EVENT_READ, "stop")
        peers: dict[socket.socket, socket.socket] = {}
        try:
            while True:
                for key, _events in selector.select():
                    if key.data == "stop":
                        return
                    if key.data == "accept":
                        client, _address = self._listener.accept()
                        try:
                            upstream = socket.create_connection(self.upstream, timeout=5)
                        except OSError:
                            client.close()
                            continue
                        peers[client], peers[upstream] = upstream, client
                        for sock in (client, upstream):
                            sock.settimeout(5)
                            selector.register(sock, selectors.EVENT_READ, "pipe")
                        continue
                    sock = key.fileobj
                    if sock not in peers:
                        continue  # closed a moment ago, with its peer, in this same round
                    try:
                        data = sock.recv(65536)
                        if data:
                            peers[sock].sendall(data)
                    except OSError:
                        data = b""
                    if not data:
                        other = peers.pop(sock)
                        peers.pop(other, None)
                        for closing in (sock, other):
                            selector.unregister(closing)
                            closing.close()
        finally:
            for sock in list(peers):
                sock.close()
            for sock in (self._listener, self._wake, self._waker):
                sock.close()
            selector.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _request(port: int, path: str, method: str = "GET", body: str | None = None, **headers):
    """(status, headers, text) from the server; redirects are answers like any other."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(method, path, body=body, headers={"Host": HOST, **headers})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        conn.close()


class Server:
    def __init__(self, tmp_path: Path, database_url: str, **env):
        (tmp_path / "dbdown_settings.py").write_text(SERVER_SETTINGS)
        self.port = _free_port()
        self.log = tmp_path / "server.log"
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER"}
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="dbdown_settings",
            PYTHONPATH=os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
            DATABASE_URL=database_url,
            MIA_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
            TMPDIR=str(tmp_path),  # the test settings make a media folder there
            PYTHONUNBUFFERED="1",
            **env,
        )
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            "mia.wsgi:application",
            "--workers=1",
            f"--bind=127.0.0.1:{self.port}",
            "--timeout=20",
            "--graceful-timeout=1",
        ]
        if any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS):
            self.command.append("--no-control-socket")  # gunicorn 27 makes one in $HOME
        self.environment = environment
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=settings.BASE_DIR,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.alive(), self.log.read_text()
            try:
                if _request(self.port, "/robots.txt")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError("server did not start:\n" + self.log.read_text())

    def __exit__(self, *exc_info) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def get(self, path: str, **headers):
        return _request(self.port, path, **headers)


def _unavailable_message() -> str:
    with translation.override("de"):
        return translation.gettext("Temporarily unavailable")


def _assert_unavailable(answer, what: str) -> None:
    status, headers, text = answer
    assert status == 503, (what, status, text[:500])
    assert headers["Retry-After"] == "60"
    assert "no-store" in headers["Cache-Control"]
    assert _unavailable_message() in text
    assert "Traceback" not in text and "OperationalError" not in text
    assert "mia/css/mia.css" in text  # the site's design, from whitenoise


def _exercise(server: Server, break_database, restore_database, staff_session: str) -> None:
    """Warm the cache, take the database away, check every kind of request, bring it back."""
    cached = {}
    for path in CACHED:
        assert server.get(path)[0] == 200, path
        status, headers, text = server.get(path)
        assert (status, headers["X-Cache"]) == (200, "hit"), path
        cached[path] = text
    status, headers, form = server.get("/kontakt/")
    assert status == 200
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    staff_cookie = f"sessionid={staff_session}"
    answer = server.get("/verwaltung/", Cookie=staff_cookie)
    assert answer[0] == 200, (answer[0], answer[1].get("Location"), answer[1].get("Set-Cookie"))

    break_database()
    try:
        for path, text in cached.items():
            status, headers, body = server.get(path)
            assert (status, headers["X-Cache"], body) == (200, "hit", text), path
        assert server.get("/static/mia/css/mia.css")[0] == 200

        _assert_unavailable(server.get("/thema-1/"), "a page not in the cache")
        _assert_unavailable(server.get("/search/?q=Thema"), "a search")
        _assert_unavailable(server.get("/gibt-es-nicht/"), "an unknown page (404 handler)")
        _assert_unavailable(server.get("/", Host="localhost"), "a host not in the centre cache")
        post = urlencode({"csrfmiddlewaretoken": csrf_token, "name": "Ada", "body": "Hallo"})
        _assert_unavailable(
            server.get(
                "/kontakt/",
                method="POST",
                body=post,
                Cookie=f"csrftoken={csrf_cookie}",
                **{"Content-Type": "application/x-www-form-urlencoded"},
            ),
            "a contact form sent",
        )
        _assert_unavailable(server.get("/verwaltung/", Cookie=staff_cookie), "the back office")
        # without a session the back office sends visitors to sign in, which needs no query
        status, headers, _text = server.get("/verwaltung/")
        assert status == 302 and "login/?next=/verwaltung/" in headers["Location"]
        assert server.alive()
    finally:
        restore_database()

    deadline = time.monotonic() + 10
    while server.get("/thema-1/")[0] != 200:
        assert time.monotonic() < deadline, "the site did not recover"
        time.sleep(0.2)
    assert server.get("/search/?q=Thema")[0] == 200
    assert server.get("/verwaltung/", Cookie=staff_cookie)[0] == 200
    assert server.alive()

    log = server.log.read_text()
    assert "Traceback" not in log, log
    assert "ERROR django.request" not in log, log
    assert "WARNING mia.core.middleware: Database unavailable, answered 503" in log, log


def _staff_session(client, admin_user) -> str:
    sign_in(client, admin_user)  # with the second factor the back office asks for
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.postgres
@pytest.mark.xdist_group("database_down")
def test_postgres_gone_serves_cached_pages_and_503_for_the_rest(
    transactional_db, site_pages, client, admin_user, tmp_path
):
    database = connection.settings_dict
    proxy = TcpProxy((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)))
    proxy.start()
    user = quote(database["USER"]) + (
        f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    )
    url = f"postgres://{user}@127.0.0.1:{proxy.port}/{database['NAME']}"
    try:
        with Server(tmp_path, url) as server:
            _exercise(server, proxy.stop, proxy.start, _staff_session(client, admin_user))
    finally:
        proxy.stop()


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite only; PostgreSQL has the test above")
@pytest.mark.xdist_group("database_down")
def test_sqlite_file_gone_serves_cached_pages_and_503_for_the_rest(
    transactional_db, site_pages, client, admin_user, tmp_path
):
    """The file's folder is renamed away rather than the file overwritten with garbage: garbage
    reads as a corrupt database ("file is not a database", a DatabaseError that rightly stays
    a 500), not as one that cannot be reached; and chmod does not stop root."""
    session = _staff_session(client, admin_user)
    folder = tmp_path / "database"
    folder.mkdir()
    copy = sqlite3.connect(folder / "db.sqlite3")
    connection.ensure_connection()
    connection.connection.backup(copy)  # the committed test data, from memory to a file
    copy.close()
    away = tmp_path / "database-away"

    def break_database():
        folder.rename(away)  # new connections cannot open the file (and cannot create it)

    def restore_database():
        if away.exists():
            away.rename(folder)

    # a new connection per request, as the open file of a kept one would outlive the rename
    with Server(tmp_path, f"sqlite:///{folder / 'db.sqlite3'}", DB_CONN_MAX_AGE="0") as server:
        _exercise(server, break_database, restore_database, session)
