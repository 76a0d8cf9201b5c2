"""Long lists (targets, results, comparisons, the outline), paged to fit one message each."""

from __future__ import annotations

from collections.abc import Callable

from bot.chat import actions
from bot.chat.cards import figure_spans, passage_line, quote_intro, section_name, source, topic
from bot.chat.markup import Block, Button, Line, Message, Quote, bold, italic, to_html
from bot.i18n import Catalog
from bot.knowledge import KnowledgeBase
from bot.knowledge.records import Fact, Section

PAGE_BUDGET = 3000  # characters of HTML per page, well under Telegram's 4096


def paginate(groups: list[list[Block]], budget: int = PAGE_BUDGET) -> list[list[Block]]:
    """Pages of whole groups where possible; a group longer than a page is split by block."""
    pages: list[list[Block]] = [[]]
    size = 0
    for group in groups:
        if size and size + _size(group) > budget:
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
    title: str, groups: list[list[Block]], kind: str, page: int, cat: Catalog, footer: bool = True
) -> Message:
    """One page of a list, with its title, page counter and previous/next buttons."""
    _ = cat._
    pages = paginate(groups)
    page = min(max(page, 0), len(pages) - 1)
    message = Message()
    counter = f" ({page + 1}/{len(pages)})" if len(pages) > 1 else ""
    message.add(bold(title + counter))
    message.blocks.extend(pages[page])
    if footer:
        message.add(italic(source(cat)))
    nav = []
    if page > 0:
        nav.append(Button(_("◀ Previous"), actions.listing(kind, page - 1)))
    if page + 1 < len(pages):
        nav.append(Button(_("Next ▶"), actions.listing(kind, page + 1)))
    message.row(*nav)
    return message


def _grouped(
    kb: KnowledgeBase, parts: list[Section], keep: Callable[[Fact], bool], cat: Catalog
) -> list[list[Block]]:
    groups = []
    for part in parts:
        facts = [f for f in kb.facts_in(part) if keep(f)]
        if facts:
            group: list[Block] = [Line.of(bold(section_name(part, cat)))]
            group.extend(b for f in facts for b in passage_line(f, cat).blocks)
            groups.append(group)
    return groups


def targets(kb: KnowledgeBase, page: int, cat: Catalog) -> Message:
    """The headline targets paragraph, then every numeric target grouped by task."""
    _ = cat._
    headline = kb.role("targets")
    intro: list[Block] = [Line.of(bold(_("Headline targets")))]
    if (note := quote_intro(cat)) is not None:
        intro.append(Line.of(note))
    intro += [Quote(p) for p in kb.own_paragraphs(headline)]
    intro.extend(b for f in kb.facts_in(headline) for b in passage_line(f, cat).blocks)
    plans = kb.role("plans")
    others = [s for s in kb.roots if s.period == "plan" and s.id != plans.id]
    groups = [intro, *_grouped(kb, [*kb.tasks(), *others], lambda f: f.kind == "target", cat)]
    return paged(_("Targets for 2019"), groups, "t", page, cat)


def results(kb: KnowledgeBase, page: int, cat: Catalog) -> Message:
    """The 2018 achievements: the headline ones first, then all of them by theme."""
    _ = cat._
    headline = [f for f in kb.facts if f.kind == "result" and f.headline]
    first: list[Block] = [Line.of(bold(_("Headlines")))]
    first.extend(b for f in headline for b in passage_line(f, cat).blocks)
    themes = kb.children.get(kb.role("review").id, [])
    groups = [first, *_grouped(kb, themes, lambda f: f.kind == "result", cat)]
    return paged(_("Results of 2018"), groups, "r", page, cat)


def comparisons(kb: KnowledgeBase, page: int, cat: Catalog) -> Message:
    """Each 2018 result beside the 2019 target for the same measure."""
    _ = cat._
    groups: list[list[Block]] = []
    colon = "：" if cat.zh else ": "
    result_label, target_label = _("2018 result"), _("2019 target")
    for fact in kb.facts:
        if fact.kind != "result" or not fact.compare_with:
            continue
        target = kb.fact_by_id[fact.compare_with]
        groups.append(
            [
                Line.of(bold(topic(fact, cat) or "")),
                Line.of(f"  {result_label}{colon}", *figure_spans(fact, cat)),
                Line.of(f"  {target_label}{colon}", *figure_spans(target, cat)),
            ]
        )
    return paged(_("2018 results beside 2019 targets"), groups, "c", page, cat)


def outline(kb: KnowledgeBase, page: int, cat: Catalog) -> Message:
    """The report's outline: its parts and the numbered tasks, each a button."""
    _ = cat._
    groups: list[list[Block]] = []
    buttons: list[Button] = []
    plans = kb.role("plans")
    for root in kb.roots:
        summary = root.summary_zh if cat.zh else root.summary
        group: list[Block] = [Line.of(bold(section_name(root, cat)), f" — {summary}")]
        children = kb.tasks() if root.id == plans.id else []
        group.extend(Line.of(f"   {section_name(c, cat)}") for c in children)
        groups.append(group)
        buttons.append(Button(section_name(root, cat), actions.section(root.id)))
        buttons.extend(Button(section_name(c, cat), actions.section(c.id)) for c in children)
    message = paged(_("Outline of the report"), groups, "o", page, cat, footer=False)
    message.add(
        italic(
            _(
                "Tap a part, or send /section with a task number (/section 7 for task VII) "
                "or a name (/section culture)."
            )
        )
    )
    for start in range(0, len(buttons), 2):
        message.row(*buttons[start : start + 2])
    return message


LISTINGS: dict[str, Callable[[KnowledgeBase, int, Catalog], Message]] = {
    "t": targets,
    "r": results,
    "c": comparisons,
    "o": outline,
}
