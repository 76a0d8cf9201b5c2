"""Run every benchmark that prints numbers."""

from benchmarks import quality

print(f"\n=== {quality.__name__} ===", flush=True)
quality.main([])
