"""Fetching updates by long polling, each one stored before Telegram is told it arrived.

Telegram forgets an update once a later getUpdates asks for the updates after it. So every
update of a batch goes to `accept` (which writes it to the inbox) before the next request
confirms it: an update is never confirmed before it is stored. The raw JSON is fetched, not
parsed objects, so one update this library cannot read costs that update only.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError

from bot.telegram.health import Health
from bot.telegram.sending import raw_call, retry_seconds

log = logging.getLogger(__name__)

JSON = dict[str, Any]
ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "message_reaction"]
LONG_POLL = 25  # seconds Telegram may hold a getUpdates open
MAX_BACKOFF = 30.0
REPEAT_EVERY = 20  # an outage is logged at its start, then every this many failures


class Poller:
    def __init__(
        self,
        bot: Bot,
        accept: Callable[[int, JSON], None],
        health: Health,
        *,
        offset: int | None = None,
        room: Callable[[], Awaitable[None]] | None = None,
        long_poll: int = LONG_POLL,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.bot = bot
        self.accept = accept
        self.health = health
        self.offset = offset
        self.room = room  # waits while the dispatcher holds as many updates as it may
        self.long_poll = long_poll
        self.sleep = sleep
        self.failures = 0

    async def _fetch(self, hold: int) -> Any:
        params: JSON = {"timeout": hold, "allowed_updates": ALLOWED_UPDATES}
        if self.offset is not None:
            params["offset"] = self.offset
        return await raw_call(self.bot, "getUpdates", params, hold + 10)

    async def run(self) -> None:
        """Poll until cancelled. Raises InvalidToken: nothing can work without the token."""
        while True:
            if self.room is not None:
                await self.room()
            try:
                batch = await self._fetch(self.long_poll)
            except InvalidToken:
                raise
            except RetryAfter as error:
                await self._failed(type(error).__name__, retry_seconds(error))
                continue
            except Conflict as error:  # another instance polls, or a webhook is set
                await self._failed(type(error).__name__, MAX_BACKOFF)
                continue
            except TelegramError as error:
                await self._failed(type(error).__name__, None)
                continue
            self._reached()
            self._take(batch)

    def _take(self, batch: Any) -> None:
        if not isinstance(batch, list):
            log.warning("getUpdates answered with something that is not a list; ignored")
            return
        for raw in batch:
            number = raw.get("update_id") if isinstance(raw, dict) else None
            if not isinstance(number, int) or isinstance(number, bool):
                log.warning("skipping an update that has no number")
                continue
            self.offset = max(self.offset or 0, number + 1)
            self.accept(number, raw)

    def _reached(self) -> None:
        if self.failures:
            log.info("the Bot API answers again, after %d failed polls", self.failures)
        self.failures = 0
        self.health.reached()

    async def _failed(self, cause: str, wait: float | None) -> None:
        self.failures += 1
        if wait is None:
            ceiling = min(MAX_BACKOFF, 0.5 * 2 ** min(self.failures, 10))
            wait = random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter
        if self.failures == 1 or self.failures % REPEAT_EVERY == 0:
            log.warning("getUpdates failed (%s); trying again in %.0f s", cause, wait)
        await self.sleep(wait)

    async def confirm(self) -> None:
        """Tell Telegram that every update taken so far arrived (at shutdown)."""
        if self.offset is None:
            return
        try:
            await raw_call(
                self.bot, "getUpdates", {"offset": self.offset, "timeout": 0, "limit": 1}, 5
            )
        except TelegramError as error:
            log.info("could not confirm the last updates (%s); they will be refused as repeats",
                     type(error).__name__)  # fmt: skip
