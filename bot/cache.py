"""A cache directory for what is slow to build and can always be rebuilt: the built engine
(knowledge base and index) and compiled message catalogs.

Entries are keyed by a hash of everything they were built from; a missing, stale, corrupt or
foreign entry is ignored and rebuilt. The engine is stored as a pickle, so it is signed: an
keyed BLAKE2b over its key and bytes with a random secret this cache directory keeps (mode 0600).
A file copied in from elsewhere, or changed by a byte, fails the check and is never unpickled.
Writes are atomic (a temporary file renamed into place), and a cache that cannot be written is
simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)
FORMAT = 2  # bump when what an entry holds changes shape


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


def _secret(*, create: bool) -> bytes | None:
    """This cache directory's signing secret, made on first write; None if there is none."""
    path = cache_dir() / "secret"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        if not create:
            return None
    except OSError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return _secret(create=False)
    except OSError:
        return None
    with os.fdopen(handle, "wb") as out:
        out.write(secrets.token_bytes(32))
    return _secret(create=False)


_SIGNED = 64  # characters of a signature: a 32-byte digest in hexadecimal


def _signature(secret: bytes, key: str, body: bytes | memoryview) -> bytes:
    # Keyed BLAKE2b is a MAC in its own right (RFC 7693), and twice as fast as HMAC-SHA256.
    mac = hashlib.blake2b(key.encode() + b"\0", key=secret, digest_size=32)
    mac.update(body)
    return mac.hexdigest().encode()


def read_signed(name: str, key: str) -> memoryview | None:
    """The bytes stored under `name` with this `key` and this directory's signature, else None.

    A view into the file's bytes, not a copy: the engine's entry is megabytes, read at every
    start.
    """
    secret = _secret(create=False)
    body = _read(name, key)
    if secret is None or body is None:
        return None
    signature, line_end, body = body[:_SIGNED], body[_SIGNED : _SIGNED + 1], body[_SIGNED + 1 :]
    if line_end.tobytes() != b"\n":
        return None
    return body if hmac.compare_digest(signature, _signature(secret, key, body)) else None


def write_signed(name: str, key: str, data: bytes) -> None:
    secret = _secret(create=True)
    if secret is not None:
        write_bytes(name, key, _signature(secret, key, data) + b"\n" + data)


def read_bytes(name: str, key: str) -> bytes | None:
    body = _read(name, key)
    return None if body is None else bytes(body)


def _read(name: str, key: str) -> memoryview | None:
    path = cache_dir() / name
    try:
        stored = memoryview(path.read_bytes())
    except OSError:
        return None
    header = key.encode() + b"\n"
    if stored[: len(header)] != header:
        return None
    return stored[len(header) :]


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
