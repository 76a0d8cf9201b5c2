"""Loading the knowledge folder: every file read, every record validated, or a list of problems."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.checks import Problem, check_facts, check_gaps, check_meta, check_sections
from bot.knowledge.schema import Fact, Gap, ReportMeta, Section
from bot.knowledge.source import ReportText
from bot.knowledge.yamlfile import YamlError, read_yaml

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "knowledge"
REPORT_FILE = "report.txt"
META_FILE = "report.yaml"
SECTIONS_FILE = "sections.yaml"
GAPS_FILE = "gaps.yaml"
FACTS_DIR = "facts"

Model = TypeVar("Model", bound=BaseModel)


class KnowledgeError(Exception):
    """The knowledge base has problems; each line names the file, the entry and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def knowledge_dir() -> Path:
    """The folder to load: $REPORTBOT_KNOWLEDGE_DIR, or the project's own knowledge/."""
    configured = os.environ.get("REPORTBOT_KNOWLEDGE_DIR")
    return Path(configured) if configured else DEFAULT_DIR


_UNION_TAGS = {"int", "float", "str", "bool", "list", "dict", "none", "date", "datetime"}


def _location(loc: tuple[Any, ...]) -> str:
    """ "figures[0].value" from pydantic's loc, leaving out union member tags ("int", "float")."""
    parts = []
    for part in loc:
        if isinstance(part, str) and (part in _UNION_TAGS or "[" in part):
            break
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(parts).lstrip(".")


def _describe(errors: list[dict[str, Any]]) -> list[str]:
    """One line per wrong location: "figures[0].value: Input should be a valid number"."""
    by_location: dict[str, list[str]] = {}
    for error in errors:
        message = str(error["msg"])
        if error["type"] == "extra_forbidden":
            message = "unknown field"
        elif error["type"] == "missing":
            message = "missing field"
        messages = by_location.setdefault(_location(tuple(error["loc"])), [])
        if message not in messages:
            messages.append(message)
    return [
        f"{location}: {' or '.join(messages)}" if location else " or ".join(messages)
        for location, messages in by_location.items()
    ]


def _entry_name(kind: str, raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"{kind} {raw['id']!r}"
    return f"{kind} #{index + 1}"


def _validate(model: type[Model], raw: Any, label: str, entry: str, problems: list[str]) -> Model:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = [dict(e) for e in exc.errors()]
        problems.extend(f"{label}: {entry}: {line}" for line in _describe(errors))
        raise


def _validate_list(
    model: type[Model], kind: str, path: Path, root: Path, problems: list[str]
) -> list[Model]:
    label = path.relative_to(root.parent).as_posix()
    try:
        raw = read_yaml(path, label)
    except YamlError as exc:
        problems.append(str(exc))
        return []
    if not isinstance(raw, list):
        problems.append(f"{label}: must be a YAML list of {kind} entries")
        return []
    records = []
    for index, item in enumerate(raw):
        try:
            records.append(_validate(model, item, label, _entry_name(kind, item, index), problems))
        except ValidationError:
            continue
    return records


def _attach(label: str, found: Iterable[Problem], problems: list[str]) -> None:
    problems.extend(f"{label}: {entry}: {message}" for entry, message in found)


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load and validate everything under `directory`; raise KnowledgeError listing all problems."""
    root = directory or knowledge_dir()
    name = root.name
    problems: list[str] = []
    try:
        report = ReportText((root / REPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError([f"{name}/{REPORT_FILE}: cannot be read ({exc})"]) from None

    meta: ReportMeta | None = None
    try:
        raw_meta = read_yaml(root / META_FILE, f"{name}/{META_FILE}")
        meta = _validate(ReportMeta, raw_meta, f"{name}/{META_FILE}", "report", problems)
    except YamlError as exc:
        problems.append(str(exc))
    except ValidationError:
        pass

    sections = _validate_list(Section, "section", root / SECTIONS_FILE, root, problems)
    gaps = _validate_list(Gap, "gap", root / GAPS_FILE, root, problems)
    fact_files = sorted((root / FACTS_DIR).glob("*.yaml"))
    if not fact_files:
        problems.append(f"{name}/{FACTS_DIR}/: no fact files (*.yaml)")
    facts_by_file = {
        path: _validate_list(Fact, "fact", path, root, problems) for path in fact_files
    }
    facts = [fact for file_facts in facts_by_file.values() for fact in file_facts]

    if meta is not None:
        _attach(f"{name}/{META_FILE}", check_meta(meta, report), problems)
    _attach(f"{name}/{SECTIONS_FILE}", check_sections(sections, report), problems)
    _attach(f"{name}/{GAPS_FILE}", check_gaps(gaps, facts), problems)
    files_of: dict[str, list[str]] = {}
    for path, items in facts_by_file.items():
        for fact in items:
            files_of.setdefault(fact.id, []).append(path.relative_to(root.parent).as_posix())
    for fact_id, message in check_facts(facts, sections, report):
        for label in dict.fromkeys(files_of[fact_id]):
            problems.append(f"{label}: fact {fact_id!r}: {message}")

    if problems or meta is None:
        raise KnowledgeError(problems)
    return KnowledgeBase(report=report, meta=meta, sections=sections, facts=facts, gaps=gaps)
