"""Whether the bot is alive and ready, for /healthz and /healthz/ready."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

READY_WINDOW = 120.0  # seconds since the Bot API last answered, for the bot to count as ready


@dataclass
class Health:
    clock: Callable[[], float] = time.monotonic
    knowledge: bool = False  # the knowledge base is loaded
    last_contact: float | None = None  # when the Bot API last answered
    started: float = field(default_factory=time.monotonic)

    def reached(self) -> None:
        self.last_contact = self.clock()

    def contact_age(self) -> float | None:
        return None if self.last_contact is None else self.clock() - self.last_contact

    def ready(self) -> bool:
        age = self.contact_age()
        return self.knowledge and age is not None and age <= READY_WINDOW

    def report(self) -> dict[str, object]:
        age = self.contact_age()
        return {
            "ready": self.ready(),
            "knowledge": self.knowledge,
            "bot_api_seconds_ago": None if age is None else round(age, 1),
        }
