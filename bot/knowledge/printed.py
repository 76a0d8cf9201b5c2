"""Reading the value a printed figure states ("21.08 billion yuan", "seven"), to check records."""

from __future__ import annotations

import re

from bot.knowledge.source import NUMBER

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "hundred": 100,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_WORD = re.compile(r"[a-z]+")


def printed_value(text: str) -> float | None:
    """The value `text` prints, scaled by million/billion; None when it cannot be read."""
    lowered = text.lower()
    match = NUMBER.search(lowered)
    if match and ":" not in match.group():
        value = float(match.group().replace(",", ""))
        rest = lowered[match.end() :]
    else:
        words = _WORD.findall(lowered)
        numbers = [w for w in words if w in NUMBER_WORDS]
        if not numbers or ("third" in words and "one" in words):
            return None
        value = float(NUMBER_WORDS[numbers[0]])
        rest = lowered.split(numbers[0], 1)[1]
    for word in _WORD.findall(rest)[:2]:
        if word in _SCALES:
            value *= _SCALES[word]
            break
    return value
