"""The one place the Telegram application is built: settings, handlers, menus, rate limits."""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.chat import Conversation
from bot.chat.commands import COMMANDS
from bot.settings import Settings
from bot.telegram import handlers

log = logging.getLogger(__name__)

MENU = [BotCommand(c.name, c.description) for c in COMMANDS.values()]
# Commands that make sense in a group; /start there only greets.
GROUP_MENU = [c for c in MENU if c.command not in ("start",)]


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Register the command menus (private and group chats) once the bot is known."""
    bot = application.bot
    await bot.set_my_commands(MENU, scope=BotCommandScopeAllPrivateChats())
    await bot.set_my_commands(GROUP_MENU, scope=BotCommandScopeAllGroupChats())
    log.info("started as @%s", bot.username)


def build_application(
    settings: Settings,
    conversation: Conversation,
    *,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    rate_limit: bool = True,
) -> Application:  # type: ignore[type-arg]
    """The bot, wired. `request`s replace HTTP (tests use a fake Bot API); `rate_limit=False`
    drops Telegram's flood limits, to measure the bot's own speed."""
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .concurrent_updates(True)
        .post_init(_post_init)
    )
    if rate_limit:
        # PTB types a builder by its rate limiter's argument type, which the branch changes.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))  # type: ignore[arg-type]
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
    if settings.telegram_api_file_url:
        builder = builder.base_file_url(settings.telegram_api_file_url)
    if request is not None:
        builder = builder.request(request)
    if updates_request is not None:
        builder = builder.get_updates_request(updates_request)
    application = builder.build()
    application.bot_data[handlers.CONVERSATION] = conversation
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:  # type: ignore[type-arg]
    """Who handles what. Edited messages and channel posts reach no handler."""
    new_message = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE & new_message
    groups = filters.ChatType.GROUPS & new_message
    application.add_handler(
        CommandHandler(list(COMMANDS), handlers.on_command, filters=new_message)
    )
    application.add_handler(MessageHandler(private & filters.COMMAND, handlers.on_unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, handlers.on_private_text))
    application.add_handler(
        MessageHandler(groups & filters.TEXT & ~filters.COMMAND, handlers.on_group_text)
    )
    application.add_handler(MessageHandler(private & ~filters.TEXT, handlers.on_non_text))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_handler(InlineQueryHandler(handlers.on_inline))
    application.add_error_handler(handlers.on_error)
