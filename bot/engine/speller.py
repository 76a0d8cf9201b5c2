"""Reading misspelt words as words the knowledge base knows ("unemplyment", "kindergarden")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.engine.text import stem, words


def max_edits(length: int) -> int:
    """How many typing slips (OSA edits) a word of this length may carry and still be read."""
    return 0 if length < 6 else 1 if length < 9 else 2


class Speller:
    """The known words (surface forms and their stems), indexed for close look-ups."""

    def __init__(self, texts: Iterable[str], known_stems: set[str] | dict[str, float]) -> None:
        self.surface: dict[str, str] = {}
        for text in texts:
            for word in words(text):
                if word.isalpha() and len(word) >= 4 and word not in self.surface:
                    self.surface[word] = stem(word)
        self.surface = {w: t for w, t in self.surface.items() if t in known_stems}
        self.by_length: dict[int, list[str]] = defaultdict(list)
        self.by_letters: dict[str, set[str]] = defaultdict(set)  # anagrams
        self.by_head: dict[str, set[str]] = defaultdict(set)  # all but the last letter
        for word, term in self.surface.items():
            self.by_length[len(word)].append(word)
            self.by_letters["".join(sorted(word))].add(term)
            self.by_head[word[:-1]].add(word)
        self._seen: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The stem of the known word closest to a misspelt `word`, if one is close enough."""
        if word not in self._seen:
            self._seen[word] = self._correct(word)
        return self._seen[word]

    def _correct(self, word: str) -> str | None:
        if len(word) < 4 or not word.isalpha():
            return None
        if len(word) <= 5:
            # Short words: swapped letters, or a slip at the very end ("jobz", "hitec"), and
            # only with a single reading ("tower" is not "lower").
            same = set(self.by_letters.get("".join(sorted(word)), ()))
            if not same:
                ends = self.by_head.get(word[:-1], set()) | self.by_head.get(word, set())
                if word[:-1] in self.surface:
                    ends.add(word[:-1])
                same = {self.surface[w] for w in ends if w != word}
            return same.pop() if len(same) == 1 else None
        edits = max_edits(len(word))
        candidates = [
            w
            for n in range(len(word) - edits, len(word) + edits + 1)
            for w in self.by_length.get(n, [])
        ]
        best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=edits)
        return self.surface[best[0]] if best else None
