"""A cache directory for what is slow to build and can always be rebuilt: the validated
knowledge base with its index, and compiled message catalogs.

Entries are keyed by a hash of everything they were built from; a missing, stale, corrupt or
foreign entry is ignored and rebuilt. Writes are atomic (a temporary file renamed into place),
and a cache that cannot be written is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
FORMAT = 1  # bump when what an entry holds changes shape


def cache_dir() -> Path:
    """$REPORTBOT_CACHE_DIR, else $XDG_CACHE_HOME/reportbot, else ~/.cache/reportbot."""
    configured = os.environ.get("REPORTBOT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportbot"


def fingerprint(paths: Iterable[Path], *extra: str) -> str:
    """A hash of the files (names and bytes) and of the extra strings."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    for item in extra:
        digest.update(b"\0" + item.encode())
    return digest.hexdigest()


def read_json(name: str, key: str) -> dict[str, Any] | None:
    """The data stored under `name` if it was stored with this `key`, else None."""
    path = cache_dir() / f"{name}.json"
    try:
        with path.open("rb") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or "data" not in data:
        return None
    found = data["data"]
    return found if isinstance(found, dict) else None


def write_json(name: str, key: str, data: dict[str, Any]) -> None:
    _write(f"{name}.json", json.dumps({"key": key, "data": data}, ensure_ascii=False).encode())


def read_bytes(name: str, key: str) -> bytes | None:
    path = cache_dir() / name
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    header, _, body = stored.partition(b"\n")
    return body if header == key.encode() else None


def write_bytes(name: str, key: str, data: bytes) -> None:
    _write(name, key.encode() + b"\n" + data)


def _write(name: str, payload: bytes) -> None:
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(payload)
            os.replace(temporary, directory / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as exc:
        log.debug("cache not written (%s): %s", type(exc).__name__, name)
