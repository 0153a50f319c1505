"""Figures on the evaluation data: the seed story's gold spans and PDNC.

These read ``../shared/data`` beside the repository and skip without it.
"""

from __future__ import annotations

import pytest
from conftest import need_data

from ficlens import analyze
from ficlens.evaluate.gold import load_gold, score
from ficlens.evaluate.pdnc import Detection, detection, load_novel
from ficlens.model import Source
from ficlens.pipeline import run

SEED = ("seed", "always-and-forever")


@pytest.mark.parametrize("suffix", [".txt", ".ao3.html"])
def test_seed_story_every_gold_span_gets_its_kind(suffix: str) -> None:
    story = analyze(need_data(SEED[0], SEED[1] + suffix))
    result = score(story, load_gold(need_data(SEED[0], SEED[1] + ".gold.jsonl")))
    wrong = [(j.gold.kind, j.kind, j.gold.text) for j in result.judged if j.kind != j.gold.kind]
    assert wrong == []
    assert result.kinds_right == len(result.judged) == 49


@pytest.mark.parametrize("suffix", [".txt", ".ao3.html"])
def test_seed_story_every_speaker_and_thinker_and_listener(suffix: str) -> None:
    story = analyze(need_data(SEED[0], SEED[1] + suffix))
    result = score(story, load_gold(need_data(SEED[0], SEED[1] + ".gold.jsonl")))
    wrong = [
        (j.gold.text, j.gold.speaker, j.speaker, j.gold.addressee, j.addressee)
        for j in result.attributed()
        if set(j.speaker) != set(j.gold.speaker) or set(j.addressee) != set(j.gold.addressee)
    ]
    assert wrong == []
    assert result.speakers_right == result.addressees_right == 29


def test_seed_story_ao3_metadata_stays_out_of_the_text() -> None:
    story = analyze(need_data(SEED[0], SEED[1] + ".ao3.html"))
    meta = story.metadata
    assert meta.title and meta.title not in story.text[:200]
    assert meta.fandoms and meta.relationships and meta.characters and meta.rating
    assert meta.summary and meta.summary not in story.text
    for note in meta.notes:
        assert note not in story.text


def test_pdnc_speech_detection() -> None:
    folder = need_data("pdnc")
    total = Detection(0, 0, 0, 0)
    for novel_dir in sorted(p for p in folder.iterdir() if (p / "novel_text.txt").is_file()):
        novel = load_novel(novel_dir)
        d = detection(run(Source(text=novel.text)), novel)
        assert d.recall >= 0.97, novel.name
        total = total + d
    assert total.recall >= 0.98
    assert total.precision >= 0.93
