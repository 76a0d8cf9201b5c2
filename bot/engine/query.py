"""Reading a question: its topic terms, the year or intent it asks about, and what it refers to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.engine import lexicon as lx
from bot.engine.index import Index
from bot.engine.text import (
    cjk_runs,
    clean_query,
    hyphen_parts,
    is_number,
    rewrite_chinese,
    stem,
    substrings,
    words,
)

Intent = Literal["result", "target"]

# Chinese characters and words that carry no topic in a question.
_ZH_FILLER = re.compile(
    "怎么解决|怎么办|怎么样|怎么|解决|问题|多久|到底|具体|多少|什么|哪些|怎样|如何|是否|有没有|情况|数据|报告|政府|嘉兴市|嘉兴|请问|告诉我|一下|"
    "关于|方面|部分|讲了|说了|提到|的|了|吗|呢|吧|啊|是|有|几|个|年|和|与|及|在|对|把|被|为|都|还|"
    "我|你|们|这|那|些|中|里|上|下|多|少|啥|么|要|会|将|能|可以|想|知道|问|给|说"
)
_ZH_INTENT = re.compile("|".join(map(re.escape, (*lx.RESULT_ZH, *lx.TARGET_ZH))))
# A capitalised word after a lower-case one is a name ("the Lakers"): not a misspelling.
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+")
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_SECTION_REF = re.compile(
    r"\b(?:section|part|task|chapter|item|area|point)s?\s*(?:no\.?|number|#)?\s*"
    r"(?P<n>[ivx]+|\d|one|two|three|four|five|six|seven|eight|nine)\b"
    r"|\b(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\s+"
    r"(?:section|part|task|chapter|area)\b"
)
_ZH_SECTION_REF = re.compile(
    r"(?:第([一二三四五六七八九\d])(?:部分|项|个?方面|章|条|个?任务|点))|任务([一二三四五六七八九\d])"
)
_BARE_ROMAN = re.compile(r"^\s*(?P<n>I|II|III|IV|V|VI|VII|VIII|IX)\s*[.?!]?\s*$")


@dataclass
class Term:
    """A topic term of the question, as the index knows it (or not)."""

    text: str
    weight: float = 1.0
    known: bool = True


@dataclass
class Query:
    """What the engine needs from one question."""

    raw: str
    text: str
    terms: list[Term] = field(default_factory=list)
    intent: Intent | None = None
    years: set[int] = field(default_factory=set)
    section_number: int | None = None
    section_cue: bool = False
    creative: bool = False
    other_places: list[str] = field(default_factory=list)
    national: bool = False
    wants_more: bool = False
    follow_up_words: bool = False
    overview: bool = False  # "what are the main targets?": a list, not one figure
    asks_money: bool = False
    asks_share: bool = False
    asks_count: bool = False  # "how many X", where X is not a duration or a share
    asks_when: bool = False
    opinion: bool = False
    request: bool = False
    # Said outright ("2018", "last year", "target"), not only implied by a tense.
    explicit_year: Intent | None = None
    wanted_units: frozenset[str] = frozenset()  # "in kilometres": only these units answer
    about_report: bool = False  # when, or by whom, the report itself was delivered

    @property
    def known_terms(self) -> list[Term]:
        return [t for t in self.terms if t.known]


def _intent(lowered: str, tokens: list[str]) -> Intent | None:
    score = 0.0
    for phrase in lx.RESULT_PHRASES:
        score -= 2 * lowered.count(phrase)
    for phrase in lx.TARGET_PHRASES:
        score += 2 * lowered.count(phrase)
    for word in tokens:
        if word in ("2018",):
            score -= 3
        elif word in ("2019",):
            score += 3
        elif word in lx.STRONG_TARGET_WORDS:
            score += 2
        elif word in lx.STRONG_RESULT_WORDS:
            score -= 2
        elif word in lx.TARGET_WORDS:
            score += 1
        elif word in lx.RESULT_WORDS:
            score -= 1
    for phrase in lx.RESULT_ZH:
        score -= 2 * lowered.count(phrase)
    for phrase in lx.TARGET_ZH:
        score += 2 * lowered.count(phrase)
    if score > 0:
        return "target"
    if score < 0:
        return "result"
    return None


def _section_number(text: str, lowered: str) -> int | None:
    if match := _BARE_ROMAN.match(text):
        return lx.ROMAN[match.group("n").lower()]
    if match := _SECTION_REF.search(lowered):
        token = match.group("n") or match.group("ord")
        if token in lx.ROMAN:
            return lx.ROMAN[token]
        if token.isdigit():
            return int(token)
        return lx.NUMBER_WORDS.get(token)
    if match := _ZH_SECTION_REF.search(text):
        token = match.group(1) or match.group(2)
        return int(token) if token.isdigit() else lx.CHINESE_DIGITS[token]
    return None


_PLACE_NAMES = re.compile(r"\b(?:" + "|".join(map(re.escape, lx.OTHER_PLACES)) + r")\b")
_PLACE_BY_CHINESE = {chinese: place for place, chinese in lx.OTHER_PLACES.items()}
_PLACE_NAMES_ZH = re.compile("|".join(map(re.escape, _PLACE_BY_CHINESE)))
_PLACE_WORDS = frozenset(place for place in lx.OTHER_PLACES if " " not in place)
# A Chinese fragment found in more known terms than this is too common to mean anything.
ZH_PARTIAL_MAX = 6
# Everyday words that say little about the topic count this much of a topic word.
LIGHT_WEIGHT = 0.4
_CUE_WORDS = frozenset(lx.RESULT_WORDS | lx.TARGET_WORDS | lx.STOPWORDS | lx.QUESTION_WORDS)
_CUE_LIST = sorted(w for w in _CUE_WORDS if w.isalpha() and len(w) >= 4)
_STOP_STEMS = frozenset(stem(w) for w in lx.STOPWORDS)
_MONEY = re.compile(
    r"\b(?:in (?:yuan|rmb|dollars|usd|us dollars)|how much money|in (?:billion|million) yuan|"
    r"how many (?:yuan|dollars|rmb)|"
    r"(?<!-)cost|(?<!-)costs|price|prices)\b|多少钱|多少元|花了多少|造价"
)
_SHARE = re.compile(r"\b(?:share|percent|percentage|proportion|rate|ratio)\b|%|比例|比重|百分|率")
_COUNT = re.compile(
    r"\bhow many\b|\bnumber of\b|多少个|几个|多少家|多少所|多少名|多少人|多少趟|多少辆"
)
_UNITS_ASKED = (
    (
        re.compile(r"\bin (?:kilomet(?:re|er)s?|km|miles?|met(?:re|er)s?)\b|多少公里"),
        frozenset({"kilometers"}),
    ),
    (
        re.compile(r"\bin (?:hectares?|mu|acres?|square \w+|sq ?km)\b|多少公顷|多少亩|多少平方"),
        frozenset({"hectares", "square kilometers", "square meters"}),
    ),
)
_ABOUT_REPORT = re.compile(
    r"\b(?:report|speech|document)\b.*\b(?:deliver\w*|releas\w*|publish\w*|present\w*|gave|"
    r"given|read out|put out|posted|online)\b"
    r"|\b(?:when|who|whom|what date)\b.*\b(?:report|speech)\b"
    r"|报告.*(?:谁|什么时候|哪天|日期|发布)|(?:谁|什么时候|哪天).*报告"
)
_WHEN = re.compile(
    r"^when\b|\b(?:what date|what time|what day|which day|by when)\b|什么时候|何时|哪一天|几点|哪天"
)
_SECTION_CUE = re.compile("|".join(lx.SECTION_CUES))
# Asking the bot to do something in the world rather than to tell what the report says.
_REQUEST = re.compile(
    r"\b(?:book|reserve|order|buy|send|call|remind|schedule|email|pay|apply)\s+(?:me|us|a|an|my|for)\b|"
    r"\b(?:can|could|would|will) you (?:please )?"
    r"(?:book|reserve|order|buy|send|call|help me (?:find|get|apply))\b|"
    r"帮我(?:订|买|预约|预订|申请|打电话)"
)
_OPINION = re.compile(
    r"\b(?:should i|do you think|what do you think|your opinion|in your view|do you like|"
    r"doing a good job|is it worth|would you recommend|is (?:it|jiaxing) (?:a )?(?:good|bad|nice)|"
    r"better than|best place|(?:what|which) is the best|what's the best|your favou?rite|"
    r"who are you|are you (?:a|an|human|real)|which\b[^?]*\bbest|"
    r"for my (?:son|daughter|child|kids?|family|wife|husband|parents))\b"
    r"|你觉得|你认为|好不好|值得吗|推荐|你最喜欢"
)
# "How many days", "how many hectares": not a count of things, so not held to count figures.
_UNIT_NOUNS = frozenset(
    "days years months hours minutes times percent percentage points hectares ha mu acres km "
    "kilometres kilometers metres meters square sq yuan dollars rmb usd billion million tonnes "
    "teu teus containers".split()
)
# Said outright: a year, or a word that only fits a result (or only a target).
_STRONG_YEAR_RESULT = re.compile(
    r"\b(?:2018|last year|achieved|accomplished|so far)\b|去年|2018年|完成了|实现了"
)
_STRONG_YEAR_TARGET = re.compile(
    r"\b(?:2019|this year|targets?|goals?|aims?|aiming)\b|今年|2019年|目标"
)


def is_filler(word: str) -> bool:
    """A word that says nothing about the topic (stop word or cue word, in any form)."""
    return word in _CUE_WORDS or stem(word) in _STOP_STEMS


def _fix_cue_typos(tokens: list[str], index: Index) -> list[str]:
    """Read "targt" as "target" and "yeer" as "year", unless the word is a known topic word."""
    fixed = []
    for word in tokens:
        if (
            word.isalpha()
            and len(word) >= 4
            and not is_filler(word)
            and not index.knows(stem(word))
        ):
            cue = process.extractOne(word, _CUE_LIST, scorer=OSA.distance, score_cutoff=1)
            if cue is not None and abs(len(cue[0]) - len(word)) <= 1:
                word = cue[0]
        fixed.append(word)
    return fixed


def _english_terms(tokens: list[str], index: Index, names: frozenset[str]) -> list[Term]:
    terms: list[Term] = []
    skip_next = False
    for position, word in enumerate(tokens):
        if skip_next:
            skip_next = False
            continue
        if _YEAR.fullmatch(word):
            continue
        # "hi tech", "non performing": two typed words the report writes as one.
        if position + 1 < len(tokens) and not (is_filler(word) or is_filler(tokens[position + 1])):
            joined = stem(word + tokens[position + 1])
            if index.knows(joined) and not index.knows(stem(word)):
                terms.append(Term(joined))
                skip_next = True
                continue
        if is_filler(word):
            continue
        if word in _PLACE_WORDS:
            # A place says where more than what: it counts a little (talents from Shanghai),
            # and the answer must name it (checked later), or the question is out of scope.
            if index.knows(stem(word)):
                terms.append(Term(stem(word), weight=0.5))
            continue
        if is_number(word):
            terms.append(Term(f"num:{stem(word)}", known=index.knows(f"num:{stem(word)}")))
            continue
        if len(word) < 2:
            continue
        term = stem(word)
        light = LIGHT_WEIGHT if word in lx.LIGHT_WORDS else 1.0
        parts = [stem(p) for p in hyphen_parts(word)] if "-" in word else []
        known_parts = [p for p in parts if index.knows(p)]
        if index.knows(term) and known_parts:
            # "excellent-air": records may write it joined or apart; half weight each way.
            terms.append(Term(term, weight=0.5 * light))
            terms.extend(Term(p, weight=0.5 * light) for p in known_parts)
        elif index.knows(term):
            terms.append(Term(term, weight=light))
        elif parts and any(index.knows(p) for p in parts):
            terms.extend(Term(p) for p in parts if index.knows(p))  # "anti-graft": "graft"
        elif word not in names and (corrected := index.correct(word.replace("-", ""))):
            terms.append(Term(corrected, weight=0.85))
        else:
            terms.append(Term(term, weight=light, known=False))
    return terms


def _pieces(rest: str, index: Index) -> list[str]:
    """Leftover Chinese, in pieces: a long piece no known term shares is read pair by pair."""
    pieces: list[str] = []
    for part in (p for p in rest.split("|") if p):
        if len(part) >= 4 and not index.zh_partial(part):
            pieces.extend(part[i : i + 2] for i in range(0, len(part), 2))
        else:
            pieces.append(part)
    return pieces


def _chinese_terms(text: str, index: Index) -> list[Term]:
    terms: list[Term] = []
    for run in cjk_runs(rewrite_chinese(text)):
        run = _ZH_INTENT.sub("|", run)
        covered = [False] * len(run)
        for start, entry in substrings(run, index.zh_dictionary, index.zh_longest):
            if all(covered[start : start + len(entry)]):
                continue  # already inside a longer match
            terms.append(Term("zh:" + entry, weight=min(1.0, 0.5 + 0.25 * len(entry))))
            for i in range(start, start + len(entry)):
                covered[i] = True
        rest = "".join(c if not covered[i] else "|" for i, c in enumerate(run))
        rest = _ZH_FILLER.sub("|", rest)
        for piece in _pieces(rest, index):
            # Part of a known term, written another way round: partial credit, no penalty.
            partial = index.zh_partial(piece) if len(piece) >= 2 else []
            if len(partial) > ZH_PARTIAL_MAX:
                continue  # a fragment of many terms ("新增", "省级") says nothing by itself
            if partial:
                # One of these terms is meant: together they weigh what one term would.
                terms.extend(Term("zh:" + entry, weight=0.6 / len(partial)) for entry in partial)
            else:
                terms.append(Term("zh?" + piece, weight=min(1.5, 0.35 * len(piece)), known=False))
    return terms


# Words one of which every English section cue holds: a cheap test before the expression.
_SECTION_HINTS = (
    "about",
    "overview",
    "summar",
    "plan",
    "polic",
    "measures",
    "efforts",
    "priorities",
    "section",
    "chapter",
    "part",
    "task",
)


def asks_for_section(text: str) -> bool:
    """Whether the question asks about a whole area ("tell me about", "plans for", "第九部分")."""
    lowered = text.lower()
    if any(hint in lowered for hint in _SECTION_HINTS) and _SECTION_CUE.search(lowered):
        return True
    return any(cue in text for cue in lx.SECTION_CUES_ZH)


def asks_for_overview(text: str, tokens: set[str] | None = None) -> bool:
    """Whether the question asks for a list ("the main targets", "主要成绩")."""
    token_set = tokens if tokens is not None else set(words(text))
    return bool(token_set & lx.OVERVIEW_WORDS) or any(w in text for w in lx.OVERVIEW_ZH)


def parse(raw: str, index: Index) -> Query:
    """Read one question; never raises, whatever the input."""
    text = clean_query(raw)
    lowered = text.lower()
    query = Query(raw=raw, text=text)
    query.years = {int(y) for y in _YEAR.findall(lowered)}
    tokens = _fix_cue_typos(words(lowered), index)
    names = frozenset(w.lower() for w in _NAME.findall(text))
    query.terms = _english_terms(tokens, index, names) + _chinese_terms(text, index)
    query.intent = _intent(lowered, tokens)
    query.section_number = _section_number(text, lowered)
    query.section_cue = asks_for_section(text)
    token_set = set(tokens)
    query.creative = bool(token_set & lx.CREATIVE_WORDS) or any(w in text for w in lx.CREATIVE_ZH)
    named = {m.lower() for m in _PLACE_NAMES.findall(lowered)}
    named.update(_PLACE_BY_CHINESE[m] for m in _PLACE_NAMES_ZH.findall(text))
    query.other_places = [place for place in lx.OTHER_PLACES if place in named]
    query.national = bool(token_set & lx.NATIONAL_WORDS) or any(w in text for w in lx.NATIONAL_ZH)
    asked_more = re.search(r"\bhow (?:many|much) more\b", lowered) is not None
    query.wants_more = not asked_more and (
        bool(token_set & lx.MORE_WORDS) or "更多" in text or "还有" in text
    )
    query.follow_up_words = bool(token_set & lx.FOLLOW_UP_WORDS) or text.endswith("呢")
    query.overview = asks_for_overview(text, token_set)
    query.asks_money = _MONEY.search(lowered) is not None
    query.asks_share = _SHARE.search(lowered) is not None
    query.asks_count = _COUNT.search(lowered) is not None and not any(
        first == "how" and second == "many" and noun in _UNIT_NOUNS
        for first, second, noun in zip(tokens, tokens[1:], tokens[2:], strict=False)
    )
    query.asks_when = _WHEN.search(lowered) is not None
    for pattern, units in _UNITS_ASKED:
        if pattern.search(lowered):
            query.wanted_units = units
    query.about_report = _ABOUT_REPORT.search(lowered) is not None
    query.opinion = _OPINION.search(lowered) is not None
    query.request = _REQUEST.search(lowered) is not None
    # "How much of the budget..." asks a share, whatever words follow.
    if query.asks_money and (query.asks_share or re.search(r"\bhow much of\b", lowered)):
        query.asks_money = False
    said_result = _STRONG_YEAR_RESULT.search(lowered) is not None
    said_target = _STRONG_YEAR_TARGET.search(lowered) is not None
    if said_result != said_target:
        query.explicit_year = "result" if said_result else "target"
    return query
