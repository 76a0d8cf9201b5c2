"""Where the knowledge base is: the folder shipped with the package, or an override."""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[2] / "knowledge"
PACKAGE_DATA = "reportbot_knowledge"  # how knowledge/ is installed (see pyproject.toml)


def packaged_dir() -> Path:
    """The knowledge base shipped with the package (the project's own knowledge/ folder)."""
    if SOURCE_DIR.is_dir():  # a checkout, or an editable install
        return SOURCE_DIR
    try:
        files = importlib.resources.files(PACKAGE_DATA)
    except ModuleNotFoundError:
        return SOURCE_DIR
    return Path(str(files))


def knowledge_dir() -> Path:
    """The folder to load: $REPORTBOT_KNOWLEDGE_DIR (an override), or the packaged one."""
    configured = os.environ.get("REPORTBOT_KNOWLEDGE_DIR")
    return Path(configured) if configured else packaged_dir()


DEFAULT_DIR = packaged_dir()
