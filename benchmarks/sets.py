"""Question sets in every format they were written in, read as dialogues of turns.

- Single-turn items (`q`, with `expect` verbatim strings of the report, or `out_of_scope`).
- The first development sets' items (`expect` fact ids or `section` ids, optional `context`
  fact id for a follow-up).
- Dialogues (`turns`, each a single-turn item, optionally with `user` in group chats and
  `smalltalk: true`).
- Small talk and service messages (`kind: smalltalk | service`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEV_DIR = ROOT / "tests" / "dev"
HELDOUT_DIR = ROOT / "benchmarks" / "heldout"
# The first development sets, written against fact ids.
FIRST_DEV_SETS = tuple(
    ROOT / "tests" / name for name in ("questions.yaml", "questions_2.yaml", "questions_3.yaml")
)
FIRST_HELDOUT_SETS = tuple(
    ROOT / "benchmarks" / name for name in ("heldout_questions.yaml", "heldout4_questions.yaml")
)
# Facts split since a set was written: an expectation of the old id accepts the new ones.
SPLIT_FACTS = {"budget-revenue-2018": ("budget-revenue-2018", "total-revenue-2018")}


@dataclass(frozen=True)
class Turn:
    """One message and what a right reply is."""

    q: str
    form: str = "question"
    expect: tuple[str, ...] = ()  # verbatim passages of the report
    ids: tuple[str, ...] = ()  # fact ids (the first sets)
    section: str | None = None  # a section id (the first sets)
    out_of_scope: bool = False
    smalltalk: bool = False
    kind: str | None = None  # "smalltalk" or "service" (small-talk sets)
    user: str = "A"

    @property
    def in_scope(self) -> bool:
        return not (self.out_of_scope or self.smalltalk or self.kind)


@dataclass(frozen=True)
class Dialogue:
    """Turns in one chat; a single-turn item is a dialogue of one turn."""

    id: str
    turns: tuple[Turn, ...]
    chat: str = "private"
    context_fact: str | None = None  # the first sets' follow-ups: the fact asked about before


def _turn(item: dict[str, Any], form: str | None = None) -> Turn:
    expect = item.get("expect") or ()
    strings = tuple(str(e) for e in expect if " " in str(e) or not _is_slug(str(e)))
    ids: tuple[str, ...] = tuple(
        i for e in expect if _is_slug(str(e)) for i in SPLIT_FACTS.get(str(e), (str(e),))
    )
    kind = item.get("kind")
    return Turn(
        q=str(item["q"]),
        form=str(item.get("form") or form or kind or "question"),
        expect=strings,
        ids=ids,
        section=item.get("section"),
        out_of_scope=bool(item.get("out_of_scope")),
        smalltalk=bool(item.get("smalltalk")),
        kind=str(kind) if kind else None,
        user=str(item.get("user", "A")),
    )


def _is_slug(text: str) -> bool:
    return bool(text) and all(c.islower() or c.isdigit() or c == "-" for c in text)


def load(path: Path) -> list[Dialogue]:
    """Every dialogue of a set file, in order."""
    items: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    dialogues = []
    for number, item in enumerate(items, start=1):
        if "turns" in item:
            dialogues.append(
                Dialogue(
                    str(item.get("id", number)),
                    tuple(_turn(t, "follow-up") for t in item["turns"]),
                    str(item.get("chat", "private")),
                )
            )
        else:
            dialogues.append(
                Dialogue(str(number), (_turn(item),), context_fact=item.get("context"))
            )
    return dialogues


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dev_sets() -> list[Path]:
    return [*FIRST_DEV_SETS, *sorted(DEV_DIR.glob("*.yaml"))]


def heldout_sets() -> list[Path]:
    return [*FIRST_HELDOUT_SETS, *sorted(HELDOUT_DIR.glob("*.yaml"))]
