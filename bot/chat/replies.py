"""Turning engine results into messages: the figure first, then the quote, section and source."""

from __future__ import annotations

from bot.chat import actions
from bot.chat.markup import Button, Message, Span, bold, italic
from bot.engine import Result
from bot.engine.text import has_cjk
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import Fact, Figure, Section

SOURCE = "Source: Jiaxing Municipal Government Work Report (2019), English translation"
KIND_LABELS = {
    "result": "2018 result",
    "target": "2019 target",
    "context": "background",
    "problem": "problem",
    "meta": "about the report",
}
FACTS_PER_PAGE = 5


def figure_text(figure: Figure) -> str:
    """The figure as printed, with its qualifier: "more than 7%", "7.6% (estimated)"."""
    if figure.qualifier is None:
        return figure.text
    if figure.qualifier == "estimated":
        return f"{figure.text} (estimated)"
    return f"{figure.qualifier} {figure.text}"


def figure_spans(fact: Fact) -> list[Span | str]:
    """The fact's figures in bold, each with its label when there are several."""
    parts: list[Span | str] = []
    for index, figure in enumerate(fact.figures):
        if index:
            parts.append(" · ")
        parts.append(bold(figure_text(figure)))
        if figure.label and len(fact.figures) > 1:
            parts.append(f" {figure.label}")
    return parts


def section_name(section: Section) -> str:
    """How a section is named in replies: "VII. Ecological environment"."""
    return f"{section.label}. {section.title}" if section.label else section.title


def section_path(kb: KnowledgeBase, section: Section) -> str:
    """The section and its parents, outermost first, as a reader would navigate to it."""
    chain = [section, *kb.ancestors(section)]
    names = [section_name(s) for s in reversed(chain) if s.id not in ("work-areas",)]
    return " › ".join(names)


def fact_message(
    kb: KnowledgeBase, fact: Fact, *, offer: Fact | None = None, chinese: bool = False
) -> Message:
    """One fact: figure (bold), topic and year, the verbatim quote, its section and source."""
    message = Message(share=fact.id)
    message.add(*figure_spans(fact))
    topic = f"{fact.topic} · {fact.topic_zh}" if chinese else fact.topic
    message.add(topic, " · ", italic(KIND_LABELS[fact.kind]))
    message.quote(fact.quote)
    message.add("Section: ", section_path(kb, kb.section_by_id[fact.section]))
    message.add(italic(SOURCE))
    partner = offer or (kb.fact_by_id.get(fact.compare_with) if fact.compare_with else None)
    if partner is not None:
        message.add(f"{KIND_LABELS[partner.kind].capitalize()}: ", *figure_spans(partner))
    buttons = [Button("More from this section", actions.section(fact.section))]
    if partner is not None:
        buttons.append(
            Button(f"{KIND_LABELS[partner.kind].capitalize()} ▸", actions.fact(partner.id))
        )
    message.row(*buttons)
    return message


def fact_line(fact: Fact) -> Message:
    """A fact as one line of a list: its figures, then its topic and year."""
    message = Message()
    message.add("• ", *figure_spans(fact), f"  {fact.topic} ({KIND_LABELS[fact.kind]})")
    return message


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fact_buttons(facts: list[Fact]) -> list[list[Button]]:
    """One button per fact, opening its full answer."""
    return [[Button(_short(f"{f.figures[0].text} · {f.topic}"), actions.fact(f.id))] for f in facts]


def section_message(
    kb: KnowledgeBase, section: Section, facts: list[Fact], page: int = 0, intro: str | None = None
) -> Message:
    """A section: its heading, summary, one page of its key figures, and ways to go further."""
    pages = max(1, -(-len(facts) // FACTS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = facts[page * FACTS_PER_PAGE : (page + 1) * FACTS_PER_PAGE]
    message = Message()
    if intro:
        message.add(intro)
    message.add(bold(section.heading or section_name(section)))
    message.add(section.summary)
    if shown:
        counter = f" ({page + 1}/{pages})" if pages > 1 else ""
        message.add(bold("Key figures" + counter))
        for fact in shown:
            message.blocks.extend(fact_line(fact).blocks)
    else:
        message.add(italic("This part of the report states no figures."))
    parents = [s for s in kb.ancestors(section) if s.id != "work-areas"]
    if parents:
        message.add("Part of: ", section_path(kb, parents[0]))
    message.add(italic(SOURCE))
    message.buttons.extend(fact_buttons(shown))
    nav = []
    if page > 0:
        nav.append(Button("◀ Previous", actions.turn(section.id, page - 1)))
    nav.append(Button("Read the text", actions.paragraph(section.id)))
    if page + 1 < pages:
        nav.append(Button("Next ▶", actions.turn(section.id, page + 1)))
    message.row(*nav)
    children = kb.children.get(section.id, [])
    for start in range(0, len(children), 2):
        message.row(
            *(Button(section_name(c), actions.section(c.id)) for c in children[start : start + 2])
        )
    return message


def not_found_message(result: Result) -> Message:
    """A plain "the report does not say", with the reason where there is one, and what to try."""
    reason, detail = result.reason, result.detail
    lines = {
        "empty": "Please type a question about the report, for example "
        "“How many new jobs were created in 2018?”",
        "creative": "I only quote the report's own figures; I don't write poems, stories or jokes.",
        "opinion": "I only quote what the report says; I don't give opinions or advice.",
        "other_place": f"The report is about Jiaxing; it gives no figures for {detail}.",
        "other_year": "The report covers 2018 results and 2019 targets; "
        f"it has no figures for {detail}.",
        "not_in_report": f"The report gives no figure for that ({detail}).",
        "no_figure": f"The report gives no such figure; the closest it has is about {detail}.",
        "no_comparison": f"The report gives no figure for the other year on {detail}.",
        "no_previous": "Ask me a question first, then follow it up with “and in 2019?” or “more”.",
    }
    message = Message()
    if reason == "other_year_only" and result.offer is not None:
        fact = result.offer
        other = "2019" if fact.kind == "result" else "2018"
        message.add(
            f"The report gives no {other} figure for that. It has the ",
            f"{KIND_LABELS[fact.kind]}: ",
            *figure_spans(fact),
            f" ({fact.topic}).",
        )
        message.row(Button(f"Show the {KIND_LABELS[fact.kind]}", actions.fact(fact.id)))
        return message
    message.add(lines.get(reason or "", "I couldn't find that in the report."))
    if reason not in ("empty", "no_previous"):
        message.add(
            "I can answer questions about Jiaxing's 2018 results and 2019 targets: jobs, "
            "GDP, incomes, investment, air and water quality, housing, schools…"
        )
    message.add("Try /targets, /results or /sections.")
    return message


def result_messages(
    kb: KnowledgeBase,
    result: Result,
    facts_of_section: list[Fact] | None = None,
) -> list[Message]:
    """The reply to a question, as one message (two when a section's text is quoted too)."""
    chinese = has_cjk(result.query)
    if result.status == "not_found":
        return [not_found_message(result)]
    if result.section is not None:
        facts = (
            facts_of_section if facts_of_section is not None else [a.fact for a in result.answers]
        )
        return [section_message(kb, result.section, facts)]
    best = result.answers[0].fact
    if result.status == "ambiguous":
        message = Message()
        message.add("Several figures could match. Did you mean:")
        candidates = [a.fact for a in result.answers[:4]]
        for fact in candidates:
            message.blocks.extend(fact_line(fact).blocks)
        message.buttons.extend(fact_buttons(candidates))
        return [message]
    return [fact_message(kb, best, offer=result.offer, chinese=chinese)]
