"""A knowledge base `n` times the size of the real one, for measuring how loading grows.

Copy k of the report follows copy k-1 in report.txt; every section, fact and statement is
repeated with its id suffixed `-x<k>`, its references renamed the same way and its line span
moved down (ids too long for the schema are shortened with a hash). The glossary, gaps and
services are kept once, as a real larger report would.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.paths import DEFAULT_DIR

_RENAMED = ("id", "section", "parent", "compare_with", "other_year")
_LONGEST = 40  # characters in an id


def _renamed(slug: str, k: int) -> str:
    """`slug` of copy k, within the 40 characters an id may have (shortened with a hash)."""
    suffix = f"-x{k}"
    if len(slug) + len(suffix) <= _LONGEST:
        return slug + suffix
    digest = hashlib.sha256(slug.encode()).hexdigest()[:6]
    return f"{slug[: _LONGEST - len(suffix) - 7].rstrip('-')}-{digest}{suffix}"


def _copy(record: dict[str, Any], k: int, offset: int) -> dict[str, Any]:
    copied = dict(record)
    if k == 0:
        return copied
    for name in _RENAMED:
        if copied.get(name):
            copied[name] = _renamed(copied[name], k)
    if "lines" in copied:
        copied["lines"] = [line + offset for line in copied["lines"]]
    copied.pop("role", None)  # each role names one section of the real outline
    return copied


def _records(path: Path) -> list[dict[str, Any]]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


def make(n: int, target: Path, source: Path = DEFAULT_DIR) -> Path:
    """Write the `n`-times knowledge base into `target` (emptied first) and return it."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    report = (source / "report.txt").read_text(encoding="utf-8")
    lines = report.count("\n") + 1  # the report has no newline after its last line
    (target / "report.txt").write_text("\n".join([report] * n), encoding="utf-8")
    for name in ("report.yaml", "glossary.yaml", "gaps.yaml", "services.yaml"):
        shutil.copy(source / name, target / name)
    repeated = [Path("sections.yaml")]
    repeated += [p.relative_to(source) for p in sorted((source / "facts").glob("*.yaml"))]
    repeated += [p.relative_to(source) for p in sorted((source / "statements").glob("*.yaml"))]
    for relative in repeated:
        records = _records(source / relative)
        copies = [_copy(r, k, k * lines) for k in range(n) for r in records]
        out = target / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(copies, allow_unicode=True, sort_keys=False), "utf-8")
    return target
