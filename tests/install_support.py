"""Shared by the packaging and container tests: reaching the package index, checking an answer."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "GDP growth 2018"


def index_unreachable() -> str | None:
    """Why the package index cannot be reached, or None when it can."""
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple/")
    try:
        with urllib.request.urlopen(index, timeout=15):
            return None
    except OSError as exc:
        return f"{index}: {exc}"


def skip_offline_else_fail(what: str, output: str) -> None:
    """After `what` failed: skip when the index is out of reach off CI, else fail with `output`."""
    unreachable = index_unreachable()
    if unreachable and not os.environ.get("CI"):
        pytest.skip(f"no network to the package index ({unreachable})")
    pytest.fail(f"{what} failed:\n{output}")


def assert_answered_from_the_report(answer: dict[str, object]) -> None:
    """`reportbot ask --json "GDP growth 2018"`'s answer: the 2018 figure, quoted verbatim."""
    assert answer["status"] == "answered", answer
    first = answer["answers"][0]  # type: ignore[index]
    assert first["id"] == "gdp-growth-2018"
    assert "7.6%" in first["quote"]
    report = " ".join((ROOT / "knowledge" / "report.txt").read_text(encoding="utf-8").split())
    assert " ".join(first["quote"].split()) in report
