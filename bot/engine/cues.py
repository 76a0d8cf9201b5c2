"""What a question asks for, besides its topic: the year, the kind of figure, a follow-up, a
section, and the kinds of question the bot declines. Patterns only; no knowledge of the report.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.engine import lexicon as lx
from bot.engine.patterns import Cue

Intent = Literal["result", "target"]
# Follow-up cues: how a message refers back to the previous answer.
Follow = Literal["and", "refer", "more", "why", "purpose", "judge", "detail", "source", "breakdown"]

YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
SECTION_REF = re.compile(
    r"\b(?:section|part|task|chapter|item|area|point)s?\s*(?:no\.?|number|#)?\s*"
    r"(?P<n>[ivx]+|\d|one|two|three|four|five|six|seven|eight|nine)\b"
    r"|\b(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\s+"
    r"(?:section|part|task|chapter|area)\b"
)
ZH_SECTION_REF = re.compile(
    r"(?:第([一二三四五六七八九\d])(?:部分|项|个?方面|章|条|个?任务|点))|任务([一二三四五六七八九\d])"
)
# "what else is in that part?": the previous answer's place, not a topic ("part", "section")
SAME_PART = re.compile(
    r"\b(?:in|from|of|on|about) (?:that|this|the same|the) (?:part|section|bit|chapter|area)\b",
    re.IGNORECASE,
)
BARE_ROMAN = re.compile(r"^\s*(?P<n>I|II|III|IV|V|VI|VII|VIII|IX)\s*[.?!]?\s*$")

MONEY = Cue(
    r"\b(?:in (?:yuan|rmb|dollars|usd|us dollars)|how much money|in (?:billion|million) yuan|"
    r"how many (?:yuan|dollars|rmb)|(?<!-)(?<!low )costs?|price|prices)\b"
    r"|多少钱|多少元|多少美元|多少美金|多少人民币|花了多少|造价"
)
SHARE = Cue(
    r"\b(?:share|percent|percentage|proportion|rate|ratio)\b|\bhow much of\b|%|比例|比重|百分|率"
)
COUNT = Cue(
    r"\bhow many\b|\bnumber of\b|多少个|几个|多少家|多少所|多少名|多少人|"
    r"多少趟|多少辆|多少套|多少条"
)
FIGURE = Cue(
    r"\bhow (?:many|much|big|large|fast|far|long|high|tall|old|deep|wide|heavy|often)\b|"
    r"\bhow (?:did|does|do|is|are|was|were) (?:the )?\w+(?: \w+)? (?:do|doing|go|going|perform|"
    r"performing)\b|\bwhat (?:percentage|share|proportion|"
    r"rate|number|amount|figure)\b|\bnumber of\b|\bby how much\b|\bhow much did\b|%"
    r"|多少|几个|几家|几所|比例|比重|增长了?多少|增速|百分之|几成|多大"
)
# Questions whose answer is what is done, not a number: "how will they tackle X?", "is there
# going to be a metro?", "what's happening with the airport?", "会不会", "怎么".
STATEMENT = Cue(
    r"\bhow (?:did|does|do|will|is|are|was|were|can|could) [a-z' -]{1,40}?\s(?:handle|handling|"
    r"deal|dealing|tackle|tackling|cope|respond|responding|fight|fighting|address|addressing|"
    r"help|helping|support|supporting|protect|protecting|promote|promoting|attract|attracting|"
    r"make|making|solve|solving|prevent|preventing|fix|fixing|reduce|reducing)\b"
    r"|\b(?:is|are) (?:there|they|the city|the government|the govt|jiaxing) (?:going to|gonna|"
    r"planning|doing anything|doing something|trying)\b"
    r"|\bwhat(?:'s| is| are)? (?:happening|going on|being done|planned) "
    r"(?:with|to|on|at|about|for)\b"
    r"|\bwill (?:we|i|there be|they|families|people|residents|citizens|jiaxing|the city)\b"
    r"|\bwhat (?:is|are|does) (?:the |a |an )?[a-z' +-]{2,40}? mean\b|\bmeaning of\b"
    # "what is the Red Boat Spirit?", "what are river leaders?": what a named thing is
    r"|^what(?:(?:'s| is| are|s) | (?=the |a |an ))"
    r"(?!.*\b(?:target|targets|goal|goals|figure|number|rate|share|growth|"
    r"amount|total|value|percentage|ratio|income|revenue|gdp|budget|investment|output|spending|"
    r"level|index|price|cost|size|population|result|results)\b)"
    r"|\bwhat (?:will|did|does|do|is|are) (?:they|the city|the government|the govt|jiaxing|we) "
    r"(?:\w+ly )?(?:do|doing|done)\b"
    r"|怎么|如何|什么措施|哪些措施|有什么(?:打算|计划|举措|政策|措施)|会不会|能不能|有没有"
)
# "what's the govt not doing well?": what falls short, as the report itself admits it
FALLING_SHORT = Cue(
    r"\bnot (?:doing|going|working) (?:so |too |very )?well\b|\bdoing (?:badly|poorly)\b"
    r"|\bfall(?:s|ing)? short\b|\blag(?:s|ging)? behind\b|\bwhere (?:is|are) (?:it|they|we|the "
    r"city|jiaxing) (?:weak|behind|lacking)\b|做得不好|做得不够|不够好|哪里不行|落后在哪"
)
UNITS_ASKED = (
    (
        Cue(r"\bin (?:kilomet(?:re|er)s?|km|miles?|met(?:re|er)s?)\b|多少公里"),
        frozenset({"kilometers"}),
    ),
    (
        Cue(r"\bin (?:hectares?|mu|acres?|square \w+|sq ?km)\b|多少公顷|多少亩|多少平方"),
        frozenset({"hectares", "square kilometers", "square meters"}),
    ),
)
WHEN = Cue(
    r"^when\b|\b(?:what date|what time|what day|which day|by when)\b|什么时候|何时|哪一天|几点|哪天"
)
SECTION_CUE = Cue("|".join(lx.SECTION_CUES))
SECTION_HINTS = (
    "about", "overview", "summar", "plan", "polic", "measures", "efforts", "priorities",
    "section", "chapter", "part", "task", "doing", "done", "nutshell", "short", "brief",
    "general", "big picture", "overall", "main", "gist", "broadly", "do", "did", "how ", "big",
    "broad", "approach", "why",
)  # fmt: skip
OPINION = Cue(
    r"\b(?:should i|do you think|what do you think|your opinion|in your view|do you like|"
    r"doing a good job|is it worth|would you recommend|is (?:it|jiaxing) (?:a )?(?:good|bad|nice)|"
    r"better than|best place|(?:what|which) is the best|what(?:'s)? the best|your favou?rite|"
    r"which\b[^?]*\bbest)\b"
    r"|你觉得|你认为|值得吗|推荐|你最喜欢"
)
STRONG_RESULT = Cue(
    r"\b(?:2018|last year|achieved|accomplished|so far)\b|去年|2018年|完成了|实现了"
)
STRONG_TARGET = Cue(r"\b(?:2019|this year|targets?|goals?|aims?|aiming)\b|今年|2019年|目标")
UNIT_NOUNS = frozenset(
    "days years months hours minutes times percent percentage points hectares ha mu acres km "
    "kilometres kilometers metres meters square sq yuan dollars rmb usd billion million tonnes "
    "teu teus containers".split()
)
# "How is the report organised?", "what's in it?", "报告分几个部分": the report's outline.
OUTLINE = Cue(
    r"\b(?:report|document|speech)\b.*\b(?:sections?|parts?|chapters?|structured?|organi[sz]ed|"
    r"outline|contents|cover|covers|topics)\b"
    r"|\b(?:report|document|speech) (?:is |was )?(?:all )?about\W*$"
    r"|\b(?:sections?|parts?|chapters?|structure|outline|contents)\b.*\b(?:report|document|speech)\b"
    r"|\bwhat(?:'s|s| is)? in (?:the |this )?(?:report|document|speech|it)\b"
    r"|报告.*(?:几个部分|几部分|哪几部分|哪些部分|哪几个部分|结构|目录|主要内容|讲了什么|讲了啥|讲什么|"
    r"说了什么|说了啥|都讲|都说|关于什么)"
    r"|(?:几个部分|几部分|哪几部分|目录|结构).*报告"
)
# Who delivered the report, when, to whom: questions about the report itself.
ABOUT_REPORT = Cue(
    r"\b(?:report|speech|document|address)\b.*\b(?:deliver\w*|releas\w*|publish\w*|present\w*|"
    r"gave|given|read out|put out|posted|online|addressed|behalf|session|who|whom|when|where|"
    r"called|named|title|thank\w*|end|ends|close|closes|finish\w*)\b"
    r"|\bwhat(?:'s| is)? (?:this|the) (?:report|document|speech) (?:\w+ )?for\b"
    r"|\b(?:when|who|whom|what date|where|on whose behalf|to whom|which city)\b.*\b(?:report|"
    r"speech|document)\b"
    r"|\bwhat(?:'s| is) (?:the|this) (?:report|document|speech)\b"
    r"|^what (?:the|this) (?:report|document|speech)\W*$"  # "what's the report?" as read
    r"|\bwho (?:did|does) the (?:mayor|speaker) thank\b|\bwho gave (?:it|the speech)\b"
    r"|报告.*(?:谁|什么时候|哪天|日期|发布|在哪|哪次会|讲什么|讲了什么|关于什么|叫什么|名字|感谢)"
    r"|(?:谁|什么时候|哪天|在哪).*报告"
)

# ---------------------------------------------------------------------- follow-ups
FOLLOW_UP: tuple[tuple[Follow, Cue], ...] = tuple(
    (kind, Cue(pattern))  # type: ignore[misc]
    for kind, pattern in (
        ("breakdown", r"\bhow many of (?:those|them|these|which)\b|\bof (?:those|them|"
                      r"which),? how many\b|"
                      r"\bwhich (?:[\w-]+ ){0,2}(?:ones|companies|firms|enterprises|factories|"
                      r"projects|districts|counties|countries|cities|villages|schools|hospitals|"
                      r"roads|parks|sectors|industries|sites|rivers|lakes|areas|towns|streets|"
                      r"places|businesses)\b|\bwhere will (?:the|it|they|those|these)\b|"
                      r"\bwhere exactly\b|\bwho exactly\b|\bwhat exactly\b|\bby (?:district|"
                      r"county|sector|"
                      r"country|industry|month|quarter)\b|\bbreak(?:down| it down| down)\b|"
                      r"\bof which\b|"
                      r"\bwhat kinds?\b|\bwhere (?:is|are|was|were) (?:it|they|those|these)\b|"
                      r"\bwhich (?:is|are|were|was) (?:it|they|those)\b|\bnames? of\b|"
                      r"\bwho (?:are|were) they\b|"
                      r"\bin which (?:district|county|town|city)\b|"
                      r"其中|分别是|具体是哪|具体在哪|哪几|哪些(?:企业|项目|地方|学校|医院|公司|村|区|县)|在哪里|在哪儿|在哪|都有谁|名单"),
        ("why", r"^(?:and )?why\b|\bhow come\b|\bwhy (?:is|was|did|does) (?:that|it|this)\b|为什么|"
                r"为啥|为何|怎么回事|"
                r"\bhow did (?:they|we|it|the city|jiaxing) "
                r"(?:manage|achieve|pull|get|keep|make)\b|"
                r"^how\W*$|^how\s*,|^reasons?\W*$|"
                r"\bwhat(?:'s| is|s)? the (?:point|reason|purpose)\b|"
                r"有什么意义|有啥意义|什么意义|有什么用|有啥用|怎么做到|如何做到"),
        # "why does that matter?": the reason the report gives for that area of its work
        ("purpose", r"\bmatters?\b|\bimportan(?:t|ce)\b|\bthe point\b|\bbig deal\b|"
                    r"\bso hard\b|\bdoing (?:this|that|it)\b|\bbother\b|\bpurpose\b|"
                    r"\bso (?:big|keen) on\b|意义|重要|为什么要|为啥要|目的"),
        ("judge", r"\bis (?:that|this|it) (?:good|bad|a lot|much|high|low|enough|big|small|normal|"
                  r"impressive|ok|okay|realistic|estimated|final|official|confirmed)\b|\b(?:good|"
                  r"bad) or (?:bad|good)\b|"
                  r"\bis that (?:an? )?(?:estimate|final figure|official figure)\b|"
                  r"\bestimated or final\b|"
                  r"\bhow (?:good|bad) is (?:that|it)\b|\bcompared (?:to|with) what\b|"
                  r"算多吗|多吗|高吗|低吗|好不好|好吗|行吗|怎么样啊?$|"
                  r"正常吗|厉害吗|是估计|准确吗|可靠吗"),
        ("source", r"\bsource\b|\bwhere (?:does|did) (?:it|the report) say\b|\bwhich (?:section|"
                   r"part|page)\b|"
                   r"\bquote\b|\bexact words\b|\bwhere is that from\b|\bproof\b|"
                   r"出处|原文|原话|哪里说的|哪里写的|哪写的|哪一部分|"
                   r"在报告哪"),
        ("detail", r"^details?\b|^meaning\W*$|\btell me more\b|"
                   r"\bmore (?:details?|info(?:rmation)?)\b|\bin detail\b|"
                   r"\bexplain\b|"
                   r"\belaborate\b|\bgo on\b|\bsay more\b|\bwhat does that mean\b|"
                   r"\bwhat do you mean\b|\bmeaning\b|"
                   r"详细|具体说|展开|多说点|什么意思|解释一下|具体点"),
        ("more", r"^(?:and )?(?:more|next|another|anything else|what else|others?|continue|"
                 r"keep going|"
                 r"show more|more please|any more|anymore|and\?)\W*$|\bwhat else\b|"
                 r"\banything else\b|\bany others?\b|"
                 r"^还有(?:呢|吗|别的|什么|其他)?\W*$|还有别的|其他的?呢|更多|下一个|再来|继续"),
        ("and", r"^(?:and|what about|how about|and what about|and how about|what of|same for|"
                r"and for|and in|and the|and what|also|then|but|ok and|okay and)\b|^那|呢\W*$"),
        ("refer", r"\b(?:it|that|this|those|these|they|them|its|their|same|the figure|the number|"
                  r"the target|the result)\b|它|这个|那个|这些|那些|这项|该"),
    )
)  # fmt: skip
NEW_TOPIC = re.compile(
    r"^(?:ok(?:ay)?,?\s*|so,?\s*|right,?\s*|alright,?\s*|thanks,?\s*|cool,?\s*|great,?\s*)*"
    r"(?:(?:an)?other|different|new|next|one more|unrelated|separate|another)\s+(?:question|topic|"
    r"thing|q)\b"
    r"[\s:,.!-]*"
    r"|^(?:changing|change|switching) (?:the )?(?:subject|topic)[\s:,.!-]*"
    r"|^(?:换个问题|换个话题|另外一个问题|另一个问题|再问一个|还有个问题|问个别的|我再问)[\s:，,。！!]*",
    re.IGNORECASE,
)


def follow_cues(lowered: str) -> frozenset[Follow]:
    """Every way the message refers back to an earlier answer ("purpose" only with "why")."""
    found = frozenset(kind for kind, pattern in FOLLOW_UP if pattern.found(lowered, lowered))
    return found if "why" in found or "purpose" not in found else found - {"purpose"}


_HOW_IS_IT_GOING = re.compile(
    r"^how(?: is| are|s)? \w.{0,60}\b(?:going|coming along|progressing)\W*$"
)


def intent_of(lowered: str, tokens: list[str]) -> Intent | None:
    """Whether the question asks about the 2018 result or the 2019 target, by its cue words."""
    score = 0.0
    for phrase in lx.RESULT_PHRASES:
        if phrase in lowered:
            score -= 2 * lowered.count(phrase)
    for phrase in lx.TARGET_PHRASES:
        if phrase in lowered:
            score += 2 * lowered.count(phrase)
    for word in tokens:
        if word == "2018":
            score -= 3
        elif word == "2019":
            score += 3
        elif word in lx.STRONG_TARGET_WORDS:
            score += 2
        elif word in lx.STRONG_RESULT_WORDS:
            score -= 2
        elif word in lx.TARGET_WORDS:
            score += 1
        elif word in lx.RESULT_WORDS:
            score -= 1
        elif word in lx.WEAK_RESULT_WORDS:
            score -= 0.5
    if _HOW_IS_IT_GOING.search(lowered):
        score -= 2  # "how's the per-acre reform going?": how it has gone so far
    for phrase in lx.RESULT_ZH:
        if phrase in lowered:
            score -= 2
    for phrase in lx.TARGET_ZH:
        if phrase in lowered:
            score += 2
    if score > 0:
        return "target"
    if score < 0:
        return "result"
    return None


def section_number(text: str, lowered: str) -> int | None:
    """ "section 7", "task VII", "part three", "第七部分": a numbered task of the report."""
    if match := BARE_ROMAN.match(text):
        return lx.ROMAN[match.group("n").lower()]
    if match := SECTION_REF.search(lowered):
        token = match.group("n") or match.group("ord")
        if token in lx.ROMAN:
            return lx.ROMAN[token]
        if token.isdigit():
            return int(token)
        return lx.NUMBER_WORDS.get(token)
    if match := ZH_SECTION_REF.search(text):
        token = match.group(1) or match.group(2)
        return int(token) if token.isdigit() else lx.CHINESE_DIGITS[token]
    return None


def asks_for_section(text: str, lowered: str) -> bool:
    """Whether the question asks about a whole area ("tell me about", "plans for", "第九部分")."""
    if any(hint in lowered for hint in SECTION_HINTS) and SECTION_CUE.found(lowered, lowered):
        return True
    return any(cue in text for cue in lx.SECTION_CUES_ZH)


def broad_cue_words(lowered: str) -> frozenset[str]:
    """Words that only make a question broad where they begin or end a section cue ("how did
    reform *go*", "the *big* plans for villages", "in *general terms*"): not topic words there
    ("how did the go-global firms do" keeps its "go")."""
    if not any(hint in lowered for hint in SECTION_HINTS):
        return frozenset()
    found: set[str] = set()
    start = 0
    # Overlapping matches: "in general terms" holds "in general" and "general terms".
    while (match := SECTION_CUE.regex.search(lowered, start)) is not None:
        said = match.group().split()
        found.update(w for w in (said[0], said[-1]) if w in lx.BROAD_CUE_WORDS)
        start = match.start() + 1
    return frozenset(found)


def asks_count(lowered: str, tokens: list[str]) -> bool:
    """ "how many X", where X is not a unit ("how many days" asks a duration)."""
    return COUNT.found(lowered) and not any(
        first == "how" and second == "many" and noun in UNIT_NOUNS
        for first, second, noun in zip(tokens, tokens[1:], tokens[2:], strict=False)
    )
