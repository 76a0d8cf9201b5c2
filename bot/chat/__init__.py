"""The conversation core: commands, replies and buttons, shared by every front end."""

from bot.chat.conversation import Conversation, InlineItem, Reply

__all__ = ["Conversation", "InlineItem", "Reply"]
