"""The one place the Telegram application is built: settings, handlers, menus, delivery."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
)
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BasePersistence,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    MessageReactionHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.chat import Conversation
from bot.chat.commands import COMMANDS, bot_profile
from bot.i18n import LANGUAGES, catalog
from bot.settings import Settings
from bot.telegram import handlers
from bot.telegram.delivery import Delivery
from bot.telegram.logs import Pseudonyms
from bot.telegram.sending import Policy, Sender
from bot.telegram.services import Services

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
        # Each call made only when its turn comes: a stop in the middle leaves no coroutine
        # that was never awaited.
        calls: tuple[Callable[[], Awaitable[bool]], ...] = (
            partial(
                bot.set_my_commands,
                menu(language),
                scope=BotCommandScopeAllPrivateChats(),
                language_code=code,
            ),
            partial(
                bot.set_my_commands,
                menu(language, group=True),
                scope=BotCommandScopeAllGroupChats(),
                language_code=code,
            ),
            partial(bot.set_my_name, name, language_code=code),
            partial(bot.set_my_description, description, language_code=code),
            partial(bot.set_my_short_description, short, language_code=code),
        )
        for call in calls:
            try:  # a profile the bot cannot set now (rate-limited, say) is not worth waiting for
                await asyncio.wait_for(call(), timeout=SURFACE_TIMEOUT)
            except (TelegramError, TimeoutError) as exc:
                log.warning("could not set the bot's menu or profile (%s)", type(exc).__name__)


def build_application(
    settings: Settings,
    conversation: Conversation,
    *,
    request: BaseRequest | None = None,
    persistence: BasePersistence | None = None,  # type: ignore[type-arg]
    policy: Policy | None = None,
) -> Application:  # type: ignore[type-arg]
    """The bot, wired. `request` replaces HTTP (tests use a fake Bot API). Updates come from
    `bot.telegram.service` (polling or webhook into the inbox), not from PTB's Updater."""
    policy = policy or Policy(deadline=settings.send_deadline, per_second=settings.send_per_second)
    builder = ApplicationBuilder().token(settings.telegram_bot_token.get_secret_value())
    builder = builder.updater(None)  # reply calls set their own read timeout (Policy)
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
    if settings.telegram_api_file_url:
        builder = builder.base_file_url(settings.telegram_api_file_url)
    if request is not None:  # getUpdates has a connection of its own in PTB: both go there
        builder = builder.request(request).get_updates_request(request)
    if persistence is not None:
        builder = builder.persistence(persistence)
    application = builder.build()
    sender = Sender(application.bot, policy)
    application.bot_data[Services.KEY] = Services(
        conversation=conversation, delivery=Delivery(sender), pseudonyms=Pseudonyms()
    )
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
    application.add_handler(MessageReactionHandler(handlers.on_reaction))
    application.add_error_handler(handlers.on_error)
