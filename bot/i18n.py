"""The interface in English and Simplified Chinese, through gettext catalogs.

Strings are written in English in the code, marked with `_()`, extracted with Babel into
`bot/locales/reportbot.pot` and translated in `bot/locales/<lang>/LC_MESSAGES/reportbot.po`.
A catalog is compiled (with Babel) the first time it is needed after its .po file changes, into
the cache directory; later starts read the compiled file with the standard library alone.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from bot import cache

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")
DOMAIN = "reportbot"
LOCALES = Path(__file__).resolve().parent / "locales"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_po(po: bytes) -> bytes:
    """The .mo form of a .po file (Babel's compiler), fuzzy entries left out."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po))
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


@lru_cache(maxsize=4)
def translations(language: str) -> gettext.NullTranslations:
    """The catalog for `language`; English (the source language) needs none."""
    if language == "en":
        return gettext.NullTranslations()
    po = po_path(language).read_bytes()
    key = hashlib.sha256(po).hexdigest()
    name = f"{DOMAIN}-{language}.mo"
    compiled = cache.read_bytes(name, key)
    if compiled is None:
        compiled = compile_po(po)
        cache.write_bytes(name, key, compiled)
    return gettext.GNUTranslations(io.BytesIO(compiled))


class Catalog:
    """The strings of one language: `_("...")` translates, `lang` says which it is."""

    def __init__(self, language: Language) -> None:
        self.lang: Language = language
        self._translations = translations(language)

    def _(self, message: str) -> str:
        return self._translations.gettext(message)

    def n_(self, singular: str, plural: str, count: int) -> str:
        return self._translations.ngettext(singular, plural, count)

    @property
    def zh(self) -> bool:
        return self.lang == "zh"


@lru_cache(maxsize=4)
def catalog(language: str) -> Catalog:
    return Catalog("zh" if language == "zh" else "en")


def from_code(code: str | None) -> Language | None:
    """A language from Telegram's language_code ("zh-hans", "zh-CN", "en-GB"...), if we have it."""
    if not code:
        return None
    base = code.lower().replace("_", "-").split("-")[0]
    return "zh" if base == "zh" else "en" if base == "en" else None


def of_text(text: str) -> Language | None:
    """The language a message is written in: Chinese when it holds Chinese characters."""
    if _CJK.search(text):
        return "zh"
    if re.search(r"[A-Za-z]{2,}", text):
        return "en"
    return None


def choose(chosen: str | None, text: str | None, code: str | None) -> Language:
    """The reply's language: the user's choice, else the question's, else Telegram's, else
    English."""
    if chosen in LANGUAGES:
        return chosen
    return (text and of_text(text)) or from_code(code) or "en"


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated where it is shown."""
    return message
