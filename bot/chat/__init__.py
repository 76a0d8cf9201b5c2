"""The conversation core: commands, replies and buttons, shared by every front end."""

from bot.chat.conversation import ChatState, Conversation, InlineItem, Reply

__all__ = ["ChatState", "Conversation", "InlineItem", "Reply"]
