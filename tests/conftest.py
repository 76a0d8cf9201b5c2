"""Shared fixtures: the real knowledge base and engine, and copies to break on purpose."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

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
