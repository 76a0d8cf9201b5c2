"""Making one Bot API call as a reply: within Telegram's limits, retried while it can still
arrive in time, and never repeated when it may already have arrived.

- 429 (RetryAfter): wait as long as Telegram says, then again. The wait happens in the task of
  the chat being answered, so it delays that chat only.
- 5xx, a connection that fails or times out before the request is sent: capped exponential
  backoff with full jitter.
- A request sent whose answer did not come back in time (read timeout) may have been
  delivered: it is not repeated (`MaybeSent`), so a slow API never makes a duplicate.
- 400, 403 (a blocked bot, a message that cannot be edited): `Rejected`, never retried.
- When the next try would come after the deadline: `Undeliverable`.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import random
import time
import warnings
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from aiolimiter import AsyncLimiter
from telegram import Bot
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

log = logging.getLogger(__name__)

JSON = dict[str, Any]
GROUP_LIMITERS = 10_000  # groups whose per-minute limiter is kept (least recently used go)


class SendError(Exception):
    """Why a call was not (known to be) accepted; `cause` is the error's class name."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


class Rejected(SendError):
    """Telegram refused the call itself: retrying would not help."""


class Undeliverable(SendError):
    """Still failing when the deadline came."""


class MaybeSent(SendError):
    """Sent, but no answer came back: it may have been delivered, so it is not repeated."""


@dataclass(frozen=True)
class Policy:
    """How hard to try. Times in seconds."""

    deadline: float = 120.0  # from the update's arrival to the last try of its reply
    first_backoff: float = 0.5
    max_backoff: float = 5.0  # so an answer follows within seconds of an outage's end
    read_timeout: float = 30.0  # a late API answer is still an answer
    per_second: float = 30.0  # all chats together (Telegram's broadcast limit)
    per_group_minute: float = 20.0  # one group chat


async def raw_call(bot: Bot, method: str, params: JSON, read_timeout: float) -> Any:
    """One Bot API call from plain JSON parameters, its result as plain JSON.

    Bot.do_api_request warns when a method has a named wrapper (send_message...); stored calls
    are plain JSON by design, so they take the path every named wrapper takes, Bot._post.
    """
    return await bot._post(method, dict(params), read_timeout=read_timeout)


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the type will become timedelta
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def _safe_to_repeat(error: TimedOut) -> bool:
    """A timeout before the request left (connecting, waiting for a free connection)."""
    return isinstance(error.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout)


class Sender:
    """Makes reply calls for every chat, sharing one global limit and per-group limits."""

    def __init__(
        self,
        bot: Bot,
        policy: Policy = Policy(),
        *,
        on_error: Callable[[str], None] = lambda cause: None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.bot = bot
        self.policy = policy
        self.on_error = on_error
        self.clock = clock
        self.sleep = sleep
        self.limit = AsyncLimiter(policy.per_second, 1.0)
        self._groups: OrderedDict[int, AsyncLimiter] = OrderedDict()

    def _group_limit(self, chat_id: object) -> AsyncLimiter | None:
        if not isinstance(chat_id, int) or chat_id >= 0:
            return None  # private chats: the global limit is enough
        found = self._groups.pop(chat_id, None) or AsyncLimiter(self.policy.per_group_minute, 60)
        self._groups[chat_id] = found
        while len(self._groups) > GROUP_LIMITERS:
            self._groups.popitem(last=False)
        return found

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.policy.max_backoff, self.policy.first_backoff * 2**attempt)
        return random.uniform(0, ceiling)  # noqa: S311 - jitter, not security

    async def call(self, method: str, params: JSON, deadline: float) -> Any:
        """Make the call, retrying as the module says; `deadline` is on `clock`'s scale."""
        group = self._group_limit(params.get("chat_id")) if method.startswith("send") else None
        attempt = 0
        while True:
            if group is not None:
                await group.acquire()
            async with self.limit:
                try:
                    return await raw_call(self.bot, method, params, self.policy.read_timeout)
                except RetryAfter as error:
                    wait, cause = retry_seconds(error), "RetryAfter"
                except TimedOut as error:
                    cause = type(error).__name__
                    if not _safe_to_repeat(error):
                        self.on_error(cause)
                        raise MaybeSent(cause) from None
                    wait = self._backoff(attempt)
                except (BadRequest, Forbidden, ChatMigrated, InvalidToken, Conflict) as error:
                    self.on_error(type(error).__name__)
                    raise Rejected(type(error).__name__) from None
                except NetworkError as error:  # 5xx, connection refused or reset
                    wait, cause = self._backoff(attempt), type(error).__name__
                except TelegramError as error:  # an answer that is not the Bot API's
                    wait, cause = self._backoff(attempt), type(error).__name__
            self.on_error(cause)
            if self.clock() + wait > deadline:
                raise Undeliverable(cause)
            await self.sleep(wait)
            attempt += 1
