"""Voices: the words of the lines the first reading is sure of count too."""

import pytest

from ficlens.model import Span, SpanKind
from ficlens.stages.conversation import Decision, Turn
from ficlens.stages.voices import TRUSTED_GUESS, Lengths, sounds_of
from ficlens.stages.words import MentionIndex

_LINES = ("Pray be seated.", "Hurry, child.", "Ha, the lady jests.", "Hurry, child!")


def _spans(text: str) -> list[Span]:
    spans, at = [], 0
    for k, line in enumerate(_LINES):
        start = text.index(line, at)
        spans.append(Span(SpanKind.SPEECH, start, start + len(line), start, start + len(line), k))
        at = start + len(line)
    return spans


def _kaede_s_score(line: int, first_reading_confidence: float) -> float:
    """How much more line ``line`` sounds like Kaede than like Miroku, when
    the first reading gives line 1 to Kaede with the confidence given."""
    text = " ".join(_LINES)
    turns = [
        Turn((0,), Decision(("kaede",), 0.95, None), tagged=True),
        Turn((1,), Decision(("kaede",), first_reading_confidence, None)),  # "she said"
        Turn((2,), Decision(("miroku",), 0.95, None), tagged=True),
        Turn((3,), Decision((), 0.0, None)),
    ]
    sounds = sounds_of([turns], text, MentionIndex([]), _spans(text))
    heard = sounds(turns[line], ["kaede", "miroku"])
    assert heard is not None
    return heard.words[0]


def test_a_line_the_first_reading_is_sure_of_joins_its_speaker_s_voice() -> None:
    sure, unsure = _kaede_s_score(3, TRUSTED_GUESS), _kaede_s_score(3, TRUSTED_GUESS - 0.1)
    assert sure > unsure > 0


def test_a_line_in_a_voice_is_not_heard_in_it_for_having_been_said() -> None:
    # the line in Kaede's voice is scored as if it were not
    in_voice = _kaede_s_score(1, TRUSTED_GUESS)
    assert in_voice == pytest.approx(_kaede_s_score(1, TRUSTED_GUESS - 0.1))


def test_a_line_sounds_like_whoever_talks_at_its_length() -> None:
    lines = (
        "I have told you a hundred times that the river rises every spring and floods it,",
        "Yes,",
        "No.",
    )
    text = f'"{lines[0]}" said Kaede.\n\n"{lines[1]}" said Miroku.\n\n"{lines[2]}"'
    spans = []
    for k, line in enumerate(lines):
        start = text.index(line)
        spans.append(
            Span(SpanKind.SPEECH, start, start + len(line), start - 1, start + len(line) + 1, k)
        )
    turns = [
        Turn((0,), Decision(("kaede",), 0.95, None), tagged=True),
        Turn((1,), Decision(("miroku",), 0.95, None), tagged=True),
        Turn((2,), Decision((), 0.0, None)),
    ]
    heard = sounds_of([turns], text, MentionIndex([]), spans)(turns[2], ["kaede", "miroku"])
    assert heard is not None
    assert heard.length[1] > 0 > heard.length[0]  # a curt "No." is Miroku's way
    assert Lengths({}).scores(1.0, ["kaede", "miroku"]) == [0.0, 0.0]  # nothing known
