"""The report's text: verbatim look-up of passages, line spans and the numbers it prints."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

# Runs of white space (no-break spaces included: str patterns match Unicode spaces) are equal.
_SPACE = re.compile(r"\s+")
NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


def squash(text: str) -> str:
    """Collapse every run of white space to one space and trim the ends."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class NumberToken:
    """One number printed in the report, with its offsets in the raw text."""

    text: str
    start: int
    end: int
    line: int


@dataclass
class ReportText:
    """The report as a string, searchable with white space runs treated as equal."""

    raw: str
    lines: list[str] = field(init=False)
    _line_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.lines = self.raw.split("\n")
        starts, offset = [], 0
        for line in self.lines:
            starts.append(offset)
            offset += len(line) + 1
        self._line_starts = starts

    @cached_property
    def _squashed(self) -> tuple[str, list[int]]:
        """The text with white space runs collapsed, and each squashed char's raw offset."""
        chars: list[str] = []
        offsets: list[int] = []
        previous_space = True
        for index, char in enumerate(self.raw):
            if char.isspace():
                if not previous_space:
                    chars.append(" ")
                    offsets.append(index)
                previous_space = True
            else:
                chars.append(char)
                offsets.append(index)
                previous_space = False
        offsets.append(len(self.raw))
        return "".join(chars), offsets

    def contains(self, passage: str) -> bool:
        """True if `passage` occurs in the report, white space runs aside."""
        return squash(passage) in self._squashed[0]

    def spans(self, passage: str) -> list[tuple[int, int]]:
        """Raw (start, end) offsets of every occurrence of `passage`."""
        needle = squash(passage)
        text, offsets = self._squashed
        found, at = [], text.find(needle) if needle else -1
        while at >= 0:
            end = at + len(needle)
            found.append((offsets[at], offsets[end - 1] + 1))
            at = text.find(needle, at + 1)
        return found

    def line_of(self, offset: int) -> int:
        """1-based line number holding raw offset `offset`."""
        return bisect.bisect_right(self._line_starts, offset)

    def line(self, number: int) -> str:
        """The text of 1-based line `number`, with white space runs collapsed."""
        return squash(self.lines[number - 1])

    def paragraphs(self, first: int, last: int) -> list[str]:
        """Non-blank lines from `first` to `last` (1-based, inclusive), squashed."""
        return [text for n in range(first, last + 1) if (text := self.line(n))]

    def numbers(self) -> list[NumberToken]:
        """Every number the report prints, in order."""
        return [
            NumberToken(m.group(), m.start(), m.end(), self.line_of(m.start()))
            for m in NUMBER.finditer(self.raw)
        ]
