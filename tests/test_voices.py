"""Voices: the words of the lines the first reading is sure of count too."""

import pytest

from ficlens.model import Span, SpanKind
from ficlens.stages.conversation import Decision, Turn
from ficlens.stages.voices import TRUSTED_GUESS, sounds_of
from ficlens.stages.words import MentionIndex

_LINES = ("Pray be seated.", "Hurry, child.", "Ha, the lady jests.", "Hurry, child!")


def _spans(text: str) -> list[Span]:
    spans, at = [], 0
    for k, line in enumerate(_LINES):
        start = text.index(line, at)
        spans.append(Span(SpanKind.SPEECH, start, start + len(line), start, start + len(line), k))
        at = start + len(line)
    return spans


def _sounds(first_reading_confidence: float):  # type: ignore[no-untyped-def]
    text = " ".join(_LINES)
    turns = [
        Turn((0,), Decision(("kaede",), 0.95, None), tagged=True),
        Turn((1,), Decision(("kaede",), first_reading_confidence, None)),  # "she said"
        Turn((2,), Decision(("miroku",), 0.95, None), tagged=True),
        Turn((3,), Decision((), 0.0, None)),
    ]
    return sounds_of([turns], text, MentionIndex([]), _spans(text)), turns


def test_a_line_the_first_reading_is_sure_of_joins_its_speaker_s_voice() -> None:
    sure, turns = _sounds(TRUSTED_GUESS)
    unsure, _ = _sounds(TRUSTED_GUESS - 0.1)
    heard_sure = sure(turns[3], ["kaede", "miroku"])
    heard_unsure = unsure(turns[3], ["kaede", "miroku"])
    assert heard_sure is not None and heard_unsure is not None
    assert heard_sure.words[0] > heard_unsure.words[0] > 0


def test_a_line_in_a_voice_is_not_heard_in_it_for_having_been_said() -> None:
    sure, turns = _sounds(TRUSTED_GUESS)
    unsure, _ = _sounds(TRUSTED_GUESS - 0.1)
    heard = sure(turns[1], ["kaede", "miroku"])
    outside = unsure(turns[1], ["kaede", "miroku"])
    assert heard is not None and outside is not None
    # the line in Kaede's voice is scored as if it were not
    assert heard.words == pytest.approx(outside.words)
