"""Cutting the report into sentences and clauses, mechanically, so every passage is verbatim.

The report's review paragraphs are single sentences listing ten to twenty things done ("We
deepened ..., initiated ..., carried out ..."), and its tasks list what will be done ("construct
..., upgrade ..., eliminate ..."). A citizen asks about one of those things, so the unit of an
answer is the clause: a comma- or "and"-separated piece that starts with a verb. Pieces that do
not start with one (list items, place names) stay with the clause before them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A sentence ends at . ! ? (or a colon) before a capital or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[“\"‘A-Z])|(?<=:)\s*(?=[“A-Z])")
_ROMAN_LABEL = re.compile(r"^\s*[IVX]+\.$")
# Where a clause may start: after a comma or semicolon, or at " and " (depth 0 only).
_CUT = re.compile(r",\s*|;\s*|\s+and\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_OPEN, _CLOSE = "“(‘", "”)’"

# Words that may stand before a clause's verb: "and", "we will", "also", adverbs in -ly.
_LEADING = frozenset("and we will also further then still even to".split())
# Base forms that open a planned action, and irregular past forms that open a done one;
# regular past forms (-ed) are recognised by their ending.
BASE_VERBS = frozenset(
    """
    accelerate accept achieve adhere advance apply ask attach attract boost build carry
    check cherish close combine compose construct continue control create crack cultivate cut
    dare deepen develop dispose divert drive eliminate emit encourage endeavor enhance enlarge
    enrich ensure establish exercise expand expedite explore expose fight finish fix focus
    follow forge form formulate foster gather give grasp guard help hold implement improve
    increase integrate intensify introduce invest investigate invite keep launch maintain make
    monitor move offer open optimize organize overcome participate perfect plan prepare press
    prevent promote propel protect provide punish push put race raise reach realize reclaim
    rectify reduce regard rehabilitate repair research resolve respond safeguard seize serve
    set settle shift shorten shut speed spare spend spread stabilize start strengthen strive
    support take think tighten transform uphold upgrade use waste win
    """.split()
)
IRREGULAR_PAST = frozenset(
    """
    began became brought built cut drew drove fought found gave got grew held kept laid led
    made met overcame paid put ran rose saw sent set shut sought spent spread stood struck
    swept took tore upheld won
    """.split()
)

Year = str  # "result" (2018 review), "plan" (2019 tasks) or "other"


@dataclass(frozen=True, slots=True)
class Piece:
    """A verbatim span of the report: raw offsets [start, end) and its 1-based line."""

    start: int
    end: int
    line: int


def _opens_clause(piece: str, year: Year) -> bool:
    """Whether a piece starts with a verb of the paragraph's tense (after "and", "we will"...)."""
    for match in _WORD.finditer(piece):
        word = match.group().lower()
        if word in _LEADING or (word.endswith("ly") and len(word) > 4):
            continue
        past = word in IRREGULAR_PAST or (word.endswith("ed") and len(word) > 4)
        base = word in BASE_VERBS
        if year == "result":
            return past
        if year == "plan":
            return base
        return past or base
    return False


def _depths(text: str) -> list[int]:
    """Nesting depth of quotes and brackets at each character (cuts happen at depth 0 only)."""
    depth, found = 0, []
    for char in text:
        if char in _OPEN:
            depth += 1
        found.append(depth)
        if char in _CLOSE and depth > 0:
            depth -= 1
    return found


def sentences(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of each sentence in one line of the report, trimmed."""
    start = len(line) - len(line.lstrip())
    for match in _SENTENCE_END.finditer(line):
        if _ROMAN_LABEL.match(line[start : match.start()]):
            continue  # "I. We will build ...": a heading's label, not a sentence
        end = match.start()
        if line[start:end].strip():
            yield start, len(line[:end].rstrip())
        start = match.end()
    end = len(line.rstrip())
    if line[start:end].strip():
        yield start, end


MIN_CLAUSE_WORDS = 3


def clauses(sentence: str, year: Year) -> list[tuple[int, int]]:
    """(start, end) offsets of the clauses of one sentence; a sentence with none is one clause."""
    depth = _depths(sentence)
    cuts = [
        m
        for m in _CUT.finditer(sentence)
        if depth[m.start()] == 0 and _opens_clause(sentence[m.end() :], year)
    ]
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in cuts:
        spans.append((start, cut.start()))
        start = cut.end()
    spans.append((start, len(sentence)))
    merged: list[tuple[int, int]] = []
    for span in spans:
        words = len(_WORD.findall(sentence[span[0] : span[1]]))
        if merged and words < MIN_CLAUSE_WORDS:
            merged[-1] = (merged[-1][0], span[1])  # too short to stand alone
        else:
            merged.append(span)
    if len(merged) > 1 and len(_WORD.findall(sentence[merged[0][0] : merged[0][1]])) < 3:
        merged[1] = (merged[0][0], merged[1][1])
        del merged[0]
    return [_trim(sentence, s, e) for s, e in merged]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop white space, a leading "and" and trailing separators ("and started the work," is
    the clause "started the work")."""
    while start < end and text[start].isspace():
        start += 1
    if text.startswith("and ", start) and end - start > 4:
        start += 4
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end
