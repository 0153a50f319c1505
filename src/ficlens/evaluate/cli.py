"""``ficlens eval``: measure ficlens on annotated data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ficlens.errors import InputError
from ficlens.evaluate.errors import describe_misses
from ficlens.evaluate.gold import load_gold, score
from ficlens.evaluate.litbank import BookScore as LitBankScore
from ficlens.evaluate.pdnc import Detection, attribution, detection, gold_cast, load_novel
from ficlens.model import Source


def add_eval(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ficlens.cli import add_reading_options

    parser = commands.add_parser(
        "eval",
        help="score ficlens on annotated data (PDNC, LitBank or span-level gold)",
        description="Score ficlens on annotated data.",
        epilog="Example: ficlens eval pdnc ../shared/data/pdnc/*/",
    )
    kinds = parser.add_subparsers(title="corpora", metavar="CORPUS")
    pdnc = kinds.add_parser(
        "pdnc",
        help="Project Dialogism Novel Corpus folders",
        description=(
            "Speech detection and speaker accuracy (overall, by quote type, addressee) per"
            " PDNC novel and overall. End to end by default; --cast passes the gold cast."
        ),
        epilog="Example: ficlens eval pdnc data/pdnc/Emma data/pdnc/Persuasion",
    )
    pdnc.add_argument("folders", nargs="+", help="novel folders (or one folder holding them)")
    pdnc.add_argument(
        "--cast", action="store_true", help="pass the gold cast in (narrator markers dropped)"
    )
    pdnc.add_argument(
        "--errors", type=int, nargs="?", const=20, default=0, metavar="N",
        help="list N wrong speakers per novel and cause (wrong neighbour, pronoun, "
        "descriptor, missing or merged character...) with their context and evidence",
    )  # fmt: skip
    add_reading_options(pdnc, cast=False)
    pdnc.set_defaults(handler=_eval_pdnc)
    _add_litbank(kinds)
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


def _add_litbank(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ficlens.cli import add_reading_options

    litbank = kinds.add_parser(
        "litbank",
        help="LitBank quotations (100 novel excerpts)",
        description=(
            "Quote recall and precision and speaker accuracy on LitBank, overall and per"
            " book. End to end by default; --cast passes the gold cast (named PER entities"
            " of the coreference annotation); --both runs the two modes."
        ),
        epilog="Example: ficlens eval litbank ../shared/data/litbank --both --per-book",
    )
    litbank.add_argument("folder", help="the LitBank folder (or its quotations/tsv folder)")
    litbank.add_argument("--coref", help="the coref/tsv folder (default: beside quotations/)")
    mode = litbank.add_mutually_exclusive_group()
    mode.add_argument("--cast", action="store_true", help="pass the gold cast in")
    mode.add_argument("--both", action="store_true", help="end to end, then with the gold cast")
    litbank.add_argument("--per-book", action="store_true", help="print a line per book")
    add_reading_options(litbank, cast=False)
    litbank.set_defaults(handler=_eval_litbank)


def _eval_litbank(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from ficlens.cli import options_from
    from ficlens.evaluate import litbank as lb
    from ficlens.pipeline import run

    options = options_from(args)
    books = [
        lb.load_book(path, args.coref or lb.coref_folder(path))
        for path in lb.book_paths(args.folder)
    ]
    modes = (
        ["end-to-end", "gold-cast"] if args.both else ["gold-cast" if args.cast else "end-to-end"]
    )
    print(
        f"{'book':<32} {'mode':<10} {'quotes':>6} {'recall':>6} {'prec':>5} {'spoken':>6}"
        f" {'speaker':>7} {'unnamed':>7}"
    )
    for mode in modes:
        total = lb.BookScore()
        for book in books:
            book_options = options
            if mode == "gold-cast":
                narrator = next((e.name for e in book.entities if e.narrator and e.named), None)
                book_options = replace(options, cast=lb.gold_cast(book), narrator=narrator)
            story = run(Source(text=book.text, paragraph_breaks=True), book_options)
            result = lb.score_book(story, book)
            total = total + result
            if args.per_book:
                print(_litbank_line(book.name.removesuffix("_brat"), mode, result))
        print(_litbank_line("all", mode, total))
    sys.stdout.flush()
    return 0


def _litbank_line(name: str, mode: str, s: LitBankScore) -> str:
    return (
        f"{name[:32]:<32} {mode:<10} {s.quotes:>6} {s.recall:>6.3f} {s.precision:>5.3f}"
        f" {s.attributed:>6} {s.accuracy:>7.3f} {s.unnamed:>7}"
    )


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
    from dataclasses import replace

    from ficlens.cli import options_from
    from ficlens.pipeline import run

    options = options_from(args)
    detected = Detection(0, 0, 0, 0)
    totals: dict[str, list[int]] = {}
    address = [0, 0]
    print(
        f"{'novel':<28} {'pieces':>6} {'recall':>6} {'prec':>5} {'quotes':>6} {'speaker':>7}"
        f" {'expl':>5} {'anaph':>5} {'impl':>5} {'addr':>5}"
    )
    misses: list[str] = []
    for folder in novel_folders(args.folders):
        novel = load_novel(folder)
        novel_options = options
        if args.cast:
            narrator = next((g.name for g in novel.characters if g.narrator), None)
            novel_options = replace(options, cast=gold_cast(novel), narrator=narrator)
        story = run(Source(text=novel.text), novel_options)
        d = detection(story, novel)
        detected = detected + d
        a, results = attribution(story, novel)
        for kind in a.total:
            pair = totals.setdefault(kind, [0, 0])
            pair[0] += a.total[kind]
            pair[1] += a.right[kind]
        address[0] += a.addressee_total
        address[1] += a.addressee_right
        quotes = sum(a.total.values())
        print(
            f"{novel.name[:28]:<28} {d.gold:>6} {d.recall:>6.3f} {d.precision:>5.3f} {quotes:>6}"
            f" {a.accuracy():>7.3f} {a.accuracy('Explicit'):>5.3f} {a.accuracy('Anaphoric'):>5.3f}"
            f" {a.accuracy('Implicit'):>5.3f} {a.addressee_accuracy:>5.3f}"
        )
        if args.errors:
            misses.extend(describe_misses(story, novel, results, args.errors))
    quotes = sum(t for t, _ in totals.values())
    right = sum(r for _, r in totals.values())

    def share(kind: str) -> float:
        total, good = totals.get(kind, [0, 0])
        return good / total if total else 0.0

    print(
        f"{'all':<28} {detected.gold:>6} {detected.recall:>6.3f} {detected.precision:>5.3f}"
        f" {quotes:>6} {right / max(quotes, 1):>7.3f} {share('Explicit'):>5.3f}"
        f" {share('Anaphoric'):>5.3f} {share('Implicit'):>5.3f}"
        f" {address[1] / max(address[0], 1):>5.3f}"
    )
    for line in misses:
        print(line)
    sys.stdout.flush()
    return 0


def _eval_gold(args: argparse.Namespace) -> int:
    from ficlens import analyze
    from ficlens.cli import options_from
    from ficlens.read.cast import load_cast

    story = analyze(args.story, options_from(args))
    characters = list(load_cast(args.characters)) if args.characters else None
    result = score(story, load_gold(args.gold), characters)
    n = len(result.judged)
    attributed = len(result.attributed())
    for j in result.judged:
        mark = "ok " if j.kind == j.gold.kind else "BAD"
        print(f"{mark} {j.gold.kind:<9} {j.kind or '-':<9} {j.gold.text[:60]}")
    print(f"kinds      {result.kinds_right}/{n}")
    print(f"speakers   {result.speakers_right}/{attributed}")
    print(f"addressees {result.addressees_right}/{attributed}")
    return 0
