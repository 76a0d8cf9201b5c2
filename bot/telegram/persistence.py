"""python-telegram-bot's persistence interface over the bot's state store (SQLite or Redis).

Chat data (follow-up context) and user data (the chosen language) are read from the store
before every update (`refresh_*`), so a replica always sees what another replica wrote, and
written back after it. Keys are keyed hashes of the ids: the store holds no chat or user id.
Nothing is loaded up front (`get_*` return empty mappings): memory holds only the chats being
answered. `drop_*` forget memory only; the store forgets a record when its time to live ends.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from bot.store.state import StateStore

Data = dict[Any, Any]


class StorePersistence(BasePersistence[Data, Data, Data]):
    def __init__(self, store: StateStore, key: bytes, ttl: float) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=True, user_data=True, callback_data=False
            ),
            update_interval=60,
        )
        self.store = store
        self.secret = key
        self.ttl = ttl

    def _key(self, kind: str, number: int) -> str:
        return hmac.new(self.secret, f"{kind}:{number}".encode(), hashlib.sha256).hexdigest()

    # ---------------------------------------------------------------- read
    async def get_user_data(self) -> dict[int, Data]:
        return {}

    async def get_chat_data(self) -> dict[int, Data]:
        return {}

    async def get_bot_data(self) -> Data:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        return {}

    async def refresh_user_data(self, user_id: int, user_data: Data) -> None:
        stored = await self.store.get("user", self._key("user", user_id))
        user_data.clear()
        user_data.update(stored or {})

    async def refresh_chat_data(self, chat_id: int, chat_data: Data) -> None:
        stored = await self.store.get("chat", self._key("chat", chat_id))
        chat_data.clear()
        chat_data.update(stored or {})

    async def refresh_bot_data(self, bot_data: Data) -> None:
        return None

    # ---------------------------------------------------------------- write
    async def update_user_data(self, user_id: int, data: Data) -> None:
        await self.store.put("user", self._key("user", user_id), data, self.ttl)

    async def update_chat_data(self, chat_id: int, data: Data) -> None:
        await self.store.put("chat", self._key("chat", chat_id), data, self.ttl)

    async def update_bot_data(self, data: Data) -> None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        return None

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None  # memory only: see the module's docstring

    async def drop_user_data(self, user_id: int) -> None:
        return None

    async def flush(self) -> None:
        return None
