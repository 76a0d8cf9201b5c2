"""The knowledge base: the report's text, outline, facts and statements, validated on load.

Building it (`bot.knowledge.load`) needs pydantic and YAML; using it, or reading it back from
the cache (`bot.loading`), needs neither.
"""

from bot.knowledge.base import KnowledgeBase, Passage
from bot.knowledge.errors import KnowledgeError

__all__ = ["KnowledgeBase", "KnowledgeError", "Passage"]
