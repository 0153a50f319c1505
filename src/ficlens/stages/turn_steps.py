"""How a turn follows the turns before it, as features of the turn model.

The transition features say whether a turn's speaker is the one of the
turn before or of the turn two back, and in what setting (inside one
paragraph, after narration, after a question, opening like an answer);
the pair features what a turn says of whoever spoke the turn before it,
its likely listener ("sir" to a man). ``ficlens.stages.alternation``
weighs them with the emission features of ``ficlens.stages.turn_features``.

>>> from ficlens.stages.conversation import Decision, Turn
>>> asked = Turn((0,), Decision(("kaede",), 0.95, None), asks=True)
>>> TRANSITION_FEATURES[transition_of(Turn((1,), Decision((), 0.0, None)), asked)[0]]
'same as the turn before, which asked a question'
"""

from __future__ import annotations

from collections.abc import Sequence

from ficlens.model import Gender
from ficlens.stages.conversation import Turn

# What a turn says of the speaker of the turn before, its likely listener.
PAIR_FEATURES = (
    "called sir or madam by the turn after",  # the gender fits
    "called sir or madam wrongly by the turn after",  # it does not
)
# How a turn follows the two before it.
TRANSITION_FEATURES = (
    "same as the turn before",
    "same as the turn before, after narration",
    "same as the turn before, same paragraph",
    "the speaker two turns back",
    "the speaker two turns back, after narration",
    "same as the turn before, which asked a question",
    "same as the turn before, which this one answers",
    "same as the turn before, after narration in its paragraph",
    "the speaker two turns back, after narration in its paragraph",
)
_SAME_AFTER_QUESTION, _SAME_ANSWERING, _SAME_LED, _BACK_LED = (
    TRANSITION_FEATURES.index(name)
    for name in (
        "same as the turn before, which asked a question",
        "same as the turn before, which this one answers",
        "same as the turn before, after narration in its paragraph",
        "the speaker two turns back, after narration in its paragraph",
    )
)


def pair_features(
    turns: Sequence[Turn], candidates: list[str], gender: dict[str, Gender]
) -> list[list[list[tuple[int, float]]]]:
    """Per turn, per candidate speaker of the turn before it, the pair
    features that fire, as (feature index, value) pairs."""
    result = []
    for k, turn in enumerate(turns):
        rows: list[list[tuple[int, float]]] = [[] for _ in candidates]
        if k and turn.addresses is not None and turn.gap == 0:
            for c, who in enumerate(candidates):
                theirs = gender.get(who, Gender.UNKNOWN)
                if theirs is turn.addresses:
                    rows[c].append((0, 1.0))
                elif theirs is not Gender.UNKNOWN:
                    rows[c].append((1, 1.0))
        result.append(rows)
    return result


def transition_of(turn: Turn, before: Turn | None = None) -> tuple[int, int]:
    """Which 'same as before' and which 'two turns back' feature a turn uses;
    ``before`` is the turn before it, if any."""
    if turn.same_paragraph:
        return 2, 3
    if turn.gap:
        return 1, 4
    if turn.led:
        return _SAME_LED, _BACK_LED
    if before is not None and before.asks:
        return _SAME_AFTER_QUESTION, 3
    return (_SAME_ANSWERING if turn.answers else 0), 3


__all__ = ["PAIR_FEATURES", "TRANSITION_FEATURES", "pair_features", "transition_of"]
