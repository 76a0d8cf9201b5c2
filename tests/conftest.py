"""Shared fixtures: the real knowledge base and engine, and copies to break on purpose."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_bot_api import FakeBotApi, serve_http

from bot.engine import Engine
from bot.knowledge import KnowledgeBase
from bot.knowledge.load import load_knowledge
from bot.knowledge.paths import DEFAULT_DIR


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests use a cache directory of their own, never the user's."""
    patcher = pytest.MonkeyPatch()
    patcher.setenv("REPORTBOT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    patcher.undo()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The project's knowledge base, validated in full, loaded once per test run."""
    return load_knowledge(DEFAULT_DIR)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A private copy of the knowledge folder that a test may edit."""
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Redis server on a free port, for this test run only.

    Skipped where redis-server is not installed, except in CI (CI=true), where `.ci/run`
    installs it and its absence is a failure.
    """
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not installed; python3 dev.py test installs it")
        pytest.skip("redis-server is not installed (python3 dev.py test installs it)")
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
def server(api: FakeBotApi) -> Iterator[str]:
    with serve_http(api) as url:
        yield url
