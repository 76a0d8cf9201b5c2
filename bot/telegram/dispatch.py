"""From the inbox to the handlers: one queue per chat, so each chat's questions are answered in
order while no chat waits for another; a per-user limit, so nobody can flood the bot.

An update is parsed on its own (one that cannot be parsed is skipped and logged by number
only), handled by python-telegram-bot's handlers with the update's `Job` in context, and
marked done in the inbox once its reply is accepted. After each update the conversation state
is written to the store, and once a chat's queue is empty its state leaves memory: the store
holds it, and memory does not grow with the number of chats.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application

from bot.store.inbox import Inbox, Pending
from bot.telegram.delivery import CURRENT, Delivery, Job
from bot.telegram.metrics import Metrics
from bot.telegram.render import send_calls

log = logging.getLogger(__name__)

JSON = dict[str, Any]
KINDS = (
    "message", "edited_message", "callback_query", "inline_query", "message_reaction",
    "channel_post", "my_chat_member", "chat_member",
)  # fmt: skip


@dataclass
class Item:
    update_id: int
    body: JSON
    update: Update | None
    received: float  # time.monotonic() when it arrived (or when it was replayed)
    plan: JSON | None = None  # a reply worked out before a restart
    sent: int = 0
    slow_notice: bool = False  # this item only says "slow down"


class Throttle:
    """At most `limit` questions per `seconds` per user: a sliding window of their times.

    Users are kept in order of their last question, and a user quiet for a whole window is
    forgotten (they are under the limit again anyway): memory holds the users of the last
    `seconds` only.
    """

    def __init__(self, limit: int, seconds: float, clock: Callable[[], float]) -> None:
        self.limit, self.seconds, self.clock = limit, seconds, clock
        self._seen: OrderedDict[int, list[float]] = OrderedDict()
        self._warned: dict[int, float] = {}

    def allow(self, user_id: int) -> bool:
        now = self.clock()
        since = now - self.seconds
        while self._seen:  # forget whoever has been quiet for a whole window
            oldest, times = next(iter(self._seen.items()))
            if times[-1] > since:
                break
            del self._seen[oldest]
            self._warned.pop(oldest, None)
        times = [t for t in self._seen.pop(user_id, ()) if t > since]
        allowed = len(times) < self.limit
        if allowed:
            times.append(now)
        self._seen[user_id] = times or [now]
        return allowed

    def first_refusal(self, user_id: int) -> bool:
        """Whether this user has not been told to slow down in the current window."""
        now = self.clock()
        if now - self._warned.get(user_id, -1e18) < self.seconds:
            return False
        self._warned[user_id] = now
        return True

    def __len__(self) -> int:
        return len(self._seen)


def _kind(body: JSON) -> str:
    return next((k for k in KINDS if k in body), "other")


def _queue_key(update: Update | None, update_id: int) -> str:
    if update is not None:
        if update.effective_chat is not None:
            return f"c{update.effective_chat.id}"
        if update.effective_user is not None:
            return f"u{update.effective_user.id}"
    return f"x{update_id}"


def _counted(update: Update) -> int | None:
    """The user a question counts against, for a message or a button press; else None."""
    if update.callback_query is not None:
        return update.callback_query.from_user.id
    message = update.message
    if message is None or message.from_user is None:
        return None
    if message.chat.type == ChatType.PRIVATE:
        return message.from_user.id
    return None  # in groups the bot answers only when addressed; sending limits pace it


class Dispatcher:
    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        delivery: Delivery,
        *,
        inbox: Inbox | None = None,
        metrics: Metrics | None = None,
        throttle: Throttle | None = None,
        slow_notice: Callable[[Update], list[JSON]] | None = None,
        workers: int = 32,
        capacity: int = 256,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.application = application
        self.delivery = delivery
        self.inbox = inbox
        self.metrics = metrics
        self.throttle = throttle
        self.slow_notice = slow_notice
        self.clock = clock
        self._slots = asyncio.Semaphore(workers)
        self._queues: dict[str, deque[Item]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._busy_users: Counter[int] = Counter()
        # Updates held in memory, at most `capacity`: more wait in the inbox (webhook) or at
        # Telegram (polling waits for room), so memory does not grow with a backlog.
        self.capacity = capacity
        self._held: set[int] = set()
        self._deferred = False
        self._room = asyncio.Event()
        self._room.set()
        self._closing = False
        self.deadline = delivery.sender.policy.deadline

    # ------------------------------------------------------------------ intake
    def submit(self, update_id: int, body: JSON, *, received: float | None = None) -> None:
        """Queue an update already stored in the inbox (or leave it there while full)."""
        if self.metrics is not None:
            self.metrics.updates.labels(_kind(body)).inc()
        if len(self._held) >= self.capacity and self.inbox is not None:
            self._deferred = True  # the inbox has it; taken when there is room
            return
        self._admit(update_id, body, received)

    def _admit(self, update_id: int, body: JSON, received: float | None) -> None:
        try:
            update = Update.de_json(body, self.application.bot)
        except Exception as error:  # an update this library cannot read: never retried
            log.warning(
                "skipping update %d: it cannot be read (%s)", update_id, type(error).__name__
            )
            self._finish(update_id, "poison")
            return
        item = Item(update_id, body, update, received if received is not None else self.clock())
        user = _counted(update)
        if user is not None and self.throttle is not None and not self.throttle.allow(user):
            if self.metrics is not None:
                self.metrics.throttled.inc()
            if self.throttle.first_refusal(user) and self.slow_notice is not None:
                item.slow_notice = True
            else:
                self._finish(update_id, "dropped")
                return
        self._enqueue(item)

    def resume(self, pending: Pending) -> None:
        """Queue an update left unanswered by the last run."""
        if self.metrics is not None:
            self.metrics.replayed.inc()
        try:
            update = Update.de_json(pending.body, self.application.bot)
        except Exception as error:
            log.warning(
                "skipping update %d: it cannot be read (%s)",
                pending.update_id,
                type(error).__name__,
            )
            self._finish(pending.update_id, "poison")
            return
        plan = pending.plan if isinstance(pending.plan, dict) else None
        self._enqueue(
            Item(pending.update_id, pending.body, update, self.clock(), plan, pending.sent)
        )

    def _refill(self) -> None:
        """Take updates that waited in the inbox, oldest first, while there is room."""
        self._deferred = False
        if self.inbox is None:
            return
        # Those held are among the oldest: read no more rows than could be taken.
        for pending in self.inbox.pending(limit=len(self._held) + self.capacity):
            if pending.update_id in self._held:
                continue
            if len(self._held) >= self.capacity:
                self._deferred = True
                return
            if pending.plan is not None:
                self.resume(pending)
            else:
                waited = max(0.0, time.time() - pending.received)
                self._admit(pending.update_id, pending.body, self.clock() - waited)

    async def room(self) -> None:
        """Wait until fewer than `capacity` updates are held (polling fetches only then)."""
        while len(self._held) >= self.capacity:
            self._room.clear()
            await self._room.wait()

    def _enqueue(self, item: Item) -> None:
        self._held.add(item.update_id)
        key = _queue_key(item.update, item.update_id)
        self._queues.setdefault(key, deque()).append(item)
        if key not in self._workers:
            self._workers[key] = asyncio.get_running_loop().create_task(
                self._work(key), name=f"chat-worker-{len(self._workers)}"
            )

    # ------------------------------------------------------------------ work
    async def _work(self, key: str) -> None:
        queue = self._queues[key]
        try:
            while queue and not self._closing:
                async with self._slots:  # an update is taken only once a slot is free
                    if self._closing:
                        break
                    item = queue.popleft()
                    await self._handle(item)
                if not queue:
                    await self._forget(item)
        finally:
            del self._workers[key]
            if not queue:
                self._queues.pop(key, None)

    async def _handle(self, item: Item) -> None:
        job = Job(item.update_id, item.received + self.deadline)
        token = CURRENT.set(job)
        user = item.update.effective_user.id if item.update and item.update.effective_user else None
        if user is not None:
            self._busy_users[user] += 1
        status = "done"
        try:
            if item.plan is not None:
                await self.delivery.resume(job, item.plan, item.sent)
            elif item.slow_notice and self.slow_notice is not None and item.update is not None:
                await self.delivery.deliver(self.slow_notice(item.update))
                status = "dropped"
            elif item.update is not None:
                await self.application.process_update(item.update)
                await self.application.update_persistence()
        except asyncio.CancelledError:
            status = "new"  # stopped by shutdown: left in the inbox for the next start
            raise
        except Exception as error:  # process_update reports handler errors itself
            log.error("error while dispatching an update (%s)", type(error).__name__)
        finally:
            CURRENT.reset(token)
            if user is not None:
                self._busy_users[user] -= 1
                if not self._busy_users[user]:
                    del self._busy_users[user]
            if status != "new":
                self._finish(item.update_id, status)
                if self.metrics is not None:
                    self.metrics.latency.observe(self.clock() - item.received)
            self._held.discard(item.update_id)
            if len(self._held) < self.capacity:
                self._room.set()
            if self._deferred and len(self._held) <= self.capacity // 2 and not self._closing:
                self._refill()

    async def _forget(self, item: Item) -> None:
        """Let the chat's (and, if idle, the user's) state leave memory: the store keeps it."""
        update = item.update
        if update is None:
            return
        if update.effective_chat is not None:
            self.application.drop_chat_data(update.effective_chat.id)
        user = update.effective_user
        if user is not None and not self._busy_users.get(user.id):
            self.application.drop_user_data(user.id)
        await self.application.update_persistence()  # drop_* only forget memory (see persistence)

    def _finish(self, update_id: int, status: str) -> None:
        if self.inbox is not None:
            self.inbox.finish(update_id, status)
        if status in ("dropped", "poison") and self.metrics is not None:
            self.metrics.dropped.labels("throttled" if status == "dropped" else status).inc()

    # ------------------------------------------------------------------ stopping
    @property
    def in_flight(self) -> int:
        """Updates held in memory: queued or being answered."""
        return len(self._held)

    async def drain(self, grace: float) -> int:
        """Finish the updates in hand (those being answered now) within `grace` seconds; the
        rest stay in the inbox for the next start. Returns how many were left unanswered.

        Only an update still in hand when the grace ends is cut off mid-way (its reply's
        progress is in the inbox)."""
        self._closing = True
        workers = list(self._workers.values())
        if workers:
            await asyncio.wait(workers, timeout=grace)
        left = sum(len(q) for q in self._queues.values())
        running = [w for w in self._workers.values() if not w.done()]
        for worker in running:
            worker.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
        return left + len(running)


def slow_down(conversation: Any) -> Callable[[Update], list[JSON]]:
    """The "slow down" notice for a user, in their language."""

    def notice(update: Update) -> list[JSON]:
        from bot.chat import ChatState

        hint = update.effective_user.language_code if update.effective_user else None
        reply = conversation.notice("slow", ChatState(), hint)
        chat = update.effective_chat
        return send_calls(reply.messages, chat.id) if chat is not None else []

    return notice
