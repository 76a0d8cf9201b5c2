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
from collections.abc import Callable, Collection, Iterable, Mapping

from bot.engine.chinese import CJK

# Shorter pinyin ("fang", "lvyou" is five) collides with English words and with each other.
MIN_LETTERS = 5
MAX_CHARACTERS = 6
# Up to four typed syllable groups read as one word: "bao zhang fang", "gao tie".
MAX_PARTS = 4
_LETTERS = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def pinyin_table(
    terms: Iterable[str],
    frequency: Callable[[str], int],
    english: Collection[str],
) -> dict[str, str]:
    """Toneless pinyin -> Chinese term, for terms of 2 to 6 characters whose pinyin has at
    least five letters and is not an English word the index knows (`english`, lower-case).
    Where terms share a pinyin, the one most records hold wins (then the first in order)."""
    from pypinyin import lazy_pinyin  # only while building the index

    by_sound: dict[str, list[str]] = defaultdict(list)
    for term in sorted(terms):
        if not 2 <= len(term) <= MAX_CHARACTERS or CJK.sub("", term):
            continue
        sound = "".join(lazy_pinyin(term))
        if len(sound) >= MIN_LETTERS and sound.isascii() and sound.isalpha():
            by_sound[sound].append(term)
    return {
        sound: max(found, key=lambda t: (frequency(t), -found.index(t)))
        for sound, found in by_sound.items()
        if sound not in english
    }


def from_pinyin(text: str, table: Mapping[str, str]) -> str:
    """`text` with every pinyin word of the table written in characters ("shebao" -> 社保,
    "gao tie" -> 高铁); other words, English ones included, are left as typed."""
    if not table:
        return text
    return _LETTERS.sub(lambda m: _read_run(m.group(), table), text)


def _read_run(run: str, table: Mapping[str, str]) -> str:
    parts = run.split(" ")
    out: list[str] = []
    at = 0
    while at < len(parts):
        for size in range(min(MAX_PARTS, len(parts) - at), 0, -1):
            found = table.get("".join(parts[at : at + size]).lower())
            if found is not None:
                out.append(found)
                at += size
                break
        else:
            out.append(parts[at])
            at += 1
    return " ".join(out)
