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
        if _literal_enough(run):
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
    if _literal_enough(run):
        options.append(frozenset({run}))
    return _best(options)


def _literal_enough(run: str) -> bool:
    """Worth testing for: two letters or more, or one that is not a Latin letter ("%", "滚")."""
    return len(run) >= 2 or (len(run) == 1 and not (run.isascii() and run.isalpha()))


# Hints read off patterns, by (pattern, flags): filled as cues are first used, or all at once
# by `known_hints` when the engine is built, and handed back by `remember` when it is loaded
# from the cache, so a process that starts from the cache never parses a pattern for its hints.
_KNOWN: dict[tuple[str, int], tuple[str, ...]] = {}
_FEW_HINTS = 6  # tested one by one (`in`); more are compiled into one pattern
_ALL: list[Cue] = []


def known_hints() -> dict[tuple[str, int], tuple[str, ...]]:
    """The hints of every cue defined so far, and of each alternative of the cues `found`
    tests one by one (worked out now where not yet known)."""
    for cue in list(_ALL):
        if cue._branches is None:
            cue._split()
    for cue in _ALL:
        cue.hints  # noqa: B018 - works them out
    return dict(_KNOWN)


def remember(hints: dict[tuple[str, int], tuple[str, ...]]) -> None:
    _KNOWN.update(hints)


def top_level_branches(pattern: str) -> list[str]:
    """The alternatives of a pattern's outermost `|`, as patterns of their own (one, if it has
    none): any of them matching is the pattern matching."""
    branches: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # "[]...]": a literal "]" first
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return branches


_SPLIT_FROM = 4  # a pattern of this many alternatives is tested one alternative at a time


def hints_of(pattern: str, flags: int) -> tuple[str, ...]:
    """Literal strings (lower case), one of which every match of `pattern` holds; () if there
    are none. Worked out once per pattern (and kept with the engine's cache)."""
    key = (pattern, flags)
    found = _KNOWN.get(key)
    if found is None:
        needed = _needed(sre_parse.parse(pattern, flags))
        found = _KNOWN[key] = tuple(sorted(needed or (), key=lambda h: (len(h), h)))
    return found


def _needs_chinese(hints: tuple[str, ...]) -> bool:
    return bool(hints) and all(not h.isascii() for h in hints)


class Cue:
    """A pattern with its literal hints; `search` is `re.search`, only cheaper, and `found`
    whether it matches at all, cheaper still.

    Nothing is compiled until first used: a process answering one question compiles only the
    cues whose hints that question holds.
    """

    __slots__ = ("_branches", "_hinted", "_hints", "_regex", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = re.IGNORECASE) -> None:
        self.pattern, self.flags = pattern, flags
        self._regex: re.Pattern[str] | None = None
        self._hints: tuple[str, ...] | None = None
        self._hinted: re.Pattern[str] | None = None
        self._branches: list[tuple[tuple[str, ...], Cue]] | None = None
        _ALL.append(self)

    def found(self, text: str, lowered: str | None = None) -> bool:
        """Whether the pattern matches anywhere in `text`. A pattern of many alternatives runs
        only the alternatives whose own hints the text holds: "how many ..." never tries the
        alternatives that need "apply" or "为什么"."""
        if self.hints and not self._holds_hint(lowered if lowered is not None else text.lower()):
            return False
        branches = self._branches if self._branches is not None else self._split()
        if not branches:
            return self.regex.search(text) is not None
        folded = lowered if lowered is not None else text.lower()
        for hints, cue in branches:
            if hints:
                for hint in hints:
                    if hint in folded:
                        break
                else:
                    continue
            if cue.regex.search(text) is not None:
                return True
        return False

    def _split(self) -> list[tuple[tuple[str, ...], Cue]]:
        parts = top_level_branches(self.pattern)
        if len(parts) < _SPLIT_FROM:
            self._branches = []
            return self._branches
        # The alternatives that need Chinese text are tested together, as one: an English
        # question skips them all with one look.
        chinese = [b for b in parts if _needs_chinese(hints_of(b, self.flags))]
        kept = [b for b in parts if b not in chinese]
        if chinese:
            kept.append("|".join(chinese))
        self._branches = [(cue.hints, cue) for cue in (Cue(b, self.flags) for b in kept)]
        return self._branches

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.pattern, self.flags)
        return self._regex

    @property
    def hints(self) -> tuple[str, ...]:
        """Literal strings (lower case), one of which every match holds; () if there are none."""
        if self._hints is None:
            self._hints = hints_of(self.pattern, self.flags)
        return self._hints

    def _holds_hint(self, folded: str) -> bool:
        hints = self.hints
        if len(hints) <= _FEW_HINTS:
            return any(h in folded for h in hints)
        if self._hinted is None:
            # Many hints as one pattern of plain strings: one scan finds whether any is there.
            self._hinted = re.compile("|".join(map(re.escape, hints)))
        return self._hinted.search(folded) is not None

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        """The first match in `text`; `lowered` is the text in lower case, if already made."""
        if self.hints and not self._holds_hint(lowered if lowered is not None else text.lower()):
            return None
        return self.regex.search(text)

    def sub(self, replacement: str, text: str, count: int = 0) -> str:
        return self.regex.sub(replacement, text, count=count)
