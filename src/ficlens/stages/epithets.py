"""Characters known by what they are, not by a name: "said the ferryman".

A description that heads the tags of several quotes ('"...," said the
Baroness', '"...," the old ferryman replied') stands for one character.
When the description ends in a name ("the Grey Warden", "Warden" a
name) or is a title that only one named character bears ("the Professor"
beside "Professor Hale"), it is that character; otherwise it becomes a
character of its own. Every "the ferryman" in the text is then a
mention of it. A description the narration ties to a name by apposition
("Miroku, the monk,": twice at least, and in two thirds of the
description's appositions) is likewise a mention of that character
wherever it stands (``find_descriptions``).

>>> from ficlens.model import Source, Story
>>> from ficlens.stages.spans import type_spans
>>> from ficlens.stages.segment import segment
>>> text = ('"Halt," said the ferryman. "Why?" said Sango.\\n\\n'
...         '"Orders," the ferryman replied, and he turned away.')
>>> story = type_spans(segment(Story(text=text, source=Source(text=text))))
>>> characters, mentions = find_epithets(story, [], [])
>>> [(c.id, c.name, c.gender.value) for c in characters]
[('the-ferryman', 'the ferryman', 'male')]
>>> [text[m.start : m.end] for m in mentions]
['the ferryman', 'the ferryman']
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from ficlens.model import Character, Gender, Mention, MentionKind, SpanKind, Story
from ficlens.rules.attribution import SPEECH_VERB, TAG_VERB_FORM
from ficlens.rules.names import (
    APPOSITION_AFTER,
    FEMALE_PRONOUNS,
    GENERIC_DESCRIPTIONS,
    MALE_PRONOUNS,
    PRONOUN_AFTER,
    TITLES,
    title_gender,
)
from ficlens.stages.cast_seed import alternation, slug
from ficlens.stages.cluster import gender_of

# Tags a description must head before it counts as a character.
MIN_EPITHET_TAGS = 2
# Share of a description's appositions that must name the same character,
# and how many appositions it needs.
DESCRIPTION_AGREEMENT = 2 / 3
DESCRIPTION_MIN_TIES = 2

# A tag right after a quote whose subject is a description: '" said the
# ferryman', '," the old keeper replied'. "the" + an optional lowercase word
# + a noun (with any capitalised words after it: "the Grey Warden"), ending
# where the tag goes on with punctuation, an adverb or a word that follows
# a subject: "said the old keeper with a nod", "said the keeper, and". The
# lowercase word is taken only when the noun needs it: in "said the keeper
# quietly." the adverb is no noun.
# Before the description the verb is any word, checked afterwards: the
# alternation of all speech verbs at every quote's end would be slow.
_GAP = r"[ \t\n]+"
_ADVERB = rf"(?:\w+ly{_GAP})?"
_NOUN = r"[A-Za-z][a-z-]+(?:[ \t]+[A-Z][a-z-]+)*"
_FOLLOWERS = "with|in|as|and|who|to|at|from|of|for|but|then|very|without|after|before|again"
_END = rf"(?=[,.;:!?—–]|{_GAP}(?:{_FOLLOWERS}|\w+ly)\b)"
EPITHET_TAG = re.compile(
    rf"[\"”’']?[ \t\n]*(?:"
    rf"{_ADVERB}(?P<verb>[a-z]+){_GAP}{_ADVERB}the{_GAP}(?P<phrase>(?:[a-z-]+{_GAP})??{_NOUN}){_END}"
    rf"|the{_GAP}(?P<noun>(?:[a-z-]+{_GAP})??{_NOUN}){_GAP}{_ADVERB}"
    rf"(?:{SPEECH_VERB.pattern}|{TAG_VERB_FORM.pattern})\b)"
)
# Where a description is named: "the" is found first as a plain string,
# which is much faster than any pattern that starts with a look-behind.
_THE = ("the", "The")


def find_epithets(
    story: Story, characters: Sequence[Character], names: Sequence[Mention]
) -> tuple[list[Character], list[Mention]]:
    """New characters known by a description, and mentions of every description
    that heads speech tags (of a new character or of a titled one)."""
    text = story.text
    named_at = {m.start: m for m in names}  # names and descriptions found before
    starts = sorted(named_at)
    around: dict[str, str] = {}  # "Grey Warden" -> the character named "Warden"
    tags: Counter[str] = Counter()
    votes: dict[str, list[int]] = {}
    for span in story.spans:
        if span.kind is not SpanKind.SPEECH:
            continue
        found = EPITHET_TAG.match(text, span.end)
        verb = found["verb"] if found else None
        if found is None or (
            verb and not (SPEECH_VERB.fullmatch(verb) or TAG_VERB_FORM.fullmatch(verb))
        ):
            continue
        group = "phrase" if found["verb"] else "noun"
        phrase = " ".join(found[group].split())
        inside = bisect.bisect_left(starts, found.start(group))
        if inside < len(starts) and starts[inside] < found.end(group):
            name = named_at[starts[inside]]
            if name.start == found.start(group) or name.end != found.end(group):
                continue  # the description is the name itself, or holds another
            around[phrase] = name.character  # "the Grey Warden", "Warden" a name
        tags[phrase] += 1
        pronoun = PRONOUN_AFTER.match(text, found.end())
        if pronoun:
            word = (pronoun["pronoun"] or pronoun["pronoun_next"]).lower()
            vote = votes.setdefault(phrase, [0, 0])
            vote[0] += word in MALE_PRONOUNS
            vote[1] += word in FEMALE_PRONOUNS
    owner: dict[str, str] = {}
    new: list[Character] = []
    for phrase, count in tags.items():
        noun = phrase.rsplit(" ", 1)[-1]
        if count < MIN_EPITHET_TAGS or noun.casefold() in GENERIC_DESCRIPTIONS:
            continue
        titled = around.get(phrase) or _titled(noun, characters)
        if titled is not None:
            owner[phrase] = titled
            continue
        male, female = votes.get(phrase, (0, 0))
        gender = title_gender(noun.capitalize())
        if gender is Gender.UNKNOWN:
            gender = gender_of(male, female)
        character = Character(slug("the " + phrase), "the " + phrase, ("the " + phrase,), gender)
        owner[phrase] = character.id
        new.append(character)
    if not owner:
        return [], []
    phrases = alternation(owner).pattern.replace("\\ ", _GAP)
    pattern = re.compile(rf"he{_GAP}(?P<phrase>{phrases})(?![\w-])")
    own = {c.id for c in new}
    mentions = []
    for found in pattern.finditer(text):
        start = found.start() - 1
        if (
            text[start : found.start() + 2] not in _THE
            or (start and (text[start - 1].isalnum() or text[start - 1] in "-_"))
            or start in named_at
            or found.start("phrase") in named_at
        ):
            continue
        who = owner[" ".join(found["phrase"].split())]
        kind = MentionKind.NAME if who in own else MentionKind.DESCRIPTION
        mentions.append(Mention(start, found.end(), who, kind))
    counts = Counter(m.character for m in mentions if m.kind is MentionKind.NAME)
    return [replace(c, mentions=counts[c.id]) for c in new], mentions


def _titled(noun: str, characters: Sequence[Character]) -> str | None:
    """The one character whose name carries ``noun`` as a title ("the
    Professor" for "Professor Hale"), if exactly one does."""
    title = noun.capitalize()
    if title not in TITLES:
        return None
    owners = {c.id for c in characters for alias in c.aliases
              if alias.split(" ", 1)[0].rstrip(".") == title}  # fmt: skip
    return next(iter(owners)) if len(owners) == 1 else None


def find_descriptions(story: Story, names: list[Mention]) -> list[Mention]:
    """Descriptions the text ties to one character by apposition.

    "Miroku, the monk," makes every later "the monk" a mention of Miroku,
    unless the ties disagree or the noun is too general ("the man").
    """
    text = story.text
    speech = [(s.start, s.end) for s in story.spans if s.kind is not SpanKind.NARRATION]
    speech_starts = [s for s, _ in speech]
    ties: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in names:
        found = APPOSITION_AFTER.match(text, mention.end)
        if not found:
            continue
        index = bisect.bisect_right(speech_starts, mention.start) - 1
        if index >= 0 and speech[index][1] > mention.start:
            continue
        phrase = " ".join(found["description"].split()).casefold()
        if phrase.rsplit(" ", 1)[-1] not in GENERIC_DESCRIPTIONS:
            ties[phrase][mention.character] += 1
    chosen: dict[str, str] = {}
    for phrase, votes in ties.items():
        character, count = votes.most_common(1)[0]
        if count >= DESCRIPTION_MIN_TIES and count >= DESCRIPTION_AGREEMENT * sum(votes.values()):
            chosen[phrase] = character
    if not chosen:
        return []
    rest = alternation(phrase[len("the ") :] for phrase in chosen).pattern
    pattern = re.compile(rf"[Tt]he[ \t]+(?P<rest>{rest})(?![\w-])")
    return [
        Mention(m.start(), m.end(), chosen["the " + m["rest"]], MentionKind.DESCRIPTION)
        for m in pattern.finditer(text)
        if m.start() == 0 or not text[m.start() - 1].isalnum()
    ]
