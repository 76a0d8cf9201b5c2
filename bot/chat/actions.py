"""What buttons do, as short strings (Telegram's callback data holds at most 64 bytes)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ACTION = re.compile(r"^(?P<kind>[a-z]):(?P<key>[a-z0-9-]{0,40})(?::(?P<page>\d{1,3}))?$")


@dataclass(frozen=True)
class Action:
    """A decoded button: what to show (`kind`), of what (`key`), and which page."""

    kind: str
    key: str
    page: int = 0


def passage(passage_id: str) -> str:
    """A fact or a statement, as a full answer."""
    return f"f:{passage_id}"


def section(section_id: str, page: int = 0) -> str:
    return f"s:{section_id}:{page}"


def turn(section_id: str, page: int) -> str:
    """Another page of the section already on screen (replaces that message)."""
    return f"n:{section_id}:{page}"


def paragraph(section_id: str) -> str:
    return f"p:{section_id}"


def listing(kind: str, page: int) -> str:
    """A page of a long list: "t" targets, "r" results, "c" comparisons, "o" outline."""
    return f"{kind}::{page}"


def example(number: int) -> str:
    return f"q::{number}"


def language(code: str) -> str:
    """Choose the interface language ("en", "zh")."""
    return f"l:{code}"


def feedback(passage_id: str, helpful: bool) -> str:
    """A 👍 (1) or 👎 (0) on the answer showing `passage_id`."""
    return f"v:{passage_id}:{int(helpful)}"


def parse(data: str) -> Action | None:
    """The action a button's data asks for, or None if it is not one of ours."""
    match = _ACTION.match(data or "")
    if match is None:
        return None
    return Action(match["kind"], match["key"], int(match["page"] or 0))
