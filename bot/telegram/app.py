"""The one place the Telegram application is built: settings, handlers, menus, rate limits."""

from __future__ import annotations

import asyncio
import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
)
from telegram.error import TelegramError
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
from bot.chat.commands import COMMANDS, bot_profile
from bot.i18n import LANGUAGES, catalog
from bot.settings import Settings
from bot.telegram import handlers

log = logging.getLogger(__name__)

GROUP_ONLY_HIDDEN = ("start",)  # in a group /start only greets
SURFACE_TIMEOUT = 5.0  # seconds to wait for each menu or profile call at start-up


def menu(language: str, *, group: bool = False) -> list[BotCommand]:
    """The command menu in one language (Telegram shows it by the user's app language)."""
    cat = catalog(language)
    return [
        BotCommand(c.name, c.describe(cat))
        for c in COMMANDS.values()
        if not (group and c.name in GROUP_ONLY_HIDDEN)
    ]


MENU = menu("en")
GROUP_MENU = menu("en", group=True)


async def register_surfaces(bot: Bot) -> None:
    """Menus, name and descriptions in English (the default) and Chinese ("zh")."""
    for language in LANGUAGES:
        code = None if language == "en" else language
        name, description, short = bot_profile(catalog(language))
        calls = (
            bot.set_my_commands(
                menu(language), scope=BotCommandScopeAllPrivateChats(), language_code=code
            ),
            bot.set_my_commands(
                menu(language, group=True), scope=BotCommandScopeAllGroupChats(), language_code=code
            ),
            bot.set_my_name(name, language_code=code),
            bot.set_my_description(description, language_code=code),
            bot.set_my_short_description(short, language_code=code),
        )
        for call in calls:
            try:  # a profile the bot cannot set now (rate-limited, say) is not worth waiting for
                await asyncio.wait_for(call, timeout=SURFACE_TIMEOUT)
            except (TelegramError, TimeoutError) as exc:
                log.warning("could not set the bot's menu or profile (%s)", type(exc).__name__)


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Register the menus, name and descriptions in both languages once the bot is known."""
    await register_surfaces(application.bot)
    log.info("started as @%s", application.bot.username)


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
