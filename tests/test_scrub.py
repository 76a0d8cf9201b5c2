"""Scrubbing questions before they are logged: personal data out, the question itself intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.questions.scrub import PLACEHOLDERS, scrub

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("text", "secret", "placeholder"),
    [
        ("call me on 13812345678 please", "13812345678", "<phone>"),
        ("my number: 138 1234 5678", "1234 5678", "<phone>"),
        ("my number: 138-1234-5678", "1234-5678", "<phone>"),
        ("+86 138 1234 5678 is mine", "1234 5678", "<phone>"),
        ("8613812345678", "13812345678", "<phone>"),
        ("我的电话13812345678谢谢", "13812345678", "<phone>"),
        ("手机：１３８１２３４５６７８", "１３８１２３４５６７８", "<phone>"),
        ("office 0573-82345678", "82345678", "<phone>"),
        ("office (0573) 8234 5678", "8234 5678", "<phone>"),
        ("ring +44 20 7946 0958 after six", "7946 0958", "<phone>"),
        ("hotline 400-123-4567", "123-4567", "<phone>"),
        ("write to li.wei+jx@example.com.cn today", "li.wei", "<email>"),
        ("邮箱wangfang@163.com", "wangfang", "<email>"),
        ("my ID is 33040219900101123X", "33040219900101123X", "<id>"),
        ("身份证号330402199001011234", "330402199001011234", "<id>"),
        ("old ID 330402900101123", "330402900101123", "<id>"),
        ("ID 330402 19900101 1234", "19900101", "<id>"),
        ("card 6222 0212 3456 7890 123", "3456 7890", "<card>"),
        ("card 6222-0212-3456-7890", "3456-7890", "<card>"),
        ("银行卡6222021234567890123", "6222021234567890123", "<card>"),
        ("ask @li_wei88 about it", "li_wei88", "<user>"),
        ("WeChat ID: liwei_1988", "liwei_1988", "<user>"),
        ("加我微信号 liwei1988", "liwei1988", "<user>"),
        ("see https://example.com/a?b=c", "example.com", "<url>"),
        ("see www.example.org/page", "example.org", "<url>"),
        ("join t.me/some_private_group", "some_private_group", "<url>"),
        ("order number 20190312778", "20190312778", "<number>"),
        ("postcode 314000", "314000", "<number>"),
        ("my name is John Smith, what was GDP growth?", "Smith", "<name>"),
        ("My name is john. GDP?", "john", "<name>"),
        ("I am called Li Wei", "Li Wei", "<name>"),
        ("I'm Zhang Wei, how many new jobs?", "Zhang", "<name>"),
        ("I’m Chen Jing from Tongxiang", "Chen Jing", "<name>"),
        ("call me Wang Fang", "Wang Fang", "<name>"),
        ("我叫张三，想问GDP", "张三", "<name>"),
        ("我的名字是李四", "李四", "<name>"),
        ("我是王小明，想问就业", "王小明", "<name>"),
        ("我姓欧阳", "欧阳", "<name>"),
    ],
)
def test_personal_data_is_replaced_by_a_placeholder(
    text: str, secret: str, placeholder: str
) -> None:
    scrubbed = scrub(text)
    assert secret not in scrubbed
    assert placeholder in scrubbed


def test_the_rest_of_the_question_stays() -> None:
    assert scrub("my name is John Smith, what was GDP growth?") == (
        "my name is <name>, what was GDP growth?"
    )
    assert scrub("我的电话13812345678谢谢") == "我的电话<phone>谢谢"
    assert scrub("I'm Zhang Wei, how many new jobs?") == "I'm <name>, how many new jobs?"
    assert scrub("see https://example.com/a?b=c.") == "see <url>."


@pytest.mark.parametrize(
    "question",
    [
        "GDP growth in 2018",
        "新增城镇就业多少人",
        "what was the 6.5% target",
        "GDP grew 7.6% in 2018, what about 2019?",
        "how many people ride the metro in 30 minutes",
        "1.72 million tourists?",
        "110,000 new jobs in 2018-2019",
        "12345 hotline",
        "I am curious about the budget",
        "I'm Looking For the jobs target",
        "I am Chinese, what is the hukou policy",
        "my name is not important: jobs?",
        "我是否可以申请低保",
        "我是嘉兴人，想问一下GDP",
        "今年的GDP目标是多少？",
        "2019年新增城镇就业8万人吗",
        "PM2.5浓度下降多少",
        "what does GDP mean?",
    ],
)
def test_report_style_questions_come_back_unchanged(question: str) -> None:
    assert scrub(question) == question


def _development_questions() -> list[str]:
    files = sorted((ROOT / "tests").glob("questions*.yaml")) + sorted(
        (ROOT / "tests" / "dev").glob("*.yaml")
    )
    found: list[str] = []
    for path in files:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            turns = item.get("turns", [item])
            found.extend(turn["q"] for turn in turns if isinstance(turn.get("q"), str))
    return found


def test_every_development_question_is_kept_as_asked_but_for_mentions() -> None:
    questions = _development_questions()
    assert len(questions) > 1000
    changed = [q for q in questions if scrub(q) != re.sub(r"@\w+", "<user>", q)]
    assert changed == []


_MOBILE = st.builds(
    lambda second, rest: "1" + second + rest,
    st.sampled_from("3456789"),
    st.text("0123456789", min_size=9, max_size=9),
)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40), _MOBILE, st.text(max_size=40))
def test_no_mobile_number_survives_in_any_text(before: str, mobile: str, after: str) -> None:
    assert mobile not in scrub(before + mobile + after)


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=30),
    _MOBILE,
    st.sampled_from([" ", "-", ""]),
    st.sampled_from(["", "+86 ", "86", "0086-", "(+86) "]),
)
def test_no_mobile_number_survives_however_it_is_written(
    text: str, mobile: str, separator: str, prefix: str
) -> None:
    written = prefix + separator.join([mobile[:3], mobile[3:7], mobile[7:]])
    scrubbed = scrub(f"{text} {written} {text}")
    assert mobile not in scrubbed
    assert mobile[3:7] + separator + mobile[7:] not in scrubbed  # not even its last eight digits


# Text made of the pieces personal data is made of, to meet the patterns' edges often.
_PIECES = st.lists(
    st.sampled_from(
        [
            *"0123456789０１３８ -+@.:：()Xx/abcwqQ我叫是姓王张三名字微信号，。",
            *["http://", "www.", "t.me/", "my name is ", "I'm ", "Li ", "Wei "],
            *["13812345678", "@user", "<phone>", "<name>"],
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=60), _PIECES))
def test_scrubbing_twice_changes_nothing_more(text: str) -> None:
    once = scrub(text)
    assert scrub(once) == once


def test_placeholders_are_left_alone() -> None:
    text = " ".join(PLACEHOLDERS)
    assert scrub(text) == text
    assert scrub("my name is <name>, call <phone>") == "my name is <name>, call <phone>"


def test_a_long_message_is_scrubbed_quickly() -> None:
    import time

    text = ("1-2 3+4 a@b. www 我叫 " * 250)[:4000]
    start = time.perf_counter()
    scrub(text)
    assert time.perf_counter() - start < 0.5
