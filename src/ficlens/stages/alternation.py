"""Alternation: re-read each conversation from its surest turns.

The forward pass fills untagged turns from the turns before them, so one
early mistake runs on through a whole exchange. Here each run of turns is
read again: in an exchange between two people, an untagged turn goes to the
speaker of the nearest sure turn (before or after it) when it lies an even
number of turns away, and to the other person when odd.

>>> from ficlens.stages.conversation import Decision
>>> sure = Decision(("a",), 0.95, None)
>>> unsure = Decision(("c",), 0.4, None)
>>> other = Decision(("b",), 0.9, None)
>>> turns = [Turn((0,), sure), Turn((1,), unsure), Turn((2,), unsure), Turn((3,), other)]
>>> [d.speaker for d in realign(turns)]
[('a',), ('b',), ('a',), ('b',)]
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from ficlens.model import Evidence
from ficlens.stages.conversation import Decision

# Turns at least this sure anchor the alternation; weaker ones may be redone.
ANCHOR_CONFIDENCE = 0.7
# Confidence of a turn placed by alternation, by its distance to the anchor.
ALTERNATION_CONFIDENCE = (0.65, 0.6, 0.55, 0.5)


class Turn(NamedTuple):
    """A speech turn: the spans it covers and the decision made for it."""

    spans: tuple[int, ...]
    decision: Decision


def realign(turns: list[Turn]) -> list[Decision]:
    """New decisions for one run of turns (unchanged where no anchor helps)."""
    decisions = [t.decision for t in turns]
    known = {
        i: d.speaker[0]
        for i, d in enumerate(decisions)
        if d.confidence >= ANCHOR_CONFIDENCE and len(d.speaker) == 1
    }
    sure = set(known)
    pair = _two_parties(decisions, sorted(known))
    if pair is not None:
        # Turns that call one of the pair by name were said by the other.
        for i, decision in enumerate(decisions):
            called = _called(decision)
            if i not in known and called in pair:
                known[i] = pair[1 - pair.index(called)]
    order = sorted(known)
    for i, decision in enumerate(decisions):
        if i in sure or not order:
            continue
        local = _local_pair(i, order, known, decisions) or pair
        if local is None:
            continue
        anchor = min(order, key=lambda a: (abs(a - i), a > i))
        speaker_of_anchor = known[anchor]
        if speaker_of_anchor not in local:
            continue
        distance = abs(anchor - i)
        other_of_anchor = local[1 - local.index(speaker_of_anchor)]
        speaker = speaker_of_anchor if distance % 2 == 0 else other_of_anchor
        decisions[i] = _placed(decision, speaker, local, anchor, i, speaker_of_anchor)
    return decisions


def _local_pair(
    i: int, order: list[int], known: dict[int, str], decisions: list[Decision]
) -> tuple[str, str] | None:
    """The two people around turn ``i``: the known turns just before and after,
    when they are two people and their distance fits strict alternation."""
    before = [a for a in order if a < i]
    after = [a for a in order if a > i]
    if not before or not after:
        return None
    a, b = before[-1], after[0]
    if known[a] != known[b] and (b - a) % 2 == 1:
        return known[a], known[b]
    return None


def _placed(
    decision: Decision, speaker: str, pair: tuple[str, str], anchor: int, i: int, sure: str
) -> Decision:
    distance = abs(anchor - i)
    other = pair[1 - pair.index(speaker)]
    if distance == 0:
        evidence = Evidence("vocative-exchange", f"calls {other} by name")
        confidence = ALTERNATION_CONFIDENCE[0]
    else:
        confidence = ALTERNATION_CONFIDENCE[min(distance, len(ALTERNATION_CONFIDENCE)) - 1]
        side = "before" if anchor < i else "after"
        evidence = Evidence("alternation", f"{distance} turns {side} a turn by {sure}")
    new = Decision((speaker,), confidence, evidence)
    if _called(decision) is not None:
        return new.with_addressee(
            decision.addressee, decision.addressee_confidence, decision.addressee_evidence
        )
    return new.with_addressee((other,), 0.6, Evidence("conversation-partner"))


def _called(decision: Decision) -> str | None:
    """Whom a turn calls by name, if exactly one."""
    evidence = decision.addressee_evidence
    if evidence is not None and evidence.rule == "vocative" and len(decision.addressee) == 1:
        return decision.addressee[0]
    return None


def _two_parties(decisions: list[Decision], anchors: list[int]) -> tuple[str, str] | None:
    """The two people of an exchange, if its sure turns show exactly two."""
    speakers = Counter(decisions[i].speaker[0] for i in anchors)
    if len(speakers) == 2:
        first, second = speakers
        return first, second
    if len(speakers) == 1:
        (only,) = speakers
        addressed = Counter(
            who
            for i in anchors
            if (evidence := decisions[i].addressee_evidence) and evidence.rule == "vocative"
            for who in decisions[i].addressee
            if who != only
        )
        if addressed:
            return only, addressed.most_common(1)[0][0]
        others = Counter(
            who
            for d in decisions
            for who in (*d.speaker, *d.addressee)
            if who != only and len(d.speaker) == 1
        )
        if others:
            return only, others.most_common(1)[0][0]
    return None
