"""Loading the engine once: from the cache when nothing it was built from has changed, else by
validating the knowledge base in full and building its index (then caching both).

The cache key covers every knowledge file, the engine's and knowledge layer's source code and
the tuning, so an edit to any of them rebuilds. The entry is a pickle of the built engine,
signed by `bot.cache` so that only what this machine wrote is ever unpickled.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import pickle
from pathlib import Path

from bot import cache
from bot.collector import collector_paused
from bot.engine import patterns
from bot.engine.engine import Engine
from bot.engine.tuning import DEFAULT, Tuning
from bot.knowledge.paths import knowledge_dir

log = logging.getLogger(__name__)
_PACKAGE = Path(__file__).resolve().parent
_CODE = ("knowledge", "engine")


def knowledge_files(root: Path) -> list[Path]:
    """Every file the knowledge base is built from (the data dictionary aside)."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".txt", ".yaml"))


def _code_files() -> list[Path]:
    return sorted(p for part in _CODE for p in (_PACKAGE / part).glob("*.py"))


def engine_key(root: Path, tuning: Tuning) -> str:
    data = cache.fingerprint(knowledge_files(root), "knowledge")
    code = cache.fingerprint(_code_files(), "code")
    return cache.fingerprint([], data, code, repr(sorted(tuning.values().items())))


def _entry_name(root: Path) -> str:
    return "engine-" + hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]


def load_engine(
    directory: Path | None = None, tuning: Tuning = DEFAULT, *, use_cache: bool = True
) -> Engine:
    """The engine for the knowledge base in `directory` (default: the configured one).

    Raises KnowledgeError when the knowledge base has to be built and is not valid.
    """
    root = directory or knowledge_dir()
    key = engine_key(root, tuning)
    name = _entry_name(root)
    if use_cache and (stored := cache.read_signed(name, key)) is not None:
        engine = _unpickle(stored)
        if engine is not None:
            return engine
        log.warning("ignoring a cache entry that does not load; rebuilding")
    from bot.knowledge.load import load_knowledge

    engine = Engine(load_knowledge(root), tuning)
    if use_cache:
        entry = (engine, patterns.known_hints())
        cache.write_signed(name, key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
    _settle()
    return engine


def _unpickle(stored: bytes | memoryview) -> Engine | None:
    # Half a million objects and no garbage among them: collecting while they are made only
    # costs time, and once made they are frozen out of every later collection.
    try:
        with collector_paused():
            engine, hints = pickle.loads(stored)  # noqa: S301 - only what bot.cache verified
    except Exception:  # a signed entry from an older build of the same code: rebuild
        return None
    if not isinstance(engine, Engine) or not isinstance(hints, dict):
        return None
    patterns.remember(hints)
    gc.freeze()  # nothing to collect: every object just made is the engine's
    return engine


def _settle() -> None:
    """Collect what building left behind, then keep the collector away from the engine."""
    gc.collect()
    gc.freeze()
