"""Point of view per scene: first or second person, third person limited, or shifting.

A first-person scene belongs to its narrator, a second-person one to the
"you" it is told to. In a third-person scene the
focal character is the one whose thoughts we read; without thoughts, the one
the narration follows most (named most often outside the dialogue). When two
characters both think in one scene, the point of view shifts (head-hopping).
A scene that opens with a marker naming a character ("Kagome's POV",
"~Inuyasha's P.O.V.~") is that character's, whatever the person.

>>> from ficlens import KnownCharacter, Options, analyze_text
>>> cast = (KnownCharacter("Sango", gender="female"), KnownCharacter("Miroku", gender="male"))
>>> text = "Sango ran. Sango stopped by the tree.\\n\\nMiroku waited."
>>> scene = analyze_text(text, Options(cast=cast)).scenes[0]
>>> scene.person.value, scene.pov, scene.pov_evidence
('third', 'sango', 'followed by the narration: 2 mentions')
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import replace
from typing import NamedTuple

from ficlens.model import Person, Role, Scene, SpanKind, Story
from ficlens.options import Options
from ficlens.rules.structure import pov_marker
from ficlens.rules.thoughts import FIRST_PERSON, SECOND_PERSON_NARRATION, THIRD

_DEFAULT = Options()
# A second thinker with at least this many thoughts in a scene makes it shift.
SHIFT_THOUGHTS = 2
# Narration words sampled per scene to tell its grammatical person.
PERSON_SAMPLE_CHARS = 6000


def point_of_view(story: Story, options: Options = _DEFAULT) -> Story:
    """Fill ``person``, ``pov`` and ``pov_evidence`` of every scene."""
    narrator = next((c.id for c in story.characters if c.narrator), None)
    narration = [s for s in story.spans if s.kind is SpanKind.NARRATION]
    narration_starts = [s.start for s in narration]
    thoughts = [s for s in story.spans if s.kind is SpanKind.THOUGHT and s.speaker]
    thought_starts = [s.start for s in thoughts]
    span_starts = [s.start for s in story.spans]
    scenes = []
    for scene, marker in zip(story.scenes, scene_markers(story), strict=True):
        lo = bisect.bisect_left(narration_starts, scene.start)
        hi = bisect.bisect_left(narration_starts, scene.end)
        sample = " ".join(story.text[s.start : s.end] for s in narration[lo:hi])
        person = _person(sample[:PERSON_SAMPLE_CHARS], story.narration_person)
        if marker is not None and marker.character is not None:
            marked = f"marked: {marker.text}"
            scenes.append(replace(scene, person=person, pov=marker.character, pov_evidence=marked))
            continue
        if person in (Person.FIRST, Person.SECOND) and narrator:
            evidence = f"{person.value}-person narration"
            scenes.append(replace(scene, person=person, pov=narrator, pov_evidence=evidence))
            continue
        thinkers = Counter(
            who
            for t in thoughts[
                bisect.bisect_left(thought_starts, scene.start) : bisect.bisect_left(
                    thought_starts, scene.end
                )
            ]
            for who in t.speaker
        )
        scenes.append(_focal(story, scene, person, thinkers, span_starts))
    return replace(story, scenes=tuple(scenes))


class Marker(NamedTuple):
    """A scene's point-of-view marker ("Kagome's POV") and whom it names."""

    text: str
    character: str | None  # the character's id; None when it names no one in the cast


def scene_markers(story: Story) -> list[Marker | None]:
    """Each scene's point-of-view marker, if the notes that open it hold one."""
    starts = [p.start for p in story.paragraphs]
    found: list[Marker | None] = []
    for scene in story.scenes:
        marker = None
        for paragraph in story.paragraphs[bisect.bisect_left(starts, scene.start) :]:
            if paragraph.start >= scene.end or paragraph.role is Role.BODY:
                break
            line = story.text[paragraph.start : paragraph.end]
            name = pov_marker(line) if paragraph.role is Role.NOTE else None
            if name is not None:
                marker = Marker(line.strip(), _named(story, name))
        found.append(marker)
    return found


def _named(story: Story, name: str) -> str | None:
    """The one character ``name`` is an alias or a given name of."""
    wanted = name.casefold()
    if not wanted:
        return None
    exact = [c.id for c in story.characters if any(a.casefold() == wanted for a in c.aliases)]
    given = [
        c.id
        for c in story.characters
        if any(a.split()[0].casefold() == wanted for a in c.aliases if a.split())
    ]
    for found in (exact, given):
        if len(set(found)) == 1:
            return found[0]
    return None


def _person(sample: str, story_person: Person | None) -> Person:
    if not sample:
        return story_person or Person.THIRD
    if story_person in (Person.FIRST, Person.SECOND):
        return story_person
    first = len(FIRST_PERSON.findall(sample))
    second = len(SECOND_PERSON_NARRATION.findall(sample))
    third = len(THIRD.findall(sample))
    if second > first and second > third:
        return Person.SECOND
    if first > third:
        return Person.FIRST
    return Person.THIRD


def _focal(
    story: Story, scene: Scene, person: Person, thinkers: Counter[str], span_starts: list[int]
) -> Scene:
    if thinkers:
        (main, count), *rest = [*thinkers.most_common(2), ("", 0)]
        second, second_count = rest[0]
        if second_count >= SHIFT_THOUGHTS:
            evidence = f"shifting: thoughts of {main} ({count}) and {second} ({second_count})"
        else:
            evidence = f"thoughts: {count}"
        return replace(scene, person=person, pov=main, pov_evidence=evidence)
    lo = bisect.bisect_left(story.mentions, scene.start, key=lambda m: m.start)
    hi = bisect.bisect_left(story.mentions, scene.end, key=lambda m: m.start)
    followed: Counter[str] = Counter()
    for mention in story.mentions[lo:hi]:
        index = bisect.bisect_right(span_starts, mention.start) - 1
        if index >= 0 and story.spans[index].kind is SpanKind.NARRATION:
            followed[mention.character] += 1
    if not followed:
        return replace(scene, person=person, pov=None, pov_evidence=None)
    main, count = followed.most_common(1)[0]
    evidence = f"followed by the narration: {count} mentions"
    return replace(scene, person=person, pov=main, pov_evidence=evidence)
