"""Build small stories by hand, with offsets, for unit tests of writers and checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ficlens.model import (
    Chapter,
    Character,
    Evidence,
    Gender,
    Metadata,
    Paragraph,
    Scene,
    Source,
    Span,
    SpanKind,
    Story,
)

_MARKS = {SpanKind.SPEECH: ('"', '"'), SpanKind.THOUGHT: ("*", "*"), SpanKind.MESSAGE: ("", "")}


@dataclass(frozen=True)
class Piece:
    """One span to build: its kind, words, speakers and how sure."""

    kind: SpanKind
    text: str
    speaker: tuple[str, ...] = ()
    confidence: float | None = None
    rule: str | None = None
    addressee: tuple[str, ...] = ()


def say(text: str, *speaker: str, confidence: float = 0.9, rule: str = "turn-taking") -> Piece:
    return Piece(SpanKind.SPEECH, text, speaker, confidence if speaker else None, rule)


def think(text: str, *speaker: str) -> Piece:
    return Piece(SpanKind.THOUGHT, text, speaker, 0.9 if speaker else None, "explicit-tag")


def narrate(text: str) -> Piece:
    return Piece(SpanKind.NARRATION, text)


def build(
    paragraphs: Sequence[Sequence[Piece]],
    scene_starts: Sequence[int] = (0,),
    characters: Sequence[Character] = (),
    metadata: Metadata | None = None,
) -> Story:
    """A story of ``paragraphs``; a new scene starts at each paragraph index given."""
    text = ""
    spans: list[Span] = []
    paras: list[Paragraph] = []
    for number, pieces in enumerate(paragraphs):
        if number:
            text += "\n\n"
        start = len(text)
        for i, piece in enumerate(pieces):
            outer_start = len(text)
            if i:
                text += " "
            left, right = _MARKS.get(piece.kind, ("", ""))
            text += left
            inner = len(text)
            text += piece.text
            end = len(text)
            text += right
            evidence = Evidence(piece.rule) if piece.rule else None
            spans.append(
                Span(
                    piece.kind,
                    inner,
                    end,
                    outer_start,
                    len(text),
                    number,
                    piece.speaker,
                    piece.addressee,
                    piece.confidence,
                    evidence,
                )
            )
        paras.append(Paragraph(start, len(text)))
    starts = [paras[i].start for i in scene_starts]
    ends = [*starts[1:], len(text)]
    scenes = tuple(Scene(s, e, 0) for s, e in zip(starts, ends, strict=True))
    source = Source(text=text, metadata=metadata or Metadata())
    return Story(
        text=text, source=source, paragraphs=tuple(paras), chapters=(Chapter(0, len(text)),),
        scenes=scenes, spans=tuple(spans), characters=tuple(characters),
    )  # fmt: skip


ATTACKS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[link](javascript:alert(1))",
    "</style><b>bold</b>",
    '"><svg onload=alert(1)>',
    "{{script}}",
)


def attributed_story() -> Story:
    """Two characters talking, one thinking, one doubtful line, one unknown."""
    return build(
        [
            [narrate("The wind rose.")],
            [say("You're late,", "tob", rule="explicit-tag"), narrate("said Tobias.")],
            [say("The path flooded.", "mira")],
            [think("Let him sulk.", "mira")],
            [say("Maybe.", "tob", confidence=0.4)],
            [say("Who's there?")],
        ],
        characters=(Character("mira", "Mira", gender=Gender.FEMALE), Character("tob", "Tobias")),
    )


def xss_story() -> Story:
    attack = " ".join(ATTACKS)
    return build(
        [[narrate(attack)], [say(attack, "evil")], [think(attack, "evil")]],
        characters=(Character("evil", attack, aliases=(attack,)),),
        metadata=Metadata(
            title=attack,
            authors=(attack,),
            fandoms=(attack,),
            additional_tags=ATTACKS,
            relationships=(attack,),
            summary=attack,
            url="javascript:alert(1)",
        ),
    )
