"""Cleaning and splitting text: Unicode normalisation, English stems, Chinese runs, numbers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from bot.engine.chinese import CJK as _CJK_CHAR
from bot.engine.chinese import CJK_RUN as _CJK_RUN
from bot.engine.lexicon import GREETINGS, NO_STEM, STOPWORDS, SYNONYMS

MAX_QUERY_CHARS = 500
_stemmer = Stemmer.Stemmer("english")

_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{3,32}\b")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")  # zero-width: no word break
# Words: letters/digits, keeping inner & and hyphens ("r&d", "hi-tech") and decimal points.
_WORD = re.compile(r"[a-z0-9]+(?:[&'’.\-][a-z0-9]+)*|%")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
_GREETING = re.compile(
    r"^(?:(?:" + "|".join(re.escape(g) for g in GREETINGS) + r")(?:[\s,.!:;，。！：]+|$))+",
    re.IGNORECASE,
)
_ZH_GREETING = re.compile(r"^(?:你好|您好|请问|嗨)[\s,，!！]*")
# Thanks before the next question ("thanks! and in 2019?"); "thank" elsewhere is a word of the
# question ("who does the mayor thank?").
_THANKS = re.compile(
    r"^(?:(?:ok(?:ay)?|great|cool|nice)[\s,]+)?(?:thanks|thank you|thank u|thx|ty|cheers)"
    r"(?: (?:so |very )?much| a lot)?[\s,.!:;，。！]+(?=\S)",
    re.IGNORECASE,
)
# Words before a question that only announce it: "quick question:", "just wondering,".
_LEAD_IN = re.compile(
    r"^(?:(?:ok(?:ay)?|so|um+|hey|right)[\s,]+)?"
    r"(?:(?:a |one |another |quick |simple |short |small |silly |dumb )*(?:question|q|one)\b"
    r"|i (?:have|got) a (?:quick |small )?question\b|just (?:wondering|curious|asking)\b"
    r"|(?:can|could) (?:you|u) tell me\b|do you know\b|i(?:'d| would) like to know\b"
    r"|i (?:want|wanted) to (?:know|ask)\b|i was wondering\b)"
    r"(?:\s*(?:for you|about this))?[\s,.:;!?\-—–]*"
    r"|^(?:快问一下|问一下|问下|想问下|想问一下|请教一下|打听一下|我想知道|请问一下|我想问|"
    r"我?有(?:个|一个)问题(?:想问|要问)?|问(?:你)?(?:个|一个)问题)[\s,，:：。!！]*",
    re.IGNORECASE,
)


def normalize(text: str) -> str:
    """NFKC (full-width to ASCII, no-break spaces to spaces), control characters removed."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def clean_query(text: str) -> str:
    """The question without bot mentions, greetings, stray markup or excess length."""
    text = normalize(text[: MAX_QUERY_CHARS * 4])
    text = _MENTION.sub(" ", text)
    text = re.sub(r"</?[a-zA-Z][^>]{0,40}>", " ", text)  # pasted HTML tags
    text = re.sub(r"^/[a-z_]+(?:@\w+)?\s*", "", text)  # a leading command word
    text = re.sub(r"\s+", " ", text).strip(" ,.:;!?-—–")
    previous = None
    while previous != text:
        previous = text
        text = _GREETING.sub("", text).strip()
        text = _ZH_GREETING.sub("", text).strip()
        text = _THANKS.sub("", text).strip()
        text = _LEAD_IN.sub("", text).strip()
    return text[:MAX_QUERY_CHARS]


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


def cjk_runs(text: str) -> list[str]:
    """Maximal runs of Chinese characters."""
    return _CJK_RUN.findall(text)


def substrings(
    run: str, vocabulary: set[str] | frozenset[str], longest: int
) -> list[tuple[int, str]]:
    """(start, word) for every word of `vocabulary` inside `run`, longest words first."""
    found = []
    for length in range(min(longest, len(run)), 1, -1):
        for start in range(len(run) - length + 1):
            if (piece := run[start : start + length]) in vocabulary:
                found.append((start, piece))
    return found


def _build_synonyms() -> tuple[dict[str, str], dict[str, list[tuple[tuple[str, ...], str]]]]:
    """Single words and multi-word phrases (indexed by their first word), to their group's head."""
    single: dict[str, str] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for group in SYNONYMS:
        head = group[0]
        for entry in group:
            if " " in entry:
                tokens = tuple(_WORD.findall(entry))
                phrases.setdefault(tokens[0], []).append((tokens, head))
            else:
                single[entry] = head
    for options in phrases.values():
        options.sort(key=lambda option: -len(option[0]))
    return single, phrases


SYNONYM_WORDS, _SYNONYM_PHRASES = _build_synonyms()


def _join_phrases(tokens: list[str]) -> list[str]:
    """Multi-word synonyms ("high tech", "tore down") replaced by their group's head word."""
    joined: list[str] = []
    position = 0
    while position < len(tokens):
        for phrase, head in _SYNONYM_PHRASES.get(tokens[position], ()):
            if tuple(tokens[position : position + len(phrase)]) == phrase:
                joined.append(head)
                position += len(phrase)
                break
        else:
            joined.append(tokens[position])
            position += 1
    return joined


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The canonical form of one lower-case word: synonym head, then its stem."""
    word = word.replace("’", "'").removesuffix("'s")
    word = SYNONYM_WORDS.get(word, word)
    if _NUMBER.match(word):
        return word.replace(",", "")
    if "-" in word or "&" in word or "." in word:
        word = re.sub(r"[-&.']", "", word)
        word = SYNONYM_WORDS.get(word, word)
    if len(word) <= 3 or word in NO_STEM:
        return word
    return str(_stemmer.stemWord(word))


def words(text: str) -> list[str]:
    """Lower-case word tokens of the English (non-Chinese) part of `text`, synonyms rewritten."""
    return list(_words(text))


@lru_cache(maxsize=16384)
def _words(text: str) -> tuple[str, ...]:
    lowered = _CJK_RUN.sub(" ", text.lower().replace("’", "'").replace(" & ", "&"))
    return tuple(_join_phrases([w.removesuffix("'s") for w in _WORD.findall(lowered)]))


def content_stems(text: str, *, parts: bool = False) -> list[str]:
    """Stems of the words in `text` that carry a topic (stop words removed), in order; with
    `parts`, a hyphenated word also gives its parts ("anti-corruption": also "corruption")."""
    found = []
    for word in words(text):
        if (word in STOPWORDS or len(word) <= 1) and not word.isdigit():
            continue
        if word.endswith("s") and word[:-1] in STOPWORDS:
            continue  # "numbers": a stop word in the plural
        found.append(stem(word))
        if parts and "-" in word:
            found.extend(stem(p) for p in hyphen_parts(word))
    return found


def hyphen_parts(word: str) -> list[str]:
    """The topic-bearing parts of a hyphenated word."""
    return [p for p in word.split("-") if len(p) > 2 and p not in STOPWORDS]


def is_number(token: str) -> bool:
    return _NUMBER.match(token) is not None
