"""The garbage collector, paused while something big and garbage-free is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Building the knowledge base (or its index) makes hundreds of thousands of objects and
    next to no garbage; the cyclic collector, run again and again while they pile up, makes
    building grow faster than the data (the 50x synthetic copy: 11.5 s paused, 13.2 s not)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
