"""How many of the numbers printed in the report some fact accounts for."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.records import Fact, ReportMeta
from bot.knowledge.source import NumberToken, ReportText

Span = tuple[int, int]


@dataclass(frozen=True)
class Coverage:
    """Numbers in the report, split by what accounts for them."""

    covered: list[NumberToken]
    exempt: list[NumberToken]
    missing: list[NumberToken]

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.exempt) + len(self.missing)

    @property
    def percent(self) -> float:
        return 100.0 * (self.total - len(self.missing)) / self.total if self.total else 100.0


def _figure_spans(fact: Fact, report: ReportText) -> list[Span]:
    """Where the fact's figures are printed, inside its quote (searched there only)."""
    return [span for figure in fact.figures for span in report.spans(figure.text, within=fact.span)]


def _inside(token: NumberToken, spans: list[Span]) -> bool:
    return any(start <= token.start and token.end <= end for start, end in spans)


def measure(report: ReportText, meta: ReportMeta, facts: list[Fact]) -> Coverage:
    """A number is covered when it lies in a figure of a fact, at that fact's quote."""
    figure_spans = [span for fact in facts for span in _figure_spans(fact, report)]
    exempt_spans = [span for entry in meta.not_figures for span in report.spans(entry.text)]
    covered, exempt, missing = [], [], []
    for token in report.numbers():
        if _inside(token, figure_spans):
            covered.append(token)
        elif _inside(token, exempt_spans):
            exempt.append(token)
        else:
            missing.append(token)
    return Coverage(covered, exempt, missing)
