"""Segmentation: paragraphs with their roles, chapters and scenes.

Paragraphs are blocks separated by blank lines; a block whose lines each end
like a sentence (a story written one paragraph per line) is split into its
lines. Ornament lines ("* * *") and extra-long blank runs break scenes and
are not paragraphs themselves.

>>> from ficlens.model import Source, Story
>>> text = "Title\\n\\nChapter 1\\n\\nOne.\\n\\n* * *\\n\\nTwo."
>>> story = segment(Story(text=text, source=Source(text=text)))
>>> [(story.text[p.start:p.end], p.role.value) for p in story.paragraphs]
[('Title', 'title'), ('Chapter 1', 'heading'), ('One.', 'body'), ('Two.', 'body')]
>>> len(story.scenes), len(story.chapters)
(2, 1)
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, replace

from ficlens.model import Chapter, Paragraph, Role, Scene, Story
from ficlens.options import Options
from ficlens.rules.dialogue import CHAT_LINE
from ficlens.rules.structure import (
    BLANK_LINES,
    CHAPTER_HEADING,
    HEADING_DECORATION,
    LINE_BREAK,
    LINE_START,
    NOTE_START,
    SENTENCE_LINE_START,
    TITLE_BAD_END,
    TITLE_MAX_WORDS,
    is_scene_break,
    pov_marker,
)

# Characters read to decide how a story lays out its paragraphs.
LAYOUT_SAMPLE_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class _Block:
    """A blank-line-separated block and how many line breaks preceded it."""

    start: int
    end: int
    newlines_before: int


def segment(story: Story, options: Options | None = None) -> Story:
    """Add paragraphs (with roles), chapters and scenes to ``story``."""
    text = story.text
    limit = (options or Options()).max_paragraph_chars
    blocks = _blocks(text)
    one_per_line = not story.source.paragraph_breaks and _one_paragraph_per_line(text, blocks)
    paragraphs: list[Paragraph] = []
    breaks: list[int] = list(story.source.break_hints)
    gap_limit = _scene_gap(blocks, one_per_line)
    for block in blocks:
        if block.newlines_before >= gap_limit and paragraphs:
            breaks.append(block.start)
        for start, end in _lines(text, block) if one_per_line else [(block.start, block.end)]:
            piece = text[start:end]
            if is_scene_break(piece):
                breaks.append(end)
            elif end - start > limit:
                paragraphs.extend(Paragraph(a, b) for a, b in _split_long(text, start, end, limit))
            else:
                role = Role.NOTE if end <= story.source.header_end else _role(piece)
                if role is Role.BODY and pov_marker(piece) is not None:
                    role = Role.NOTE  # "Kagome's POV": a new scene, told by her
                    breaks.append(start)
                paragraphs.append(Paragraph(start, end, role))
    paragraphs = _mark_title(story, paragraphs)
    chapters = _chapters(story, paragraphs)
    scenes = _scenes(text, paragraphs, chapters, breaks)
    return replace(
        story, paragraphs=tuple(paragraphs), chapters=tuple(chapters), scenes=tuple(scenes)
    )


def _split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut a paragraph longer than ``limit`` at sentence ends (else at spaces)
    so that no stage works on more than ``limit`` characters at once."""
    pieces = []
    while end - start > limit:
        cut = -1
        for mark in (". ", "! ", "? ", "\n", " "):
            cut = text.rfind(mark, start + limit // 2, start + limit)
            if cut >= 0:
                cut += len(mark)
                break
        if cut < 0:
            cut = start + limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    position, newlines = 0, 0
    for match in BLANK_LINES.finditer(text):
        _add_block(blocks, text, position, match.start(), newlines)
        position, newlines = match.end(), match.group().count("\n")
    _add_block(blocks, text, position, len(text), newlines)
    return blocks


def _add_block(blocks: list[_Block], text: str, start: int, end: int, newlines: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    start += len(piece) - len(piece.lstrip())
    blocks.append(_Block(start, start + len(stripped), newlines))


def _lines(text: str, block: _Block) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    position = block.start
    for match in LINE_BREAK.finditer(text, block.start, block.end):
        _add_line(lines, text, position, match.start())
        position = match.end()
    _add_line(lines, text, position, block.end)
    return lines


def _add_line(lines: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        lines.append((start, start + len(stripped)))


def _one_paragraph_per_line(text: str, blocks: list[_Block]) -> bool:
    """True when the story writes one paragraph per line inside its blocks.

    Hard-wrapped prose ends few lines with sentence punctuation; a story that
    puts each paragraph on its own line ends nearly all of them so.
    """
    sample = text[:LAYOUT_SAMPLE_CHARS]
    separators = sum(1 for b in blocks if 0 < b.start < LAYOUT_SAMPLE_CHARS)
    inner = len(LINE_START.findall(sample)) - separators
    ended = len(SENTENCE_LINE_START.findall(sample))
    return inner >= 6 and ended >= 0.75 * inner


def _scene_gap(blocks: list[_Block], one_per_line: bool) -> int:
    """How many line breaks between blocks make a scene break."""
    if one_per_line:
        return 2  # a blank line between one-line paragraphs
    counts = Counter(b.newlines_before for b in blocks[1:])
    usual = counts.most_common(1)[0][0] if counts else 2
    return max(3, usual + 1)


def _role(piece: str) -> Role:
    if len(piece) <= 120 and CHAPTER_HEADING.match(piece):
        return Role.HEADING
    if NOTE_START.match(piece):
        return Role.NOTE
    return Role.BODY


def _mark_title(story: Story, paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The first paragraph is the title line when it reads like one."""
    if len(paragraphs) < 2 or paragraphs[0].role is not Role.BODY:
        return paragraphs
    first = paragraphs[0]
    piece = story.text[first.start : first.end]
    title = story.metadata.title
    looks_like_title = (
        "\n" not in piece
        and len(piece.split()) <= TITLE_MAX_WORDS
        and not TITLE_BAD_END.search(piece)
        and not any(q in piece for q in '"“”')
        and piece[:1].isupper()
        and not CHAT_LINE.match(piece)
    )
    if (title is not None and piece.strip().lower() == title.strip().lower()) or (
        title is None and looks_like_title and story.source.format in ("text", "markdown")
    ):
        return [first._replace(role=Role.TITLE), *paragraphs[1:]]
    return paragraphs


def _chapters(story: Story, paragraphs: list[Paragraph]) -> list[Chapter]:
    text = story.text
    starts: list[tuple[int, str | None]] = [(h.start, h.title) for h in story.source.chapter_hints]
    if not starts:
        starts = [
            (p.start, text[p.start : p.end].strip(HEADING_DECORATION))
            for p in paragraphs
            if p.role is Role.HEADING
        ]
    body_starts = [p.start for p in paragraphs if p.role is Role.BODY]
    if not starts or (body_starts and body_starts[0] < starts[0][0]):
        starts.insert(0, (0, None))
    else:
        starts[0] = (0, starts[0][1])
    ends = [s for s, _ in starts[1:]] + [len(text)]
    return [Chapter(start, end, title) for (start, title), end in zip(starts, ends, strict=True)]


def _scenes(
    text: str, paragraphs: list[Paragraph], chapters: list[Chapter], breaks: list[int]
) -> list[Scene]:
    chapter_starts = [c.start for c in chapters]
    cuts = sorted(set(breaks) | set(chapter_starts) | {len(text)})
    scenes: list[Scene] = []
    paragraph_starts = [p.start for p in paragraphs]
    previous = 0
    bodiless = False  # the last scene so far holds no story text (a title, a note)
    for cut in cuts:
        if cut <= previous:
            continue
        first = bisect.bisect_left(paragraph_starts, previous)
        last = bisect.bisect_left(paragraph_starts, cut)
        has_body = any(paragraphs[i].role is Role.BODY for i in range(first, last))
        chapter = bisect.bisect_right(chapter_starts, previous) - 1
        if scenes and scenes[-1].chapter == chapter and (bodiless or not has_body):
            scenes[-1] = replace(scenes[-1], end=cut)  # "Title", then "Kagome's POV"
            bodiless = bodiless and not has_body
        else:
            scenes.append(Scene(previous, cut, chapter))
            bodiless = not has_body
        previous = cut
    return scenes or [Scene(0, len(text), 0)]
