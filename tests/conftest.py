"""Shared fixtures: the real knowledge base, and throw-away copies of it to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge
from bot.knowledge.load import DEFAULT_DIR


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The project's knowledge base, loaded once per test run."""
    return load_knowledge(DEFAULT_DIR)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A private copy of the knowledge folder that a test may edit."""
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target, ignore=shutil.ignore_patterns("README.md"))
    return target
