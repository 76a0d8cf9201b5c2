"""The running bot: state store, inbox, intake (polling or webhook), dispatch, HTTP server,
signals. `serve` runs until SIGTERM or SIGINT and returns the exit code.

Start: open the state file (and Redis, if REDIS_URL is set), reach the Bot API, answer what
the last run left in the inbox (if younger than REPLAY_MINUTES), then take new updates.
SIGHUP re-reads and validates the knowledge base and swaps it in; an invalid edit keeps the
one loaded. SIGTERM stops taking updates at once, gives those in hand SHUTDOWN_GRACE seconds,
and leaves the rest in the inbox for the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from telegram.error import InvalidToken, TelegramError
from telegram.request import BaseRequest

from bot.chat import Conversation
from bot.engine import Engine
from bot.knowledge import KnowledgeError
from bot.settings import Settings
from bot.store.inbox import Inbox
from bot.store.sqlite import StoreError, connect
from bot.store.state import RedisState, SQLiteState, StateStore
from bot.telegram import logs, server
from bot.telegram.app import build_application, register_surfaces
from bot.telegram.dispatch import Dispatcher, Throttle, slow_down
from bot.telegram.health import Health
from bot.telegram.logs import Pseudonyms
from bot.telegram.metrics import Metrics
from bot.telegram.persistence import StorePersistence
from bot.telegram.polling import ALLOWED_UPDATES, Poller
from bot.telegram.services import Services

log = logging.getLogger(__name__)

JSON = dict[str, Any]
KEEP_ALIVE = 60.0  # seconds between Bot API checks in webhook mode (for /healthz/ready)
UPKEEP = 3600.0  # seconds between clean-ups of the inbox and the state store


class ServiceError(Exception):
    """The bot cannot start; the message is one line for the operator."""


def _api_name(settings: Settings) -> str:
    return logs.redact(settings.telegram_api_base_url or "https://api.telegram.org/bot")


async def _store(settings: Settings, connection: Any) -> StateStore:
    if settings.redis_url is None:
        return SQLiteState(connection)
    url = settings.redis_url.get_secret_value()
    store = RedisState(url)
    try:
        await store.ping()
    except Exception as error:
        await store.close()
        raise ServiceError(
            f"cannot reach Redis at {logs.redact(url)} ({type(error).__name__})"
        ) from None
    return store


def _write_pid(path: Path) -> None:
    try:
        path.write_text(f"{os.getpid()}\n", encoding="ascii")
    except OSError as error:
        log.warning("could not write the PID file (%s)", type(error).__name__)


class Service:
    def __init__(
        self, settings: Settings, engine: Engine, *, request: BaseRequest | None = None
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.request = request
        self.stop = asyncio.Event()
        self.health = Health(knowledge=True)
        self.metrics = Metrics()
        self.failed = False  # polling stopped on an error of its own
        self.room: Callable[[], Awaitable[None]] | None = None  # the dispatcher's, once made
        self._tasks: list[asyncio.Task[Any]] = []

    # ------------------------------------------------------------------ the run
    async def run(self) -> int:
        settings = self.settings
        try:
            connection = connect(settings.state_file)
        except StoreError as error:
            raise ServiceError(str(error)) from None
        store = await _store(settings, connection)
        try:
            return await self._run(connection, store)
        finally:
            await store.close()
            connection.close()
            with contextlib.suppress(OSError):
                settings.pid_file.unlink()

    async def _run(self, connection: Any, store: StateStore) -> int:
        settings = self.settings
        inbox = Inbox(connection)
        ids = Pseudonyms(await store.secret("ids"))
        log_key = settings.log_pseudonym_key
        logs.use_pseudonyms(
            Pseudonyms(
                log_key.get_secret_value().encode() if log_key else await store.secret("log")
            )
        )
        config = settings.question_log_config()
        kept = config.retention_days if config.path is not None else None
        self.conversation = Conversation(self.engine, kept_days=kept)
        persistence = StorePersistence(store, ids.secret, settings.context_hours * 3600)
        application = build_application(
            settings, self.conversation, request=self.request, persistence=persistence
        )
        services: Services = application.bot_data[Services.KEY]
        questions = config.open()
        services.metrics, services.questions, services.store = self.metrics, questions, store
        services.pseudonyms = ids
        services.delivery.inbox = inbox
        services.delivery.on_late = lambda: self.metrics.dropped.labels("late").inc()
        services.delivery.sender.on_error = self.metrics.telegram_error
        self.metrics.watch_inbox(inbox.depth)
        dispatcher = Dispatcher(
            application,
            services.delivery,
            inbox=inbox,
            metrics=self.metrics,
            throttle=Throttle(
                settings.throttle_questions, settings.throttle_seconds, time.monotonic
            ),
            slow_notice=slow_down(self.conversation),
        )

        self.room = dispatcher.room

        def accept(number: int, body: JSON) -> None:
            if inbox.add(number, body):
                dispatcher.submit(number, body)

        try:
            await application.initialize()  # getMe: the token and the API are checked here
        except InvalidToken:
            raise ServiceError(
                "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): check the token."
            ) from None
        except TelegramError as error:
            said = str(error).split(". Parsing the server response", 1)[0]
            raise ServiceError(
                f"the Bot API at {_api_name(settings)} did not answer getMe "
                f"({type(error).__name__}: {logs.redact(said)})"
            ) from None
        self.health.reached()
        await application.start()
        try:
            self._replay(inbox, dispatcher)
            intake = await self._intake(application, store, inbox, accept)
            self._tasks.append(asyncio.create_task(register_surfaces(application.bot)))
            self._tasks.append(asyncio.create_task(self._upkeep(inbox, store)))
            _write_pid(settings.pid_file)
            self._signals()
            log.info("started as @%s in %s mode", application.bot.username, settings.bot_mode)
            await self.stop.wait()
            log.info("stopping: no new updates; finishing those in hand")
            await intake()
            left = await dispatcher.drain(settings.shutdown_grace)
            if left:
                log.info("%d update(s) left in the inbox for the next start", left)
        finally:
            self._unsignal()
            for task in self._tasks:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await application.stop()
            await application.shutdown()
            questions.close()
        return 1 if self.failed else 0

    def _replay(self, inbox: Inbox, dispatcher: Dispatcher) -> None:
        window = self.settings.replay_minutes * 60
        pending = inbox.pending()
        now = time.time()
        stale = [p for p in pending if now - p.received > window]
        for item in stale:
            inbox.finish(item.update_id, "dropped")
            self.metrics.dropped.labels("too_old").inc()
        if stale:
            log.info("dropped %d unanswered update(s) older than %.0f minutes", len(stale),
                     self.settings.replay_minutes)  # fmt: skip
        fresh = [p for p in pending if now - p.received <= window]
        for item in fresh:
            dispatcher.resume(item)
        if fresh:
            log.info("answering %d update(s) the last run left unanswered", len(fresh))

    async def _intake(
        self, application: Any, store: StateStore, inbox: Inbox, accept: Callable[[int, JSON], None]
    ) -> Callable[[], Awaitable[None]]:
        """Start taking updates; returns what stops it."""
        settings, bot = self.settings, application.bot
        if settings.bot_mode == "webhook":
            return await self._webhook(bot, store, accept)
        try:
            await bot.delete_webhook(drop_pending_updates=False)
        except TelegramError as error:
            log.warning("could not remove a webhook (%s)", type(error).__name__)
        last = inbox.last_update_id()
        poller = Poller(
            bot, accept, self.health, offset=None if last is None else last + 1, room=self.room
        )
        polling = asyncio.create_task(poller.run())
        http = self._listen(settings.metrics_listen, settings.metrics_port, None)

        async def stop() -> None:
            polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
            if http is not None:
                http.stop()
            await poller.confirm()

        polling.add_done_callback(self._intake_failed)
        return stop

    def _intake_failed(self, task: asyncio.Task[None]) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if isinstance(error, InvalidToken):
            log.error("Telegram rejected the token while polling; stopping")
        elif error is not None:
            log.error("polling stopped (%s); stopping", type(error).__name__)
        self.failed = error is not None
        self.stop.set()

    async def _webhook(
        self, bot: Any, store: StateStore, accept: Callable[[int, JSON], None]
    ) -> Callable[[], Awaitable[None]]:
        settings = self.settings
        url = settings.webhook_url or ""
        path = urlparse(url).path.strip("/") or "telegram"
        if settings.webhook_secret is not None:
            secret = settings.webhook_secret.get_secret_value()
        else:
            secret = (await store.secret("webhook")).hex()
            log.warning("WEBHOOK_SECRET is not set: using a secret generated for this bot and "
                        "kept in its state store")  # fmt: skip
        http = self._listen(settings.webhook_listen, settings.webhook_port,
                            server.Webhook(path, secret, accept))  # fmt: skip
        try:
            await bot.set_webhook(
                url, secret_token=secret, allowed_updates=ALLOWED_UPDATES, max_connections=40
            )
        except TelegramError as error:
            if http is not None:
                http.stop()
            raise ServiceError(
                f"Telegram refused the webhook {logs.redact(url)} "
                f"({type(error).__name__}: {logs.redact(str(error), (secret,))})"
            ) from None
        self._tasks.append(asyncio.create_task(self._keep_alive(bot)))

        async def stop() -> None:
            if http is not None:
                http.stop()

        return stop

    def _listen(self, address: str, port: int | None, webhook: server.Webhook | None) -> Any:
        if port is None:
            return None
        app = server.application(self.health, self.metrics, webhook)
        try:
            return server.listen(app, address, port)
        except OSError as error:
            why = os.strerror(error.errno) if error.errno else type(error).__name__
            raise ServiceError(f"cannot listen on {address}:{port} ({why})") from None

    async def _keep_alive(self, bot: Any) -> None:
        while True:
            try:
                await bot.get_webhook_info()
                self.health.reached()
            except TelegramError as error:
                log.warning("the Bot API did not answer getWebhookInfo (%s)", type(error).__name__)
            await asyncio.sleep(KEEP_ALIVE)

    async def _upkeep(self, inbox: Inbox, store: StateStore) -> None:
        while True:
            try:
                inbox.purge()
                if isinstance(store, SQLiteState):
                    store.expire()
            except Exception as error:
                log.warning("clean-up of the state file failed (%s)", type(error).__name__)
            await asyncio.sleep(UPKEEP)

    # ------------------------------------------------------------------ signals
    def _signals(self) -> None:
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(number, self.stop.set)
        loop.add_signal_handler(signal.SIGHUP, lambda: self._tasks.append(
            asyncio.create_task(self.reload())))  # fmt: skip

    def _unsignal(self) -> None:
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.remove_signal_handler(number)

    async def reload(self) -> bool:
        """Re-read and validate the knowledge base; swap it in if it is valid."""
        from bot.loading import load_engine

        log.info("reloading the knowledge base")
        try:
            engine = await asyncio.to_thread(load_engine)
        except KnowledgeError as error:
            self.metrics.reloads.labels("invalid").inc()
            first = error.problems[0] if error.problems else "unknown problem"
            log.error("the knowledge base has %d problem(s); keeping the one loaded. First: %s",
                      len(error.problems), first)  # fmt: skip
            return False
        self.conversation.engine = engine
        self.metrics.reloads.labels("ok").inc()
        log.info("knowledge base reloaded: %d facts, %d statements", len(engine.kb.facts),
                 len(engine.kb.statements))  # fmt: skip
        return True
