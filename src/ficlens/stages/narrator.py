"""Name the first-person narrator from how others address them.

In a first-person story the narrator's name shows when other characters call
them by it: a name often used as a vocative in lines spoken by others, yet
never itself the named subject of a speech tag, is the narrator's. That name
joins the narrator (aliases, gender, mentions), and the lines given to it or
said to it are the narrator's. (Attributing the story again with the merged
cast moves no PDNC figure overall, and a first-person novel's by 0.4 points
at most, for twice the time.)
``Options.narrator`` settles the name instead.

>>> from ficlens import analyze_text
>>> text = ('I walked down to the harbour that morning and I found my old boat. '
...         'I had not seen it in years and I stood there for a long time.\\n\\n'
...         '"Hello, Wren," said Pike.\\n\\n"Hello," I said.\\n\\n'
...         '"You look tired, Wren," said Pike.\\n\\n"I am," I said.\\n\\n'
...         '"Sit down, Wren," Pike said. I sat down and I looked at my hands.')
>>> [c.name for c in analyze_text(text).characters if c.narrator]
['Wren']
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import replace

from ficlens.model import Character, Person, SpanKind, Story
from ficlens.options import Options
from ficlens.rules.names import SELF_INTRODUCTION
from ficlens.stages.cast import NARRATOR_ID, NARRATOR_NAME
from ficlens.stages.lines import relabel, with_counts
from ficlens.stages.pov import scene_markers

_DEFAULT = Options()
# How often others must call a character by name before it is the narrator.
MIN_VOCATIVES = 3
# ... and how rarely that name may head a speech tag, as a share of those calls.
MAX_TAGGED_SHARE = 0.2


def name_narrator(story: Story, options: Options = _DEFAULT) -> Story:
    """Merge the character others call the narrator by into the narrator;
    then give each scene marked as a character's ("Kagome's POV") "I" to them."""
    return _marked_narrators(_called_narrator(story, options))


def _marked_narrators(story: Story) -> Story:
    """In a scene that opens with a marker naming a character ("Kagome's
    POV"), the narrator's lines, and the lines said to the narrator, are that
    character's: fics told in the first person by turns mark whose turn it is.
    An unnamed narrator left with no line and no mention is dropped."""
    narrator = next((c for c in story.characters if c.narrator), None)
    if narrator is None:
        return story
    spans = list(story.spans)
    starts = [span.start for span in spans]
    for scene, marker in zip(story.scenes, scene_markers(story), strict=True):
        if marker is None or marker.character in (None, narrator.id):
            continue
        first, last = (bisect.bisect_left(starts, at) for at in (scene.start, scene.end))
        for i in range(first, last):
            spans[i] = relabel(spans[i], narrator.id, marker.character)
    if spans == list(story.spans):
        return story
    characters = with_counts(story, spans)
    unused = not any(narrator.id in (*s.speaker, *s.addressee) for s in spans) and not any(
        m.character == narrator.id for m in story.mentions
    )
    if unused and narrator.id == NARRATOR_ID:
        characters = tuple(c for c in characters if c.id != narrator.id)
    return replace(story, spans=tuple(spans), characters=characters)


def _called_narrator(story: Story, options: Options) -> Story:
    """Merge the character others call the narrator by into the narrator."""
    told_by = story.narration_person
    if options.narrator or options.cast or told_by not in (Person.FIRST, Person.SECOND):
        return story
    narrator = next((c for c in story.characters if c.narrator), None)
    if narrator is None:
        return story
    called: Counter[str] = Counter()
    tagged: Counter[str] = Counter()
    for span in story.spans:
        if span.kind is not SpanKind.SPEECH:
            continue
        evidence = span.addressee_evidence
        if evidence is not None and evidence.rule == "vocative" and narrator.id not in span.speaker:
            called.update(a for a in span.addressee if a != narrator.id)
        rule = span.evidence.rule if span.evidence else None
        if rule == "explicit-tag" and span.confidence and span.confidence >= 0.9:
            tagged.update(span.speaker)
    candidates = [
        who
        for who, n in called.most_common()
        if n >= MIN_VOCATIVES and tagged[who] <= MAX_TAGGED_SHARE * n
    ]
    if not candidates:
        return _introduced(story, narrator)
    return _merge(story, narrator, candidates[0])


def _introduced(story: Story, narrator: Character) -> Story:
    """The narrator named by how they introduce themselves in their own
    lines ("I'm Rin.", "My name is Rin Okada,"): merged with the character
    of that name, or given the name when the cast has none."""
    if narrator.name != NARRATOR_NAME:
        return story
    name = _introduction(story, narrator.id)
    if name is None:
        return story
    others = (c for c in story.characters if c.id != narrator.id)
    owner = next((c.id for c in others if name in c.aliases), None)
    if owner is not None:
        return _merge(story, narrator, owner)
    named = replace(narrator, name=name, aliases=tuple(dict.fromkeys((name, *narrator.aliases))))
    characters = tuple(named if c.id == narrator.id else c for c in story.characters)
    return replace(story, characters=characters)


def _introduction(story: Story, narrator_id: str) -> str | None:
    """The name the narrator first gives themselves in a line of theirs."""
    for span in story.spans:
        if span.kind is SpanKind.SPEECH and narrator_id in span.speaker:
            found = SELF_INTRODUCTION.search(story.text, span.start, span.end)
            if found:
                return found["name"]
    return None


def _merge(story: Story, narrator: Character, named_id: str) -> Story:
    """The story with the character ``named_id`` merged into the narrator:
    its names, mentions and lines become the narrator's."""
    named = next(c for c in story.characters if c.id == named_id)
    merged = replace(
        narrator,
        name=named.name,
        aliases=tuple(dict.fromkeys((named.name, *named.aliases, *narrator.aliases))),
        gender=named.gender,
        mentions=narrator.mentions + named.mentions,
    )
    characters = tuple(merged if c.id == narrator.id else c for c in story.characters
                       if c.id != named_id)  # fmt: skip
    mentions = tuple(
        m._replace(character=narrator.id) if m.character == named_id else m for m in story.mentions
    )
    merged_story = replace(story, characters=characters, mentions=mentions)
    spans = [relabel(s, named_id, narrator.id) for s in story.spans]
    return replace(merged_story, spans=tuple(spans), characters=with_counts(merged_story, spans))
