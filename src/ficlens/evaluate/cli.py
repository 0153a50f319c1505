"""``ficlens eval``: measure ficlens on annotated data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ficlens.errors import InputError
from ficlens.evaluate.gold import load_gold, score
from ficlens.evaluate.pdnc import Detection, detection, load_novel
from ficlens.model import Source


def add_eval(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ficlens.cli import add_reading_options

    parser = commands.add_parser(
        "eval",
        help="score ficlens on annotated data (PDNC or span-level gold)",
        description="Score ficlens on annotated data.",
        epilog="Example: ficlens eval pdnc ../shared/data/pdnc/*/",
    )
    kinds = parser.add_subparsers(title="corpora", metavar="CORPUS")
    pdnc = kinds.add_parser(
        "pdnc",
        help="Project Dialogism Novel Corpus folders",
        description="Speech detection per PDNC novel and overall.",
        epilog="Example: ficlens eval pdnc data/pdnc/Emma data/pdnc/Persuasion",
    )
    pdnc.add_argument("folders", nargs="+", help="novel folders (or one folder holding them)")
    add_reading_options(pdnc)
    pdnc.set_defaults(handler=_eval_pdnc)
    gold = kinds.add_parser(
        "gold",
        help="a story and its span-level gold JSONL",
        description="Kind, speaker and addressee of each gold span.",
        epilog="Example: ficlens eval gold story.txt story.gold.jsonl",
    )
    gold.add_argument("story")
    gold.add_argument("gold")
    gold.add_argument("--characters", help="the gold cast (JSON) to name characters by")
    add_reading_options(gold)
    gold.set_defaults(handler=_eval_gold)


def novel_folders(paths: list[str]) -> list[Path]:
    """The novel folders named, or those inside a folder that holds several."""
    folders: list[Path] = []
    for name in paths:
        path = Path(name)
        if (path / "novel_text.txt").is_file():
            folders.append(path)
        elif path.is_dir():
            inner = sorted(p for p in path.iterdir() if (p / "novel_text.txt").is_file())
            if not inner:
                raise InputError(name, "holds no PDNC novel folder")
            folders.extend(inner)
        else:
            raise InputError(name, "no such folder")
    return folders


def _eval_pdnc(args: argparse.Namespace) -> int:
    from ficlens.cli import options_from
    from ficlens.pipeline import run

    options = options_from(args)
    total = Detection(0, 0, 0, 0)
    print(f"{'novel':<30} {'pieces':>7} {'recall':>7} {'precision':>9}")
    for folder in novel_folders(args.folders):
        novel = load_novel(folder)
        story = run(Source(text=novel.text), options)
        d = detection(story, novel)
        total = Detection(total.gold + d.gold, total.found + d.found,
                          total.predicted + d.predicted, total.correct + d.correct)  # fmt: skip
        print(f"{novel.name[:30]:<30} {d.gold:>7} {d.recall:>7.3f} {d.precision:>9.3f}")
    print(f"{'all':<30} {total.gold:>7} {total.recall:>7.3f} {total.precision:>9.3f}")
    sys.stdout.flush()
    return 0


def _eval_gold(args: argparse.Namespace) -> int:
    from ficlens import analyze
    from ficlens.cli import options_from

    story = analyze(args.story, options_from(args))
    result = score(story, load_gold(args.gold))
    n = len(result.judged)
    attributed = len(result.attributed())
    for j in result.judged:
        mark = "ok " if j.kind == j.gold.kind else "BAD"
        print(f"{mark} {j.gold.kind:<9} {j.kind or '-':<9} {j.gold.text[:60]}")
    print(f"kinds      {result.kinds_right}/{n}")
    print(f"speakers   {result.speakers_right}/{attributed}")
    print(f"addressees {result.addressees_right}/{attributed}")
    return 0
