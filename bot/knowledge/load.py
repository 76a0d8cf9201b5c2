"""Loading the knowledge folder: every file read, every record validated, or a list of problems."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.collector import collector_paused
from bot.knowledge import convert
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.checks import (
    Problem,
    check_facts,
    check_gaps,
    check_meta,
    check_periods,
    check_sections,
    quote_spans,
)
from bot.knowledge.curation import (
    check_glossary,
    check_other_years,
    check_services,
    check_statements,
    statement_spans,
)
from bot.knowledge.errors import KnowledgeError
from bot.knowledge.paths import knowledge_dir
from bot.knowledge.schema import (
    Fact,
    Gap,
    GlossaryTerm,
    ReportMeta,
    Section,
    ServiceEntry,
    StatementEntry,
)
from bot.knowledge.source import ReportText
from bot.knowledge.yamlfile import YamlError, read_yaml

REPORT_FILE = "report.txt"
META_FILE = "report.yaml"
SECTIONS_FILE = "sections.yaml"
GAPS_FILE = "gaps.yaml"
STATEMENTS_DIR = "statements"
GLOSSARY_FILE = "glossary.yaml"
SERVICES_FILE = "services.yaml"
FACTS_DIR = "facts"

Model = TypeVar("Model", bound=BaseModel)


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
        message = str(error["msg"]).removeprefix("Value error, ")
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


def _read_list(
    model: type[Model], kind: str, path: Path, root: Path, problems: list[str], *, optional: bool
) -> list[Model]:
    if optional and not path.exists():
        return []
    return _validate_list(model, kind, path, root, problems)


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load and validate everything under `directory`; raise KnowledgeError listing all problems."""
    with collector_paused():
        return _load_knowledge(directory)


def _load_knowledge(directory: Path | None) -> KnowledgeBase:
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
    statement_files = {
        path.relative_to(root.parent).as_posix(): _validate_list(
            StatementEntry, "statement", path, root, problems
        )
        for path in sorted((root / STATEMENTS_DIR).glob("*.yaml"))
    }
    entries = [entry for items in statement_files.values() for entry in items]
    glossary = _read_list(GlossaryTerm, "term", root / GLOSSARY_FILE, root, problems, optional=True)
    services = _read_list(
        ServiceEntry, "service", root / SERVICES_FILE, root, problems, optional=True
    )
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
    _attach(f"{name}/{SECTIONS_FILE}", check_periods(sections), problems)
    _attach(f"{name}/{GAPS_FILE}", check_gaps(gaps, facts), problems)
    spans = quote_spans(facts, sections, report)
    files_of: dict[str, list[str]] = {}
    for path, items in facts_by_file.items():
        for fact in items:
            files_of.setdefault(fact.id, []).append(path.relative_to(root.parent).as_posix())
    for fact_id, message in check_facts(facts, sections, report, spans):
        for label in dict.fromkeys(files_of[fact_id]):
            problems.append(f"{label}: fact {fact_id!r}: {message}")
    for fact_id, message in check_other_years(facts, entries, sections):
        for label in dict.fromkeys(files_of[fact_id]):
            problems.append(f"{label}: fact {fact_id!r}: {message}")
    statement_at = statement_spans(entries, sections, report)
    file_of = {
        f"statement {e.id!r}": label for label, items in statement_files.items() for e in items
    }
    for entry, message in check_statements(entries, sections, facts, report, statement_at):
        problems.append(f"{file_of.get(entry, name + '/' + STATEMENTS_DIR)}: {entry}: {message}")
    _attach(
        f"{name}/{GLOSSARY_FILE}",
        check_glossary(glossary, report, facts, sections, entries),
        problems,
    )
    _attach(f"{name}/{SERVICES_FILE}", check_services(services, gaps), problems)

    if problems or meta is None:
        raise KnowledgeError(problems)
    return convert.knowledge_base(
        report, meta, sections, facts, spans, gaps, entries, statement_at, glossary, services
    )
