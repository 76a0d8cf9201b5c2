"""A small Bot API in memory: records every call, plays updates, and fails on demand.

`FakeBotApi` is the server; `FakeRequest` plugs it into python-telegram-bot in process (a
BaseRequest subclass, so the real Application and Bot run unchanged), and `serve_http` puts it
behind a local HTTP server for tests that start the bot as a separate process.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

BOT_ID = 7000001
BOT_USERNAME = "JiaxingReportBot"
TOKEN = "7000001:AAHfake-token-for-tests-only_0123456789"
JSON = dict[str, Any]
HTML = "__html__"  # a body key that means: send this text as an HTML page, not JSON


@dataclass
class Failure:
    """An error the fake returns instead of handling the next call of a method."""

    status: int = 502
    description: str = "Bad Gateway"
    retry_after: int | None = None
    timeout: bool = False
    html: bool = False  # answer with an HTML error page, as a proxy in front of the API would


@dataclass
class Call:
    method: str
    params: JSON
    at: float = field(default_factory=time.monotonic)  # when the server took it
    status: int = 200  # what the server answered


@dataclass
class ChatLimit:
    """Telegram's flood control, per chat: more than `count` sends in `seconds` get a 429."""

    count: int = 3
    seconds: float = 3.0
    retry_after: int = 5


@dataclass
class FakeBotApi:
    """The server side: Bot API methods over in-memory state."""

    username: str = BOT_USERNAME
    bot_id: int = BOT_ID
    reject_token: bool = False
    calls: list[Call] = field(default_factory=list)
    pending: list[JSON] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)  # seconds before answering a method
    chat_limit: ChatLimit | None = None
    outages: dict[str, tuple[float, Failure]] = field(default_factory=dict)
    last_message_id: int | None = None  # of the last message the bot sent
    _sends: dict[Any, list[float]] = field(default_factory=dict)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # ---------------------------------------------------------------- test helpers
    def fail(self, method: str, failure: Failure, times: int = 1) -> None:
        self.failures.setdefault(method, []).extend([failure] * times)

    def outage(self, method: str, seconds: float, failure: Failure) -> None:
        """Every call of `method` fails with `failure` for the next `seconds`."""
        self.outages[method] = (time.monotonic() + seconds, failure)

    def sent(self, method: str = "sendMessage") -> list[JSON]:
        """The calls of `method` the server accepted (answered 200)."""
        return [c.params for c in self.calls if c.method == method and c.status == 200]

    def attempts(self, method: str = "sendMessage") -> list[Call]:
        """Every call of `method`, refused ones included."""
        return [c for c in self.calls if c.method == method]

    def texts(self) -> list[str]:
        return [str(p["text"]) for p in self.sent()]

    def forget(self) -> None:
        self.calls.clear()

    def queue(self, update: JSON) -> None:
        with self._lock:
            self.pending.append(update)

    def user(
        self,
        user_id: int = 42,
        first_name: str = "Lin",
        is_bot: bool = False,
        language_code: str | None = None,
    ) -> JSON:
        found: JSON = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
        if language_code:
            found["language_code"] = language_code
        return found

    def bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Report Bot",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    def chat(self, chat_type: str = "private", chat_id: int | None = None) -> JSON:
        if chat_type == "private":
            return {"id": chat_id or 42, "type": "private", "first_name": "Lin"}
        return {"id": chat_id or -100123, "type": chat_type, "title": "Neighbours"}

    def message(
        self,
        text: str | None = None,
        *,
        chat_type: str = "private",
        user: JSON | None = None,
        reply_to: JSON | None = None,
        entities: list[JSON] | None = None,
        extra: JSON | None = None,
    ) -> JSON:
        """A message update, as Telegram would send it."""
        message: JSON = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": self.chat(chat_type),
            "from": user or self.user(),
        }
        if text is not None:
            message["text"] = text
            found = list(entities or [])
            if text.startswith("/"):
                command = text.split()[0]
                found.append({"type": "bot_command", "offset": 0, "length": len(command)})
            if found:
                message["entities"] = found
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(extra or {})
        return {"update_id": next(self._ids), "message": message}

    def mention(self, text: str, name: str | None = None, *, chat_type: str = "group") -> JSON:
        """A group message with an @mention entity for `name` (the bot by default)."""
        handle = f"@{name or self.username}"
        offset = text.index(handle)
        entity = {"type": "mention", "offset": offset, "length": len(handle)}
        return self.message(text, chat_type=chat_type, entities=[entity])

    def callback(self, data: str, *, message: JSON | None = None) -> JSON:
        query: JSON = {
            "id": str(next(self._ids)),
            "from": self.user(),
            "chat_instance": "1",
            "data": data,
        }
        if message is not None:
            query["message"] = message
        return {"update_id": next(self._ids), "callback_query": query}

    def inline(self, text: str) -> JSON:
        query = {"id": str(next(self._ids)), "from": self.user(), "query": text, "offset": ""}
        return {"update_id": next(self._ids), "inline_query": query}

    # ---------------------------------------------------------------- the server
    def handle(self, method: str, params: JSON) -> tuple[int, JSON]:
        """One Bot API call: (HTTP status, JSON body)."""
        record = Call(method, params)
        with self._lock:
            self.calls.append(record)
            queued = self.failures.get(method)
            failure = queued.pop(0) if queued else None
            until, down = self.outages.get(method, (0.0, None))
            if failure is None and down is not None and time.monotonic() < until:
                failure = down
            if failure is None and method == "sendMessage" and self.chat_limit is not None:
                failure = self._flood_control(params.get("chat_id"))
        status, body = self._answer(method, params, failure)
        record.status = status
        return status, body

    def _flood_control(self, chat_id: Any) -> Failure | None:
        limit = self.chat_limit
        assert limit is not None
        now = time.monotonic()
        recent = [t for t in self._sends.get(chat_id, []) if t > now - limit.seconds]
        if len(recent) >= limit.count:
            self._sends[chat_id] = recent
            return Failure(429, "Too Many Requests: retry after", retry_after=limit.retry_after)
        self._sends[chat_id] = [*recent, now]
        return None

    def _answer(self, method: str, params: JSON, failure: Failure | None) -> tuple[int, JSON]:
        if failure is not None:
            if failure.timeout:
                raise TimedOut("fake timeout")
            if failure.html:
                return failure.status, {
                    HTML: f"<html><body><h1>{failure.status} "
                    f"{failure.description}</h1></body></html>"
                }
            body: JSON = {
                "ok": False,
                "error_code": failure.status,
                "description": failure.description,
            }
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            return failure.status, body
        if self.reject_token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        result = self._result(method, params)
        if result is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        return 200, {"ok": True, "result": result}

    def _result(self, method: str, params: JSON) -> Any:
        if method == "getMe":
            return self.bot_user()
        if method == "getUpdates":
            # Like Telegram: an update is given again until a later offset confirms it.
            with self._lock:
                offset = int(params.get("offset") or 0)
                self.pending = [u for u in self.pending if _number(u) >= offset]
                return self.pending[: int(params.get("limit") or 100)]
        if method in ("sendMessage", "editMessageText"):
            chat_id = params.get("chat_id", 42)
            number = int(params.get("message_id") or next(self._ids))
            self.last_message_id = number
            return {
                "message_id": number,
                "date": int(time.time()),
                "chat": {
                    "id": chat_id,
                    "type": "private" if int(chat_id) > 0 else "group",
                    **({"first_name": "Lin"} if int(chat_id) > 0 else {"title": "G"}),
                },
                "from": self.bot_user(),
                "text": params.get("text", ""),
            }
        if method in (
            "answerCallbackQuery",
            "answerInlineQuery",
            "setMyCommands",
            "setMyName",
            "setMyDescription",
            "setMyShortDescription",
            "deleteWebhook",
            "setWebhook",
            "close",
            "logOut",
            "deleteMyCommands",
        ):
            return True
        if method == "getMyCommands":
            return []
        return None


class FakeRequest(BaseRequest):
    """python-telegram-bot's transport, answered by a FakeBotApi instead of the network."""

    def __init__(self, api: FakeBotApi, poll_delay: float = 0.01) -> None:
        self.api = api
        self.poll_delay = poll_delay

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data is not None else {}
        if name in self.api.delays:
            await asyncio.sleep(self.api.delays[name])
        status, body = self.api.handle(name, params)
        if name == "getUpdates" and not body.get("result"):
            await asyncio.sleep(self.poll_delay)  # a long poll that found nothing
        page = body.get(HTML)
        return status, page.encode() if page else json.dumps(body).encode()


def _number(update: JSON) -> int:
    number = update.get("update_id") if isinstance(update, dict) else None
    return number if isinstance(number, int) else 1 << 62


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


@contextmanager
def serve_http(api: FakeBotApi) -> Iterator[str]:
    """The fake behind http://127.0.0.1:<port>/bot (Bot API URL layout); yields that base URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the real Bot API

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            kind = self.headers.get("Content-Type", "")
            if "json" in kind:
                params = json.loads(raw or "{}")
            else:
                params = {k: _decode(v[0]) for k, v in parse_qs(raw).items()}
            method = self.path.rsplit("/", 1)[-1]
            if method in api.delays:
                time.sleep(api.delays[method])
            try:
                status, body = api.handle(method, params)
            except TimedOut:
                status, body = 504, {"ok": False, "error_code": 504, "description": "timeout"}
            if method == "getUpdates" and not body.get("result"):
                time.sleep(0.05)
            page = body.get(HTML)
            payload = page.encode() if page else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/html" if page else "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                return  # the bot hung up (it is shutting down)

        do_GET = do_POST

        def log_message(self, format: str, *args: Any) -> None:
            return

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            if isinstance(sys.exc_info()[1], ConnectionError):
                return  # a client killed mid-request (kill -9 tests): nothing to report
            super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/bot"
    finally:
        server.shutdown()
        server.server_close()
