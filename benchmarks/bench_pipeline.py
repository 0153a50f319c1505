"""Benchmark: words per second for each pipeline stage, and peak memory.

Reads every PDNC novel from disk (or any story files given), runs the
pipeline stage by stage, and prints words/s per stage and for the whole run.

    python benchmarks/bench_pipeline.py ../shared/data/pdnc/*/novel_text.txt
    python benchmarks/bench_pipeline.py --repeat 16 ../shared/data/pdnc/Emma/novel_text.txt
    python benchmarks/bench_pipeline.py --rounds 5     # the median of five rounds

On a shared or throttled machine single rounds vary by 10% or more; the
median of several rounds is the figure to compare.

Peak memory is the process's maximum resident set size (ru_maxrss), so run
one configuration per process when comparing.
"""

from __future__ import annotations

import argparse
import glob
import resource
import time
from collections import defaultdict
from pathlib import Path
from statistics import median

from ficlens.model import Story
from ficlens.options import Options
from ficlens.pipeline import STAGES, Stage
from ficlens.read import read_bytes
from ficlens.summary import word_count
from ficlens.write.json import dumps

DEFAULT_GLOB = "../shared/data/pdnc/*/novel_text.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help=f"story files (default: {DEFAULT_GLOB})")
    parser.add_argument("--repeat", type=int, default=1, help="concatenate each story N times")
    parser.add_argument("--stages", help="comma-separated stage names to run (default: all)")
    parser.add_argument("--json", action="store_true", help="also time writing the JSON")
    parser.add_argument(
        "--rounds", type=int, default=1, help="run N times and report each stage's median"
    )
    args = parser.parse_args()
    files = args.files or sorted(glob.glob(DEFAULT_GLOB))
    wanted = set(args.stages.split(",")) if args.stages else None
    stages = [s for s in STAGES if wanted is None or s.name in wanted]
    rounds = [_one_round(files, stages, args) for _ in range(max(1, args.rounds))]
    words, input_bytes = rounds[0][1], rounds[0][2]
    seconds = {name: median(r[0][name] for r in rounds) for name in rounds[0][0]}
    total = median(sum(r[0].values()) for r in rounds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        f"files {len(files)}  repeat {args.repeat}  rounds {len(rounds)}  words {words:,}"
        f"  input {input_bytes:,} bytes"
    )
    for name, spent in seconds.items():
        print(f"  {name:<12} {spent:8.3f} s  {words / spent:>14,.0f} words/s")
    print(f"  {'total':<12} {total:8.3f} s  {words / total:>14,.0f} words/s")
    print(f"peak memory {peak / 1e6:,.0f} MB ({peak / max(input_bytes, 1):.1f}x the input)")


def _one_round(
    files: list[str], stages: list[Stage], args: argparse.Namespace
) -> tuple[dict[str, float], int, int]:
    """Seconds per stage over all files, the words and the input bytes."""
    options = Options()
    seconds: dict[str, float] = defaultdict(float)
    words = input_bytes = 0
    for name in files:
        data = Path(name).read_bytes()
        if args.repeat > 1:
            data = b"\n\n".join([data] * args.repeat)
        input_bytes += len(data)
        words += word_count(data.decode("utf-8", errors="replace"))
        began = time.perf_counter()
        source = read_bytes(data, name, options)
        seconds["read"] += time.perf_counter() - began
        story = Story(text=source.text, source=source)
        for stage in stages:
            began = time.perf_counter()
            story = stage.run(story, options)
            seconds[stage.name] += time.perf_counter() - began
        if args.json:
            began = time.perf_counter()
            dumps(story)
            seconds["json"] += time.perf_counter() - began
    return dict(seconds), words, input_bytes


if __name__ == "__main__":
    main()
