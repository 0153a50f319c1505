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

>>> from ficlens.stages.conversation import Decision
>>> sure = Turn((0,), Decision(("a",), 0.95, None), tagged=True)
>>> unsure = Turn((1,), Decision(("c",), 0.4, None))
>>> other = Turn((3,), Decision(("b",), 0.95, None), tagged=True)
>>> [d.speaker for d in realign([sure, unsure, unsure._replace(spans=(2,)), other])]
[('a',), ('b',), ('a',), ('b',)]
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import NamedTuple

from ficlens.model import Evidence, Gender, TurnModel
from ficlens.stages.conversation import Decision

# Candidates per run: the characters with most evidence in it.
MAX_CANDIDATES = 6

# What a turn's own evidence says of a candidate speaker.
EMISSION_FEATURES = (
    "named tag",  # "said Miroku" names this candidate
    "pronoun resolved",  # the forward pass resolved "he said" to this candidate
    "pronoun, same gender",  # another candidate the pronoun could mean
    "pronoun, other gender",  # "she said" and a man
    "pronoun, gender unknown",
    "narration subject",  # the subject of the narration beside the quote
    "subject before",  # the subject of the narration paragraph just before
    "narration before",  # whom the narration paragraph before is about
    "turn-taking guess",  # the forward pass's guess from the turns before
    "reply to a vocative",
    "conversation partner",
    "salience",
    "other rule",
    "called by name",  # the line calls this candidate by name: not theirs
    "called in the turn before",  # the turn before called this candidate by name
    "named tags nearby",  # log(1 + named tags within TAG_WINDOW turns)
    "named in the narration",  # named in the paragraph's narration
    "named in the narration before",  # named in the narration paragraph just before
    "named inside the quote",  # spoken of in the third person: seldom the speaker
    "told in the turn before",  # "said Sango to Miroku" just before: Miroku answers
    "called in the turn after",  # the next line calls this candidate: its reply
    "the narrator",  # the first-person narrator, who often only listens
    "pronoun, the lead",  # "she said" and the story's most-named woman
    "sounds like them",  # the line's words against the candidate's tagged lines
    "named most nearby",  # the narration around the turn names them most of their gender
    "description tag",  # "said the painter" names a character known only so
    "description tag, gendered",  # ... whose gender is known ("said the lad")
    "pronoun, latest named",  # the last of the pronoun's gender named before the tag
    "pronoun, named before the latest",  # the one named before them
    "named tags close by",  # named tags of the other turns, fading with distance
    "named in the narration as an object",  # "she turned to Kaede": the listener
    "called in the run",  # log(1 + the run's other turns that call them): they take part
    "spoken of in the run",  # log(1 + the run's other turns that speak of them): often absent
    "no named tag in the run",  # the run's named tags name others, never this candidate
    "addresses people as they do",  # "Lizzy", "sir": the forms of address their lines use
    "given in the run",  # log(1 + the run's other untagged turns the first reading gave them)
    # "pronoun resolved", by what the pronoun was resolved from when not a
    # name in its own paragraph (ficlens.stages.referents.Basis)
    "pronoun resolved, subject of the narration before",
    "pronoun resolved, called by the turn before",
    "pronoun resolved, one in the exchange",
    "pronoun resolved, latest named in the scene",
    "kept silent just before",  # "Kaede said nothing." then the line: seldom hers
    "pronoun, latest named just before",  # ... a few lines before the tag at most
    "an object in the turn before",  # "said Sango, turning to Miroku": Miroku answers
    # "said Sango to Miroku" in the next line: she turns to him, seldom the last to speak
    "told in the turn after",
)
_SILENT = EMISSION_FEATURES.index("kept silent just before")
_LATEST_CLOSE = EMISSION_FEATURES.index("pronoun, latest named just before")
_OBJECT_BEFORE = EMISSION_FEATURES.index("an object in the turn before")
_TOLD_AFTER = EMISSION_FEATURES.index("told in the turn after")
# The feature "pronoun resolved" adds per way it was resolved.
_BASIS_FEATURE = {
    basis: EMISSION_FEATURES.index(f"pronoun resolved, {basis}")
    for basis in (
        "subject of the narration before",
        "called by the turn before",
        "one in the exchange",
        "latest named in the scene",
    )
}
# How many turns either side of a turn its "named tags nearby" counts.
TAG_WINDOW = 20
# How much a named tag one turn further away counts for "named tags close by".
CLOSE_DECAY = 0.6
_LOG1P = [math.log1p(n) for n in range(2 * TAG_WINDOW + 2)]  # the feature's values
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

_RULE_FEATURE = {
    "narration-subject": "narration subject",
    "preceding-subject": "subject before",
    "preceding-narration": "narration before",
    "turn-taking": "turn-taking guess",
    "reply-to-vocative": "reply to a vocative",
    "conversation-partner": "conversation partner",
    "salience": "salience",
}
_INDEX = {name: i for i, name in enumerate(EMISSION_FEATURES)}
_SAME_AFTER_QUESTION, _SAME_ANSWERING, _SAME_LED, _BACK_LED = (
    TRANSITION_FEATURES.index(name)
    for name in (
        "same as the turn before, which asked a question",
        "same as the turn before, which this one answers",
        "same as the turn before, after narration in its paragraph",
        "the speaker two turns back, after narration in its paragraph",
    )
)
(_NAMED_TAG, _PRONOUN_RESOLVED, _PRONOUN_SAME, _PRONOUN_OTHER, _PRONOUN_UNKNOWN) = range(5)
(
    _CALLED,
    _CALLED_BEFORE,
    _TAG_PRIOR,
    _PRESENT,
    _PRESENT_BEFORE,
    _INSIDE,
    _TOLD,
    _NARRATOR,
    _CALLED_AFTER,
    _PRONOUN_LEAD,
    _SOUNDS,
    _NEARBY_LEAD,
    _DESCRIBED,
    _DESCRIBED_GENDER,
    _LATEST,
    _BEFORE_LATEST,
    _CLOSE,
    _OBJECT,
    _CALLED_RUN,
    _SPOKEN_OF_RUN,
    _UNTAGGED_RUN,
    _ADDRESSING,
    _GIVEN_RUN,
) = (
    _INDEX[name]
    for name in (
        "called by name",
        "called in the turn before",
        "named tags nearby",
        "named in the narration",
        "named in the narration before",
        "named inside the quote",
        "told in the turn before",
        "the narrator",
        "called in the turn after",
        "pronoun, the lead",
        "sounds like them",
        "named most nearby",
        "description tag",
        "description tag, gendered",
        "pronoun, latest named",
        "pronoun, named before the latest",
        "named tags close by",
        "named in the narration as an object",
        "called in the run",
        "spoken of in the run",
        "no named tag in the run",
        "addresses people as they do",
        "given in the run",
    )
)


class Voicing(NamedTuple):
    """How much more a line sounds like each candidate than like the others:
    by its words, and by the forms of address it uses (ficlens.stages.voices)."""

    words: list[float]
    address: list[float]


# Scores a line against each candidate's voice; None for a line that needs none.
Sounds = Callable[["Turn", Sequence[str]], "Voicing | None"]
# Rules whose named choice stands whatever the best path says, like a named
# tag's: the path may still read the turns around it from its own choice.
# The subject of the paragraph before ("Kaede frowned." then a quote) does
# not stand: as often as not it is the listener reacting.
_SUBJECT_RULES = frozenset({"narration-subject"})


class Turn(NamedTuple):
    """A speech turn: the spans it covers, the decision made for it, and its evidence.

    ``tagged`` marks a named tag; ``pronoun`` is the gender of a pronoun tag;
    ``vocatives`` are the characters the turn calls by name; ``gap`` counts
    the narration paragraphs before it.
    """

    spans: tuple[int, ...]
    decision: Decision
    tagged: bool = False
    pronoun: Gender | None = None
    vocatives: tuple[str, ...] = ()
    gap: int = 0
    same_paragraph: bool = False  # shares a paragraph with the turn before
    present: tuple[str, ...] = ()  # named in the paragraph's narration
    present_before: tuple[str, ...] = ()  # named in the narration paragraph before
    named_inside: tuple[str, ...] = ()  # named inside the quotes, not called
    addresses: Gender | None = None  # the gender of whom it calls "sir" or "madam"
    # For a turn without a named tag: each man's and woman's mentions in the
    # narration around it and calls by name in the last turns, against the
    # most-named of their gender's there.
    nearby_leads: dict[str, float] | None = None
    # Its tag names a character known only by a description ("said the
    # painter"), who may be one the story names: not held like a named tag.
    described: bool = False
    # For a pronoun turn: the latest and the one before of the pronoun's
    # gender named in the narration before its tag.
    recent: tuple[str, ...] = ()
    asks: bool = False  # its last words ask a question
    # Named in the narration of its paragraph or the one before only after
    # a preposition: "turned to Kaede", "looked at the monk".
    objects: tuple[str, ...] = ()
    answers: bool = False  # it opens like an answer: "Yes", "Oh", "Well"
    # Narration opens its paragraph before it: "He lit the cigar. '...'"
    led: bool = False
    # For a pronoun tag the first reading resolved: what it resolved it from.
    basis: str | None = None
    # Said by the narration just before it to have kept silent: "Kaede said nothing."
    silent: tuple[str, ...] = ()
    # The first of ``recent`` is named just before the tag (ficlens.stages.turns).
    recent_close: bool = False
    # Who cannot have said it: the owner in "said Kaede's mother".
    barred: tuple[str, ...] = ()


@cache
def default_model() -> TurnModel:
    """The model shipped with ficlens."""
    data = json.loads((resources.files("ficlens") / "data" / "turn_model.json").read_text("utf-8"))
    return TurnModel(
        tuple(float(data["emission"][name]) for name in EMISSION_FEATURES),
        tuple(float(data["transition"][name]) for name in TRANSITION_FEATURES),
        tuple(float(data["pair"][name]) for name in PAIR_FEATURES),
    )


def candidates_of(turns: Sequence[Turn], narrator: str | None = None) -> list[str]:
    """The characters a run's turns may be given to, most evidence first:
    the speakers the first pass chose (named tags weigh most), those called
    by name, and those named in the narration of a turn's paragraph. A
    first-person narrator is always one: "I" seldom names themself."""
    weight: Counter[str] = Counter()
    for turn in turns:
        for who in turn.decision.speaker:
            weight[who] += 6 if turn.tagged else 2
        for who in turn.vocatives:
            weight[who] += 2
        for who in turn.present:
            weight[who] += 1
        if turn.recent_close:  # named just before a pronoun tag: may be whom it means
            weight[turn.recent[0]] += 1
    chosen = [who for who, _ in weight.most_common(MAX_CANDIDATES)]
    if narrator is not None and narrator not in chosen:
        chosen = [*chosen[: MAX_CANDIDATES - 1], narrator]
    return chosen


def emission_features(
    turns: Sequence[Turn],
    candidates: list[str],
    gender: dict[str, Gender],
    narrator: str | None = None,
    leads: dict[str, float] | None = None,
    sounds: Sounds | None = None,
) -> list[list[list[tuple[int, float]]]]:
    """Per turn, per candidate, the emission features that fire, as
    (feature index, value) pairs. ``leads`` gives each man's and woman's
    mentions against the most-named of their gender's; ``sounds`` scores a
    turn's words against each candidate's voice."""
    # tags_before[who][k]: the named tags for ``who`` in the turns before k
    named = [_named(turn) for turn in turns]
    tags_before = {who: [0] for who in candidates}
    for said in named:
        for who, counts in tags_before.items():
            counts.append(counts[-1] + (who == said))
    last = len(turns)
    close = _close_tags(named, candidates)
    tagged_run = set(named) - {None}
    # In how many of the run's turns each character is called, or spoken of.
    called_run = Counter(who for turn in turns for who in set(turn.vocatives))
    spoken_run = Counter(who for turn in turns for who in set(turn.named_inside))
    given = [_given(turn) for turn in turns]
    given_run = Counter(given)
    result = []
    for k, turn in enumerate(turns):
        decision = turn.decision
        rule = decision.evidence.rule if decision.evidence is not None else ""
        chosen = decision.speaker[0] if len(decision.speaker) == 1 else None
        before = turns[k - 1] if k and turn.gap == 0 else None
        called_before = before.vocatives if before is not None else ()
        told_before = _told(before.decision) if before is not None else ()
        objects_before = before.objects if before is not None and not turn.same_paragraph else ()
        after = turns[k + 1] if k + 1 < len(turns) and turns[k + 1].gap == 0 else None
        called_after = after.vocatives if after is not None else ()
        told_after = _told(after.decision) if after is not None else ()
        lo, hi = max(0, k - TAG_WINDOW), min(last, k + TAG_WINDOW + 1)
        heard = sounds(turn, candidates) if sounds and not turn.tagged else None
        rows = []
        for c, who in enumerate(candidates):
            row = []
            if who == chosen:
                if turn.tagged:
                    row.append((_NAMED_TAG, 1.0))
                elif turn.described:
                    row.append((_DESCRIBED, 1.0))
                    if turn.pronoun is not None:
                        row.append((_DESCRIBED_GENDER, 1.0))
                elif turn.pronoun is not None and rule == "explicit-tag":
                    row.append((_PRONOUN_RESOLVED, 1.0))
                    if turn.basis in _BASIS_FEATURE:
                        row.append((_BASIS_FEATURE[turn.basis], 1.0))
                else:
                    row.append((_INDEX[_RULE_FEATURE.get(rule, "other rule")], 1.0))
            if turn.pronoun is not None:
                theirs = gender.get(who, Gender.UNKNOWN)
                if who == narrator:  # "she said" is never the narrator's "I said"
                    row.append((_PRONOUN_OTHER, 1.0))
                elif theirs is Gender.UNKNOWN:
                    row.append((_PRONOUN_UNKNOWN, 1.0))
                elif theirs is not turn.pronoun:
                    row.append((_PRONOUN_OTHER, 1.0))
                else:
                    if who != chosen:
                        row.append((_PRONOUN_SAME, 1.0))
                    if leads and leads.get(who):
                        row.append((_PRONOUN_LEAD, leads[who]))
            if turn.recent:
                if who == turn.recent[0]:
                    row.append((_LATEST, 1.0))
                    if turn.recent_close:
                        row.append((_LATEST_CLOSE, 1.0))
                elif who in turn.recent:
                    row.append((_BEFORE_LATEST, 1.0))
            if turn.nearby_leads and turn.nearby_leads.get(who):
                row.append((_NEARBY_LEAD, turn.nearby_leads[who]))
            if who in turn.vocatives:
                row.append((_CALLED, 1.0))
            if who in called_before:
                row.append((_CALLED_BEFORE, 1.0))
            if close[who][k]:
                row.append((_CLOSE, close[who][k]))
            nearby = tags_before[who][hi] - tags_before[who][lo]
            if nearby:
                row.append((_TAG_PRIOR, _LOG1P[nearby]))
            if who in turn.present:
                row.append((_PRESENT, 1.0))
            if who in turn.objects:
                row.append((_OBJECT, 1.0))
            if who in turn.silent:
                row.append((_SILENT, 1.0))
            if who in turn.present_before:
                row.append((_PRESENT_BEFORE, 1.0))
            if who in turn.named_inside:
                row.append((_INSIDE, 1.0))
            if tagged_run and who not in tagged_run:
                row.append((_UNTAGGED_RUN, 1.0))
            if who in told_before:
                row.append((_TOLD, 1.0))
            if who in objects_before:
                row.append((_OBJECT_BEFORE, 1.0))
            if who in called_after:
                row.append((_CALLED_AFTER, 1.0))
            if who in told_after:
                row.append((_TOLD_AFTER, 1.0))
            if who == narrator:
                row.append((_NARRATOR, 1.0))
            called_elsewhere = called_run[who] - (who in turn.vocatives)
            if called_elsewhere:
                row.append((_CALLED_RUN, math.log1p(called_elsewhere)))
            spoken_elsewhere = spoken_run[who] - (who in turn.named_inside)
            if spoken_elsewhere:
                row.append((_SPOKEN_OF_RUN, math.log1p(spoken_elsewhere)))
            given_elsewhere = given_run[who] - (who == given[k])
            if given_elsewhere:
                row.append((_GIVEN_RUN, math.log1p(given_elsewhere)))
            if heard is not None:
                if heard.words[c]:
                    row.append((_SOUNDS, heard.words[c]))
                if heard.address[c]:
                    row.append((_ADDRESSING, heard.address[c]))
            rows.append(row)
        result.append(rows)
    return result


def _given(turn: Turn) -> str | None:
    """The one speaker the first reading gave a turn without a named tag, if one."""
    if turn.tagged or len(turn.decision.speaker) != 1:
        return None
    return turn.decision.speaker[0]


def _named(turn: Turn) -> str | None:
    """The one speaker a turn's named tag gives, if it has one."""
    return turn.decision.speaker[0] if turn.tagged and len(turn.decision.speaker) == 1 else None


def _close_tags(tagged: list[str | None], candidates: list[str]) -> dict[str, list[float]]:
    """Per candidate and turn, the named tags of the other turns (``tagged``:
    each turn's named speaker, if any), each worth ``CLOSE_DECAY`` to the
    power of its distance in turns."""
    n = len(tagged)
    none = [0.0] * n
    close = {}
    for who in candidates:
        if who not in tagged:
            close[who] = none
            continue
        values = [0.0] * n
        carried = 0.0
        for k in range(1, n):  # the tags before each turn
            carried = CLOSE_DECAY * (carried + (tagged[k - 1] == who))
            values[k] = carried
        carried = 0.0
        for k in range(n - 2, -1, -1):  # and after it
            carried = CLOSE_DECAY * (carried + (tagged[k + 1] == who))
            values[k] += carried
        close[who] = values
    return close


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


def _told(decision: Decision) -> tuple[str, ...]:
    """Whom a turn's tag says it is said to ("whispered to Miroku")."""
    evidence = decision.addressee_evidence
    return decision.addressee if evidence is not None and evidence.rule == "tag-addressee" else ()


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
    forced = [index.get(who) if (who := _named(t)) is not None else None for t in turns]
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
