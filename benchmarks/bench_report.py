"""Benchmark: size and speed of the HTML report, in headless Chromium.

Analyses a story, writes its report, and prints the file size, the time to
analyse and to render, and in Chromium (Debian's /usr/bin/chromium through
Playwright) the time from navigation to the page being interactive (its
script has run: ``html[data-ready]``), the DOM's paint timings, and the time
one cast filter click takes.

    python benchmarks/bench_report.py ../shared/data/pdnc/Emma/novel_text.txt
    python benchmarks/bench_report.py examples/the-lantern-keeper.txt \\
        --screenshot docs/report.png --width 1100 --height 760

Needs ``bash .ci/browser.sh`` (Chromium and the Playwright package) for the
browser figures; without them only the Python figures are printed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from ficlens import analyze
from ficlens.write.report import render_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DEFAULT = "../shared/data/pdnc/Emma/novel_text.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", nargs="?", default=DEFAULT, help=f"a story (default: {DEFAULT})")
    parser.add_argument("--repeat", type=int, default=3, help="browser loads to time (best kept)")
    parser.add_argument("--screenshot", help="also save a PNG screenshot of the report here")
    parser.add_argument("--width", type=int, default=1280, help="viewport width for the browser")
    parser.add_argument("--height", type=int, default=900, help="viewport height")
    args = parser.parse_args()

    started = time.perf_counter()
    story = analyze(args.story)
    analysed = time.perf_counter()
    page = render_report(story)
    rendered = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "report.html"
        target.write_text(page, encoding="utf-8")
        size = target.stat().st_size
        print(f"story            {args.story}")
        print(f"report size      {size / 1e6:.2f} MB ({size:,} bytes)")
        print(f"analyse          {analysed - started:.2f} s")
        print(f"render report    {rendered - analysed:.2f} s")
        if not CHROMIUM.exists():
            print("browser          skipped: /usr/bin/chromium is missing")
            return
        for name, value in _browser(target, args).items():
            print(f"{name:<16} {value}")


def _browser(target: Path, args: argparse.Namespace) -> dict[str, str]:
    from playwright.sync_api import sync_playwright

    loads: list[float] = []
    timings: dict[str, Any] = {}
    click = 0.0
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            viewport={"width": args.width, "height": args.height},
        )
        for _ in range(args.repeat):
            page = context.new_page()
            begin = time.perf_counter()
            page.goto(target.as_uri(), wait_until="commit")
            page.wait_for_selector("html[data-ready='1']", state="attached")
            loads.append(time.perf_counter() - begin)
            timings = page.evaluate(
                """() => {
                  const nav = performance.getEntriesByType("navigation")[0];
                  const paint = performance.getEntriesByName("first-contentful-paint")[0];
                  return {dom: nav.domInteractive, load: nav.loadEventEnd,
                          fcp: paint ? paint.startTime : null,
                          nodes: document.getElementsByTagName("*").length};
                }"""
            )
            button = page.locator("button.who").first
            if button.count():
                begin = time.perf_counter()
                button.click()
                page.wait_for_selector("html.filtering", state="attached")
                click = time.perf_counter() - begin
            if args.screenshot:
                if button.count():
                    button.click()  # clear the filter again for a clean picture
                page.screenshot(path=args.screenshot)
            page.close()
        context.close()
    fcp = f"{timings['fcp']:.0f} ms" if timings.get("fcp") is not None else "n/a"
    return {
        "interactive": f"{min(loads):.2f} s (best of {len(loads)}; worst {max(loads):.2f} s)",
        "domInteractive": f"{timings['dom']:.0f} ms",
        "load event": f"{timings['load']:.0f} ms",
        "first paint": fcp,
        "DOM elements": f"{timings['nodes']:,}",
        "filter click": f"{click * 1000:.0f} ms",
    }


if __name__ == "__main__":
    main()
