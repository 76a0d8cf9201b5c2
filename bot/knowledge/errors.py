"""The one error a knowledge base can raise (kept apart so that importing it costs nothing)."""

from __future__ import annotations


class KnowledgeError(Exception):
    """The knowledge base has problems; each line names the file, the entry and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
