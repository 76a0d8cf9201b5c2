"""Personal data out of a question before it is stored: `scrub` replaces phone numbers, e-mail
addresses, ID-card and bank-card numbers, usernames, links, long digit runs and self-introduced
names with placeholders such as "<phone>" or "<name>".

What stays: years, percentages and the everyday numbers questions about the report are made of
("30 minutes", "1.72 million", "110,000"). Scrubbing a scrubbed text changes nothing.
The patterns err on the side of removing: a lost word costs less than a kept phone number.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PLACEHOLDERS = ("<phone>", "<email>", "<id>", "<card>", "<user>", "<url>", "<number>", "<name>")


class _Lazy:
    """A pattern compiled when first used: a process that never stores a question (`reportbot
    ask`) does not pay for compiling these at start-up."""

    __slots__ = ("_compiled", "_pattern")

    def __init__(self, pattern: str) -> None:
        self._pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def sub(self, replace: Callable[[re.Match[str]], str], text: str) -> str:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern)
        return self._compiled.sub(replace, text)


_D = r"[0-9０-９]"  # a digit, full-width ones too (Chinese input methods type them)
_SEP = r"[ \-–.]"  # what people put between groups of digits
_NO_DIGIT_BEFORE = r"(?<!\d)"
_NO_DIGIT_AFTER = r"(?!\d)"

_URL = _Lazy(
    r"(?i)(?:https?://|www\.|(?<![a-z])(?:t|telegram)\.me/)[^\s<>\"'，。！？、；：）】」]+"
)
_EMAIL = _Lazy(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_USER = _Lazy(r"(?<![\w@.])@[A-Za-z0-9_]{2,32}")
# A WeChat or QQ id after its label: "WeChat ID: li_wei88", "微信号 liwei88", "wx: liwei88".
_HANDLE = _Lazy(
    r"(?i)(\b(?:wechat|weixin|wx|qq)(?:\s*(?:id|number|no\.?))?\s*[:：]|\b(?:wechat|weixin)\s+id\b"
    r"|微信号?\s*[:：]?|QQ号\s*[:：]?)(\s*)([A-Za-z][\w-]{3,19})"
)
# 18 digits (the last may be X) or 15, holding a birth date: the ID card's layout.
_ID_18 = _Lazy(
    _NO_DIGIT_BEFORE
    + rf"{_D}{{6}}(?:18|19|20){_D}{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    + rf"{_D}{{3}}[0-9０-９Xx]"
    + r"(?![\dA-Za-z])"
)
_ID_ANY_X = _Lazy(_NO_DIGIT_BEFORE + rf"{_D}{{17}}[Xx](?![A-Za-z\d])")
_ID_GROUPED = _Lazy(
    _NO_DIGIT_BEFORE + rf"{_D}{{6}}{_SEP}{_D}{{8}}{_SEP}{_D}{{3}}[0-9０-９Xx](?![A-Za-z\d])"
)
_ID_15 = _Lazy(
    _NO_DIGIT_BEFORE
    + rf"{_D}{{6}}{_D}{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]){_D}{{3}}"
    + _NO_DIGIT_AFTER
)
# 16 to 19 digits, whole or in groups of four (the last group shorter).
_CARD = _Lazy(
    _NO_DIGIT_BEFORE
    + rf"(?:{_D}{{16,19}}|{_D}{{4}}(?:{_SEP}{_D}{{4}}){{3}}(?:{_SEP}?{_D}{{1,3}})?"
    + rf"|{_D}{{6}}{_SEP}{_D}{{10,13}})"
    + _NO_DIGIT_AFTER
)
_MOBILE = _Lazy(
    r"(?<![\d+＋])(?:(?:[+＋]|00)\s?86[ \-]?|\(\+?86\)\s?|86[ \-]?)?"
    + rf"[1１][3-9３-９]{_D}(?:[ \-]?{_D}){{8}}"
    + _NO_DIGIT_AFTER
)
_LANDLINE = _Lazy(
    _NO_DIGIT_BEFORE
    + rf"(?:[(（]0{_D}{{2,3}}[)）]\s?|0{_D}{{2,3}}[ \-]?){_D}{{3,4}}[ \-]?{_D}{{4}}"
    + _NO_DIGIT_AFTER
)
_SERVICE_LINE = _Lazy(_NO_DIGIT_BEFORE + rf"[48]00[ \-]?{_D}{{3}}[ \-]?{_D}{{4}}" + _NO_DIGIT_AFTER)
_INTERNATIONAL = _Lazy(rf"[+＋]{_D}{{1,3}}(?:[ \-]?\(?{_D}\)?){{6,14}}" + _NO_DIGIT_AFTER)
_DIGITS = _Lazy(r"\d{6,}")

# ---- names the asker gives
_EN_NAME = r"[A-Z][a-z][a-zA-Z'’\-]*"  # "Li", "McDonald"; not "GDP"
_EN_NAMES = rf"{_EN_NAME}(?:\s+{_EN_NAME}){{0,2}}"
# "my name is ..." may go on in lower case; "call me" and "I'm" only before a capitalised name.
_NAMED = _Lazy(
    r"(?i:\b(?:my\s+name\s+is|my\s+name['’]s|i\s+am\s+called|i['’]m\s+called|name\s*:)\s+)"
    + rf"({_EN_NAMES}|[a-z][a-z'’\-]*)"
)
_IM = _Lazy(rf"(?i:\b(?:i['’]m|i\s+am|im|call\s+me)\s+)({_EN_NAMES})")
# Capitalised words that follow "I am" without being a name.
_NOT_NAMES = frozenset(
    """
    a an and the not no so very just also here there from in at on of with sorry sure glad happy
    new curious interested unsure confused wondering trying asking looking living working
    going thinking planning writing reading studying doing getting hoping moving searching
    chinese english american british german french japanese korean foreign foreigner
    jiaxing zhejiang china shanghai hangzhou student teacher resident citizen visitor
    tourist retired unemployed ok okay fine back still really only always never
    """.split()
)
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff·]"
# The hundred commonest single-character surnames: after 我是 only these begin a name.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
_ZH_NAMED = _Lazy(
    rf"(我叫|我的名字是|我的名字叫|我名叫|我名字叫|本人叫|姓名[:：是]?\s*)({_HAN}{{2,4}})"
    rf"|(我是)(?!否|不)([{_SURNAMES}]{_HAN}{{1,3}})"
    rf"|(我姓)({_HAN}{{1,2}})"
)


def _placeholder(name: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: f"<{name}>"


def _url(match: re.Match[str]) -> str:
    text = match.group()
    trimmed = text.rstrip(".,;:!?)]}")
    return "<url>" + text[len(trimmed) :]


def _handle(match: re.Match[str]) -> str:
    return f"{match[1]}{match[2]}<user>"


def _named(match: re.Match[str]) -> str:
    """The introduction with "<name>" for the words of group 1 that may be a name (from the
    first on, stopping at the first that may not)."""
    words = list(re.finditer(r"\S+", match[1]))
    taken = 0
    for word in words:
        if word.group().lower() in _NOT_NAMES:
            break
        taken = word.end()
    if taken == 0:
        return match.group()
    return match.string[match.start() : match.start(1)] + "<name>" + match[1][taken:]


def _zh_named(match: re.Match[str]) -> str:
    for intro in (1, 3, 5):
        if match[intro] is not None:
            return match[intro] + "<name>"
    return match.group()  # pragma: no cover - one of the alternatives always matched


_STEPS: tuple[tuple[_Lazy, Callable[[re.Match[str]], str]], ...] = (
    (_URL, _url),
    (_EMAIL, _placeholder("email")),
    (_USER, _placeholder("user")),
    (_HANDLE, _handle),
    (_ID_18, _placeholder("id")),
    (_ID_ANY_X, _placeholder("id")),
    (_ID_15, _placeholder("id")),
    (_ID_GROUPED, _placeholder("id")),
    (_CARD, _placeholder("card")),
    (_MOBILE, _placeholder("phone")),
    (_LANDLINE, _placeholder("phone")),
    (_SERVICE_LINE, _placeholder("phone")),
    (_INTERNATIONAL, _placeholder("phone")),
    (_DIGITS, _placeholder("number")),
    (_NAMED, _named),
    (_IM, _named),
    (_ZH_NAMED, _zh_named),
)


_MAX_PASSES = 8  # random texts settle after two; the bound only guards the loop


def scrub(text: str) -> str:
    """`text` with personal data replaced by placeholders; everything else as it was.

    A replacement can reveal another match (a placeholder is not a letter or a digit, so what
    touched one may now stand alone), so the steps repeat until nothing changes.
    """
    for _ in range(_MAX_PASSES):
        before = text
        for pattern, replace in _STEPS:
            text = pattern.sub(replace, text)
        if text == before:
            break
    return text
