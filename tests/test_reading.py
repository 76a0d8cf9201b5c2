"""Reading a question: a table of messages and how each is read, and the readers it uses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.engine import Engine
from bot.engine.chinese import (
    GB2312_VARIANTS,
    drop_lead_in,
    read_numerals,
    segment,
    to_simplified,
)
from bot.engine.reading import says_nothing_zh
from bot.engine.smalltalk import asks_for_service, small_talk

READINGS: list[tuple[str, dict[str, Any]]] = [
    ("How many new jobs were created last year?", {"intent": "result", "asks_count": True}),
    ("new jobs target", {"intent": "target", "explicit_year": "target"}),
    ("jobs 2019", {"years": frozenset({2019}), "intent": "target"}),
    ("GDP growth in 2017", {"years": frozenset({2017})}),
    ("exports to the US", {"other_places": ("america",)}),  # the country, not "us"
    ("tell us about exports", {"other_places": ()}),
    ("exports in US dollars", {"other_places": ()}),
    ("how clean is the air now", {"intent": "result"}),  # the latest figure is 2018's
    ("what are the air targets from now on", {"intent": "target"}),
    ("is there a plan now for parks", {"intent": "target"}),  # "plan" outweighs "now"
    ("目前空气质量怎么样", {"intent": "result"}),
    ("What was Jiaxing's GDP in yuan?", {"asks_money": True}),
    ("What share of days had excellent air?", {"asks_share": True, "asks_figure": True}),
    ("When was the report delivered?", {"asks_when": True, "about_report": True}),
    ("how long is the new road in km", {"wanted_units": frozenset({"kilometers"})}),
    ("section VII", {"section_number": 7}),
    ("第九部分讲了什么", {"section_number": 9, "language": "zh"}),
    ("setcion III", {"section_number": 3}),  # a slip in the cue word
    ("你好，第九部分讲了什么", {"section_number": 9, "smalltalk": None}),  # a greeting, then asks
    ("tell me about culture", {"section_cue": True}),
    ("what is the city doing about culture?", {"section_cue": True}),
    ("How did reform go last year?", {"section_cue": True, "intent": "result"}),
    ("What are the main targets?", {"overview": True}),
    ("How did the city handle the trade war?", {"asks_statement": True, "asks_figure": False}),
    ("is there going to be a metro to Shanghai?", {"asks_statement": True}),
    ("土壤污染政府打算怎么管？", {"asks_statement": True}),
    ("How many new jobs in 2019?", {"asks_statement": False, "asks_figure": True}),
    ("what are river leaders?", {"asks_statement": True}),  # what a named thing is
    ("what is the new jobs target?", {"asks_statement": False}),
    ("What is Hangzhou's GDP?", {"other_places": ("hangzhou",)}),
    ("Write me a poem about the South Lake", {"creative": True}),
    ("Is the mayor doing a good job?", {"opinion": True}),
    ("how do I apply for the low-income subsidy?", {"service": True}),
    ("can you top up my bus card", {"service": True}),
    ("my pension hasn't arrived this month", {"service": True}),
    ("查一下我的医保卡余额", {"service": True}),
    ("how long does it take to get a new ID card", {"service": True}),
    ("where do i go to renew my ID card in nanhu district", {"service": True}),
    (
        "not enough kindergarten places for my daughter, is the city doing anything?",
        {"opinion": False},
    ),
    ("Which high school in Jiaxing is the best one for my son?", {"opinion": True}),
    ("how long does it take to get an investment project approved", {"service": False}),
    ("r u a real person or a bot", {"smalltalk": "bot"}),
    ("can I use my bus card in Shanghai?", {"service": False}),  # what the report says
    ("thanks, that 7% figure was helpful!", {"smalltalk": "thanks"}),
    ("666", {"smalltalk": "praise"}),
    ("traffic jams are terrible on my commute", {"smalltalk": None}),  # of the city, not us
    ("垃圾分类太烂了", {"smalltalk": None}),
    ("this is rubbish", {"smalltalk": "insult"}),
    ("useless bot", {"smalltalk": "insult"}),
    ("heyyy whats up", {"smalltalk": "greeting"}),  # not "heavy"
    # "actually" stresses the asking; it is no 2018 cue ("the actual figure" still is)
    (
        "what are they actually doing about noise pollution",
        {"asks_statement": True, "intent": None},
    ),
    ("what was the actual figure for exports", {"intent": "result"}),
    ("that's it for today, good night", {"smalltalk": "goodbye"}),
    ("gotta go, ttyl", {"smalltalk": "goodbye"}),
    ("you keep giving me the same answer, forget it", {"smalltalk": "insult"}),
    ("who r u", {"smalltalk": "bot"}),
    ("罚款在这里可以交吗", {"service": True}),
    ("could you process my permit application", {"service": True}),
    ("how will the city process household garbage", {"service": False}),
    ("and in 2019?", {"follow": frozenset({"and"}), "intent": "target"}),
    ("why?", {"follow": frozenset({"why"})}),
    ("how did they manage that", {"follow": frozenset({"why", "refer"})}),
    ("扩建了有啥用", {"follow": frozenset({"why"})}),
    ("how did they get it so low", {"follow": frozenset({"why", "refer"})}),
    ("how?", {"follow": frozenset({"why"})}),
    ("why does that matter?", {"follow": frozenset({"why", "purpose", "refer"})}),
    ("这有什么意义？", {"follow": frozenset({"why", "purpose"})}),
    ("is culture important?", {"follow": frozenset()}),  # a purpose word without "why"
    ("how did they do on that in 2018?", {"follow": frozenset({"refer"})}),  # a result
    ("details pls", {"follow": frozenset({"detail"})}),
    ("are local factories switching to robots", {"asks_problem": False}),
    ("还有吗", {"follow": frozenset({"more"})}),  # a cue anchored at the start, in Chinese
    # "what's" is read as "what" (the "'s" goes with possessives): cues still see it
    ("what's the point of that", {"follow": frozenset({"why", "purpose", "refer"})}),
    ("what's happening with the airport?", {"asks_statement": True}),
    ("what's the Red Boat Spirit?", {"asks_statement": True}),
    ("what's the report?", {"about_report": True}),
    ("what's the GDP target?", {"asks_statement": False}),
    ("what's the best district to live in?", {"opinion": True}),
    ("how many low cost housing units?", {"asks_money": False}),  # a name, not a price
    ("what will the metro cost?", {"asks_money": True}),
    ("报告哪里写的？", {"follow": frozenset({"source"})}),
    ("is that good?", {"follow": frozenset({"judge", "refer"})}),
    ("how many of those were German?", {"follow": frozenset({"breakdown", "refer"})}),
    ("more", {"follow": frozenset({"more"})}),
    ("ok, different question: GDP", {"new_topic": True}),
    ("quick question: GDP growth", {"text": "GDP growth"}),
    ("thanks! and in 2019?", {"text": "and in 2019", "smalltalk": None}),
    ("我有个问题", {"text": ""}),  # "I have a question", not "a problem"
    ("我有个问题，去年GDP增长多少", {"text": "去年GDP增长多少"}),
    ("who does the mayor thank?", {"smalltalk": None, "about_report": True}),
    ("what shortcomings does the report admit?", {"asks_problem": True}),
    ("报告承认有哪些短板", {"asks_problem": True}),
    ("政府工作报告里承认了哪些问题和不足？", {"asks_problem": True, "about_report": False}),
    ("报告里说嘉兴存在的问题有哪些", {"admits_problem": True, "about_report": False}),
    ("what's the govt not doing well?", {"asks_problem": True, "admits_problem": True}),
    ("政府哪些方面做得不好", {"asks_problem": True}),
    ("how many new jobs?", {"asks_problem": False}),
    ("give me an ovrview of what was achieved in 2018", {"overview": True}),  # a cue's typo
    ("@JiaxingReportBot hi, GDP growth?", {"text": "GDP growth"}),
    ("今年的GDP目标", {"language": "zh", "intent": "target"}),
    ("报告里的三个必须是哪三个？", {"section_cue": True}),  # which three: the part listing them
    ("去年新增就业", {"intent": "result", "explicit_year": "result"}),
    ("how's the per-acre output reform going", {"intent": "result"}),  # how it has gone
    ("how are things going to change this year?", {"intent": "target"}),
]


@pytest.mark.parametrize(("message", "expected"), READINGS)
def test_a_message_is_read_as_a_citizen_means_it(
    engine: Engine, message: str, expected: dict[str, Any]
) -> None:
    reading = engine.read(message)
    for field, value in expected.items():
        assert getattr(reading, field) == value, (field, getattr(reading, field))


@pytest.mark.parametrize(
    ("message", "term"),
    [
        ("unemplyment", "unemploy"),  # a typo in a long word
        ("GPD growth", "gdp"),  # swapped letters in an acronym
        ("hw mny new jobs", "job"),  # text-speak
        ("min wage std", "minimum"),  # "min" before a word
        ("kindergarten seets", "seat"),  # a slip as close to "seeds": the other words choose
        ("$ 4 biz parks", "enterpris"),  # "$" is money, "4" after it "for", "biz" business
        ("低保", "zh:低保"),  # the glossary's own word
        ("空氣質量", "zh:空气质量"),  # Traditional characters
        ("农民收入在浙江排第几", "zh:排第几"),  # a glossary word no keyword holds
        ("2019年1月15日", "num:20190115"),  # a Chinese date
        ("January 15", "num:20190115"),
        ("今年要新建多少套baozhangfang", "zh:保障房"),  # pinyin for a Chinese word
        ("gao tie新城规划在哪", "zh:高铁新城"),  # ... typed in syllables
        ("how many gongzufang this year", "zh:公租房"),  # ... in English
        ("did incomes go up last year?", "increas"),  # "go up" is the report's "increase"
        ("is jiaxing uni being upgraded", "universiti"),  # text-speak
        ("do people's daily lives still have shortfalls", "shortcom"),
    ],
)
def test_the_terms_read_from_a_message(engine: Engine, message: str, term: str) -> None:
    assert term in {t.text for t in engine.read(message).known_terms}


@pytest.mark.parametrize(
    ("message", "kept", "absent"),
    [
        ("30 min by train", "num:30", "minimum"),  # after a number, "min" is minutes
        ("4 new parks", "num:4", None),  # a count stays a count
        ("$3 billion of investment", "num:3", "money"),  # "$" before an amount: the currency
    ],
)
def test_text_speak_leaves_what_is_meant_literally(
    engine: Engine, message: str, kept: str, absent: str | None
) -> None:
    terms = {t.text for t in engine.read(message).terms}
    assert kept in terms
    assert absent not in terms


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("How did reform go last year?", {"reform"}),  # "go" only makes the question broad
        ("what are the big plans for the countryside?", {"villag"}),
        ("how was the economy doing, in general terms", {"economi"}),
        ("what are the plans for big data", {"big"}),  # "big" outside the cue: a topic word
    ],
)
def test_words_of_a_broad_cue_are_not_topic_words(
    engine: Engine, message: str, topic: set[str]
) -> None:
    terms = {t.text for t in engine.read(message).terms if not t.text.startswith("num:")}
    assert terms == topic


def test_a_light_word_is_light_by_what_was_typed_not_by_its_synonym(engine: Engine) -> None:
    """ "pay" is an everyday word and a synonym of income; "incomes" is not everyday."""
    (term,) = engine.read("incomes").terms
    assert not term.light
    assert all(t.light for t in engine.read("pay").terms)


def test_names_are_never_corrected(engine: Engine) -> None:
    reading = engine.read("What did the Lakers do for Jiaxing?")
    assert "lake" not in {t.text for t in reading.known_terms}


def test_a_slip_in_a_filler_word_stays_filler(engine: Engine) -> None:
    terms = {t.text for t in engine.read("job nummbers").terms}
    assert terms == {"job"}


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("二〇一九年", "2019年"),
        ("19年GDP", "2019年GDP"),
        ("六万六千个岗位", "66000个岗位"),
        ("百分之七", "7%"),
        ("增长百分之十五点五", "增长15.5%"),
        ("三个区", "3个区"),
        ("一带一路", "一带一路"),
        ("写一首诗", "写一首诗"),
        ("统一规划", "统一规划"),
    ],
)
def test_chinese_numerals_are_read_as_digits_but_not_inside_words(text: str, read: str) -> None:
    assert read_numerals(text) == read


def test_numerals_inside_the_knowledge_bases_own_terms_stay(engine: Engine) -> None:
    assert "八项规定" in engine.index.zh_numeral_terms
    assert read_numerals("八项规定怎么落实", engine.index.zh_numeral_terms) == "八项规定怎么落实"


def test_traditional_characters_become_simplified() -> None:
    assert to_simplified("嘉興的高鐵站") == "嘉兴的高铁站"
    assert to_simplified("GDP") == "GDP"
    assert to_simplified("以後的計劃") == "以后的计划"
    assert to_simplified("之後") == "之后"  # a GB2312 character OpenCC changes


def test_the_gb2312_variants_are_the_ones_opencc_changes() -> None:
    """Simplified text skips OpenCC; that is right only if the variant list is complete."""
    import opencc

    converter = opencc.OpenCC("t2s.json")
    changed = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                char = bytes([high, low]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if converter.convert(char) != char:
                changed.add(char)
    assert changed == set(GB2312_VARIANTS)


@pytest.mark.parametrize(
    "message",
    # English words and names are never read as pinyin, even where a Chinese word sounds alike
    ["how did jiaxing change in 2018", "Haining and Tongxiang", "the Yangtze delta plan"],
)
def test_english_is_not_read_as_pinyin(engine: Engine, message: str) -> None:
    assert engine.read(message).language == "en"


def test_answering_from_the_cache_never_loads_pypinyin(tmp_path: Path) -> None:
    """pypinyin builds the pinyin table with the index; a cached engine reads pinyin without it."""
    code = (
        "import sys; from bot.loading import load_engine; e = load_engine(); "
        "r = e.ask('今年要新建多少套baozhangfang'); print(r.best.id, 'pypinyin' in sys.modules)"
    )
    env = {**os.environ, "REPORTBOT_CACHE_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.split() == ["low-cost-housing-2019", "False"]


def test_simplified_questions_never_load_opencc() -> None:
    code = (
        "import sys; from bot.loading import load_engine; e = load_engine(); "
        "e.ask('今年要建多少保障房？'); print('opencc' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("我每天去公园锻炼，今年建多少保障房？", "今年建多少保障房？"),
        ("我是退休工人，养老金涨了吗", "养老金涨了吗"),
        ("今年建多少保障房", "今年建多少保障房"),
        # "I heard that..." names the topic: it stays.
        (
            "听说嘉兴市第二医院要搬迁，报告里提到了吗？",
            "听说嘉兴市第二医院要搬迁，报告里提到了吗？",
        ),
    ],
)
def test_personal_lead_ins_are_dropped(text: str, kept: str) -> None:
    assert drop_lead_in(text) == kept


def test_a_long_message_without_punctuation_is_read_from_its_last_question(engine: Engine) -> None:
    with_stops = engine.ask(
        "I'm a retired farmer in Pinghu and my son works in Shanghai now. How many new jobs "
        "will the city create this year?"
    )
    without = engine.ask(
        "I'm a retired farmer in Pinghu and my son works in Shanghai now how many new jobs "
        "will the city create this year"
    )
    assert with_stops.best is not None
    assert without.best is not None
    assert without.best.id == with_stops.best.id == "new-jobs-2019"


def test_a_dropped_lead_in_still_hints_at_the_topic(engine: Engine) -> None:
    """ "我家是村里的低收入户，…收入涨多少？": the low-income households count, a little."""
    reading = engine.read("我家是村里的低收入户，今年政府打算让我们收入涨多少？")
    hints = [t for t in reading.known_terms if "低收入" in t.text]
    assert hints
    assert all(t.weight < 0.5 for t in hints)
    assert engine.read("今年政府打算让我们收入涨多少？").known_terms


def test_segmentation_takes_the_longest_known_words() -> None:
    words = frozenset({"保障房", "今年", "保障"})
    assert segment("今年建多少保障房", words, 3) == ("今年", "建多少", "保障房")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hello!", "greeting"),
        ("good morning from Nanhu 🌞", "greeting"),
        ("thanks a lot", "thanks"),
        ("👍", "emoji"),
        ("are you a robot?", "bot"),
        ("what can you do?", "capabilities"),
        ("谢谢你！", "thanks"),
        ("happy 70th anniversary everyone! 🎉", "praise"),
    ],
)
def test_small_talk_is_recognised(text: str, kind: str) -> None:
    assert small_talk(text, has_topic=False) == kind


@pytest.mark.parametrize(
    "text",
    ["hi, how many new jobs this year?", "How many new excellent schools were opened in 2018"],
)
def test_a_question_with_a_greeting_or_praise_word_is_still_a_question(text: str) -> None:
    assert small_talk(text, has_topic=True) is None


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("how do I apply for a subsidy?", True),
        ("can you book me a hospital appointment", True),
        ("my landlord won't return my deposit", True),
        ("怎么申请低保", True),
        ("我想把户口迁到嘉兴，要准备哪些材料？", True),
        ("Can I use my medical-insurance card in Shanghai?", False),
        ("Summarise the opening-up plans for me", False),
        ("How many people got the minimum living allowance?", False),
        ("我要上访投诉", True),
        ("老百姓信访投诉政府准备怎么处理？", False),  # how complaints are handled: the report
        ("上访投诉这块今年咋弄", False),
    ],
)
def test_requests_for_a_service_are_told_from_questions(text: str, service: bool) -> None:
    assert asks_for_service(text) is service


def test_chinese_patterns_cost_nothing_for_english_text() -> None:
    """An English question never compiles the Chinese character classes (~5 ms each)."""
    from bot.engine.chinese import NonAscii

    han = NonAscii(r"[\u4e00-\u9fff]+")
    assert han.search("new jobs 2018") is None
    assert han.findall("new jobs 2018") == []
    assert han.sub(" ", "new jobs 2018") == "new jobs 2018"
    assert han._regex is None  # never compiled
    assert han.findall("去年 new jobs 多少") == ["去年", "多少"]
    assert han.sub(" ", "就业ok") == " ok"


@pytest.mark.parametrize(
    "message",
    [
        "老板欠工资不给 政府管不管啊",
        "杭州引水到嘉兴 靠谱吗 搞到哪一步了",
        "老城区的危旧房今年拆不拆",  # any verb asked as "X不X"
        "今年养老这块有啥新举措",
    ],
)
def test_chinese_colloquial_asking_words_are_no_unknown_topic(engine: Engine, message: str) -> None:
    """ "管不管啊", "靠谱吗", "搞到哪一步了", "拆不拆", "这块有啥新举措": how residents ask, not
    what about; only the topic is left to weigh ("欠工资", "杭州引水")."""
    terms = engine.read(message).terms
    unknown = [t.text for t in terms if not t.known]
    assert not any(w in t for t in unknown for w in ("管", "靠谱", "哪一步", "拆", "举措")), unknown
    assert not any("举措" in t.text for t in terms)  # no keyword of another topic that says it


def test_no_chinese_keyword_is_a_word_that_says_nothing(engine: Engine) -> None:
    """A Chinese keyword the reader drops as filler elsewhere ("政府", as "government" is an
    English stop word) would weigh in wherever it is said ("政府有没有什么办法"): none is one,
    except the words that say "a problem", which the problem rule reads on purpose."""
    found = [
        w
        for w in engine.index.zh_dictionary
        if says_nothing_zh("zh:" + w) and not engine.is_problem_word("zh:" + w)
    ]
    assert found == []


def test_which_three_is_not_the_figure_three(engine: Engine) -> None:
    """ "「三個必須」是哪三個？": "哪三个" asks which ones, it is no figure 3 to look for."""
    terms = {t.text for t in engine.read("報告中提到的「三個必須」是哪三個？").terms}
    assert "num:3" not in terms
    assert not any(t.startswith("zh?") for t in terms), terms


def test_the_authorities_are_the_government_not_something_authorized(engine: Engine) -> None:
    """ "are the authorities going after those people?": the government, a stop word, not the
    stem of "authorized" (patents); the topic is the fund-raising scheme said before it."""
    reading = engine.read(
        "my uncle lost his savings in a dodgy fundraising scheme - are the authorities going "
        "after those people?"
    )
    assert "author" not in {t.text for t in reading.terms}
    assert any(t.text.startswith("fundrais") and not t.context for t in reading.terms)


def test_common_verbs_are_not_corrected_into_topics(engine: Engine) -> None:
    """ "switching" is not a slip for "watch", nor "heard" for "head": everyday verbs the
    index does not hold are dropped, not corrected into a topic."""
    terms = {t.text for t in engine.read("i heard factories are switching to robots").terms}
    assert "watch" not in terms
    assert "head" not in terms
    assert "robot" in terms
    # two slips, the first letter among them, make another word of eight letters: "ignoring"
    # is not "honoring"
    terms = {t.text for t in engine.read("drivers ignoring traffic rules").terms}
    assert "honor" not in terms
    assert "traffic" in terms


def test_the_currency_asked_is_no_topic(engine: Engine) -> None:
    """ "...的目标是多少美元？": "多少美元" asks for money; it is not part of "亿美元项目"
    (the large foreign projects) to look for."""
    reading = engine.read("今年實際利用外資的目標是多少美元？")
    assert [t.text for t in reading.terms] == ["zh:实际利用外资"]
    assert reading.asks_money


def test_a_cue_tested_one_alternative_at_a_time_agrees_with_its_whole_pattern(
    engine: Engine,
) -> None:
    """`Cue.found` runs only the alternatives whose hints a message holds; on every cue the
    engine defines and every development question (as typed and as read), it says what the
    whole pattern's search says."""
    from benchmarks.sets import dev_sets, load
    from bot.engine import patterns

    texts = [t.q for path in dev_sets() for d in load(path) for t in d.turns]
    texts += [" ".join(engine.read(q).tokens) for q in texts]
    cues = list(patterns._ALL)
    split = [c for c in cues if len(patterns.top_level_branches(c.pattern)) >= 4]
    assert len(split) >= 10  # the check covers cues that are split, not only whole ones
    for cue in cues:
        for text in texts:
            assert cue.found(text) == (cue.regex.search(text) is not None), (cue.pattern, text)


def test_top_level_alternatives_leave_groups_classes_and_escapes_whole() -> None:
    from bot.engine.patterns import top_level_branches

    assert top_level_branches(r"a|b(c|d)|[|x]|e\|f") == ["a", "b(c|d)", "[|x]", r"e\|f"]
    assert top_level_branches(r"(?:x|y)") == ["(?:x|y)"]
    assert top_level_branches(r"[]|]z|w") == ["[]|]z", "w"]
