"""Speed and memory of the engine, printed (never asserted): `python -m benchmarks.speed`.

1. Per question in process: `Engine.ask` on every dev and held-out question (best of 3 runs per
   question, so a pause of the machine is not charged to the engine), against BM25's retrieve.
2. Whole-process batch: `reportbot ask --json` against `python -m benchmarks.bm25`, both
   reading every question on standard input (each process starts, loads and answers).
3. `reportbot ask "GDP growth"` start-up, with a cold cache (empty directory) and a warm one.
4. Loading: validating and indexing the real knowledge base and synthetic copies of it
   (`--sizes 1,10,50`), and reading each back from the cache; the growth exponent is the slope
   of log time against log size between the two largest sizes.
5. Memory: what stays resident after loading from the cache (tracemalloc) and the RSS.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.sets import dev_sets, heldout_sets, load

ROOT = Path(__file__).resolve().parent.parent


def questions() -> list[str]:
    return [t.q for p in (*dev_sets(), *heldout_sets()) for d in load(p) for t in d.turns]


def _percentiles(seconds: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def _best_of(runs: int, call: Callable[[], object]) -> float:
    best = math.inf
    for _ in range(runs):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def per_question(asked: list[str]) -> None:
    from benchmarks.bm25 import Baseline
    from bot.loading import load_engine

    engine = load_engine()
    baseline = Baseline(engine.kb)
    for question in asked:  # first use compiles a few patterns; not what a question costs
        engine.ask(question)
    ours = [_best_of(3, lambda q=q: engine.ask(q)) for q in asked]  # type: ignore[misc]
    theirs = [_best_of(3, lambda q=q: baseline.top(q)) for q in asked]  # type: ignore[misc]
    (p50, p99), (b50, b99) = _percentiles(ours), _percentiles(theirs)
    print(f"per question ({len(asked)} questions, best of 3 each)")
    print(f"  engine: p50 {p50 * 1e6:7.0f} us   p99 {p99 * 1e6:7.0f} us")
    print(f"  BM25:   p50 {b50 * 1e6:7.0f} us   p99 {b99 * 1e6:7.0f} us")
    print(f"  ratio:  p50 {p50 / b50:7.2f}x     p99 {p99 / b99:7.2f}x")


def _timed_process(command: list[str], stdin: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, input=stdin, capture_output=True, text=True, check=True, env=env)
    return time.perf_counter() - start


def batch(asked: list[str], env: dict[str, str]) -> None:
    stdin = "\n".join(asked) + "\n"
    ours_command = [sys.executable, "-m", "bot", "ask", "--json"]
    theirs_command = [sys.executable, "-m", "benchmarks.bm25"]
    _timed_process(ours_command, "warm\n", env)  # the cache
    ours = min(_timed_process(ours_command, stdin, env) for _ in range(3))
    theirs = min(_timed_process(theirs_command, stdin, env) for _ in range(3))
    print(f"whole-process batch ({len(asked)} questions, best of 3)")
    ratio = ours / theirs
    print(f"  reportbot ask --json: {ours:6.2f} s   BM25: {theirs:6.2f} s   ratio {ratio:.2f}x")


def startup(env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "bot", "ask", "GDP growth"]
    cold, warm = [], []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as empty:
            cold.append(_timed_process(command, "", {**env, "REPORTBOT_CACHE_DIR": empty}))
    _timed_process(command, "", env)
    warm = [_timed_process(command, "", env) for _ in range(7)]
    print('reportbot ask "GDP growth" start-up (whole process, median)')
    print(f"  cold cache: {statistics.median(cold) * 1000:6.0f} ms  (3 runs)")
    print(f"  warm cache: {statistics.median(warm) * 1000:6.0f} ms  (7 runs)")


def loading(sizes: list[int]) -> None:
    from benchmarks.synthetic import make
    from bot.engine import Engine
    from bot.knowledge.load import load_knowledge
    from bot.loading import load_engine

    print("loading (validate + index from YAML; read back from the cache)")
    built: list[float] = []
    cached: list[float] = []
    with tempfile.TemporaryDirectory() as work:
        for n in sizes:
            root = make(n, Path(work) / f"x{n}")
            start = time.perf_counter()
            kb = load_knowledge(root)
            validated = time.perf_counter() - start
            Engine(kb)
            built.append(time.perf_counter() - start)
            load_engine(root)  # writes the cache entry
            gc.collect()
            cached.append(_best_of(3, lambda root=root: load_engine(root)))  # type: ignore[misc]
            print(
                f"  {n:3d}x: {len(kb.facts):6d} facts {len(kb.statements):6d} statements   "
                f"validate {validated:6.2f} s   validate+index {built[-1]:6.2f} s   "
                f"from cache {cached[-1]:6.2f} s"
            )
            del kb
            gc.collect()
    if len(sizes) >= 2:
        a, b = sizes[-2], sizes[-1]
        for name, times in (("validate+index", built), ("from cache", cached)):
            exponent = math.log(times[-1] / times[-2]) / math.log(b / a)
            print(f"  growth exponent {a}x -> {b}x, {name}: {exponent:.2f}")


def memory() -> None:
    from bot.loading import load_engine

    load_engine()  # the cache entry
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    engine = load_engine()
    engine.ask("GDP growth")
    gc.collect()
    resident = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("memory")
    print(f"  engine resident (tracemalloc, loaded from the cache): {resident / 2**20:6.1f} MiB")
    print(f"  process peak RSS so far:                               {rss:6.1f} MiB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__)
    parser.add_argument("--sizes", default="1,10,50", help="synthetic sizes (default 1,10,50)")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    asked = questions()
    with tempfile.TemporaryDirectory() as cache:
        os.environ["REPORTBOT_CACHE_DIR"] = cache  # never the user's cache
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        parts: dict[str, Callable[[], None]] = {
            "query": lambda: per_question(asked),
            "batch": lambda: batch(asked, env),
            "startup": lambda: startup(env),
            "memory": memory,
            "load": lambda: loading([int(n) for n in args.sizes.split(",")]),
        }
        for name, part in parts.items():
            if name not in skip:
                part()
                sys.stdout.flush()


if __name__ == "__main__":
    main()
