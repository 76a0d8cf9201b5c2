"""Telegram handlers: read the update, ask the conversation core, hand its reply to delivery.

Handlers never call Telegram themselves: they say which Bot API calls make the reply
(`bot.telegram.render`), and `Delivery` makes them, recorded in the inbox, retried, never twice.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from telegram import (
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReactionTypeEmoji,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot.chat import ChatState, Conversation, Reply
from bot.chat.markup import Message as CoreMessage
from bot.telegram.delivery import Delivery, call
from bot.telegram.logs import tag
from bot.telegram.render import NO_PREVIEW, edit_call, keyboard, outgoing, send_calls
from bot.telegram.services import Services

log = logging.getLogger(__name__)

CONTEXT = "context"  # chat_data key: the chat's last answer, for follow-ups
GROUP_SENDERS = 200  # senders whose context a group remembers (the most recent ones)
# Telegram's account for an anonymous group admin, and for posts of a linked channel.
ANONYMOUS_ADMIN = 1087968824
POSITIVE = frozenset("👍❤🔥👏🙏💯🤩😍👌🥰")
NEGATIVE = frozenset("👎💩🤬😡🤮🥱")


def _services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    services: Services = context.bot_data[Services.KEY]
    return services


def _conversation(context: ContextTypes.DEFAULT_TYPE) -> Conversation:
    return _services(context).conversation


def _delivery(context: ContextTypes.DEFAULT_TYPE) -> Delivery:
    return _services(context).delivery


def _sender_key(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """Whose conversation this is: the chat in private; within a group, the sender's (by a
    keyed hash, so the stored state holds no id)."""
    chat, user = update.effective_chat, update.effective_user
    message = update.effective_message
    if chat is None or chat.type == ChatType.PRIVATE:
        return CONTEXT
    sender = message.sender_chat.id if message and message.sender_chat else (user and user.id)
    return f"{CONTEXT}:{_services(context).pseudonyms.key('sender', sender or 0)}"


def _chat_state(update: Update, context: ContextTypes.DEFAULT_TYPE) -> ChatState:
    data = context.chat_data.get(_sender_key(update, context)) if context.chat_data else None
    state = ChatState.from_json(data)
    chosen = context.user_data.get("language") if context.user_data is not None else None
    return replace(state, language=chosen if chosen in ("en", "zh") else None)


def _hint(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code if user is not None else None


def _remember(update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply) -> None:
    if context.chat_data is not None:
        context.chat_data[_sender_key(update, context)] = reply.state.to_json()
        senders = [k for k in context.chat_data if k.startswith(f"{CONTEXT}:")]
        for stale in senders[: max(0, len(senders) - GROUP_SENDERS)]:  # oldest first
            del context.chat_data[stale]
    if context.user_data is not None and reply.state.language is not None:
        context.user_data["language"] = reply.state.language


def _thread(message: Message) -> int | None:
    """The forum topic a message is in (replies go to the same topic)."""
    return message.message_thread_id if message.is_topic_message else None


async def _reply(
    update: Update, message: Message, context: ContextTypes.DEFAULT_TYPE, reply: Reply
) -> None:
    """Send the reply's messages to the chat, quoting the asker's message in groups."""
    _remember(update, context, reply)
    group = message.chat.type != ChatType.PRIVATE
    quoted = message.message_id if group else None
    where = {"reply_to": quoted, "thread_id": _thread(message)}
    calls = send_calls(reply.messages, message.chat_id, **where)
    late = _conversation(context).notice("late", reply.state, _hint(update))
    results = await _delivery(context).deliver(
        calls, send_calls(late.messages, message.chat_id, **where)
    )
    await _services(context).after_reply(update, message, reply, results, group=group)


def _is_addressed(message: Message, bot_id: int, username: str) -> bool:
    """Whether a group message mentions the bot or replies to one of its messages."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    for entity, text in entities.items():
        if entity.type == MessageEntity.MENTION and text[1:].lower() == username.lower():
            return True
        if entity.user is not None and entity.user.id == bot_id:
            return True
    return False


def _from_a_person(message: Message) -> bool:
    """A person wrote it: not a bot, and not a channel's post forwarded into its group. An
    anonymous admin writes as the group itself (sender_chat is the chat): a person."""
    if message.sender_chat is not None:
        return message.sender_chat.id == message.chat.id and not message.is_automatic_forward
    user = message.from_user
    return user is not None and not user.is_bot


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Run a command (/help, /targets, /section 7, ...) and send its reply."""
    message = update.effective_message
    if message is None or not message.text or not _from_a_person(message):
        return
    name = message.text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower()
    args = " ".join(context.args or [])
    reply = _conversation(context).command(name, args, _chat_state(update, context), _hint(update))
    log.info("command /%s in chat %s", name, tag("chat", message.chat_id))
    await _reply(update, message, context, reply)


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a question typed in a private chat."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    conversation = _conversation(context)
    reply = conversation.ask(
        message.text, _chat_state(update, context), _hint(update), feedback=True
    )
    log.info("question in chat %s", tag("chat", message.chat_id))
    _services(context).asked(message.text, reply, "telegram-private")
    await _reply(update, message, context, reply)


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a group message only when it mentions the bot or replies to it; else stay silent."""
    message = update.effective_message
    if message is None or message.text is None or not _from_a_person(message):
        return
    bot = context.bot
    if not _is_addressed(message, bot.id, bot.username):
        return
    question = re.sub(rf"@{re.escape(bot.username)}\b", " ", message.text, flags=re.I).strip()
    conversation, state = _conversation(context), _chat_state(update, context)
    if not question:
        reply = conversation.command("help", "", state, _hint(update))
    else:
        reply = conversation.ask(question, state, _hint(update))
        _services(context).asked(question, reply, "telegram-group")
    log.info("question in group %s", tag("chat", message.chat_id))
    await _reply(update, message, context, reply)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private-chat user that a command is not one of ours."""
    message = update.effective_message
    if message is None or not message.text:
        return
    name = message.text.split(maxsplit=1)[0][1:].split("@", 1)[0][:32]
    reply = _conversation(context).command(
        name.lower(), "", _chat_state(update, context), _hint(update)
    )
    await _reply(update, message, context, reply)


async def on_non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private-chat user that stickers, photos and the like can't be read."""
    message = update.effective_message
    if message is not None:
        reply = _conversation(context).notice(
            "non_text", _chat_state(update, context), _hint(update)
        )
        await _delivery(context).deliver(send_calls(reply.messages, message.chat_id))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a pressed button (always, even a stale or forged one), then show what it asks."""
    query = update.callback_query
    if query is None:
        return
    state = _chat_state(update, context)
    reply = _conversation(context).action(query.data or "", state, _hint(update))
    services = _services(context)
    notice = services.voted(update, reply) or reply.notice
    calls = [call("answerCallbackQuery", callback_query_id=query.id, text=notice)]
    message = query.message
    if message is None or not reply.messages or not isinstance(message, Message):
        await _delivery(context).deliver(calls)  # an inline-mode message, or nothing to show
        return
    _remember(update, context, reply)
    if reply.edit and len(reply.messages) == 1:
        calls.append(edit_call(reply.messages[0], message.chat_id, message.message_id))
    else:
        calls += send_calls(reply.messages, message.chat_id, thread_id=_thread(message))
    await _delivery(context).deliver(calls)


def _share_only(message: CoreMessage) -> dict[str, Any] | None:
    markup = keyboard(
        CoreMessage(
            blocks=message.blocks,
            share=message.share,
            share_label=message.share_label,
            language=message.language,
        )
    )
    return markup.to_dict() if markup is not None else None  # fmt: skip


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer matching facts in inline mode (the headline targets for an empty query)."""
    query = update.inline_query
    if query is None:
        return
    items = _conversation(context).inline(query.query, query.from_user.language_code)
    results = [
        InlineQueryResultArticle(
            id=item.id,
            title=item.title,
            description=item.description,
            input_message_content=InputTextMessageContent(
                outgoing(item.message, share=False)[0].text,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            ),
        ).to_dict()
        | ({"reply_markup": markup} if (markup := _share_only(item.message)) else {})
        for item in items
    ]
    answer = call("answerInlineQuery", inline_query_id=query.id, results=results, cache_time=300)
    await _delivery(context).deliver([answer])
    if query.query.strip():
        _services(context).asked_inline(query.query, items)


async def on_reaction(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A 👍 or 👎 put on one of the bot's answers counts as feedback on it."""
    reaction = update.message_reaction
    if reaction is None:
        return
    emoji = {r.emoji for r in reaction.new_reaction if isinstance(r, ReactionTypeEmoji)}
    vote = 1 if emoji & POSITIVE else -1 if emoji & NEGATIVE else 0
    if vote:
        await _services(context).reacted(reaction.chat.id, reaction.message_id, reaction, vote)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error first (its class and where, never its text); then, in a private chat,
    tell the user something went wrong."""
    error = context.error
    log.error("error while handling an update", exc_info=error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        reply = _conversation(context).notice("error", ChatState(), _hint(update))
        await _delivery(context).deliver(send_calls(reply.messages, chat.id))


__all__ = ["NO_PREVIEW"]
