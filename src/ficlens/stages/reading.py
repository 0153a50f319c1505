"""What the forward reading of a story knows, and where in the story it is.

Attribution reads a story once, in order. The parts that resolve whom a
tag means (``referents``), that decide thoughts and messages
(``thoughts``), that keep the turns of each conversation (``turns``) and
that read paragraph by paragraph (``attribute``) share two things: the
``Facts`` of the story, fixed before the reading starts, and the ``Place``
the reader has reached, which moves as it reads.

>>> from ficlens import Gender, KnownCharacter, Options, analyze_text
>>> cast = (KnownCharacter("Sango", gender=Gender.FEMALE),
...         KnownCharacter("Miroku", gender=Gender.MALE))
>>> story = analyze_text('"Wait, Sango," said Miroku.', Options(cast=cast))
>>> facts = Facts.of(story)
>>> facts.names(("miroku", "sango"))
'Miroku, Sango'
>>> facts.mentioned, facts.narrated
(['sango', 'miroku'], [False, True])
>>> speech = [span for span in story.spans if span.kind is SpanKind.SPEECH]
>>> facts.vocatives(speech)
('sango',)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ficlens.model import Character, Evidence, Gender, Person, Span, SpanKind, Story
from ficlens.stages.conversation import Conversation
from ficlens.stages.lines import in_narration, is_vocative
from ficlens.stages.names import told_in_present
from ficlens.stages.words import MentionIndex, Referent

# The pronoun kind (as in PRONOUN_GENDER) of each gender that has one.
PRONOUN_OF = {Gender.MALE: "male", Gender.FEMALE: "female"}
GENDER_OF = {"male": Gender.MALE, "female": Gender.FEMALE}
# How many mentions back a pronoun may reach for the name it stands for.
RECENT_MENTIONS = 40


def leading_characters(characters: Sequence[Character]) -> dict[str, float]:
    """Each man's and woman's mentions against the most-named of their
    gender's: how likely "he" or "she" stands for them.

    >>> from ficlens.model import Character
    >>> men = [Character("a", "A", gender=Gender.MALE, mentions=4),
    ...        Character("b", "B", gender=Gender.MALE, mentions=1)]
    >>> leading_characters(men)
    {'a': 1.0, 'b': 0.25}
    """
    most: dict[Gender, int] = {}
    for c in characters:
        most[c.gender] = max(most.get(c.gender, 0), c.mentions)
    return {
        c.id: c.mentions / most[c.gender]
        for c in characters
        if c.gender in (Gender.MALE, Gender.FEMALE) and most[c.gender]
    }


def _described(character: Character) -> bool:
    """Whether a character goes only by descriptions ("the painter", "The
    Stranger"): a tag that names one may mean someone the story names."""
    return all(name.lower().startswith("the ") for name in (character.name, *character.aliases))


@dataclass(frozen=True, slots=True)
class Facts:
    """What holds of the story throughout the reading."""

    story: Story
    text: str
    index: MentionIndex  # the story's mentions, by position
    gender: dict[str, Gender]  # character id -> gender
    name_of: dict[str, str]  # character id -> name
    narrator: str | None  # the character who says "I" (or is "you"), if one
    second_person: bool  # whether the story is told to "you"
    present: bool  # whether the story is told in the present ("she says")
    described: frozenset[str]  # characters known only by descriptions
    leads: dict[str, float]  # as ``leading_characters`` gives them
    narrated: list[bool]  # for each mention in ``index``: outside speech and thought
    mentioned: list[str]  # for each mention in ``index``: its character

    @classmethod
    def of(cls, story: Story) -> Facts:
        index = MentionIndex(story.mentions)
        return cls(
            story=story,
            text=story.text,
            index=index,
            gender={c.id: c.gender for c in story.characters},
            name_of={c.id: c.name for c in story.characters},
            narrator=next((c.id for c in story.characters if c.narrator), None),
            second_person=story.narration_person is Person.SECOND,
            present=told_in_present(story.text),
            described=frozenset(c.id for c in story.characters if _described(c)),
            leads=leading_characters(story.characters),
            narrated=in_narration(story, index),
            mentioned=[mention.character for mention in index.mentions],
        )

    def names(self, ids: tuple[str, ...]) -> str:
        """The characters' names, for the words of evidence."""
        return ", ".join(self.name_of.get(i, i) for i in ids)

    def evidence(self, rule: str, found: Referent) -> Evidence:
        """The evidence of ``rule`` resting on the words ``found`` points from."""
        return Evidence(rule, self.text[found.start : found.end], found.start, found.end)

    def vocatives(self, quotes: list[Span]) -> tuple[str, ...]:
        """The characters the quotes call by name ("Come, Kaede"), in order."""
        found: list[str] = []
        for quote in quotes:
            for mention in self.index.between(quote.start, quote.end):
                if is_vocative(self.text, quote, mention.start, mention.end):
                    found.append(mention.character)
        return tuple(dict.fromkeys(found))


@dataclass(slots=True)
class Place:
    """Where the reader is: its scene, its paragraph, the kind of line it
    read last and the conversation going on."""

    talk: Conversation
    scene_start: int = 0
    scene_end: int = 0
    paragraph_start: int = 0
    last_kind: SpanKind | None = None  # of the last paragraph's last line, or narration


__all__ = ["GENDER_OF", "PRONOUN_OF", "RECENT_MENTIONS", "Facts", "Place", "leading_characters"]
