"""How a passage or a section looks: the figure first, then the verbatim quote, the section it
comes from and the source; in the reader's language, the quote always as the report prints it."""

from __future__ import annotations

import re

from bot.chat import actions
from bot.chat.figures import show
from bot.chat.markup import Button, Message, Span, bold, italic
from bot.i18n import Catalog
from bot.knowledge import KnowledgeBase
from bot.knowledge.base import quoted
from bot.knowledge.records import Fact, Section, Statement
from bot.knowledge.source import squash
from bot.knowledge.statements import sentence_after, sentence_around

Passage = Fact | Statement
FACTS_PER_PAGE = 5
_ZH_NUMBERS = dict(zip("I II III IV V VI VII VIII IX".split(), "一二三四五六七八九", strict=True))
_ZH_ORDINALS = {"First": "第一", "Second": "第二", "Third": "第三"}
SHORT_CLAUSE = 60  # a clause shorter than this is shown with its whole sentence
# A clause that stops where its list begins ("...go as follows:") is shown with what follows.
_DANGLING = re.compile(r"(?:\bsuch as|\blike|\bincluding|\bas follows|\bnamely|[:：])\s*$")


def source(cat: Catalog) -> str:
    _ = cat._
    return _("Source: Jiaxing Municipal Government Work Report (2019), English translation")


def quote_intro(cat: Catalog) -> str | None:
    """Chinese replies say once that the quotes are the report's English translation."""
    return cat._("Original text (English translation):") if cat.zh else None


def section_name(section: Section, cat: Catalog) -> str:
    """ "VII. Ecological environment" / "七、生态环境"."""
    if cat.zh:
        label = section.label or ""
        prefix = _ZH_NUMBERS.get(label, _ZH_ORDINALS.get(label, ""))
        return f"{prefix}、{section.title_zh}" if prefix else section.title_zh
    return f"{section.label}. {section.title}" if section.label else section.title


def section_path(kb: KnowledgeBase, section: Section, cat: Catalog) -> str:
    """The section and its parents, outermost first, as a reader would navigate to it."""
    chain = [section, *kb.ancestors(section)]
    names = [section_name(s, cat) for s in reversed(chain) if s.role != "tasks"]
    return " › ".join(names)


def kind_label(passage: Passage, cat: Catalog) -> str:
    """ "2018 result", "2019 target", "2019 plan"... in the reader's language."""
    _ = cat._
    if isinstance(passage, Fact):
        return {
            "result": _("2018 result"),
            "target": _("2019 target"),
            "context": _("background"),
            "problem": _("problem"),
            "meta": _("about the report"),
        }[passage.kind]
    return {"result": _("2018 result"), "plan": _("2019 plan"), "other": ""}[passage.period]


def topic(passage: Passage, cat: Catalog) -> str | None:
    if isinstance(passage, Fact):
        return passage.topic_zh if cat.zh else passage.topic
    if passage.topic is None:
        return None
    return passage.topic_zh if cat.zh else passage.topic


def figure_spans(fact: Fact, cat: Catalog) -> list[Span | str]:
    """The fact's figures in bold, each with its label when there are several."""
    parts: list[Span | str] = []
    for index, figure in enumerate(fact.figures):
        if index:
            parts.append(" · ")
        parts.append(bold(show(figure, cat.zh)))
        label = figure.label_zh if cat.zh else figure.label
        if label and len(fact.figures) > 1:
            parts.append(f" {label}")
    return parts


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;") + "…"


def passage_title(
    passage: Passage, cat: Catalog, limit: int = 48, kb: KnowledgeBase | None = None
) -> str:
    """A passage in a few words: its figure and topic, or the start of its text (in Chinese,
    where it has no Chinese topic, the name of its section)."""
    if isinstance(passage, Fact):
        return _short(f"{show(passage.figures[0], cat.zh)} · {topic(passage, cat)}", limit)
    if cat.zh and passage.topic_zh is None and kb is not None:
        section = kb.section_by_id[passage.section]
        label = cat._("the passage")
        return _short(f"{section_name(section, cat)} · {label}", limit)
    return _short(topic(passage, cat) or passage.text, limit)


def passage_line(passage: Passage, cat: Catalog) -> Message:
    """A passage as one line of a list."""
    message = Message()
    label = kind_label(passage, cat)
    suffix = (f"（{label}）" if cat.zh else f" ({label})") if label else ""
    if isinstance(passage, Fact):
        message.add("• ", *figure_spans(passage, cat), f"  {topic(passage, cat)}{suffix}")
    elif cat.zh and passage.topic_zh:
        message.add("• ", passage.topic_zh + suffix)
    else:
        message.add("• ", f"“{_short(passage.text, 160)}”{suffix}")
    return message


def passage_buttons(
    passages: list[Passage], cat: Catalog, kb: KnowledgeBase | None = None
) -> list[list[Button]]:
    """One button per passage, opening its full answer."""
    return [[Button(passage_title(p, cat, kb=kb), actions.passage(p.id))] for p in passages]


def passage_card(
    kb: KnowledgeBase,
    passage: Passage,
    cat: Catalog,
    *,
    offer: Passage | None = None,
    full: bool = False,
) -> Message:
    """One passage: the figure in bold (a fact), what it is about and which year, the verbatim
    quote (with its whole sentence when the clause alone is unclear), its section and source,
    and the other year's figure or passage."""
    _ = cat._
    message = Message(share=passage.id, share_label=_("Share ↗"), language=cat.lang)
    if isinstance(passage, Fact):
        message.add(*figure_spans(passage, cat))
        message.add(topic(passage, cat) or "", " · ", italic(kind_label(passage, cat)))
        partner = offer or kb.fact_by_id.get(passage.compare_with or "")
    else:
        title = topic(passage, cat)
        label = kind_label(passage, cat)
        if title or label:
            message.add(
                bold(title) if title else "", " · " if title and label else "", italic(label)
            )
        partner = offer
    if (intro := quote_intro(cat)) is not None:
        message.add(intro)
    text = quoted(passage)
    message.quote(text)
    if isinstance(passage, Statement):
        sentence: str | None = passage.sentence
    else:
        sentence = sentence_around(kb.report, passage.span) if full else None
    dangling = _DANGLING.search(text) is not None
    if sentence and sentence != squash(text) and (full or dangling or len(text) < SHORT_CLAUSE):
        message.add(italic(_("In full:")))
        message.quote(sentence)
        dangling = dangling and _DANGLING.search(sentence) is not None
    if (full or dangling) and (after := sentence_after(kb.report, passage.span)) is not None:
        message.add(italic(_("The report goes on:")))
        message.quote(squash(kb.report.raw[after[0] : after[1]]))
    section = kb.section_by_id[passage.section]
    message.add(_("Section: "), section_path(kb, section, cat))
    message.add(italic(source(cat)))
    colon = "：" if cat.zh else ": "
    if isinstance(partner, Fact):
        message.add(f"{kind_label(partner, cat)}{colon}", *figure_spans(partner, cat))
    elif isinstance(partner, Statement):
        message.add(f"{kind_label(partner, cat)}{colon}", f"“{_short(partner.text, 200)}”")
    buttons = [Button(_("More from this section"), actions.section(passage.section))]
    if partner is not None:
        buttons.append(Button(f"{kind_label(partner, cat)} ▸", actions.passage(partner.id)))
    message.row(*buttons)
    return message


def section_card(
    kb: KnowledgeBase,
    section: Section,
    passages: list[Passage],
    cat: Catalog,
    page: int = 0,
    intro: str | None = None,
) -> Message:
    """A section: its heading and lead sentences verbatim, one page of its figures and
    passages, and ways to go further."""
    _ = cat._
    pages = max(1, -(-len(passages) // FACTS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = passages[page * FACTS_PER_PAGE : (page + 1) * FACTS_PER_PAGE]
    message = Message()
    if intro:
        message.add(intro)
    message.add(bold(section_name(section, cat)))
    if cat.zh:
        message.add(section.summary_zh)
        message.add(cat._("Original text (English translation):"))
    if page == 0:
        for sentence in kb.lead(section):
            message.quote(sentence)
    if shown:
        counter = f" ({page + 1}/{pages})" if pages > 1 else ""
        heading = _("Key figures") if any(isinstance(p, Fact) for p in shown) else _("In detail")
        message.add(bold(heading + counter))
        for passage in shown:
            message.blocks.extend(passage_line(passage, cat).blocks)
    parents = [s for s in kb.ancestors(section) if s.role != "tasks"]
    if parents:
        message.add(_("Part of: "), section_path(kb, parents[0], cat))
    message.add(italic(source(cat)))
    message.buttons.extend(passage_buttons(shown, cat, kb))
    nav = []
    if page > 0:
        nav.append(Button(_("◀ Previous"), actions.turn(section.id, page - 1)))
    nav.append(Button(_("Read the text"), actions.paragraph(section.id)))
    if page + 1 < pages:
        nav.append(Button(_("Next ▶"), actions.turn(section.id, page + 1)))
    message.row(*nav)
    children = kb.children.get(section.id, [])
    for start in range(0, len(children), 2):
        message.row(
            *(
                Button(section_name(c, cat), actions.section(c.id))
                for c in children[start : start + 2]
            )
        )
    return message
