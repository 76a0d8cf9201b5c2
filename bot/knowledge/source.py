"""The report's text: verbatim look-up of passages, line spans and the numbers it prints."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Runs of white space (no-break spaces included: str patterns match Unicode spaces) are equal.
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\S+")
NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


def squash(text: str) -> str:
    """Collapse every run of white space to one space and trim the ends."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class NumberToken:
    """One number printed in the report, with its offsets in the raw text."""

    text: str
    start: int
    end: int
    line: int


class ReportText:
    """The report as a string, searchable with white space runs treated as equal.

    The squashed text (every white space run one space) is built once, with the raw offset of
    each of its words, so a search inside a range of the report costs only that range.
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.lines = raw.split("\n")
        starts, offset = [], 0
        for line in self.lines:
            starts.append(offset)
            offset += len(line) + 1
        self._line_starts = starts
        tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(raw)]
        self._raw_starts = [start for start, _ in tokens]
        self._squashed = " ".join(text for _, text in tokens)
        squashed_starts, at = [], 0
        for _, text in tokens:
            squashed_starts.append(at)
            at += len(text) + 1
        self._squashed_starts = squashed_starts

    # ------------------------------------------------------------------ offsets
    def _to_raw(self, at: int) -> int:
        """The raw offset of squashed offset `at` (a space maps to the end of its word)."""
        token = bisect.bisect_right(self._squashed_starts, at) - 1
        if token < 0:
            return 0
        return self._raw_starts[token] + (at - self._squashed_starts[token])

    def _to_squashed(self, raw_offset: int) -> int:
        """The squashed offset of the first word starting at or after `raw_offset`."""
        token = bisect.bisect_left(self._raw_starts, raw_offset)
        if token >= len(self._raw_starts):
            return len(self._squashed)
        return self._squashed_starts[token]

    # ------------------------------------------------------------------ search
    def contains(self, passage: str) -> bool:
        """True if `passage` occurs in the report, white space runs aside."""
        needle = squash(passage)
        return bool(needle) and needle in self._squashed

    def spans(self, passage: str, within: tuple[int, int] | None = None) -> list[tuple[int, int]]:
        """Raw (start, end) offsets of every occurrence of `passage`, optionally only inside the
        raw range `within` (searching costs the length of that range, not of the report)."""
        needle = squash(passage)
        if not needle:
            return []
        text = self._squashed
        low, high = 0, len(text)
        if within is not None:
            low = self._to_squashed(within[0])
            high = min(len(text), self._to_squashed(within[1]) + len(needle))
        found = []
        at = text.find(needle, low, high)
        while at >= 0:
            end = at + len(needle)
            start_raw, end_raw = self._to_raw(at), self._to_raw(end - 1) + 1
            if within is None or (within[0] <= start_raw and end_raw <= within[1]):
                found.append((start_raw, end_raw))
            at = text.find(needle, at + 1, high)
        return found

    # ------------------------------------------------------------------ lines
    def line_of(self, offset: int) -> int:
        """1-based line number holding raw offset `offset`."""
        return bisect.bisect_right(self._line_starts, offset)

    def line_start(self, number: int) -> int:
        """Raw offset of the start of 1-based line `number`."""
        return self._line_starts[number - 1]

    def line_range(self, first: int, last: int) -> tuple[int, int]:
        """Raw (start, end) offsets of lines `first` to `last`, 1-based and inclusive."""
        return self._line_starts[first - 1], self._line_starts[last - 1] + len(self.lines[last - 1])

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
