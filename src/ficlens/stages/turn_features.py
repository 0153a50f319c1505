"""What a turn's evidence says of each candidate speaker, as features.

A run of turns has a few candidate speakers: those its tags name, those it
calls by name, those its narration names. For each turn and candidate, the
features that fire say what the turn's own evidence holds for them (a named
tag, a pronoun of their gender, the subject of the narration beside it, a
vocative). ``ficlens.stages.turn_steps`` says how a turn follows the ones
before it; ``ficlens.stages.alternation`` weighs both and decodes the best
path.

>>> from ficlens.stages.conversation import Decision, Turn
>>> tagged = Turn((0,), Decision(("kaede",), 0.95, None), tagged=True)
>>> called = Turn((1,), Decision((), 0.0, None), vocatives=("miroku",))
>>> candidates_of([tagged, called])
['kaede', 'miroku']
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from ficlens.model import Gender
from ficlens.stages.conversation import Sounds, Turn

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
    "addresses people as they do",  # "Ro", "sir": the forms of address their lines use
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
    "spoken of in the turn before",  # "When will you write to Miroku?": seldom the reply's
    "pronoun, latest subject",  # the last of the pronoun's gender named doing something
    "as long as their lines",  # the line runs as long as the candidate's tagged lines do
)
_SILENT = EMISSION_FEATURES.index("kept silent just before")
_LATEST_CLOSE = EMISSION_FEATURES.index("pronoun, latest named just before")
_OBJECT_BEFORE = EMISSION_FEATURES.index("an object in the turn before")
_TOLD_AFTER = EMISSION_FEATURES.index("told in the turn after")
_INSIDE_BEFORE = EMISSION_FEATURES.index("spoken of in the turn before")
_ACTED = EMISSION_FEATURES.index("pronoun, latest subject")
_LENGTH = EMISSION_FEATURES.index("as long as their lines")
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
# Kinds of turn whose evidence reads differently, each with emission weights
# of its own added to those every turn shares: the turn of a pronoun tag
# ("she said"), where the narration around it tells whom the pronoun means,
# and the first turn after narration, where someone may take up the talk.
TURN_KINDS = ("pronoun tag", "after narration")
_PRONOUN_KIND, _NARRATION_KIND = (TURN_KINDS.index(k) for k in ("pronoun tag", "after narration"))
# Emission weights in all: the shared ones, then those of each kind of turn.
EMISSION_SIZE = len(EMISSION_FEATURES) * (1 + len(TURN_KINDS))
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


def candidates_of(turns: Sequence[Turn], narrator: str | None = None) -> list[str]:
    """The characters a run's turns may be given to, most evidence first:
    the speakers the first pass chose (named tags weigh most), those called
    by name, and those named in the narration of a turn's paragraph; when
    there is room, who spoke in the scene's run a few paragraphs before. A
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
    for who in turns[0].earlier if turns else ():  # they may go on talking
        if len(chosen) < MAX_CANDIDATES and who not in chosen:
            chosen.append(who)
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
    (feature index, value) pairs; a turn of one of ``TURN_KINDS`` has each
    again, shifted by ``len(EMISSION_FEATURES)`` times one more than the
    kind's index. ``leads`` gives each man's and woman's
    mentions against the most-named of their gender's; ``sounds`` scores a
    turn's words against each candidate's voice."""
    # tags_before[who][k]: the named tags for ``who`` in the turns before k
    named = [tagged_speaker(turn) for turn in turns]
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
        told_before = before.decision.told if before is not None else ()
        inside_before = before.named_inside if before is not None else ()
        objects_before = before.objects if before is not None and not turn.same_paragraph else ()
        after = turns[k + 1] if k + 1 < len(turns) and turns[k + 1].gap == 0 else None
        called_after = after.vocatives if after is not None else ()
        told_after = after.decision.told if after is not None else ()
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
            if who == turn.acted:
                row.append((_ACTED, 1.0))
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
            if who in inside_before:
                row.append((_INSIDE_BEFORE, 1.0))
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
                if heard.length[c]:
                    row.append((_LENGTH, heard.length[c]))
            rows.append(row)
        result.append(_with_kinds(rows, kinds_of(turn)))
    return result


def kinds_of(turn: Turn) -> tuple[int, ...]:
    """Which of ``TURN_KINDS`` a turn is, by their index."""
    kinds = []
    if turn.pronoun is not None:
        kinds.append(_PRONOUN_KIND)
    if turn.gap:
        kinds.append(_NARRATION_KIND)
    return tuple(kinds)


def _with_kinds(
    rows: list[list[tuple[int, float]]], kinds: tuple[int, ...]
) -> list[list[tuple[int, float]]]:
    """Each candidate's features again for each of the turn's ``kinds``, as
    the features of that kind of turn."""
    if not kinds:
        return rows
    size = len(EMISSION_FEATURES)
    offsets = [size * (kind + 1) for kind in kinds]
    return [row + [(i + offset, v) for offset in offsets for i, v in row] for row in rows]


def _given(turn: Turn) -> str | None:
    """The one speaker the first reading gave a turn without a named tag, if one."""
    if turn.tagged or len(turn.decision.speaker) != 1:
        return None
    return turn.decision.speaker[0]


def tagged_speaker(turn: Turn) -> str | None:
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
