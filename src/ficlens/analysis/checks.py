"""Writer's checks: places in a story a beta reader would point at.

Each check is a pure function from a story to findings, each with the offsets
of the text it points at. The thresholds and word lists are in
:mod:`ficlens.rules.checks`.

- ``untagged-dialogue``: six or more dialogue paragraphs in a row with no
  tag and no action beat.
- ``head-hopping``: thoughts by two different characters inside one scene.
- ``thought-outside-pov``: a thought by someone other than the scene's
  point-of-view character.
- ``no-speaker``: a speech or message with no speaker, or one below 0.3
  confidence.
- ``said-bookism``: a dialogue tag other than "said" or "asked", with how
  often the story uses it.

>>> from ficlens.model import Source, Span, SpanKind, Story
>>> text = '"Hi," Ann hissed.'
>>> spans = (
...     Span(SpanKind.SPEECH, 1, 4, 0, 6, 0, speaker=("ann",), confidence=0.9),
...     Span(SpanKind.NARRATION, 6, 17, 6, 17, 0),
... )
>>> story = Story(text=text, source=Source(text=text), spans=spans)
>>> [(f.kind.value, f.message) for f in run_checks(story)]
[('said-bookism', 'said-bookism "hissed" used 1 time')]
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby

from ficlens.model import Span, SpanKind, Story
from ficlens.rules.attribution import SPEECH_VERB
from ficlens.rules.checks import (
    NO_SPEAKER_CONFIDENCE,
    PLAIN_TAGS,
    TAG_WINDOW,
    TAG_WORD,
    UNTAGGED_RUN,
)
from ficlens.summary import word_count

# Evidence rules that rest on words in the line's own paragraph.
_TAGGED_RULES = frozenset({"explicit-tag", "narration-subject"})
_TAG_REACH = 4  # words after a quote in which its tag verb may stand


class FindingKind(StrEnum):
    UNTAGGED_DIALOGUE = "untagged-dialogue"
    HEAD_HOPPING = "head-hopping"
    THOUGHT_OUTSIDE_POV = "thought-outside-pov"
    NO_SPEAKER = "no-speaker"
    SAID_BOOKISM = "said-bookism"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found, pointing at ``text[start:end]``."""

    kind: FindingKind
    message: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TagUse:
    """A dialogue tag verb, how often it tags a line, and where it first does."""

    verb: str
    count: int
    plain: bool
    first: int


def run_checks(story: Story) -> list[Finding]:
    """Every check, in the order of :class:`FindingKind`."""
    return [
        *untagged_dialogue(story),
        *head_hopping(story),
        *thoughts_outside_pov(story),
        *no_speaker(story),
        *said_bookisms(story),
    ]


def untagged_dialogue(story: Story, run: int = UNTAGGED_RUN) -> list[Finding]:
    """Runs of ``run`` or more dialogue paragraphs with no tag or beat in any of them."""
    findings: list[Finding] = []
    current: list[int] = []
    scene_of = _scene_finder(story)
    last_scene = -1
    for paragraph, spans in groupby(story.spans, key=lambda s: s.paragraph):
        group = list(spans)
        scene = scene_of(group[0].start)
        if scene != last_scene or not _untagged_turn(story, group):
            findings.extend(_run_finding(story, current, run))
            current = []
        if _untagged_turn(story, group):
            current.append(paragraph)
        last_scene = scene
    findings.extend(_run_finding(story, current, run))
    return findings


def _untagged_turn(story: Story, spans: list[Span]) -> bool:
    speech = [s for s in spans if s.kind is SpanKind.SPEECH]
    narration = [s for s in spans if s.kind is SpanKind.NARRATION]
    if not speech or any(word_count(story.span_text(s)) for s in narration):
        return False
    return not any(s.evidence and s.evidence.rule in _TAGGED_RULES for s in speech)


def _run_finding(story: Story, paragraphs: list[int], run: int) -> list[Finding]:
    if len(paragraphs) < run:
        return []
    first, last = story.paragraphs[paragraphs[0]], story.paragraphs[paragraphs[-1]]
    message = f"{len(paragraphs)} lines of dialogue in a row with no tag or beat"
    return [Finding(FindingKind.UNTAGGED_DIALOGUE, message, first.start, last.end)]


def head_hopping(story: Story) -> list[Finding]:
    """Scenes where a second character's thoughts follow the first's."""
    findings = []
    scene_of = _scene_finder(story)
    names = _names(story)
    first_thinker: dict[int, tuple[str, ...]] = {}
    reported: set[int] = set()
    for span in story.spans:
        if span.kind is not SpanKind.THOUGHT or not span.speaker:
            continue
        scene = scene_of(span.start)
        first = first_thinker.setdefault(scene, span.speaker)
        if scene not in reported and not set(first) & set(span.speaker):
            who = f"{_who(first, names)}, then {_who(span.speaker, names)}"
            message = f"point of view shifts inside a scene: thoughts by {who}"
            findings.append(Finding(FindingKind.HEAD_HOPPING, message, span.start, span.end))
            reported.add(scene)
    return findings


def thoughts_outside_pov(story: Story) -> list[Finding]:
    """Thoughts by a character who is not the point of view of their scene."""
    findings = []
    scene_of = _scene_finder(story)
    names = _names(story)
    for span in story.spans:
        if span.kind is not SpanKind.THOUGHT or not span.speaker or not story.scenes:
            continue
        pov = story.scenes[scene_of(span.start)].pov
        if pov is not None and pov not in span.speaker:
            message = (
                f"thought by {_who(span.speaker, names)} in a scene told from "
                f"{names.get(pov, pov)}'s point of view"
            )
            findings.append(Finding(FindingKind.THOUGHT_OUTSIDE_POV, message, span.start, span.end))
    return findings


def no_speaker(story: Story, below: float = NO_SPEAKER_CONFIDENCE) -> list[Finding]:
    """Speeches and messages with no speaker, or a speaker below ``below`` confidence."""
    findings = []
    names = _names(story)
    for span in story.spans:
        if span.kind not in (SpanKind.SPEECH, SpanKind.MESSAGE):
            continue
        if not span.speaker:
            message = f"{span.kind.value} with no speaker"
        elif span.confidence is not None and span.confidence < below:
            guess = _who(span.speaker, names)
            message = f"{span.kind.value} with no plausible speaker (best guess {guess}, "
            message += f"confidence {span.confidence:.2f})"
        else:
            continue
        findings.append(Finding(FindingKind.NO_SPEAKER, message, span.start, span.end))
    return findings


def said_bookisms(story: Story) -> list[Finding]:
    """One finding per tag verb other than "said"/"asked", at its first use."""
    return [
        Finding(
            FindingKind.SAID_BOOKISM,
            f'said-bookism "{tag.verb}" used {tag.count} time{"s" if tag.count > 1 else ""}',
            tag.first,
            tag.first + len(tag.verb),
        )
        for tag in dialogue_tags(story)
        if not tag.plain
    ]


def dialogue_tags(story: Story) -> list[TagUse]:
    """The verbs that tag speeches, most frequent first.

    A speech attributed by an explicit tag uses the verb in its evidence;
    any other speech looks for a verb in the first words of narration after
    its closing quote ('"Hi," she said.').
    """
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    seen: set[int] = set()  # a tag shared by the quotes around it counts once
    for index, span in enumerate(story.spans):
        if span.kind is not SpanKind.SPEECH:
            continue
        found = _tag_verb(story, index, span)
        if found is not None and found[1] not in seen:
            verb, offset = found
            seen.add(offset)
            counts[verb] += 1
            first.setdefault(verb, offset)
    ordered = sorted(counts, key=lambda verb: (-counts[verb], verb))
    return [TagUse(verb, counts[verb], verb in PLAIN_TAGS, first[verb]) for verb in ordered]


def _tag_verb(story: Story, index: int, span: Span) -> tuple[str, int] | None:
    evidence = span.evidence
    if evidence and evidence.rule == "explicit-tag" and evidence.text:
        base = evidence.start if evidence.start is not None else span.start
        return _first_verb(evidence.text, base, len(evidence.text.split()))
    following = story.spans[index + 1] if index + 1 < len(story.spans) else None
    if following is None or following.kind is not SpanKind.NARRATION:
        return None
    if following.paragraph != span.paragraph:
        return None
    window = story.text[following.start : following.start + TAG_WINDOW]
    return _first_verb(window, following.start, _TAG_REACH)


def _first_verb(text: str, base: int, reach: int) -> tuple[str, int] | None:
    for number, match in enumerate(TAG_WORD.finditer(text)):
        if number >= reach or text[: match.start()].rstrip().endswith((".", "!", "?")):
            return None
        word = match.group().lower()
        if SPEECH_VERB.fullmatch(word):
            return word, base + match.start()
    return None


def _scene_finder(story: Story) -> _SceneOf:
    return _SceneOf([scene.start for scene in story.scenes])


class _SceneOf:
    """Callable: the index of the scene holding an offset (0 when there are none)."""

    def __init__(self, starts: list[int]) -> None:
        self.starts = starts

    def __call__(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


def _names(story: Story) -> dict[str, str]:
    return {c.id: c.name for c in story.characters}


def _who(ids: tuple[str, ...], names: dict[str, str]) -> str:
    return " and ".join(names.get(i, i) for i in ids)
