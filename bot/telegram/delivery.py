"""Sending a reply: the Bot API calls that make it are recorded in the inbox, then made in
order, each one marked once Telegram accepts it.

The update being handled travels in a context variable (`CURRENT`), set by the dispatcher for
the task that handles it, so a handler only says what to send (`deliver(calls)`).
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.store.inbox import Inbox
from bot.telegram.sending import MaybeSent, Rejected, Sender, Undeliverable

log = logging.getLogger(__name__)

JSON = dict[str, Any]
APOLOGY_SECONDS = 30.0  # how long the one apology for an undeliverable reply may take


@dataclass(frozen=True)
class Job:
    """The update a task is handling: its number and when its reply must have gone."""

    update_id: int | None
    deadline: float  # on time.monotonic()'s scale


CURRENT: contextvars.ContextVar[Job | None] = contextvars.ContextVar("job", default=None)


def call(method: str, **params: Any) -> JSON:
    """One Bot API call as plain JSON (kept in the inbox until it is made)."""
    return {"method": method, "params": {k: v for k, v in params.items() if v is not None}}


class Delivery:
    def __init__(
        self,
        sender: Sender,
        inbox: Inbox | None = None,
        *,
        on_late: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sender = sender
        self.inbox = inbox
        self.on_late = on_late
        self.clock = clock

    async def deliver(self, calls: list[JSON], apology: list[JSON] | None = None) -> list[Any]:
        """Make the calls for the current update; `apology` is sent instead if they cannot be.

        Returns each call's result (None for one Telegram refused or that may have been lost).
        """
        job = CURRENT.get() or Job(None, self.clock() + self.sender.policy.deadline)
        plan = {"calls": calls, "apology": apology or []}
        if self.inbox is not None and job.update_id is not None:
            self.inbox.plan(job.update_id, plan)
        return await self.resume(job, plan, 0)

    async def resume(self, job: Job, plan: JSON, start: int) -> list[Any]:
        """Make the plan's calls from `start` on (after a restart, those not yet accepted)."""
        results: list[Any] = []
        calls: list[JSON] = plan["calls"]
        for number in range(start, len(calls)):
            method, params = calls[number]["method"], calls[number]["params"]
            try:
                results.append(await self.sender.call(method, params, job.deadline))
            except Rejected as error:
                log.info("Telegram refused %s (%s)", method, error.cause)
                results.append(None)
            except MaybeSent as error:
                log.warning("no answer to %s in time (%s); not repeating it", method, error.cause)
                results.append(None)
            except Undeliverable as error:
                log.warning("gave up on a reply at its deadline (last error %s)", error.cause)
                self.on_late()
                await self._apologise(plan.get("apology") or [])
                self._accepted(job, len(calls))
                return results
            self._accepted(job, number + 1)
        return results

    def _accepted(self, job: Job, count: int) -> None:
        if self.inbox is not None and job.update_id is not None:
            self.inbox.accepted(job.update_id, count)

    async def _apologise(self, calls: list[JSON]) -> None:
        deadline = self.clock() + APOLOGY_SECONDS
        for item in calls:
            try:
                await self.sender.call(item["method"], item["params"], deadline)
            except (Rejected, MaybeSent, Undeliverable) as error:
                log.warning("could not send the apology either (%s)", error.cause)
                return
