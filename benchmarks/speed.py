"""Speed and memory of the answer engine, beside a BM25 baseline measured in the same run.

Usage: python -m benchmarks.speed
Prints: knowledge-base load and index build times, per-query latency (p50, p99, max) for the
engine and for BM25 over the report's sentences, peak memory, and `reportbot ask` start-up
to first answer (a fresh process each time).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from benchmarks import peak_rss_mib
from benchmarks.quality import DEV_SETS, HELDOUT_SETS, load_questions
from bot.engine import Engine
from bot.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 20


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(function: object, *args: object) -> float:
    start = time.perf_counter()
    function(*args)  # type: ignore[operator]
    return time.perf_counter() - start


def latencies(ask: object, questions: list[str]) -> list[float]:
    for question in questions:  # warm caches, as a running bot would be
        ask(question)  # type: ignore[operator]
    return [timed(ask, q) for _ in range(ROUNDS) for q in questions]


def report(name: str, seconds: list[float]) -> None:
    micro = [s * 1e6 for s in seconds]
    print(
        f"  {name:10} p50 {percentile(micro, 0.5):7.0f} µs   p99 {percentile(micro, 0.99):7.0f} µs"
        f"   max {max(micro):7.0f} µs   ({len(micro)} queries)"
    )


def startup(runs: int = 5) -> list[float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    command = [sys.executable, "-m", "bot", "ask", "How many new jobs were created in 2018?"]
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True)
        results.append(time.perf_counter() - start)
    return results


def main() -> int:
    questions = [q.q for path in (*DEV_SETS, *HELDOUT_SETS) for q in load_questions(path)]
    load_start = time.perf_counter()
    kb = load_knowledge()
    load_time = time.perf_counter() - load_start
    build_start = time.perf_counter()
    engine = Engine(kb)
    build_time = time.perf_counter() - build_start
    speller_time = timed(engine.index.correct, "unemplyment")  # builds the typo vocabulary
    tracemalloc.start()  # a second, traced build: tracing slows it, so it is not timed
    Engine(load_knowledge())
    _, peak_build = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    from rank_bm25 import BM25Okapi

    sentences = [
        s
        for n in range(1, len(kb.report.lines) + 1)
        for s in re.split(r"(?<=[.!?;])\s+", kb.report.line(n))
        if s
    ]
    bm25_start = time.perf_counter()
    bm25 = BM25Okapi([re.findall(r"\w+", s.lower()) for s in sentences])
    bm25_build = time.perf_counter() - bm25_start

    def bm25_ask(question: str) -> int:
        scores = bm25.get_scores(re.findall(r"\w+", question.lower()))
        return int(scores.argmax())

    print(f"Speed on this machine ({os.cpu_count()} cores, Python {sys.version.split()[0]})")
    print(
        f"  knowledge base load: {load_time * 1000:.0f} ms "
        f"({len(kb.facts)} facts, {len(kb.sections)} sections)"
    )
    print(
        f"  engine index build:  {build_time * 1000:.0f} ms; "
        f"BM25 index build: {bm25_build * 1000:.1f} ms ({len(sentences)} sentences)"
    )
    print(f"  typo vocabulary, built at the first unknown word: {speller_time * 1000:.0f} ms")
    print(f"  peak memory while loading and indexing: {peak_build / 2**20:.1f} MiB (tracemalloc)")
    print(f"Per-query latency, in process, {ROUNDS} rounds of {len(questions)} questions:")
    report("engine", latencies(engine.ask, questions))
    report("BM25", latencies(bm25_ask, questions))
    runs = startup()
    print(
        f"`reportbot ask` start-up to first answer: median {statistics.median(runs) * 1000:.0f} ms,"
        f" max {max(runs) * 1000:.0f} ms ({len(runs)} runs)"
    )
    if (rss := peak_rss_mib()) is not None:
        print(f"  peak resident memory of this benchmark process: {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
