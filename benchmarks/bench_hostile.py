"""Time and peak memory of ficlens on hostile inputs, for SECURITY.md.

Each case is written to a temporary folder and run as ``ficlens analyze CASE
--format json -o out.json`` in a fresh subprocess (default options unless the
case says otherwise); the peak RSS is that child's, from ``os.wait4`` (the
``resource`` usage of one child). A case that takes longer than ``--timeout``
seconds is stopped and shown as such.

    python benchmarks/bench_hostile.py            # every case, Markdown table
    python benchmarks/bench_hostile.py -k line    # only cases whose name has "line"
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from test_hostile import (  # noqa: E402
    JPEG,
    LAUGHS,
    SCRIPTS,
    central_directory_lie,
    deep_html,
    epub,
    zip_bomb,
)

MB = 1_000_000


def single_line(size: int, unit: bytes) -> Callable[[], bytes]:
    return lambda: (unit * (size // len(unit) + 1))[:size]


PASSWD = '<!DOCTYPE package [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
PROSE = b"The fox ran over the hill. "
TALK = b'"Hello," she said. "Yes?" '

# name, file name, builder, extra command-line arguments
CASES: list[tuple[str, str, Callable[[], bytes], tuple[str, ...]]] = [
    ("zip bomb: 1 GB of spaces in a 1 MB EPUB", "bomb.epub", lambda: zip_bomb(1_000 * MB), ()),
    ("zip bomb, sizes lying (claims 100 B)", "lie.epub",
     lambda: central_directory_lie(zip_bomb(50 * MB), "c.xhtml", 100), ()),
    ("300,000 zip entries", "many.epub",
     lambda: epub(extra={f"{i:x}": b"" for i in range(300_000)}), ()),
    ("billion laughs in the OPF", "laughs.epub", lambda: epub(doctype=LAUGHS, title="&i;"), ()),
    ("XXE: SYSTEM file:///etc/passwd", "xxe.epub", lambda: epub(doctype=PASSWD, title="&x;"), ()),
    ("path traversal: href ../../etc/passwd", "dotdot.epub",
     lambda: epub(href="../../etc/passwd"), ()),
    ("1 MB stylesheet without braces", "css.epub", lambda: epub(css=b"a" * MB), ()),
    ("100 MB single line of prose", "line.txt", single_line(100 * MB, PROSE), ()),
    ("100 MB single line, --max-input-mb 50", "line.txt", single_line(100 * MB, b"word "),
     ("--max-input-mb", "50")),
    ("1 MB single line of dialogue", "talk.txt", single_line(MB, TALK), ()),
    ("1 MB single line of *emphasis*", "stars.txt", single_line(MB, b"*a* b _c_ "), ()),
    ("250 MB file (default limit 200 MB)", "huge.txt", single_line(250 * MB, b"word "), ()),
    ("10,000-deep nested HTML", "deep.html", lambda: deep_html(10_000), ()),
    ("1,000,000-deep nested HTML", "deeper.html", lambda: deep_html(1_000_000), ()),
    ("invalid UTF-8 (one 0xFF in 1 MB)", "bad.txt",
     lambda: PROSE * 20_000 + b"\xff" + PROSE * 20_000, ()),
    ("NUL bytes (every 100th byte)", "nul.txt", lambda: (PROSE * 4 + b"\x00") * 10_000, ()),
    ("0-byte file", "empty.txt", lambda: b"", ()),
    ("JPEG renamed .html", "photo.html", lambda: JPEG, ()),
    ("story full of <script>", "xss.html",
     lambda: f"<html><body>{('<p>' + SCRIPTS + '</p>') * 200}</body></html>".encode(), ()),
]  # fmt: skip


def measure(name: str, file_name: str, args: tuple[str, ...], timeout: float) -> str:
    """Build the case in a helper process, then run ficlens on it and wait for that child.

    ``os.wait4`` gives the peak RSS of that one child. The cases are built
    elsewhere because a child forked from a process that held a gigabyte
    would count those pages in its own peak.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / file_name
        subprocess.run([sys.executable, __file__, "--build", name, str(path)], check=True)
        size = path.stat().st_size
        command = [sys.executable, "-m", "ficlens.cli", "analyze", file_name, "--format", "json",
                   "-o", "out.json", *args]  # fmt: skip
        start = time.perf_counter()
        child = subprocess.Popen(
            command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )  # fmt: skip
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        assert child.stderr is not None
        stderr = child.stderr.read().decode("utf-8", errors="replace")
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if seconds >= timeout:
            return f"| {name} | {size:,} | stopped after {timeout:.0f} s | | |"
        peak = usage.ru_maxrss / 1024
        if child.returncode == 0:
            outcome = f"read ({(Path(folder) / 'out.json').stat().st_size:,} B of JSON)"
        else:
            outcome = f"exit {child.returncode}: {stderr.strip().split(': ', 2)[-1]}"
    return f"| {name} | {size:,} | {outcome} | {seconds:.2f} | {peak:.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per case")
    parser.add_argument("--build", nargs=2, help=argparse.SUPPRESS)  # NAME PATH: write one case
    args = parser.parse_args()
    if args.build is not None:
        name, path = args.build
        builder = next(build for case, _, build, _ in CASES if case == name)
        Path(path).write_bytes(builder())
        return
    print("| input | bytes | what ficlens did | seconds | peak RSS (MB) |")
    print("|---|---:|---|---:|---:|")
    for name, file_name, _, extra in CASES:
        if args.k in name:
            print(measure(name, file_name, extra, args.timeout), flush=True)


if __name__ == "__main__":
    main()
