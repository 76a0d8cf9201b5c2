"""The loaded knowledge base: the report, its outline, facts and statements, with look-ups."""

from __future__ import annotations

from collections import defaultdict

from bot.knowledge.records import (
    Fact,
    Gap,
    GlossaryEntry,
    ReportMeta,
    Role,
    Section,
    Service,
    Statement,
)
from bot.knowledge.source import ReportText

Passage = Fact | Statement


class KnowledgeBase:
    """Everything the bot knows; built by `bot.knowledge.load` from validated records."""

    def __init__(
        self,
        report: ReportText,
        meta: ReportMeta,
        sections: list[Section],
        facts: list[Fact],
        statements: list[Statement],
        gaps: list[Gap],
        glossary: list[GlossaryEntry],
        services: list[Service],
    ) -> None:
        self.report = report
        self.meta = meta
        self.sections = sorted(sections, key=lambda s: (s.lines[0], -s.lines[1]))
        self.facts = sorted(facts, key=lambda f: f.span[0])
        self.statements = statements
        self.gaps = gaps
        self.glossary = glossary
        self.services = services
        self.fact_by_id = {f.id: f for f in self.facts}
        self.section_by_id = {s.id: s for s in self.sections}
        self.statement_by_id = {s.id: s for s in self.statements}
        self.children: dict[str | None, list[Section]] = defaultdict(list)
        for section in self.sections:
            self.children[section.parent].append(section)
        self._facts_in: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.facts:
            self._facts_in[fact.section].append(fact)
        self._statements_in: dict[str, list[Statement]] = defaultdict(list)
        for statement in self.statements:
            self._statements_in[statement.section].append(statement)
        self._by_role = {s.role: s for s in self.sections if s.role not in (None, "about")}
        # The parts about the report itself: its cover, opening address, thanks and close.
        self.about = [s for s in self.sections if s.role == "about"]
        # The facts printed inside each statement (a clause quoting a figure): they are the
        # same passage, the fact with its figure.
        self.facts_in_statement: dict[str, tuple[str, ...]] = {}
        for statement in self.statements:
            found = tuple(
                f.id
                for f in self._facts_in.get(statement.section, ())
                if overlap(f.span, statement.span) >= 0.5 * (f.span[1] - f.span[0])
            )
            if found:
                self.facts_in_statement[statement.id] = found
        # The other year's passage on a fact's topic (named by the fact, found from either end).
        self.other_year_of: dict[str, str] = {}
        for fact in self.facts:
            if fact.other_year is not None:
                self.other_year_of[fact.id] = fact.other_year
                self.other_year_of.setdefault(fact.other_year, fact.id)
        self.statements_of_fact: dict[str, list[Statement]] = defaultdict(list)
        for statement_id, fact_ids in self.facts_in_statement.items():
            for fact_id in fact_ids:
                self.statements_of_fact[fact_id].append(self.statement_by_id[statement_id])

    # ------------------------------------------------------------------ outline
    @property
    def roots(self) -> list[Section]:
        """Top-level sections, in report order."""
        return self.children[None]

    def role(self, role: Role) -> Section:
        """The section playing a part the bot needs: the review, plans, targets or tasks."""
        return self._by_role[role]

    def tasks(self) -> list[Section]:
        """The numbered tasks of the plans ("I" ... "IX")."""
        return self.children.get(self.role("tasks").id, [])

    def ancestors(self, section: Section) -> list[Section]:
        """The section's parents, nearest first."""
        chain = []
        while section.parent is not None:
            section = self.section_by_id[section.parent]
            chain.append(section)
        return chain

    def descendants(self, section: Section) -> list[Section]:
        """The section and every section under it, in report order."""
        found = [section]
        for child in self.children.get(section.id, []):
            found.extend(self.descendants(child))
        return found

    def within(self, section_id: str, ancestor_id: str) -> bool:
        """Whether section `section_id` is `ancestor_id` or lies under it."""
        section = self.section_by_id.get(section_id)
        while section is not None:
            if section.id == ancestor_id:
                return True
            section = self.section_by_id.get(section.parent) if section.parent else None
        return False

    # ------------------------------------------------------------------ contents
    def facts_in(self, section: Section, *, nested: bool = True) -> list[Fact]:
        """Facts of the section (and, if nested, of its subsections), in report order."""
        scope = self.descendants(section) if nested else [section]
        facts = [fact for s in scope for fact in self._facts_in.get(s.id, [])]
        return sorted(facts, key=lambda f: f.span[0])

    def statements_in(self, section: Section, *, nested: bool = False) -> list[Statement]:
        """Statements of the section (and, if nested, of its subsections), in report order."""
        scope = self.descendants(section) if nested else [section]
        found = [st for s in scope for st in self._statements_in.get(s.id, [])]
        return sorted(found, key=lambda st: st.span[0])

    def passage(self, passage_id: str) -> Passage | None:
        """A fact or a statement by id."""
        return self.fact_by_id.get(passage_id) or self.statement_by_id.get(passage_id)

    def section_of(self, passage: Passage) -> Section:
        return self.section_by_id[passage.section]

    def own_paragraphs(self, section: Section) -> list[str]:
        """The section's own text (its heading and lines no subsection holds), verbatim."""
        taken = {
            n
            for child in self.children.get(section.id, [])
            for n in range(child.lines[0], child.lines[1] + 1)
        }
        first, last = section.lines
        return [
            text for n in range(first, last + 1) if n not in taken and (text := self.report.line(n))
        ]

    def lead(self, section: Section, sentences: int = 2) -> list[str]:
        """The section's first sentences, verbatim: what it says before any detail."""
        found = [s.sentence for s in self.lead_statements(section)]
        return list(dict.fromkeys(found))[:sentences]

    def lead_statements(self, section: Section, count: int = 3) -> list[Statement]:
        """The statements a section opens with; for a heading alone ("IV. We will open up
        wider"), the heading and then its first part's opening ("To open up to the rest of
        the world is a must...")."""
        found = list(self._statements_in.get(section.id, []))[:count]
        children = self.children.get(section.id, [])
        if len(found) <= 1 and children:
            found += self.lead_statements(children[0], count)[: count - len(found)]
        return found


def quoted(passage: Passage) -> str:
    """The report's words a passage quotes: a fact's quote, a statement's own clause."""
    return passage.quote if isinstance(passage, Fact) else passage.text


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """How many characters two spans of the report share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))
