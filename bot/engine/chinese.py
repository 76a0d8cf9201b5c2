"""Chinese as residents type it: Traditional characters, Chinese numerals, personal lead-ins,
and segmentation by the knowledge base's own terms.

Traditional characters are converted with OpenCC, loaded on the first Chinese question (it costs
about 30 ms and a few MiB, which an English-only `reportbot ask` should not pay). Segmentation
uses the knowledge base's Chinese terms and glossary as its whole dictionary: the report is an
English text, so a Chinese word means something here only if the knowledge base names it; a
general dictionary (jieba's) would add ~0.5 s of loading and tens of MiB for nothing it could
match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache


class NonAscii:
    """A pattern that can only match characters outside ASCII (Chinese ones), compiled on its
    first use on such a text: compiling a class of 28,000 characters costs ~5 ms, which an
    English question should not pay. Searching ASCII text finds nothing at no cost."""

    __slots__ = ("_regex", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.pattern)
        return self._regex

    def search(self, text: str) -> re.Match[str] | None:
        return None if text.isascii() else self.regex.search(text)

    def findall(self, text: str) -> list[str]:
        return [] if text.isascii() else self.regex.findall(text)

    def sub(self, replacement: str, text: str) -> str:
        return text if text.isascii() else self.regex.sub(replacement, text)


_CJK_CLASS = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
CJK = NonAscii(_CJK_CLASS)
CJK_RUN = NonAscii(_CJK_CLASS + "+")

_converter: Callable[[str], str] | None = None


# The characters of GB2312 (the Simplified character set) that OpenCC's t2s still changes:
# variants such as 後 and 於 (tests/test_reading.py works the list out again from OpenCC).
GB2312_VARIANTS = frozenset("乾菸薹拚捱摺吒後徵夥榘於袷麴醣麽")


def is_simplified(text: str) -> bool:
    """Whether the Chinese of `text` is Simplified already: every character in GB2312 and none
    of the variants OpenCC would change."""
    chinese = "".join(CJK_RUN.findall(text))
    try:
        chinese.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return GB2312_VARIANTS.isdisjoint(chinese)


def to_simplified(text: str) -> str:
    """Traditional characters (and phrases) as Simplified; other text unchanged. Text that is
    Simplified already never loads OpenCC's dictionaries (about 5 MiB)."""
    global _converter
    if not CJK.search(text) or is_simplified(text):
        return text
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s.json").convert
    return _converter(text)


# ---------------------------------------------------------------------- numerals
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_NUMERAL = re.compile(
    r"[〇零一二两三四五六七八九十百千万亿]{2,}(?:点[〇零一二三四五六七八九]+)?"
    r"|[一二两三四五六七八九十](?=[个家所项条套名位人万亿千百年倍成%])"
)
_DIGIT_YEAR = re.compile(r"(?<!\d)([01]\d)年")  # "19年": 2019
_SPELT_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=年)")
_PERCENT = re.compile(r"百分之([〇零一二两三四五六七八九十百点]+|[\d.]+)")
# Numerals that are parts of words, not numbers ("一些", "统一", "十分", "万一"...).
_WORDLIKE = re.compile(
    r"一(?:些|下|样|直|起|定|般|切|共|体|带|流|线|批|点儿|站|网|证|窗|码|卡)|统一|唯一|万一|十分|"
    r"一带一路|三农|两会|四季|八八|三服务|四个平台|五水|一张网|一件事"
    r"|哪[一二两三四五六七八九十]个?"  # "是哪三个？": which three, not the figure 3
)


def _value(numeral: str) -> float | None:
    """The value of a Chinese numeral: 六万六千 = 66000, 十五 = 15, 二点五 = 2.5."""
    whole, _, decimals = numeral.partition("点")
    total = section = digit = 0
    seen = False
    for char in whole:
        if char in _DIGITS:
            digit = _DIGITS[char]
            seen = True
        elif char in _UNITS:
            section += (digit or 1) * _UNITS[char]
            digit = 0
            seen = True
        elif char in _BIG:
            total += (section + digit) * _BIG[char]
            section = digit = 0
        else:
            return None
    value = float(total + section + digit)
    if not seen and not total:
        return None
    if decimals:
        value += float("0." + "".join(str(_DIGITS[c]) for c in decimals))
    return value


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _percent(numeral: str) -> str:
    value = _value(numeral) if not numeral[0].isdigit() else float(numeral)
    return f"{_number_text(value)}%" if value is not None else f"百分之{numeral}"


NUMERAL_CHARACTERS = frozenset("〇零一二两三四五六七八九十百千万亿")


def read_numerals(text: str, words: tuple[str, ...] = ()) -> str:
    """Chinese numerals and years as digits: 二〇一九年 → 2019年, 19年 → 2019年, 六万六千 → 66000,
    百分之七 → 7%. Numerals inside words (一些, 统一, 一带一路, and any of `words`, the
    knowledge base's terms such as 八项规定) are left alone."""
    protected: list[str] = []

    def hide(found: str) -> str:
        protected.append(found)
        return f"\x00{len(protected) - 1}\x00"

    for word in words:  # longest first
        if word in text:
            text = text.replace(word, hide(word))
    text = _SPELT_YEAR.sub(lambda m: "".join(str(_DIGITS[c]) for c in m.group()), text)
    text = _DIGIT_YEAR.sub(lambda m: f"20{m.group(1)}年", text)
    text = _PERCENT.sub(lambda m: _percent(m.group(1)), text)
    text = _WORDLIKE.sub(lambda m: hide(m.group()), text)

    def convert(match: re.Match[str]) -> str:
        value = _value(match.group())
        return match.group() if value is None else _number_text(value)

    text = _NUMERAL.sub(convert, text)
    return re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], text)


# ---------------------------------------------------------------------- lead-ins
_CLAUSE = re.compile(r"[，,。；;！!…]+|\s{2,}")
_ASKING = re.compile(
    r"[吗呢吧么嘛？?]|多少|几|什么|啥|哪|怎么|咋|如何|是否|有没有|能不能|会不会|要不要|"
    r"是不是|还是|请问|想问|想知道|问一下|问下|告诉我|介绍|说说|讲讲|目标|计划|情况|进展"
)
_PERSONAL = re.compile(
    r"^(?:我|俺|本人|咱|家里|我家|我们家|孩子|小孩|老人|作为|身为|平时|每天|最近|前几天|昨天)"
)


# Where the question starts after a personal lead-in typed without punctuation
# ("我孩子明年要上幼儿园去年幼儿园学位增加了多少"): a time, "请问" or the city or government.
_QUESTION_START = re.compile(
    r"(?<=.{4})(?:今年|去年|请问|想问|想知道|政府|全市|嘉兴市?|以后|现在|目前|听说)"
)


def _unpunctuated_clauses(text: str) -> list[str]:
    match = _QUESTION_START.search(text)
    if match is None:
        return [text]
    return [text[: match.start()], text[match.start() :]]


def drop_lead_in(text: str) -> str:
    """The question without the personal clauses before it ("我每天去公园锻炼，今年建多少保障房？"
    → "今年建多少保障房？"). Clauses that ask, or that are not about the asker, stay."""
    return split_lead_in(text)[0]


def split_lead_in(text: str) -> tuple[str, str]:
    """The question and the personal clauses dropped from it, which may still hint at the topic
    ("我家是村里的低收入户，今年收入涨多少？": low-income households)."""
    clauses = [c for c in _CLAUSE.split(text) if c.strip()]
    if len(clauses) == 1 and _PERSONAL.match(text.strip()):
        clauses = _unpunctuated_clauses(text.strip())
    if len(clauses) < 2:
        return text, ""
    personal = [bool(_PERSONAL.match(c.strip()) and not _ASKING.search(c)) for c in clauses]
    kept = [c for c, drop in zip(clauses, personal, strict=True) if not drop]
    if not kept:
        return text, ""
    dropped = [c for c, drop in zip(clauses, personal, strict=True) if drop]
    return "，".join(kept), "，".join(dropped)


# ---------------------------------------------------------------------- segmentation
@lru_cache(maxsize=8192)
def segment(run: str, dictionary: frozenset[str], longest: int) -> tuple[str, ...]:
    """A run of Chinese as dictionary words, longest first from the left; characters no word
    covers come out in runs of their own ("今年|保障房|多少" from "今年建多少保障房")."""
    pieces: list[str] = []
    rest = ""
    at = 0
    while at < len(run):
        for size in range(min(longest, len(run) - at), 0, -1):
            if run[at : at + size] in dictionary:
                if rest:
                    pieces.append(rest)
                    rest = ""
                pieces.append(run[at : at + size])
                at += size
                break
        else:
            rest += run[at]
            at += 1
    if rest:
        pieces.append(rest)
    return tuple(pieces)
