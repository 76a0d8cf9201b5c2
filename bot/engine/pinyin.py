"""Pinyin typed for Chinese words ("今年新建多少套baozhangfang", "gaotie新城"): read as the words.

The table maps the toneless pinyin of every Chinese term the knowledge base names to the term
(保障房 -> "baozhangfang"), built with the index. pypinyin gives the readings: its phrase
dictionary knows which sound a character with several has in a word (重点 "zhongdian", 银行
"yinhang"), which a character table cannot. It is imported only while the index is built, so
answering from a cached index never loads it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from bot.engine.chinese import CJK

# Shorter pinyin ("fang", "lvyou" is five) collides with English words and with each other.
MIN_LETTERS = 5
MAX_CHARACTERS = 6
# Up to four typed syllable groups read as one word: "bao zhang fang", "gao tie".
MAX_PARTS = 4
_LETTERS = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


@dataclass(frozen=True)
class Pinyin:
    """Toneless pinyin of the knowledge base's Chinese terms, and the syllables they are made of
    (typed apart, "bao zhang fang", only syllables can join into one word)."""

    words: dict[str, str] = field(default_factory=dict)
    syllables: frozenset[str] = frozenset()


def pinyin_table(
    terms: Iterable[str],
    frequency: Callable[[str], int],
    english: Collection[str],
) -> Pinyin:
    """Toneless pinyin -> Chinese term, for terms of 2 to 6 characters whose pinyin has at
    least five letters and is not an English word the index knows (`english`, lower-case).
    Where terms share a pinyin, the one most records hold wins (then the first in order)."""
    from pypinyin import lazy_pinyin  # only while building the index

    by_sound: dict[str, list[str]] = defaultdict(list)
    syllables: dict[str, set[str]] = defaultdict(set)
    for term in sorted(terms):
        if not 2 <= len(term) <= MAX_CHARACTERS or CJK.sub("", term):
            continue
        parts = lazy_pinyin(term)
        sound = "".join(parts)
        if len(sound) >= MIN_LETTERS and sound.isascii() and sound.isalpha():
            by_sound[sound].append(term)
            syllables[sound].update(parts)
    words = {
        sound: max(found, key=lambda t: (frequency(t), -found.index(t)))
        for sound, found in by_sound.items()
        if sound not in english
    }
    return Pinyin(words, frozenset(p for sound in words for p in syllables[sound]))


def from_pinyin(text: str, pinyin: Pinyin) -> str:
    """`text` with every pinyin word of the table written in characters ("shebao" -> 社保,
    "gao tie" -> 高铁); other words, English ones included, are left as typed."""
    if not pinyin.words:
        return text
    return _LETTERS.sub(lambda m: _read_run(m.group(), pinyin), text)


def _read_run(run: str, pinyin: Pinyin) -> str:
    table, syllables = pinyin.words, pinyin.syllables
    parts = run.lower().split(" ")
    if len(parts) == 1:  # one word: one look-up (most messages)
        return table.get(parts[0], run)
    typed = run.split(" ")
    out: list[str] = []
    at = 0
    while at < len(parts):
        found = table.get(parts[at])
        size = 1
        if parts[at] in syllables:
            # the longest run of syllables from here that spells a word
            end = at + 1
            while end < len(parts) and end - at < MAX_PARTS and parts[end] in syllables:
                end += 1
            for stop in range(end, at + 1, -1):
                joined = table.get("".join(parts[at:stop]))
                if joined is not None:
                    found, size = joined, stop - at
                    break
        out.append(found if found is not None else typed[at])
        at += size
    return " ".join(out)
