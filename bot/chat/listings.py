"""Long lists (targets, results, comparisons, the outline), paged to fit one message each."""

from __future__ import annotations

from collections.abc import Callable

from bot.chat import actions
from bot.chat.markup import Block, Button, Line, Message, Quote, bold, italic, to_html
from bot.chat.replies import KIND_LABELS, SOURCE, fact_line, figure_spans, section_name
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import Fact, Section

PAGE_BUDGET = 3000  # characters of HTML per page, well under Telegram's 4096


def paginate(groups: list[list[Block]], budget: int = PAGE_BUDGET) -> list[list[Block]]:
    """Pages of whole groups where possible; a group longer than a page is split by block."""
    pages: list[list[Block]] = [[]]
    size = 0
    for group in groups:
        group_size = _size(group)
        if size and size + group_size > budget:
            pages.append([])
            size = 0
        for block in group:
            block_size = _size([block])
            if size and size + block_size > budget:
                pages.append([])
                size = 0
            pages[-1].append(block)
            size += block_size
    return [page for page in pages if page] or [[]]


def _size(blocks: list[Block]) -> int:
    return len(to_html(Message(blocks=list(blocks)))) + len(blocks)


def paged(
    title: str, groups: list[list[Block]], kind: str, page: int, footer: str | None = SOURCE
) -> Message:
    """One page of a list, with its title, page counter and previous/next buttons."""
    pages = paginate(groups)
    page = min(max(page, 0), len(pages) - 1)
    message = Message()
    counter = f" ({page + 1}/{len(pages)})" if len(pages) > 1 else ""
    message.add(bold(title + counter))
    message.blocks.extend(pages[page])
    if footer:
        message.add(italic(footer))
    nav = []
    if page > 0:
        nav.append(Button("◀ Previous", actions.listing(kind, page - 1)))
    if page + 1 < len(pages):
        nav.append(Button("Next ▶", actions.listing(kind, page + 1)))
    message.row(*nav)
    return message


def _grouped(
    kb: KnowledgeBase, parts: list[Section], keep: Callable[[Fact], bool]
) -> list[list[Block]]:
    groups = []
    for part in parts:
        facts = [f for f in kb.facts_in(part) if keep(f)]
        if facts:
            group: list[Block] = [Line.of(bold(section_name(part)))]
            group.extend(b for f in facts for b in fact_line(f).blocks)
            groups.append(group)
    return groups


def targets(kb: KnowledgeBase, page: int) -> Message:
    """The headline targets paragraph, then every numeric target grouped by task."""
    headline = kb.section_by_id["tasks-targets"]
    intro: list[Block] = [
        Line.of(bold("Headline targets")),
        *(Quote(p) for p in kb.own_paragraphs(headline)),
    ]
    intro.extend(b for f in kb.facts_in(headline) for b in fact_line(f).blocks)
    tasks = kb.children.get("work-areas", [])
    parts = [headline, *tasks, *(s for s in kb.roots if s.id not in ("review", "tasks-2019"))]
    groups = [intro, *_grouped(kb, parts[1:], lambda f: f.kind == "target")]
    return paged("Targets for 2019", groups, "t", page)


def results(kb: KnowledgeBase, page: int) -> Message:
    """The 2018 achievements: the headline ones first, then all of them by theme."""
    headline = [f for f in kb.facts if f.kind == "result" and f.headline]
    first: list[Block] = [Line.of(bold("Headlines"))]
    first.extend(b for f in headline for b in fact_line(f).blocks)
    themes = kb.children.get("review", [])
    groups = [first, *_grouped(kb, themes, lambda f: f.kind == "result")]
    return paged("Results of 2018", groups, "r", page)


def comparisons(kb: KnowledgeBase, page: int) -> Message:
    """Each 2018 result beside the 2019 target for the same measure."""
    groups: list[list[Block]] = []
    for fact in kb.facts:
        if fact.kind != "result" or not fact.compare_with:
            continue
        target = kb.fact_by_id[fact.compare_with]
        groups.append(
            [
                Line.of(bold(fact.topic)),
                Line.of("  2018: ", *figure_spans(fact)),
                Line.of(
                    f"  {KIND_LABELS['target']}: ", *figure_spans(target), f" ({target.topic})"
                ),
            ]
        )
    return paged("2018 results beside 2019 targets", groups, "c", page)


def outline(kb: KnowledgeBase, page: int = 0) -> Message:
    """The report's outline: its parts and the nine tasks, each a button."""
    groups: list[list[Block]] = []
    buttons: list[Button] = []
    for root in kb.roots:
        group: list[Block] = [Line.of(bold(section_name(root)), f" — {root.summary}")]
        children = kb.children.get("work-areas", []) if root.id == "tasks-2019" else []
        group.extend(Line.of(f"   {section_name(c)}") for c in children)
        groups.append(group)
        buttons.append(Button(section_name(root), actions.section(root.id)))
        buttons.extend(Button(section_name(c), actions.section(c.id)) for c in children)
    message = paged(
        "Outline of the report",
        groups,
        "o",
        page,
        footer="Tap a part, or send /section <number or name>.",
    )
    for start in range(0, len(buttons), 2):
        message.row(*buttons[start : start + 2])
    return message
