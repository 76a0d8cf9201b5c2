"""Benchmarks that print numbers: answer quality, calibration, speed, bot throughput."""

import sys


def peak_rss_mib() -> float | None:
    """The process's peak resident memory, where the platform reports it."""
    if sys.platform == "win32":
        return None
    import resource

    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 / (1024 if sys.platform == "darwin" else 1)  # macOS reports bytes
