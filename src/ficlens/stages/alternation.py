"""Alternation: re-read each conversation as a whole.

The forward pass fills untagged turns from the turns before them, so one
early mistake runs on through a whole exchange. Here each run of turns is
decoded again, best path first (Viterbi over the last two speakers). Each
turn scores each candidate speaker from its own evidence (a named tag, a
pronoun's gender, the subject of the narration beside it, who it calls by
name), and the path scores how turns follow each other (people rarely speak
twice in a row; the one who spoke two turns ago answers). The weights are
learned from annotated novels (``scripts/train_turns.py``) and ship in
``ficlens/data/turn_model.json``; they are readable there, one per feature.

>>> from ficlens.stages.conversation import Decision, Turn
>>> sure = Turn((0,), Decision(("a",), 0.95, None), tagged=True)
>>> unsure = Turn((1,), Decision(("c",), 0.4, None))
>>> other = Turn((3,), Decision(("b",), 0.95, None), tagged=True)
>>> [d.speaker for d in realign([sure, unsure, unsure._replace(spans=(2,)), other])]
[('a',), ('b',), ('a',), ('b',)]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources

from ficlens.model import Evidence, Gender, TurnModel
from ficlens.stages.conversation import Decision, Sounds, Turn
from ficlens.stages.turn_features import (
    EMISSION_FEATURES,
    EMISSION_SIZE,
    TURN_KINDS,
    candidates_of,
    emission_features,
    tagged_speaker,
)
from ficlens.stages.turn_steps import (
    PAIR_FEATURES,
    TRANSITION_FEATURES,
    pair_features,
    transition_of,
)

# Rules whose named choice stands whatever the best path says, like a named
# tag's: the path may still read the turns around it from its own choice.
# The subject of the paragraph before ("Kaede frowned." then a quote) does
# not stand: as often as not it is the listener reacting.
_SUBJECT_RULES = frozenset({"narration-subject"})


@cache
def default_model() -> TurnModel:
    """The model shipped with ficlens."""
    data = json.loads((resources.files("ficlens") / "data" / "turn_model.json").read_text("utf-8"))
    blocks = ("emission", *(f"emission, {kind}" for kind in TURN_KINDS))
    return TurnModel(
        tuple(float(data[block][name]) for block in blocks for name in EMISSION_FEATURES),
        tuple(float(data["transition"][name]) for name in TRANSITION_FEATURES),
        tuple(float(data["pair"][name]) for name in PAIR_FEATURES),
    )


def best_path(
    emissions: list[list[float]],
    transitions: list[tuple[float, float]],
    forced: Sequence[int | None] = (),
    pairs: Sequence[list[float]] = (),
) -> list[int]:
    """The best sequence of candidate indices (each state the last two).

    ``emissions[k][c]`` scores candidate ``c`` at turn ``k``; ``transitions[k]``
    holds the scores for repeating the speaker just before and for the one
    two turns back; ``forced[k]``, when given, fixes turn ``k``'s speaker;
    ``pairs[k][c]``, when given, scores candidate ``c`` speaking the turn
    before turn ``k``. Quadratic in the candidates: for each last speaker
    only the best two states before it matter.
    """
    n = len(emissions[0])
    # score[c][p]: the best path whose last two speakers are p, then c;
    # p == n stands for "no turn before". Only the speakers allowed at the
    # last two turns are looked at.
    score = [[_NONE] * (n + 1) for _ in range(n)]
    earlier: Sequence[int] = (n,)
    latest = _allowed(forced, 0, n)
    for c in latest:
        score[c][n] = emissions[0][c]
    back: list[list[list[int]]] = []  # back[k - 1][c][p]: the speaker before p
    for k in range(1, len(emissions)):
        same, answers = transitions[k]
        row = emissions[k]
        pair = pairs[k] if k < len(pairs) else None
        allowed = _allowed(forced, k, n)
        new = [[_NONE] * (n + 1) for _ in range(n)]
        pointers = [[n] * (n + 1) for _ in range(n)]
        for current in latest:
            before = score[current]
            first = second = _NONE
            first_at = second_at = n
            for previous in earlier:
                value = before[previous]
                if value > first:
                    second, second_at, first, first_at = first, first_at, value, previous
                elif value > second:
                    second, second_at = value, previous
            listener = pair[current] if pair is not None else 0.0
            for c in allowed:
                if c == current:
                    previous, value = first_at, first + same
                elif first_at == c:  # the best path has c two turns back
                    previous, value = first_at, first + answers
                    if second > value:
                        previous, value = second_at, second
                else:
                    previous, value = first_at, first
                    if before[c] + answers > value:
                        previous, value = c, before[c] + answers
                new[c][current] = value + row[c] + listener
                pointers[c][current] = previous
        score = new
        back.append(pointers)
        earlier, latest = latest, allowed
    last, previous = max(
        ((c, p) for c in range(n) for p in range(n + 1)), key=lambda s: score[s[0]][s[1]]
    )
    path = [last]
    for pointers in reversed(back):
        last, previous = previous, pointers[last][previous]
        path.append(last)
    path.reverse()
    return path


_NONE = float("-inf")


def _allowed(forced: Sequence[int | None], k: int, n: int) -> range | tuple[int]:
    fixed = forced[k] if k < len(forced) else None
    return range(n) if fixed is None else (fixed,)


def realign(
    turns: list[Turn],
    gender: dict[str, Gender] | None = None,
    describe: Callable[[tuple[str, ...]], str] = ", ".join,
    model: TurnModel | None = None,
    narrator: str | None = None,
    leads: dict[str, float] | None = None,
    sounds: Sounds | None = None,
) -> list[Decision]:
    """New decisions for one run of turns (unchanged where the best path agrees).

    ``gender`` gives each character's gender; ``describe`` turns character
    ids into the names evidence shows; ``narrator`` is the first-person
    narrator's id, if any; ``leads`` gives each man's and woman's mentions
    against the most-named of their gender's; ``sounds`` scores a turn's
    words against each candidate's voice.
    """
    model = model or default_model()
    candidates = candidates_of(turns, narrator)
    if len(candidates) < 2:
        return [t.decision for t in turns]
    features = emission_features(turns, candidates, gender or {}, narrator, leads, sounds)
    weights = model.emission
    if len(weights) < EMISSION_SIZE:  # a model without weights of its own per kind of turn
        weights = (*weights, *[0.0] * (EMISSION_SIZE - len(weights)))
    emissions = [[sum([weights[i] * v for i, v in row]) for row in rows] for rows in features]
    index = {who: c for c, who in enumerate(candidates)}
    for turn, row in zip(turns, emissions, strict=True):
        for owner in turn.barred:
            if owner in index:
                row[index[owner]] = _NONE
    transitions = []
    for k, turn in enumerate(turns):
        same, answers = transition_of(turn, turns[k - 1] if k else None)
        transitions.append((model.transition[same], model.transition[answers]))
    pairs: list[list[float]] = []
    if any(turn.addresses for turn in turns):
        pairs = [
            [sum([model.pair[i] * v for i, v in row]) for row in rows]
            for rows in pair_features(turns, candidates, gender or {})
        ]
    forced = [index.get(who) if (who := tagged_speaker(t)) is not None else None for t in turns]
    path = [candidates[c] for c in best_path(emissions, transitions, forced, pairs)]
    decisions = []
    for k, (turn, who) in enumerate(zip(turns, path, strict=True)):
        if turn.decision.speaker == (who,) or turn.tagged or _named_subject(turn):
            decisions.append(turn.decision)
            continue
        before = path[k - 1] if k else None
        after = path[k + 1] if k + 1 < len(path) else None
        decisions.append(_placed(turn, who, before, after, describe))
    return decisions


def _placed(
    turn: Turn,
    who: str,
    before: str | None,
    after: str | None,
    describe: Callable[[tuple[str, ...]], str],
) -> Decision:
    """The decision for a turn the best path gives to someone new."""
    old = turn.decision.evidence
    if (turn.pronoun is not None or turn.described) and old is not None:
        new = Decision((who,), 0.65, old)  # the same tag, read from the exchange
    else:
        confidence = 0.6 if before is not None and before == after else 0.5
        sides = (("after", before), ("before", after))
        around = ", ".join(
            f"{side} {describe((name,))}" for side, name in sides if name and name != who
        )
        new = Decision((who,), confidence, Evidence("alternation", around or "the exchange"))
    named = tuple(v for v in turn.vocatives if v != who)
    if named:
        return new.with_addressee(named, 0.85, Evidence("vocative", describe(named)))
    partner = before if before not in (None, who) else after
    if partner in (None, who):  # "Miroku made no reply." then more of the same speaker's
        partner = next((other for other in turn.silent if other != who), None)
    if partner is not None and partner != who:
        return new.with_addressee((partner,), 0.6, Evidence("conversation-partner"))
    return new


def _named_subject(turn: Turn) -> bool:
    """Whether a turn was given to the named subject of the narration beside it."""
    evidence = turn.decision.evidence
    return turn.pronoun is None and evidence is not None and evidence.rule in _SUBJECT_RULES
