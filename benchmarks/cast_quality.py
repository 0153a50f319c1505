"""Cast quality on PDNC: quote-weighted recall, wrong merges, noise, per novel.

PYTHONPATH=src python benchmarks/cast_quality.py
PYTHONPATH=src python benchmarks/cast_quality.py ../shared/data/pdnc/Emma --show
"""

from __future__ import annotations

import argparse
import glob
import time

from ficlens.evaluate.cast import CastScore, normal, score_novel
from ficlens.evaluate.pdnc import load_novel
from ficlens.model import Source
from ficlens.pipeline import run
from ficlens.stages.cast import find_cast

DEFAULT_GLOB = "../shared/data/pdnc/*/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", help=f"PDNC novel folders (default: {DEFAULT_GLOB})")
    parser.add_argument("--show", action="store_true", help="list missed and noise characters")
    args = parser.parse_args()
    folders = args.folders or sorted(glob.glob(DEFAULT_GLOB))
    scores: list[CastScore] = []
    seconds = 0.0
    header = ("novel", "recall", "found", "pred", "merge", "noise", "gender")
    print("{:<30} {:>6} {:>9} {:>5} {:>5} {:>5} {:>7}".format(*header))
    for folder in folders:
        novel = load_novel(folder)
        story = run(Source(text=novel.text))
        began = time.perf_counter()
        story = find_cast(story)
        seconds += time.perf_counter() - began
        score = score_novel(story, novel)
        scores.append(score)
        gender = f"{score.gender_right}/{score.gender_known}"
        print(f"{score.novel:<30} {score.recall:6.3f} {score.found:>4}/{score.gold:<4} "
              f"{score.predicted:>5} {score.merges:>5} {score.noise:>5} {gender:>7}")  # fmt: skip
        if args.show:
            _show(story, novel)
    quotes = sum(s.quotes for s in scores)
    found = sum(s.found_quotes for s in scores)
    print(f"{'overall':<30} {found / max(quotes, 1):6.3f} "
          f"{sum(s.found for s in scores):>4}/{sum(s.gold for s in scores):<4} "
          f"{sum(s.predicted for s in scores):>5} {sum(s.merges for s in scores):>5} "
          f"{sum(s.noise for s in scores):>5} "
          f"{sum(s.gender_right for s in scores)}/"
          f"{sum(s.gender_known for s in scores)}")  # fmt: skip
    print(f"cast stage: {seconds:.2f} s")


def _show(story, novel) -> None:  # type: ignore[no-untyped-def]
    gold_names = {normal(a) for g in novel.characters for a in (g.name, *g.aliases)}
    speakers = {q.speaker for q in novel.quotes}
    for g in novel.characters:
        wanted = {normal(a) for a in (g.name, *g.aliases)}
        hits = [
            c.id
            for c in story.characters
            if wanted & {normal(a) for a in c.aliases} or (g.narrator and c.narrator)
        ]
        if len(hits) != 1 and g.name in speakers:
            print(f"    missed {g.name!r} {g.aliases} -> {hits}")
    noise = [c.name for c in story.characters if not gold_names & {normal(a) for a in c.aliases}]
    print(f"    noise {noise}")


if __name__ == "__main__":
    main()
