"""Import files between their preview and the confirmation (counselling offices,
naturalisation figures, ceremony invitees: any import with a preview).

The editor uploads once; the preview and the confirmation both read the file kept here.
Each upload is one file in `MIA_IMPORT_DIR` (private, never served), named by a random
token; beside it, who uploaded it, for which centre and in which format. Only that user can
read it back, for an hour at most; it is deleted when confirmed or cancelled, and stale ones
go at the next upload. The client only ever sends the token: a path is never taken from it.
"""

import contextlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


@dataclass(frozen=True)
class PendingImport:
    token: str
    user_id: int
    centre_id: int
    format: str
    filename: str
    created: float
    content: bytes
    # what the file is for beyond the centre, e.g. "ceremony:12" (checked by the views)
    scope: str = ""


def _folder() -> Path:
    folder = Path(settings.MIA_IMPORT_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _paths(token: str) -> tuple[Path, Path]:
    folder = _folder()
    return folder / f"{token}.upload", folder / f"{token}.json"


def _claimed(token: str) -> Path:
    return _folder() / f"{token}.claimed"


def _write(path: Path, data: bytes) -> None:
    """Written under a temporary name first, so that a reader never sees half a file."""
    temporary = path.with_suffix(path.suffix + ".part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


def keep(
    content: bytes, *, user_id: int, centre_id: int, format: str, filename: str, scope: str = ""
) -> str:
    """Store an upload; returns its token."""
    purge_stale()
    token = secrets.token_urlsafe(32)
    upload, meta = _paths(token)
    _write(upload, content)
    _write(
        meta,
        json.dumps(
            {
                "user": user_id,
                "centre": centre_id,
                "format": format,
                "filename": filename[:200],
                "created": time.time(),
                "scope": scope,
            }
        ).encode(),
    )
    return token


def fetch(token: str, user_id: int) -> PendingImport | None:
    """The upload behind the token, if it is the user's and not older than an hour."""
    if not TOKEN.match(token or ""):
        return None
    upload, meta = _paths(token)
    try:
        info = json.loads(meta.read_bytes())
        if info["user"] != user_id:
            return None
        if time.time() - info["created"] > MAX_AGE_SECONDS:
            discard(token)
            return None
        content = upload.read_bytes()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return PendingImport(
        token=token,
        user_id=info["user"],
        centre_id=info["centre"],
        format=info["format"],
        filename=info["filename"],
        created=info["created"],
        content=content,
        scope=info.get("scope", ""),
    )


def claim(token: str, user_id: int) -> PendingImport | None:
    """The upload, taken for one confirmation: a second confirmation sent at the same time
    (a double click, two tabs) finds none, so a file is never imported twice."""
    pending = fetch(token, user_id)
    if pending is None:
        return None
    try:
        os.rename(_paths(token)[0], _claimed(token))  # atomic: only one request wins
    except OSError:
        return None
    return pending


def release(token: str) -> None:
    """A confirmation that saved nothing gives the upload back (its preview may be shown
    and confirmed again once what it refers to is put right)."""
    if TOKEN.match(token or ""):
        with contextlib.suppress(OSError):
            os.rename(_claimed(token), _paths(token)[0])


def discard(token: str) -> None:
    if not TOKEN.match(token or ""):
        return
    for path in (*_paths(token), _claimed(token)):
        path.unlink(missing_ok=True)


def purge_stale(now: float | None = None) -> int:
    """Delete the uploads nobody confirmed or cancelled within the hour."""
    now = now or time.time()
    removed = 0
    for path in _folder().iterdir():
        try:
            if now - path.stat().st_mtime > MAX_AGE_SECONDS:
                path.unlink(missing_ok=True)
                removed += 1
        except OSError:
            continue
    return removed
