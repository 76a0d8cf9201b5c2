"""Reading misspelt words as words the knowledge base knows ("unemplyment", "GPD", "targt").

Corrections are found against the knowledge base's own vocabulary (every word of the report,
its keywords and topics), so a slip can only turn into a word the bot can answer about. Names
(capitalised words the vocabulary does not hold) are never "corrected".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

# Words typed fast on a phone, read as the words they stand for. General English, not the
# report's: "hw mny new jobs 4 this yr".
TEXT_SPEAK = {
    "wat": "what", "wats": "what's", "wht": "what", "whts": "what's", "wot": "what",
    "hw": "how", "hws": "how's", "mny": "many", "mch": "much", "yr": "year", "yrs": "years",
    "u": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please", "thx": "thanks",
    "abt": "about", "govt": "government", "gov": "government", "ppl": "people",
    "b4": "before", "bcoz": "because", "cuz": "because", "bc": "because", "lst": "last",
    "ths": "this", "nxt": "next", "tgt": "target", "tgts": "targets", "w/": "with",
    "im": "i'm", "dont": "don't", "whats": "what's", "hows": "how's", "thru": "through",
    "tho": "though", "smth": "something", "sth": "something", "bn": "billion",
    "mln": "million", "mil": "million", "ok": "ok", "k": "ok", "ya": "yes", "yep": "yes",
    "nope": "no", "wanna": "want to", "gonna": "going to", "gimme": "give me",
    "lemme": "let me", "shd": "should", "cld": "could", "wld": "would", "num": "number",
    "nums": "numbers", "no.": "number", "jan": "january", "feb": "february",
    "biz": "business", "std": "standard", "stds": "standards", "edu": "education",
    "info": "information", "ppls": "people's", "env": "environment", "uni": "university",
    "unis": "universities",
}  # fmt: skip
# "min" is "minimum" before a word ("min living std"), "minutes" after a number ("30 min").
MIN_WORD = "min"
# "4"/"2" stand for "for"/"to" only before these words ("jobs target 4 this yr")...
DIGIT_WORDS = {"4": "for", "2": "to"}
# ... or after these ("$ 4 small biz", "the plan 4 rail transit", "any money 2 villages").
DIGIT_WORD_AFTER = frozenset(
    "money cash funds funding budget spending plan plans target targets goal goals support "
    "help anything something news policy policies".split()
)
DIGIT_WORD_BEFORE = frozenset(
    "this the that last next my our me u you us them it 2018 2019 each every".split()
)


def max_edits(length: int) -> int:
    """How many typing slips (OSA edits) a word of this length may carry and still be read."""
    return 0 if length < 5 else 1 if length < 8 else 2


class Speller:
    """The known words (surface forms and their terms), indexed for close look-ups."""

    def __init__(self, vocabulary: Iterable[tuple[str, str]]) -> None:
        """`vocabulary`: (surface word, the index term it stands for)."""
        self.surface: dict[str, str] = {}
        for word, term in vocabulary:
            self.surface.setdefault(word, term)
        self.by_length: dict[int, list[str]] = defaultdict(list)
        self.by_letters: dict[str, set[str]] = defaultdict(set)  # anagrams: swapped letters
        self.by_head: dict[str, set[str]] = defaultdict(set)  # all but the last letter
        for word, term in self.surface.items():
            self.by_length[len(word)].append(word)
            self.by_letters["".join(sorted(word))].add(term)
            self.by_head[word[:-1]].add(word)
        self._seen: dict[str, str | None] = {}
        self._ties: dict[str, tuple[str, ...]] = {}

    def correct(self, word: str) -> str | None:
        """The term of the known word closest to a misspelt `word`, if one is close enough."""
        if word not in self._seen:
            if len(self._seen) > 50_000:  # typed words are unbounded; memory is not
                self._seen.clear()
                self._ties.clear()
            self._seen[word] = self._correct(word)
        return self._seen[word]

    def ties(self, word: str) -> tuple[str, ...]:
        """The terms of the equally close known words when `correct(word)` found several
        ("seets": seats, seeds), for the question's other words to choose between."""
        self.correct(word)
        return self._ties.get(word, ())

    def _unique(self, terms: set[str]) -> str | None:
        return next(iter(terms)) if len(terms) == 1 else None

    def _correct(self, word: str) -> str | None:
        if len(word) < 3 or not word.isalpha():
            return None
        if len(word) == 3:
            # Swapped letters in an acronym ("GPD") with a single reading.
            return self._unique(self.by_letters.get("".join(sorted(word)), set()))
        if len(word) <= 4:
            # Short words: only a slip at the very end ("jobz", "hitec").
            ends = self.by_head.get(word[:-1], set()) | self.by_head.get(word, set())
            if word[:-1] in self.surface:
                ends.add(word[:-1])
            return self._unique({self.surface[w] for w in ends if w != word})
        edits = max_edits(len(word))
        found = self._closest(word, edits, same_start=len(word) < 9)
        if found is None:
            # One slip more, for a word typed fast, if only one word that close starts alike.
            return self._closest(word, edits + 1, same_start=True, strict=True)
        return found

    def _closest(
        self, word: str, edits: int, *, same_start: bool, strict: bool = False
    ) -> str | None:
        candidates = [
            w
            for n in range(len(word) - edits, len(word) + edits + 1)
            for w in self.by_length.get(n, [])
            if w[0] == word[0] or not same_start  # the first letter is seldom the slip
        ]
        # Imported on the first unknown word: a question without one never pays for the import.
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        best = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=edits, limit=5)
        if not best:
            return None
        distance = best[0][1]
        if strict and sum(1 for _, d, _ in best if d == distance) > 1:
            return None
        tied = [w for w, d, _ in best if d == distance]
        # Among equally close words, one of the same length and ending is the likelier slip.
        alike = [w for w in tied if abs(len(w) - len(word)) <= 1 and w[-1] == word[-1]]
        terms = {self.surface[w] for w in (alike or tied)}
        if len(terms) > 1 and not strict:
            self._ties[word] = tuple(sorted(terms))
        return self._unique(terms)
