"""What the running bot counts, in Prometheus form (served at /metrics).

A registry of its own per process (not prometheus-client's global one), so tests can build
several bots side by side.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.updates = Counter(
            "reportbot_updates", "Updates received, by kind", ["kind"], registry=r
        )
        self.answers = Counter(
            "reportbot_answers", "Questions answered, by status and reason", ["status", "reason"],
            registry=r,
        )  # fmt: skip
        self.languages = Counter(
            "reportbot_replies_language", "Replies by language", ["language"], registry=r
        )
        self.latency = Histogram(
            "reportbot_handling_seconds",
            "From an update's arrival to its reply accepted by Telegram",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
            registry=r,
        )
        self.telegram_errors = Counter(
            "reportbot_telegram_errors", "Bot API errors, by class", ["error"], registry=r
        )
        self.throttled = Counter(
            "reportbot_throttled_updates", "Updates dropped by the per-user limit", registry=r
        )
        self.dropped = Counter(
            "reportbot_dropped_updates", "Updates not answered, by why", ["why"], registry=r
        )
        self.replayed = Counter(
            "reportbot_replayed_updates", "Updates answered after a restart", registry=r
        )
        self.reloads = Counter(
            "reportbot_knowledge_reloads", "Knowledge base reloads, by outcome", ["outcome"],
            registry=r,
        )  # fmt: skip
        self.inbox_depth = Gauge(
            "reportbot_inbox_depth", "Updates received and not yet answered", registry=r
        )

    def watch_inbox(self, depth: Callable[[], int]) -> None:
        self.inbox_depth.set_function(lambda: float(depth()))

    def telegram_error(self, cause: str) -> None:
        self.telegram_errors.labels(cause).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
