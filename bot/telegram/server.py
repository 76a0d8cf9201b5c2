"""The bot's HTTP server (tornado): the webhook Telegram posts updates to, /healthz,
/healthz/ready and /metrics.

In webhook mode all four share the webhook port; in polling mode the server runs only when
METRICS_PORT is set, without the webhook route. A webhook post is answered 200 only once its
update is stored in the inbox; a post without the secret header gets 403, and a body that is
not a JSON update (or not UTF-8) gets 400.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.web import Application, RequestHandler

from bot.telegram.health import Health
from bot.telegram.metrics import Metrics

log = logging.getLogger(__name__)

JSON = dict[str, Any]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header's name
MAX_BODY = 1 << 20  # bytes; Telegram's updates are far smaller


@dataclass(frozen=True)
class Webhook:
    path: str  # without the leading slash
    secret: str
    accept: Callable[[int, JSON], None]  # stores the update and queues it


class _Plain(RequestHandler):
    def _reply(self, status: int, body: JSON | str, kind: str = "application/json") -> None:
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.finish(json.dumps(body) if isinstance(body, dict) else body)

    def log_exception(self, *args: Any) -> None:  # tornado would log the request line
        log.error("error in the HTTP server (%s)", args[0].__name__ if args else "unknown")


class WebhookHandler(_Plain):
    def initialize(self, webhook: Webhook) -> None:
        self.webhook = webhook

    def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.webhook.secret.encode()):
            self._reply(403, {"ok": False, "error": "wrong or missing secret token"})
            return
        try:
            update = json.loads(self.request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._reply(400, {"ok": False, "error": "the body is not JSON in UTF-8"})
            return
        number = update.get("update_id") if isinstance(update, dict) else None
        if not isinstance(number, int) or isinstance(number, bool):
            self._reply(400, {"ok": False, "error": "not an update (no update_id)"})
            return
        self.webhook.accept(number, update)
        self._reply(200, {"ok": True})


class LiveHandler(_Plain):
    def get(self) -> None:
        self._reply(200, {"status": "ok"})


class ReadyHandler(_Plain):
    def initialize(self, health: Health) -> None:
        self.health = health

    def get(self) -> None:
        self._reply(200 if self.health.ready() else 503, self.health.report())


class MetricsHandler(_Plain):
    def initialize(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def get(self) -> None:
        self._reply(200, self.metrics.exposition().decode(), "text/plain; version=0.0.4")


def application(health: Health, metrics: Metrics, webhook: Webhook | None = None) -> Application:
    routes: list[Any] = [
        (r"/healthz", LiveHandler),
        (r"/healthz/ready", ReadyHandler, {"health": health}),
        (r"/metrics", MetricsHandler, {"metrics": metrics}),
    ]
    if webhook is not None:
        routes.insert(0, (f"/{re.escape(webhook.path)}", WebhookHandler, {"webhook": webhook}))
    return Application(routes, log_function=lambda handler: None)


def listen(app: Application, address: str, port: int) -> HTTPServer:
    """Start serving; raises OSError when the port cannot be had (in use, not allowed)."""
    server = HTTPServer(app, max_body_size=MAX_BODY, xheaders=True)
    server.listen(port, address)
    return server
