"""The ficlens data model: a story's text and the annotations that point into it.

Every annotation holds character offsets ``(start, end)`` into ``Story.text``;
the text itself is never rewritten. Classes are immutable: a pipeline stage
returns a new :class:`Story` with ``dataclasses.replace`` instead of mutating.
The many small records (paragraphs, spans, emphasis) are named tuples, which
Python builds several times faster than frozen dataclasses.

>>> story = Story(text="Hi.", source=Source(text="Hi."))
>>> story.text[0:2]
'Hi'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class SpanKind(StrEnum):
    """What a stretch of a paragraph is."""

    NARRATION = "narration"
    SPEECH = "speech"
    THOUGHT = "thought"
    MESSAGE = "message"  # text messages, chat lines, letters read out
    NOTE = "note"  # author's notes and disclaimers inside the story text
    TITLE = "title"  # the story's title line
    HEADING = "heading"  # a chapter heading


class Role(StrEnum):
    """What a whole paragraph is, decided before spans are typed."""

    BODY = "body"
    TITLE = "title"
    HEADING = "heading"
    NOTE = "note"


class Person(StrEnum):
    """Grammatical person of a scene's narration."""

    FIRST = "first"
    SECOND = "second"
    THIRD = "third"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    NONBINARY = "nonbinary"
    UNKNOWN = "unknown"


class Emphasis(NamedTuple):
    """An emphasised range (italic or bold) found by a reader.

    ``start``/``end`` cover the emphasised words; ``outer_start``/``outer_end``
    also cover markers kept in the text (``*`` or ``_`` in Markdown).
    """

    start: int
    end: int
    outer_start: int
    outer_end: int
    strong: bool = False


@dataclass(frozen=True, slots=True)
class ChapterHint:
    """A chapter boundary a reader knows from markup (an AO3 chapter heading)."""

    start: int
    title: str


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a story says about itself, kept apart from the story text."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    fandoms: tuple[str, ...] = ()
    rating: str | None = None
    warnings: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    characters: tuple[str, ...] = ()
    additional_tags: tuple[str, ...] = ()
    language: str | None = None
    published: str | None = None
    updated: str | None = None
    words: int | None = None
    chapters: str | None = None  # as the site writes it, e.g. "3/?"
    summary: str | None = None
    notes: tuple[str, ...] = ()  # author's notes found in markup
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """What a reader hands to the pipeline: text plus the hints markup gave.

    ``paragraph_breaks`` is True when the reader joined block elements with
    blank lines, so every blank-line-separated block is a paragraph.
    """

    text: str
    format: str = "text"
    metadata: Metadata = field(default_factory=Metadata)
    emphasis: tuple[Emphasis, ...] = ()
    chapter_hints: tuple[ChapterHint, ...] = ()
    break_hints: tuple[int, ...] = ()  # offsets where a scene break (<hr>) stood
    encoding: str = "utf-8"
    repairs: tuple[str, ...] = ()  # what the reader fixed, e.g. "mojibake"
    paragraph_breaks: bool = False
    header_end: int = 0  # where a labelled header ("Title: ...") ends; 0: none


class Paragraph(NamedTuple):
    start: int
    end: int
    role: Role = Role.BODY


@dataclass(frozen=True, slots=True)
class Chapter:
    start: int
    end: int
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Scene:
    start: int
    end: int
    chapter: int
    pov: str | None = None  # a character id
    person: Person | None = None
    pov_evidence: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why an attribution was made: the rule (or model) and the words it used."""

    rule: str
    text: str | None = None
    start: int | None = None
    end: int | None = None


class Span(NamedTuple):
    """A typed stretch of one paragraph.

    ``start``/``end`` exclude quotation marks, emphasis markers and
    surrounding whitespace; ``outer_start``/``outer_end`` include them, and
    the outer ranges of a paragraph's spans tile it exactly.
    """

    kind: SpanKind
    start: int
    end: int
    outer_start: int
    outer_end: int
    paragraph: int
    speaker: tuple[str, ...] = ()
    addressee: tuple[str, ...] = ()
    confidence: float | None = None
    evidence: Evidence | None = None
    addressee_confidence: float | None = None
    addressee_evidence: Evidence | None = None


class MentionKind(StrEnum):
    """How a stretch of text refers to a character."""

    NAME = "name"  # "Kagome", "Lord Sesshomaru", "Mr. Ashdown"
    DESCRIPTION = "description"  # "the monk", "the half-demon", "her aunt"
    PRONOUN = "pronoun"  # "she", "him" (resolved by attribution, not listed)


class Mention(NamedTuple):
    """A stretch of text that refers to a character of the cast."""

    start: int
    end: int
    character: str  # a character id
    kind: MentionKind


@dataclass(frozen=True, slots=True)
class KnownCharacter:
    """A character the user (or a gold file) names in advance: ``--cast``.

    A gender given as its word is read as the enum member, so that it
    matches where genders are compared:

    >>> KnownCharacter("Sango", gender="female").gender is Gender.FEMALE
    True
    """

    name: str
    aliases: tuple[str, ...] = ()
    gender: Gender = Gender.UNKNOWN

    def __post_init__(self) -> None:
        object.__setattr__(self, "gender", Gender(self.gender))


class TurnModel(NamedTuple):
    """Weights of the turn model's emission, transition and pair features,
    in the order ``ficlens.stages.turn_features`` and
    ``ficlens.stages.turn_steps`` list them; the emission weights all turns
    share, then those of each of the ``TURN_KINDS`` (zero when left out)."""

    emission: tuple[float, ...]
    transition: tuple[float, ...]
    pair: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Character:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    gender: Gender = Gender.UNKNOWN
    mentions: int = 0
    lines: int = 0
    words_spoken: int = 0
    words_thought: int = 0
    narrator: bool = False


@dataclass(frozen=True, slots=True)
class Story:
    """A story and everything ficlens found in it."""

    text: str
    source: Source
    paragraphs: tuple[Paragraph, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    scenes: tuple[Scene, ...] = ()
    spans: tuple[Span, ...] = ()
    characters: tuple[Character, ...] = ()
    mentions: tuple[Mention, ...] = ()  # sorted by start
    narration_person: Person | None = None  # the story's narration, set with the spans

    @property
    def metadata(self) -> Metadata:
        return self.source.metadata

    def span_text(self, span: Span) -> str:
        """The words of a span, without quotation marks or markers."""
        return self.text[span.start : span.end]
