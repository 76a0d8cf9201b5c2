"""Telegram handlers: read the update, ask the conversation core, send its reply. Nothing more."""

from __future__ import annotations

import logging
import re

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.chat import ChatState, Conversation, Reply
from bot.chat.markup import Message as CoreMessage
from bot.telegram.logs import chat_tag
from bot.telegram.render import keyboard, outgoing

log = logging.getLogger(__name__)

CONVERSATION = "conversation"  # bot_data key: the shared Conversation
CONTEXT = "context"  # chat_data key: the chat's last answer, for follow-ups
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
NON_TEXT_HINT = "I can only read text. Type a question about the report, or send /help."
ERROR_TEXT = "Sorry, something went wrong on my side. Please try again."


def _conversation(context: ContextTypes.DEFAULT_TYPE) -> Conversation:
    conversation: Conversation = context.bot_data[CONVERSATION]
    return conversation


def _state_key(update: Update) -> str:
    """Whose conversation this is: the chat in private; the sender within a group."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is None or chat.type == ChatType.PRIVATE or user is None:
        return CONTEXT
    return f"{CONTEXT}:{user.id}"


def _chat_state(update: Update, context: ContextTypes.DEFAULT_TYPE) -> ChatState:
    data = context.chat_data.get(_state_key(update)) if context.chat_data is not None else None
    state = ChatState.from_json(data)
    chosen = context.user_data.get("language") if context.user_data is not None else None
    return ChatState(state.context, chosen if chosen in ("en", "zh") else None, state.last)


def _hint(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code if user is not None else None


def _remember(update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply) -> None:
    if context.chat_data is not None:
        context.chat_data[_state_key(update)] = reply.state.to_json()
    if context.user_data is not None and reply.state.language is not None:
        context.user_data["language"] = reply.state.language


async def _send(
    update: Update, message: Message, context: ContextTypes.DEFAULT_TYPE, reply: Reply
) -> None:
    """Send the reply's messages, quoting the asker's message in groups."""
    quote = message.chat.type != ChatType.PRIVATE
    for core_message in reply.messages:
        for part in outgoing(core_message, context.bot.username):
            await message.reply_html(
                part.text, reply_markup=part.markup, do_quote=quote, link_preview_options=NO_PREVIEW
            )
    _remember(update, context, reply)


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


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Run a command (/help, /targets, /section 7, ...) and send its reply."""
    message = update.effective_message
    if message is None or not message.text:
        return
    name = message.text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower()
    args = " ".join(context.args or [])
    reply = _conversation(context).command(name, args, _chat_state(update, context), _hint(update))
    log.info("command /%s in chat %s", name, chat_tag(message.chat_id))
    await _send(update, message, context, reply)


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a question typed in a private chat."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    reply = _conversation(context).ask(message.text, _chat_state(update, context), _hint(update))
    log.info("question in chat %s", chat_tag(message.chat_id))
    await _send(update, message, context, reply)


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a group message only when it mentions the bot or replies to it; else stay silent."""
    message = update.effective_message
    user = update.effective_user
    if message is None or message.text is None or (user is not None and user.is_bot):
        return
    bot = context.bot
    if not _is_addressed(message, bot.id, bot.username):
        return
    question = re.sub(rf"@{re.escape(bot.username)}\b", " ", message.text, flags=re.I).strip()
    if not question:
        reply = _conversation(context).command(
            "help", "", _chat_state(update, context), _hint(update)
        )
    else:
        reply = _conversation(context).ask(question, _chat_state(update, context), _hint(update))
    log.info("question in group %s", chat_tag(message.chat_id))
    await _send(update, message, context, reply)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private-chat user that a command is not one of ours."""
    message = update.effective_message
    if message is None or not message.text:
        return
    name = message.text.split(maxsplit=1)[0][1:].split("@", 1)[0][:32]
    reply = _conversation(context).command(
        name.lower(), "", _chat_state(update, context), _hint(update)
    )
    await _send(update, message, context, reply)


async def on_non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private-chat user that stickers, photos and the like can't be read."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(NON_TEXT_HINT)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a pressed button (always, even a stale or forged one), then show what it asks."""
    query = update.callback_query
    if query is None:
        return
    reply = _conversation(context).action(
        query.data or "", _chat_state(update, context), _hint(update)
    )
    await query.answer(reply.notice)
    message = query.message
    if message is None or not reply.messages:
        return  # a button on an inline-mode message, or nothing more to show
    chat_id = message.chat.id
    if reply.edit and isinstance(message, Message) and len(reply.messages) == 1:
        part = outgoing(reply.messages[0], context.bot.username)[0]
        try:
            await message.edit_text(
                part.text,
                parse_mode=ParseMode.HTML,
                reply_markup=part.markup,
                link_preview_options=NO_PREVIEW,
            )
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise
        _remember(update, context, reply)
        return
    for core_message in reply.messages:
        for part in outgoing(core_message, context.bot.username):
            await context.bot.send_message(
                chat_id,
                part.text,
                parse_mode=ParseMode.HTML,
                reply_markup=part.markup,
                link_preview_options=NO_PREVIEW,
            )
    _remember(update, context, reply)


def _share_only(message: CoreMessage, username: str | None) -> InlineKeyboardMarkup | None:
    return keyboard(CoreMessage(blocks=message.blocks, share=message.share), username)


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer matching facts in inline mode (the headline targets for an empty query)."""
    query = update.inline_query
    if query is None:
        return
    items = _conversation(context).inline(query.query, query.from_user.language_code)
    username = context.bot.username
    results = [
        InlineQueryResultArticle(
            id=item.id,
            title=item.title,
            description=item.description,
            input_message_content=InputTextMessageContent(
                outgoing(item.message, None)[0].text,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
            ),
            reply_markup=_share_only(item.message, username),
        )
        for item in items
    ]
    await query.answer(results, cache_time=300)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error first; then, in a private chat, tell the user something went wrong."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        try:
            await update.effective_message.reply_text(ERROR_TEXT)
        except Exception:  # the network may be what failed; it is logged already
            log.warning("could not tell the user about the error")
