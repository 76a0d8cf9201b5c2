"""Reading a question once, into an immutable `Reading`: its language, topic terms, the year
and kind of answer it asks for, and how it refers to what was said before.

Nothing later goes back to the text: ranking and the rules work from the reading alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from bot.engine import cues
from bot.engine import lexicon as lx
from bot.engine.chinese import CJK, CJK_RUN, read_numerals, segment, split_lead_in, to_simplified
from bot.engine.cues import Follow, Intent
from bot.engine.index import Index
from bot.engine.pinyin import from_pinyin
from bot.engine.smalltalk import SmallTalk, asks_for_service, small_talk
from bot.engine.spelling import (
    DIGIT_WORD_AFTER,
    DIGIT_WORD_BEFORE,
    DIGIT_WORDS,
    MIN_WORD,
    TEXT_SPEAK,
)
from bot.engine.text import clean_query, hyphen_parts, is_number, normalize, stem, words
from bot.engine.tuning import Tuning

# Chinese characters and words that carry no topic in a question.
_ZH_FILLER = re.compile(
    "([\u4e00-\u9fff])[不没]\\1|"  # "改不改", "建没建": asks yes or no, names nothing
    "管不管|管没管|有没有人管|有人管吗|靠不靠谱|靠谱吗|靠谱|行不行|到哪一步|哪一步|"
    "新举措|举措|这块|这一块|"
    "哪[一二两三四五六七八九十]|多少美元|多少人民币|"
    "怎么解决|怎么办|怎么样|怎么|解决|问题|多久|到底|具体|多少|什么|哪些|怎样|如何|是否|有没有|情况|数据|"
    "报告|政府|嘉兴市|嘉兴|请问|告诉我|一下|关于|方面|部分|讲了|说了|提到|知道|想问|问问|打听|请教|"
    "的|了|吗|呢|吧|啊|呀|哦|嘛|呗|哈|是|有|几|个|年|和|与|及|在|对|把|被|为|都|还|就|也|又|再|"
    "我|你|您|们|这|那|些|中|里|上|下|多|少|啥|么|要|会|将|能|可以|想|问|给|说|咋|整|搞|弄|现在|目前|"
    "怎么样了|建得|搞得|弄得|得|地|着|过|讲|讲讲|说说|全市|全城|本市|市里|占"
)


def says_nothing_zh(term: str) -> bool:
    """A Chinese term that carries no topic ("zh:政府", "zh:报告")."""
    return term.startswith("zh") and _ZH_FILLER.fullmatch(term[3:]) is not None


_ZH_INTENT = re.compile("|".join(map(re.escape, (*lx.RESULT_ZH, *lx.TARGET_ZH))))
# A capitalised word after a lower-case one is a name ("the Lakers"): not a misspelling.
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+")
# Sentences, and clauses after a comma or "but"/"so": where the asking part of a message starts.
_PIECES = re.compile(
    r"(?<=[.!?。！？;；])\s+|,\s+"
    r"|\s+(?:but|so|and)\s+(?=(?:how|what|which|when|where|is|are|does|do|can|will)\b(?!['’]))"
    # a question word with a capital, mid-message: a sentence whose full stop was not typed
    r"|\s+(?=(?-i:How|What|Which|When|Where|Who|Is|Are|Did|Does|Do|Can|Will|Was|Were)\b)",
    re.I,
)
_ASKING = re.compile(
    r"^(?:(?:by|in|for|to|of|with|from|since|under|within|and|so|but|ok|okay) )?"
    r"(?:how|what|which|when|where|who|whom|is|are|was|were|did|does|do|can|could|will|would|"
    r"has|have|should|tell|give|show|list|any)\b|[?？]$",
    re.IGNORECASE,
)
_PLACE_NAMES = re.compile(r"\b(?:" + "|".join(map(re.escape, lx.OTHER_PLACES)) + r")\b")
_PLACE_BY_CHINESE = {chinese: place for place, chinese in lx.OTHER_PLACES.items()}
_PLACE_NAMES_ZH = re.compile("|".join(map(re.escape, _PLACE_BY_CHINESE)))
_PLACE_WORDS = frozenset(place for place in lx.OTHER_PLACES if " " not in place)
_PLACE_ORDER = {place: n for n, place in enumerate(lx.OTHER_PLACES)}
_CUE_WORDS = frozenset(lx.RESULT_WORDS | lx.TARGET_WORDS | lx.STOPWORDS | lx.QUESTION_WORDS)
# Cue words worth reading through a typo ("targt", "yeer"): they decide the year asked about.
# And the words that make a question broad or about the report ("ovrview", "rpeort", "setcion").
_CUE_LIST = sorted(
    w
    for w in (
        lx.RESULT_WORDS
        | lx.TARGET_WORDS
        | lx.OVERVIEW_WORDS
        | lx.QUESTION_WORDS
        | {"year", "years", "report", "section", "chapter", "numbers", "figures", "plans"}
    )
    if w.isalpha() and len(w) >= 4
)
_STOP_STEMS = frozenset(stem(w) for w in lx.STOPWORDS)
_NEUTRAL = frozenset(stem(w) for w in lx.FOLLOW_UP_NEUTRAL)


@dataclass(frozen=True, slots=True)
class Term:
    """A topic term of the question, as the index knows it (or not)."""

    text: str
    weight: float = 1.0
    known: bool = True
    light: bool = False  # an everyday word: its rarity counts only up to a cap
    context: bool = False  # said around the question: helps a record that holds it, costs none


@dataclass(frozen=True)
class Reading:
    """Everything the engine uses from one message; built by `read`, never changed after."""

    raw: str
    text: str
    language: str = "en"  # "en" or "zh": the script the question is written in
    terms: tuple[Term, ...] = ()
    intent: Intent | None = None
    explicit_year: Intent | None = None  # said outright ("2018", "target"), not only implied
    years: frozenset[int] = frozenset()
    section_number: int | None = None
    section_cue: bool = False
    overview: bool = False
    asks_figure: bool = False  # "how many", "what share", "多少"
    asks_statement: bool = False  # "how will they tackle...", "is there going to be...", "怎么"
    asks_money: bool = False
    asks_share: bool = False
    asks_count: bool = False
    asks_when: bool = False
    wanted_units: frozenset[str] = frozenset()
    other_places: tuple[str, ...] = ()
    national: bool = False
    creative: bool = False
    opinion: bool = False
    service: bool = False
    smalltalk: SmallTalk | None = None
    about_report: bool = False
    asks_problem: bool = False  # "what does the report admit about...", "有什么短板"
    admits_problem: bool = False  # ... said outright ("shortcomings", "admit", "承认")
    asks_outline: bool = False  # "how is the report organised?", "报告分几个部分"
    follow: frozenset[Follow] = frozenset()
    new_topic: bool = False  # "ok, different question: ..."
    names: frozenset[str] = field(default_factory=frozenset)
    tokens: tuple[str, ...] = ()  # every word of the asking part, stemmed, in order

    @property
    def known_terms(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.known)

    @property
    def topic_terms(self) -> tuple[Term, ...]:
        """Known terms that say what the question is about (not "growth", "km", a year)."""
        return tuple(t for t in self.terms if t.known and t.text not in _NEUTRAL)

    def says(self, phrases: dict[tuple[str, ...], str], longest: int) -> list[str]:
        """The values of the word sequences in `phrases` the question says whole, in order."""
        found: list[str] = []
        tokens = self.tokens
        for start in range(len(tokens)):
            for size in range(1, min(longest, len(tokens) - start) + 1):
                value = phrases.get(tokens[start : start + size])
                if value is not None and value not in found:
                    found.append(value)
        return found

    @property
    def empty(self) -> bool:
        return not self.text

    def with_terms(self, terms: tuple[Term, ...], intent: Intent | None) -> Reading:
        """The same reading about other terms (a follow-up read with its previous topic)."""
        return replace(self, terms=terms, intent=intent, follow=frozenset())


_PLAIN_WORD = re.compile(r"[a-z0-9]+(?:[&'’.\-][a-z0-9]+)*")


def plain_words(lowered: str) -> list[str]:
    """Words as typed (lower case, plural "s" and "'s" dropped, no synonyms): for looking up
    word sequences such as gap keywords ("number of tourists")."""
    found = []
    for word in _PLAIN_WORD.findall(lowered):
        word = word.replace("’", "'").removesuffix("'s")
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.append(word)
    return found


def is_filler(word: str) -> bool:
    """A word that says nothing about the topic (stop word or cue word, in any form)."""
    return word in _CUE_WORDS or stem(word) in _STOP_STEMS


_DRAWN_OUT = re.compile(r"([a-z])\1{2,}")


def _text_speak(tokens: list[str]) -> list[str]:
    """ "hw mny new jobs 4 this yr" -> "how many new jobs for this year"."""
    out: list[str] = []
    # A letter typed three times or more is typed once ("heyyy", "sooo"): not a misspelling.
    # A Roman numeral ("iii", "viii") is left as it is.
    if _DRAWN_OUT.search(" ".join(tokens)):  # seldom: one look at the whole message first
        tokens = [
            _DRAWN_OUT.sub(r"\1", w) if w.isalpha() and w not in lx.ROMAN else w for w in tokens
        ]
    for position, word in enumerate(tokens):
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        before = tokens[position - 1] if position else ""
        if word in DIGIT_WORDS and (
            following in DIGIT_WORD_BEFORE
            or before in DIGIT_WORD_AFTER
            or (word == "2" and following in _PLACE_WORDS)  # "rail transit 2 shanghai"
        ):
            out.append(DIGIT_WORDS[word])
        elif word == MIN_WORD and following.isalpha() and not is_number(before):
            out.append("minimum")
        elif word in TEXT_SPEAK:
            out.extend(TEXT_SPEAK[word].split())
        else:
            out.append(word)
    return out


@lru_cache(maxsize=8192)
def _cue_typo(word: str) -> str:
    # Imported on the first unknown word: a question without one never pays for the import.
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    cue = process.extractOne(word, _CUE_LIST, scorer=OSA.distance, score_cutoff=1)
    return cue[0] if cue is not None and abs(len(cue[0]) - len(word)) <= 1 else word


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
            word = _cue_typo(word)
        fixed.append(word)
    return fixed


def _english_terms(
    tokens: list[str], index: Index, names: frozenset[str], tuning: Tuning, weight: float = 1.0
) -> list[Term]:
    terms: list[Term] = []
    ties: dict[int, tuple[str, ...]] = {}  # a slip with several equally close readings
    skip_next = False
    for position, word in enumerate(tokens):
        if skip_next:
            skip_next = False
            continue
        if cues.YEAR.fullmatch(word):
            continue
        # "hi tech", "non performing": two typed words the report writes as one.
        if position + 1 < len(tokens) and not (is_filler(word) or is_filler(tokens[position + 1])):
            joined = stem(word + tokens[position + 1])
            if index.knows(joined) and not index.knows(stem(word)):
                terms.append(Term(joined, weight))
                skip_next = True
                continue
        if is_filler(word):
            continue
        if word in _PLACE_WORDS:
            # A place says where more than what: it counts a little, and the answer must name
            # it (a rule checks), or the question is out of scope.
            if index.knows(stem(word)):
                terms.append(Term(stem(word), 0.5 * weight))
            continue
        if is_number(word):
            term = f"num:{stem(word)}"
            terms.append(Term(term, weight, known=index.knows(term)))
            continue
        if len(word) < 2:
            continue
        term = stem(word)
        light = tuning.light_weight if word in lx.LIGHT_WORDS else 1.0
        parts = [stem(p) for p in hyphen_parts(word)] if "-" in word else []
        known_parts = [p for p in parts if index.knows(p)]
        if index.knows(term) and known_parts:
            # "excellent-air": records may write it joined or apart; half weight each way.
            terms.append(Term(term, 0.5 * light * weight))
            terms.extend(Term(p, 0.5 * light * weight) for p in known_parts)
        elif index.knows(term):
            terms.append(Term(term, light * weight, light=light < 1.0))
        elif known_parts:
            terms.extend(Term(p, weight) for p in known_parts)  # "anti-graft": "graft"
        elif word not in names and (corrected := index.correct(word.replace("-", ""))) is not None:
            if corrected:  # "" is a slip in a filler word ("nummbers")
                terms.append(Term(corrected, weight))
        else:
            if word not in names and (tied := index.correction_ties(word.replace("-", ""))):
                ties[len(terms)] = tied
            terms.append(Term(term, light * weight, known=False))
    return _resolve_ties(terms, ties, index) if ties else terms


def _resolve_ties(terms: list[Term], ties: dict[int, tuple[str, ...]], index: Index) -> list[Term]:
    """A slip equally close to several words ("kindergarden seets": seats, seeds) reads as the
    one that shares the most records with the question's other words, if one does."""
    known = [t.text for t in terms if t.known and not t.light]
    if not known:
        return terms
    around: set[int] = set()
    for text in known:
        around.update(index.postings[text][0])
    fixed = list(terms)
    for position, choices in ties.items():
        # a slip in a filler word reads as "" (nothing): not a reading to choose
        shared = {
            c: len(around.intersection(index.postings[c][0])) for c in choices if index.knows(c)
        }
        if not shared:
            continue
        best = max(shared.values())
        winners = [c for c, n in shared.items() if n == best]
        if best > 0 and len(winners) == 1:
            fixed[position] = Term(winners[0], terms[position].weight)
    return fixed


_MONTHS = {m: n for n, m in enumerate(
    "january february march april may june july august september october november december".split(),
    start=1,
)}  # fmt: skip
_DATES = re.compile(
    r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]"
    r"|(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})"
    r"|\b(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? (?P<d3>\d{1,2})"
    r"(?:st|nd|rd|th)?(?:,? (?P<y3>\d{4}))?",
    re.IGNORECASE,
)


_ANY_DIGIT = re.compile(r"\d")


def _date_terms(text: str, index: Index, year: int) -> list[Term]:
    """ "2019年1月15日", "January 15": the date as the index writes date figures (20190115)."""
    terms: list[Term] = []
    if not _ANY_DIGIT.search(text):
        return terms  # every date has a day in digits
    for m in _DATES.finditer(text):
        found: tuple[str | int, str | int, str]
        if m.group("mon"):
            month = next(
                n for name, n in _MONTHS.items() if name.startswith(m.group("mon").lower())
            )
            found = (m.group("y3") or year, month, m.group("d3"))
        elif m.group("y2"):
            found = (m.group("y2"), m.group("m2"), m.group("d2"))
        else:
            found = (m.group("y") or year, m.group("m"), m.group("d"))
        key = f"num:{int(found[0]):04d}{int(found[1]):02d}{int(found[2]):02d}"
        if index.knows(key):
            terms.append(Term(key))
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


def _chinese_terms(text: str, index: Index, tuning: Tuning) -> list[Term]:
    terms: list[Term] = []
    for run in CJK_RUN.findall(text):
        run = _ZH_INTENT.sub("|", run)
        leftover: list[str] = []
        for part in run.split("|"):
            for piece in segment(part, index.zh_dictionary, index.zh_longest) if part else ():
                if piece in index.zh_dictionary:
                    terms.append(Term("zh:" + piece, min(1.0, 0.5 + 0.25 * len(piece))))
                else:
                    leftover.append(piece)
            leftover.append("|")
        rest = _ZH_FILLER.sub("|", "".join(leftover))
        for piece in _pieces(rest, index):
            # Part of a known term, written another way round: partial credit, no penalty.
            partial = index.zh_partial(piece) if len(piece) >= 2 else []
            if len(partial) > tuning.zh_partial_max:
                continue  # a fragment of many terms ("新增", "省级") says nothing by itself
            if partial:
                # One of these terms is meant: together they weigh what one term would.
                terms.extend(Term("zh:" + entry, 0.6 / len(partial)) for entry in partial)
            elif len(piece) >= 2:
                terms.append(Term("zh?" + piece, min(1.5, 0.35 * len(piece)), known=False))
    return terms


# Where the question starts in a long message typed without punctuation: its last question word.
_LAST_ASKING = re.compile(
    r".*\s(?=(?:(?:by|in|for|within|with|under) )?(?:how (?:many|much|long|far|fast|big)|what|"
    r"which|when|where|is (?:the|there|it)|are (?:the|there|they)|does|did|do|can|will)\b)",
    re.IGNORECASE | re.DOTALL,
)


def _unpunctuated_pieces(text: str) -> list[str]:
    """A long message with no punctuation that does not begin by asking, cut before its last
    question word ("my son works in Shanghai now ... how many new jobs this year")."""
    if _ASKING.search(text.split(" ", 1)[0]):
        return [text]
    match = _LAST_ASKING.match(text)
    if match is None or match.end() < 20:
        return [text]
    return [text[: match.end()].strip(), text[match.end() :].strip()]


def _focus(text: str, back: int = 0) -> tuple[str, str]:
    """In a long message, the part that asks (with the piece before it when it says little by
    itself), and the rest as context: "My dad keeps saying the economy is slowing, how much did
    GDP grow in 2018?" asks about GDP, not about the dad. `back` pieces before the asking one
    are taken in when it names no topic ("...robots for factories, how many are they trying
    to get?")."""
    if len(text) < 60:
        return text, ""
    pieces = [p.strip() for p in _PIECES.split(text) if p.strip()]
    if len(pieces) < 2:
        pieces = _unpunctuated_pieces(text)
    if len(pieces) < 2:
        return text, ""
    asking = [i for i, p in enumerate(pieces) if _ASKING.search(p)]
    if not asking or asking[-1] == 0:
        return text, ""
    last = asking[-1]
    if not back:
        back = 1 if len(words(pieces[last])) <= 5 else 0
    start = last - back
    start = max(start, 0)
    focus = " ".join(pieces[start:])
    rest = " ".join(pieces[:start])
    return focus, rest


def _first_question_asks_service(text: str, focus: str) -> bool:
    """ "how do I apply for the allowance? I lost my job...": a request asked first, before
    the story, which the focus of the message left out."""
    first, mark, _ = text.partition("?")
    return bool(mark) and first not in focus and asks_for_service(first.lower())


# "$" standing for money ("any $ 4 digital economy?"), not before an amount ("$3 billion")
_MONEY_SIGN = re.compile(r"(?<![A-Za-z])\$(?!\s*\d)|(?<![A-Za-z])\$(?=\s+[24]\s+[A-Za-z])")


# The country, as typed ("trade with the US"), read as a place; "us" the pronoun stays.
_THE_US = re.compile(
    r"\b(?:the )?(?:US|U\.S\.(?:A\.)?|USA)(?![\w.])(?! ?(?:dollars?|\$))|\b(?:the )?United States\b"
)


def read(raw: str, index: Index, tuning: Tuning) -> Reading:
    """Read one message; never raises, whatever the input."""
    normal = from_pinyin(normalize(raw[:2000]), index.pinyin)
    normal = _MONEY_SIGN.sub("money ", normal)
    normal = _THE_US.sub("America", normal)
    chinese = CJK.search(normal) is not None
    if chinese:
        normal = read_numerals(to_simplified(normal), index.zh_numeral_terms)
    normal = cues.SAME_PART.sub(" ", normal)
    new_topic = cues.NEW_TOPIC.search(normal) is not None
    if new_topic:
        normal = cues.NEW_TOPIC.sub("", normal, count=1)
    text = clean_query(normal)
    lead = ""
    if chinese:
        text, lead = split_lead_in(text)
    lowered = text.lower()
    focus, context = _focus(text)
    focus_lowered = focus.lower()
    tokens = _fix_cue_typos(_text_speak(words(focus_lowered)), index)
    names = frozenset(w.lower() for w in _NAME.findall(text))
    terms = _english_terms(tokens, index, names, tuning)
    for back in (1, 2):
        if not context or chinese or any(t.known and not t.light for t in terms):
            break
        # The asking part names no topic: the piece before it does.
        focus, context = _focus(text, back=back)
        focus_lowered = focus.lower()
        tokens = _fix_cue_typos(_text_speak(words(focus_lowered)), index)
        terms = _english_terms(tokens, index, names, tuning)
    if context:
        extra = _english_terms(words(context.lower()), index, names, tuning, tuning.context_weight)
        terms += [replace(t, context=True) for t in extra if t.known]
    if chinese:
        terms += _chinese_terms(cues.ZH_SECTION_REF.sub("|", focus), index, tuning)
        if lead:  # what the asker says of themselves: a hint at the topic, as context
            hints = _chinese_terms(lead, index, tuning)
            terms += [
                replace(t, weight=t.weight * tuning.context_weight, context=True)
                for t in hints
                if t.known
            ]
    terms += _date_terms(focus, index, 2019)
    # Cue patterns read the English words (text-speak expanded) and, for Chinese, the text.
    expanded = (" ".join(tokens) + (f" {focus}" if chinese else "")).strip()
    token_set = set(tokens)
    section_cue = cues.asks_for_section(text, expanded)
    if section_cue and (cue_words := cues.broad_cue_words(expanded)):
        cue_stems = {stem(w) for w in cue_words}
        terms = [t for t in terms if t.text not in cue_stems]
    has_topic = any(t.known and not t.text.startswith("num:") for t in terms)
    named = {m.lower() for m in _PLACE_NAMES.findall(focus_lowered)}
    named.update(_PLACE_BY_CHINESE[m] for m in _PLACE_NAMES_ZH.findall(text))
    said_result = cues.STRONG_RESULT.found(expanded)
    said_target = cues.STRONG_TARGET.found(expanded)
    asks_money = cues.MONEY.found(expanded)
    asks_share = cues.SHARE.found(expanded)
    if asks_money and (asks_share or "how much of" in expanded):
        asks_money = False  # "how much of the budget...": a share, whatever words follow
    units: frozenset[str] = frozenset()
    for pattern, wanted in cues.UNITS_ASKED:
        if pattern.found(expanded):
            units = wanted
    asked_more = "how many more" in expanded or "how much more" in expanded
    admits = bool(token_set & lx.PROBLEM_ADMITTED) or any(w in text for w in lx.PROBLEM_ADMITTED_ZH)
    falls_short = cues.FALLING_SHORT.found(expanded)  # "not doing well": what is admitted
    follow = cues.follow_cues(expanded)
    if asked_more:
        follow = follow - {"more"}
    return Reading(
        raw=raw,
        text=text,
        language="zh" if chinese else "en",
        terms=tuple(terms),
        intent=cues.intent_of(expanded, tokens),
        explicit_year=("result" if said_result else "target")
        if said_result != said_target
        else None,
        years=frozenset(int(y) for y in cues.YEAR.findall(lowered)),
        # as typed, else with its cue words' slips read ("setcion III")
        section_number=cues.section_number(text, lowered) or cues.section_number("", expanded),
        section_cue=section_cue,
        overview=bool(token_set & lx.OVERVIEW_WORDS) or any(w in text for w in lx.OVERVIEW_ZH),
        asks_figure=cues.FIGURE.found(expanded),
        asks_statement=cues.STATEMENT.found(expanded),
        asks_money=asks_money,
        asks_share=asks_share,
        asks_count=cues.asks_count(expanded, tokens),
        asks_when=cues.WHEN.found(expanded),
        wanted_units=units,
        other_places=tuple(sorted(named, key=_PLACE_ORDER.__getitem__)),
        national=bool(token_set & lx.NATIONAL_WORDS) or any(w in text for w in lx.NATIONAL_ZH),
        creative=bool(token_set & lx.CREATIVE_WORDS) or any(w in text for w in lx.CREATIVE_ZH),
        opinion=cues.OPINION.found(expanded),
        service=asks_for_service(expanded) or _first_question_asks_service(text, focus),
        smalltalk=small_talk(normal, has_topic),
        # "报告里承认了哪些问题？" asks what the report admits, not about the report itself
        about_report=cues.ABOUT_REPORT.found(expanded) and not admits,
        asks_problem=bool(token_set & lx.PROBLEM_WORDS)
        or any(w in text for w in lx.PROBLEM_ZH)
        or falls_short,
        admits_problem=admits or falls_short,
        asks_outline=cues.OUTLINE.found(expanded),
        follow=follow,
        new_topic=new_topic,
        names=names,
        tokens=tuple(plain_words(focus_lowered)),
    )
