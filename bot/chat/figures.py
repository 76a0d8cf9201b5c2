"""A figure as a reader sees it: as printed ("21.08 billion yuan") in English, and written the
Chinese way ("210.8亿元") in Chinese, from the figure's value and unit (never from its text)."""

from __future__ import annotations

from bot.knowledge.records import Figure

_QUALIFIER_EN = {
    "more than": "more than {}",
    "at least": "at least {}",
    "up to": "up to {}",
    "about": "about {}",
    "at most": "at most {}",
    "less than": "less than {}",
    "estimated": "{} (estimated)",
}
_QUALIFIER_ZH = {
    "more than": "超过{}",
    "at least": "至少{}",
    "up to": "达到{}",
    "about": "约{}",
    "at most": "最多{}",
    "less than": "少于{}",
    "estimated": "{}（预计）",
}
_UNIT_ZH = {
    "hectares": "公顷",
    "square kilometers": "平方公里",
    "square meters": "平方米",
    "kilometers": "公里",
    "TEU": "标箱",
    "days": "天",
    "hours": "小时",
    "minutes": "分钟",
    "years": "年",
}
_ZH_DIGITS = "〇一二三四五六七八九"


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    whole, dot, fraction = text.partition(".")
    grouped = f"{int(whole):,}" if len(whole) > 4 else whole
    return grouped + (dot + fraction if fraction else "")


def _chinese_amount(value: float) -> str:
    """210.8亿, 1.2亿, 6.6万, 810: the Chinese scale words for large numbers."""
    for scale, word in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= scale:
            return _number(round(value / scale, 4)) + word
    return _number(value)


def chinese(figure: Figure) -> str:
    """The figure written for a Chinese reader."""
    value, unit = figure.value, figure.unit
    if unit == "percent":
        text = f"{_number(value)}%"
    elif unit == "yuan":
        text = f"{_chinese_amount(value)}元"
    elif unit == "yuan per month":
        text = f"每月{_number(value)}元"
    elif unit == "USD":
        text = f"{_chinese_amount(value)}美元"
    elif unit == "date":
        digits = f"{int(value):08d}"
        text = f"{digits[:4]}年{int(digits[4:6])}月{int(digits[6:])}日"
    elif unit == "year":
        text = f"{int(value)}年"
    elif unit == "ordinal":
        text = f"第{_number(value)}"
    elif unit == "rank":
        text = "第一" if value == 1 else f"前{_number(value)}"
    elif unit == "fraction":
        text = "三分之一" if abs(value - 1 / 3) < 1e-3 else f"{_number(value * 100)}%"
    elif unit == "count":
        text = _chinese_amount(value)
    else:
        text = f"{_chinese_amount(value)}{_UNIT_ZH.get(unit, '')}"
    return _QUALIFIER_ZH[figure.qualifier].format(text) if figure.qualifier else text


def english(figure: Figure) -> str:
    """The figure as printed, with its qualifier: "more than 7%", "7.6% (estimated)"."""
    if figure.qualifier is None:
        return figure.text
    return _QUALIFIER_EN[figure.qualifier].format(figure.text)


def show(figure: Figure, zh: bool) -> str:
    return chinese(figure) if zh else english(figure)
