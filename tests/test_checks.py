"""Writer's checks on stories built by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest
from storybuild import Piece, build, narrate, say, think

from ficlens.analysis.checks import (
    FindingKind,
    dialogue_tags,
    head_hopping,
    no_speaker,
    run_checks,
    thoughts_outside_pov,
    untagged_dialogue,
)
from ficlens.model import Character, Scene
from ficlens.write.commands import check_text


def _dialogue(turns: int) -> list[list[Piece]]:
    return [[say(f"Line {n}.", "ann" if n % 2 else "bo")] for n in range(turns)]


@pytest.mark.parametrize(("turns", "flagged"), [(7, 1), (6, 1), (5, 0), (3, 0)])
def test_untagged_runs_of_six_or_more_are_flagged(turns: int, flagged: int) -> None:
    story = build([[narrate("They sat down.")], *_dialogue(turns), [narrate("Silence.")]])
    findings = untagged_dialogue(story)
    assert len(findings) == flagged
    if flagged:
        assert findings[0].kind is FindingKind.UNTAGGED_DIALOGUE
        assert str(turns) in findings[0].message
        assert story.text[findings[0].start :].startswith('"Line 0.')


def test_a_tag_or_beat_breaks_the_run() -> None:
    turns = _dialogue(8)
    turns[4] = [say("Line 4.", "bo"), narrate("Bo said.")]
    assert untagged_dialogue(build(turns)) == []


def test_a_scene_break_breaks_the_run() -> None:
    assert untagged_dialogue(build(_dialogue(8), scene_starts=(0, 4))) == []


def test_thoughts_by_two_thinkers_in_one_scene_are_head_hopping() -> None:
    story = build(
        [
            [think("She is late.", "ann")],
            [narrate("The door opened.")],
            [think("He looks tired.", "bo")],
        ]
    )
    findings = head_hopping(story)
    assert [f.kind for f in findings] == [FindingKind.HEAD_HOPPING]
    assert story.text[findings[0].start : findings[0].end] == "He looks tired."


def test_thoughts_by_one_thinker_per_scene_are_fine() -> None:
    story = build(
        [[think("She is late.", "ann")], [think("He looks tired.", "bo")]], scene_starts=(0, 1)
    )
    assert head_hopping(story) == []


def test_a_thought_outside_the_scene_pov_is_flagged() -> None:
    story = build([[think("He looks tired.", "bo")]])
    story = replace(story, scenes=(Scene(0, len(story.text), 0, pov="ann"),))
    assert [f.kind for f in thoughts_outside_pov(story)] == [FindingKind.THOUGHT_OUTSIDE_POV]


def test_no_speaker_and_low_confidence_are_flagged() -> None:
    story = build([[say("Who?")], [say("Me.", "ann", confidence=0.2)], [say("Ok.", "bo")]])
    messages = [f.message for f in no_speaker(story)]
    assert messages[0] == "speech with no speaker"
    assert "best guess ann" in messages[1]
    assert len(messages) == 2


def test_dialogue_tags_are_counted_from_evidence_and_narration() -> None:
    story = build(
        [
            [say("Hi.", "ann"), narrate("she said.")],
            [say("Hey.", "bo"), narrate("he growled, and sat.")],
            [say("Oh.", "ann"), narrate("Bo growled back. She said nothing.")],
            [say("So.", "ann", rule="explicit-tag")],
        ]
    )
    tags = {t.verb: (t.count, t.plain) for t in dialogue_tags(story)}
    assert tags == {"said": (1, True), "growled": (2, False)}
    bookisms = [f for f in run_checks(story) if f.kind is FindingKind.SAID_BOOKISM]
    assert [f.message for f in bookisms] == ['said-bookism "growled" used 2 times']
    assert story.text[bookisms[0].start : bookisms[0].end] == "growled"


def test_check_text_lists_findings_with_line_numbers() -> None:
    story = build(_dialogue(7), characters=[Character("ann", "Ann"), Character("bo", "Bo")])
    out = check_text(story)
    assert out.startswith("1:1  untagged-dialogue  7 lines of dialogue")
    assert "1 finding." in out


def test_a_tag_between_two_quotes_counts_once() -> None:
    from ficlens import Gender, KnownCharacter, Options, analyze_text

    cast = (KnownCharacter("Miroku", gender=Gender.MALE),)
    text = 'Miroku stood by the fire.\n\n"Keh," he muttered. "Let them wait."'
    story = analyze_text(text, Options(cast=cast))
    assert [(t.verb, t.count) for t in dialogue_tags(story)] == [("muttered", 1)]
