"""Benchmark: ``ficlens corpus`` throughput on 1 and 2 cores, memory, and Parquet size.

Builds a corpus by copying the 21 PDNC novels (each copy opens with its own
header line, so every copy has its own content hash) until it holds at least
``--words`` words, then runs ``ficlens corpus`` once per ``--jobs`` value in a
fresh process and prints words/s end to end (start-up, hashing, analysis and
Parquet writing), the speed-up over the first value, peak memory per worker
(the ``ru_maxrss`` each worker reports), the largest process seen
(``RUSAGE_CHILDREN``), Parquet bytes per million words, and words per worker
CPU second: one core's throughput, which other load on the machine does not
change (the wall-clock figures do).

    python benchmarks/bench_corpus.py
    python benchmarks/bench_corpus.py --words 5000000 --jobs 1,2,4
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ficlens.summary import word_count

DEFAULT_GLOB = "../shared/data/pdnc/*/novel_text.txt"
_PEAK = re.compile(r"peak worker memory (\d+) MB")
_PER_CPU = re.compile(r"([\d,]+) words per worker CPU second")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help=f"novels to copy (default: {DEFAULT_GLOB})")
    parser.add_argument("--words", type=int, default=20_000_000, help="corpus size in words")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to time")
    parser.add_argument("--with-text", action="store_true", help="also keep span text")
    args = parser.parse_args()
    files = args.files or sorted(glob.glob(DEFAULT_GLOB))
    if not files:
        sys.exit(f"no novels found under {DEFAULT_GLOB}")
    folder = Path(tempfile.mkdtemp(prefix="ficlens-bench-"))
    try:
        corpus = folder / "corpus"
        works, words, size = build(files, corpus, args.words)
        print(f"corpus: {works} works, {words:,} words, {size / 1e6:.1f} MB in {corpus}")
        first: float | None = None
        for jobs in (int(value) for value in args.jobs.split(",")):
            out = folder / f"out-{jobs}"
            seconds, peak, largest, per_cpu = run(corpus, out, jobs, args.with_text)
            rate = words / seconds
            first = first or rate
            parquet = sum(path.stat().st_size for path in out.rglob("*.parquet"))
            print(
                f"--jobs {jobs}: {seconds:6.1f} s  {rate:>10,.0f} words/s  x{rate / first:.2f}"
                f"  peak/worker {peak} MB  largest process {largest / 1024:.0f} MB"
                f"  parquet {parquet / (words / 1e6) / 1e6:.2f} MB per million words"
                f"  {per_cpu:,} words per worker CPU s (x{rate / per_cpu:.2f} of one core)"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def build(files: list[str], corpus: Path, target: int) -> tuple[int, int, int]:
    """Copy the novels round-robin into ``corpus`` until ``target`` words."""
    corpus.mkdir(parents=True)
    texts = [(Path(name).parent.name, Path(name).read_text(encoding="utf-8")) for name in files]
    counts = [word_count(text) for _, text in texts]
    works = words = size = copy = 0
    while words < target:
        for (name, text), count in zip(texts, counts, strict=True):
            body = f"Copy {copy} of {name}\n\n{text}"
            (corpus / f"{name}-{copy:03d}.txt").write_text(body, encoding="utf-8")
            works, words, size = works + 1, words + count + 4, size + len(body.encode())
        copy += 1
    return works, words, size


def run(corpus: Path, out: Path, jobs: int, with_text: bool) -> tuple[float, int, int, int]:
    """Seconds, workers' peak memory (MB), largest process (KiB), words per worker CPU s."""
    command = [sys.executable, "-m", "ficlens.corpus.commands", "corpus", str(corpus)]
    command += ["-o", str(out), "--jobs", str(jobs), "--quiet"]
    command += ["--with-text"] if with_text else []
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        sys.exit(f"ficlens corpus failed:\n{done.stderr}")
    peak = _PEAK.search(done.stderr)
    per_cpu = _PER_CPU.search(done.stderr)
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (
        seconds,
        int(peak.group(1)) if peak else 0,
        largest,
        int(per_cpu.group(1).replace(",", "")) if per_cpu else 0,
    )


if __name__ == "__main__":
    main()
