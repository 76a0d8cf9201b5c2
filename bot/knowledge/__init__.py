"""The knowledge base: the report's text, outline and facts, validated on load."""

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.load import KnowledgeError, load_knowledge

__all__ = ["KnowledgeBase", "KnowledgeError", "load_knowledge"]
