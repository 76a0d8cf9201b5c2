"""Cue patterns that cost little when they cannot match.

A regular expression with many alternatives is tried at every position of the text, which
costs tens of microseconds on a short question. Most cues need one of a few literal words
("how many", "apply", "为什么"): the words are read off the pattern itself, once, and the
pattern runs only when the text holds one of them (a substring test, in C).
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_OPTIONAL_MIN = 0


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """Of several valid requirements, the one cheapest to test and least often met."""
    if not options:
        return None
    return max(options, key=lambda needs: (min(map(len, needs)), -len(needs)))


def _needed(items: Any) -> frozenset[str] | None:
    """Literal strings, one of which every match of the parsed sequence holds (or None)."""
    options: list[frozenset[str]] = []
    run = ""
    for op, argument in list(items):
        if op is sre.LITERAL:
            run += chr(argument).lower()
            continue
        if len(run) >= 2 or (run and not run.isalpha()):
            options.append(frozenset({run}))
        run = ""
        found: frozenset[str] | None = None
        if op is sre.SUBPATTERN:
            found = _needed(argument[-1])
        elif op is sre.BRANCH:
            branches = [_needed(branch) for branch in argument[1]]
            if all(b is not None for b in branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and argument[0] > _OPTIONAL_MIN:
            found = _needed(argument[2])
        if found:
            options.append(found)
    if len(run) >= 2 or (run and not run.isalpha()):
        options.append(frozenset({run}))
    return _best(options)


class Cue:
    """A compiled pattern with its literal hints; `search` is `re.search`, only cheaper."""

    __slots__ = ("_hinted", "hints", "regex")

    def __init__(self, pattern: str, flags: int = re.IGNORECASE) -> None:
        self.regex = re.compile(pattern, flags)
        self.hints = _needed(sre_parse.parse(pattern, flags))
        # The hints as one pattern of plain strings: one scan finds whether any is there.
        self._hinted = (
            re.compile("|".join(re.escape(h) for h in sorted(self.hints, key=len)))
            if self.hints
            else None
        )

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        """The first match in `text`; `lowered` is the text in lower case, if already made."""
        if self._hinted is not None:
            folded = lowered if lowered is not None else text.lower()
            if self._hinted.search(folded) is None:
                return None
        return self.regex.search(text)

    def sub(self, replacement: str, text: str, count: int = 0) -> str:
        return self.regex.sub(replacement, text, count=count)
