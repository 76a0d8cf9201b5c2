"""Run every benchmark: answer quality, engine speed, bot throughput."""

from benchmarks import quality, speed, throughput

for module in (quality, speed, throughput):
    print(f"\n=== {module.__name__} ===", flush=True)
    module.main([]) if module is not speed else module.main()
