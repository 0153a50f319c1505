"""Type every stretch of every paragraph: speech, thought, message, note...

Decide first (quotes, emphasised thoughts, messages, unmarked thoughts), then
tile each paragraph with spans whose outer ranges cover it exactly; what no
rule claimed is narration.

>>> from ficlens.model import Story
>>> from ficlens.read.text import read_text
>>> from ficlens.stages.segment import segment
>>> source = read_text(b'"Hi," she said. *He is lying.*')
>>> story = type_spans(segment(Story(text=source.text, source=source)))
>>> [(s.kind.value, story.span_text(s)) for s in story.spans]
[('speech', 'Hi,'), ('narration', 'she said.'), ('thought', 'He is lying.')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Any, NamedTuple, Protocol

from ficlens.model import Emphasis, Paragraph, Person, Role, Span, SpanKind, Story
from ficlens.options import Options
from ficlens.rules.names import SPEECH_VERBS
from ficlens.rules.thoughts import (
    CLAUSE_END,
    CLAUSE_END_AFTER,
    EMPHASIS_THOUGHT_MAX_WORDS,
    FIRST_PERSON,
    FIRST_PERSON_NARRATION_SHARE,
    FIRST_SECOND,
    FIRST_TO_THIRD_RATIO,
    INNER_SPEECH_PRESENT,
    QUOTED_THOUGHT_TAG,
    QUOTED_WORD,
    SECOND_PERSON_NARRATION,
    SENTENCE_START_BEFORE,
    SOUND_EFFECT,
    THIRD,
    THOUGHT_TAG_AFTER,
    UNMARKED_THOUGHT_TAG,
)
from ficlens.stages.messages import find_messages
from ficlens.stages.names import told_in_present
from ficlens.stages.quotes import (
    Quote,
    detect_style,
    find_quotes,
    paragraph_range,
    quotes_by_paragraph,
)

_ROLE_KIND = {Role.TITLE: SpanKind.TITLE, Role.HEADING: SpanKind.HEADING, Role.NOTE: SpanKind.NOTE}
_DEFAULT = Options()
# How a single-quoted thought ends inside its marks: "'Too late,' she
# thought", not a word quoted ("'Experts' decided").
QUOTED_THOUGHT_ENDS = frozenset(",.!?…—–-")
# Characters read either side of an emphasised stretch to judge it.
EMPHASIS_CONTEXT_CHARS = 80
# Words of long unquoted narration enough to tell first- from third-person.
PERSON_SAMPLE_WORDS = 5_000
# Words a quote inside a narrated sentence may have and still be a word
# quoted ('called "beanpole"') rather than speech.
MENTION_MAX_WORDS = 3
MENTION_MAX_CHARS = 60  # longer than any three words worth a look
# Long narration enough to judge the person on, before falling back to the
# short paragraphs (which may be the thoughts themselves).
PERSON_MIN_LONG_WORDS = 30


class _Ranged(Protocol):
    """Anything a rule claimed: a quote, an emphasised thought, a message."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def outer_start(self) -> int: ...
    @property
    def outer_end(self) -> int: ...


_Claim = tuple[SpanKind, _Ranged]


def type_spans(story: Story, options: Options = _DEFAULT) -> Story:
    """Add ``spans`` to a segmented story."""
    text = story.text
    style = detect_style(text) if options.quote_style == "auto" else options.quote_style
    paragraphs = list(story.paragraphs)
    quotes = quotes_by_paragraph(text, paragraphs, style)
    emphasis = sorted(story.source.emphasis, key=lambda e: e.start)
    emphasis_starts = [e.start for e in emphasis]
    messages = find_messages(text, paragraphs)
    # where a single-quoted line ends on a thought tag, in a story whose
    # speech is double-quoted: the paragraphs to look for such thoughts in
    quoted_thoughts = (
        [m.start() for m in QUOTED_THOUGHT_TAG.finditer(text)] if style == "double" else []
    )
    person = _narration_person(text, paragraphs, quotes, options)
    unmarked = None  # the words that make a standalone line inner speech, if looked for
    if options.unmarked_thoughts and person is Person.THIRD:
        unmarked = FIRST_SECOND if told_in_present(text) else INNER_SPEECH_PRESENT
    spans: list[Span] = []
    for index, paragraph in enumerate(paragraphs):
        start, end = paragraph.start, paragraph.end
        if paragraph.role is not Role.BODY:
            spans.append(Span(_ROLE_KIND[paragraph.role], start, end, start, end, index))
            continue
        claims: list[_Claim]
        if index in messages:
            claims = [(SpanKind.MESSAGE, m) for m in messages[index]]
        else:
            inside: list[Emphasis] = []
            if emphasis:
                lo = bisect.bisect_left(emphasis_starts, start)
                hi = bisect.bisect_left(emphasis_starts, end)
                inside = [e for e in emphasis[lo:hi] if e.outer_end <= end]
            claims = []
            if style == "double" and text[start] in "'‘" and not quotes[index] and not inside:
                claims = _single_quoted_paragraph(text, paragraph)
            if not claims:
                claims = _decide(text, paragraph, quotes[index], inside, options, unmarked)
            if bisect.bisect_left(quoted_thoughts, start) < bisect.bisect_left(
                quoted_thoughts, end
            ):
                claims = _with_quoted_thoughts(text, paragraph, quotes[index], claims)
        if claims:
            spans.extend(_tile(text, paragraph, index, claims))
        else:
            spans.append(Span(SpanKind.NARRATION, start, end, start, end, index))
    return replace(story, spans=tuple(spans), narration_person=person)


def _decide(
    text: str,
    paragraph: Paragraph,
    quotes: list[Quote],
    emphasis: list[Emphasis],
    options: Options,
    unmarked: re.Pattern[str] | None,
) -> list[_Claim]:
    claims: list[_Claim] = [(SpanKind.SPEECH, q) for q in quotes if not _mentioned(text, q)]
    q = 0  # quotes and emphasis are both in text order: walk them together
    for e in emphasis:
        while q < len(quotes) and quotes[q].outer_end <= e.outer_start:
            q += 1
        inside_quote = q < len(quotes) and quotes[q].outer_start < e.outer_end
        if e.strong or inside_quote:
            continue
        if _emphasis_is_thought(text, paragraph, e):
            claims.append((SpanKind.THOUGHT, e))
    if not claims and unmarked:
        tagged = UNMARKED_THOUGHT_TAG.match(text, paragraph.start, paragraph.end)
        if tagged is not None and not QUOTED_WORD.search(tagged["thought"]):  # no word quoted
            end = tagged.end("thought")
            claims.append((SpanKind.THOUGHT, Quote(paragraph.start, end, paragraph.start, end)))
        elif _unmarked_thought(text, paragraph, options, unmarked):
            claims.append((SpanKind.THOUGHT, paragraph_range(paragraph)))
    if emphasis:
        claims.sort(key=lambda claim: claim[1].outer_start)
    return claims


def _single_quoted_paragraph(text: str, paragraph: Paragraph) -> list[_Claim]:
    """A paragraph that is one single-quoted line, in a story whose speech
    is in double quotes: a thought ("'I hate this. I hate all of it.'")."""
    pieces = find_quotes(text, paragraph.start, paragraph.end, "single")
    if len(pieces) != 1 or not pieces[0].closed:
        return []
    piece = pieces[0]
    if piece.outer_start != paragraph.start or piece.outer_end != paragraph.end:
        return []
    return [(SpanKind.THOUGHT, piece)]


def _with_quoted_thoughts(
    text: str, paragraph: Paragraph, quotes: list[Quote], claims: list[_Claim]
) -> list[_Claim]:
    """Add the thoughts a story whose speech is in double quotes puts in
    single ones: a line a thought tag follows ("'Too late,' Sango thought."),
    and the rest of the paragraph's single-quoted lines after it."""
    thoughts: list[_Claim] = []
    for piece in find_quotes(text, paragraph.start, paragraph.end, "single"):
        if any(
            c.outer_start < piece.outer_end and piece.outer_start < c.outer_end for _, c in claims
        ):
            continue  # inside speech or emphasis: a quote within a quote
        before = " " + text[max(paragraph.start, piece.outer_start - 4) : piece.outer_start]
        opens = piece.outer_start == paragraph.start or SENTENCE_START_BEFORE.search(before)
        ends = text[piece.end - 1 : piece.end] in QUOTED_THOUGHT_ENDS
        if not (opens and ends):
            continue  # 'Experts' decided, 'ready', Sango thought: words quoted
        after = text[piece.outer_end : min(paragraph.end, piece.outer_end + EMPHASIS_CONTEXT_CHARS)]
        if thoughts or THOUGHT_TAG_AFTER.match(after):
            thoughts.append((SpanKind.THOUGHT, piece))
    if not thoughts:
        return claims
    return sorted(claims + thoughts, key=lambda claim: claim[1].outer_start)


def _mentioned(text: str, quote: Quote) -> bool:
    """Whether a quote is a few words quoted inside a narrated sentence ('she
    was called "beanpole" at school'), not speech: it follows a word with no
    punctuation between, and that word is no verb of saying. An exclamation
    or a question is speech even there ('with a glad "Ready!"')."""
    at = quote.outer_start
    while at and text[at - 1] in " \t":
        at -= 1
    if at == quote.outer_start or not at or not text[at - 1].isalpha():
        return False
    if quote.end - quote.start > MENTION_MAX_CHARS:
        return False
    words = text[quote.start : quote.end].split()
    if not words or len(words) > MENTION_MAX_WORDS or words[-1][-1] in "!?":
        return False
    return text[max(0, at - 20) : at].split()[-1].lower() not in SPEECH_VERBS


def _emphasis_is_thought(text: str, paragraph: Paragraph, emphasis: Emphasis) -> bool:
    body = text[emphasis.start : emphasis.end]
    # Only a few characters either side matter; reading no more keeps a
    # paragraph full of emphasis linear.
    before_start = max(paragraph.start, emphasis.outer_start - EMPHASIS_CONTEXT_CHARS)
    before = text[before_start : emphasis.outer_start]
    after = text[
        emphasis.outer_end : min(paragraph.end, emphasis.outer_end + EMPHASIS_CONTEXT_CHARS)
    ]
    whole = before_start == paragraph.start and emphasis.outer_end + len(after) == paragraph.end
    words = len(body.split())
    if whole and not before.strip(" \t\"'*_") and not after.strip(" \t.,!?…*_"):
        if SOUND_EFFECT.match(body):
            return False  # "*BANG*", "*Knock knock.*"
        return words <= EMPHASIS_THOUGHT_MAX_WORDS or bool(FIRST_SECOND.search(body))
    if THOUGHT_TAG_AFTER.match(after):
        return True
    if before_start > paragraph.start:
        before = " " + before  # not the paragraph's start
    if not SENTENCE_START_BEFORE.search(before):
        return False
    ends_clause = bool(CLAUSE_END.search(body) or CLAUSE_END_AFTER.match(after))
    return words >= 2 and (ends_clause or words >= 3)


def _unmarked_thought(
    text: str, paragraph: Paragraph, options: Options, inner: re.Pattern[str]
) -> bool:
    """Whether a short standalone paragraph is a thought: the ``inner``
    speech words (first and second person; the present, in a story told in
    the past) at least as many as third-person pronouns."""
    piece = text[paragraph.start : paragraph.end]
    if len(piece) > options.max_unmarked_thought_words * 12:
        return False
    if len(piece.split()) > options.max_unmarked_thought_words:
        return False
    own = len(inner.findall(piece))
    return own > 0 and own >= len(THIRD.findall(piece))


def _narration_person(
    text: str, paragraphs: list[Paragraph], quotes: list[list[Quote]], options: Options
) -> Person:
    """Whether the narration is in the first, second or third person.

    Counted over unquoted paragraphs too long to be a thought, so that the
    thoughts themselves do not make a third-person story look first-person;
    a story with too few such paragraphs is judged on all unquoted ones.
    "You" tells a second-person story ("You hear the door") only where it
    outnumbers "I": a narrator who says "I" may speak to someone as "you".
    """
    long_counts, all_counts = _PersonCounts(), _PersonCounts()
    for paragraph, found in zip(paragraphs, quotes, strict=True):
        if paragraph.role is not Role.BODY or found:
            continue
        piece = text[paragraph.start : paragraph.end]
        counts = _PersonCounts(
            piece.count(" ") + 1,
            len(FIRST_PERSON.findall(piece)),
            len(SECOND_PERSON_NARRATION.findall(piece)),
            len(THIRD.findall(piece)),
        )
        all_counts = all_counts + counts
        if counts.words > options.max_unmarked_thought_words:
            long_counts = long_counts + counts
            if long_counts.words >= PERSON_SAMPLE_WORDS:
                break
    counts = long_counts if long_counts.words >= PERSON_MIN_LONG_WORDS else all_counts
    if counts.words == 0:
        return Person.THIRD
    for person, own, other in (
        (Person.FIRST, counts.first, counts.second),
        (Person.SECOND, counts.second, counts.first),
    ):
        if (
            own / counts.words >= FIRST_PERSON_NARRATION_SHARE
            and own >= FIRST_TO_THIRD_RATIO * counts.third
            and own >= other
            and (person is Person.FIRST or own > counts.third)  # not a stray "if you..."
        ):
            return person
    return Person.THIRD


class _PersonCounts(NamedTuple):
    words: int = 0
    first: int = 0
    second: int = 0
    third: int = 0

    def __add__(self, other: object) -> _PersonCounts:
        assert isinstance(other, _PersonCounts)
        return _PersonCounts(*(mine + theirs for mine, theirs in zip(self, other, strict=True)))


def _tile(text: str, paragraph: Paragraph, index: int, claims: list[_Claim]) -> list[Span]:
    """Spans whose outer ranges cover the paragraph; gaps become narration."""
    pieces: list[list[Any]] = []  # [kind, start, end, outer_start, outer_end]
    cursor = paragraph.start
    for kind, claim in claims:
        if claim.outer_start < cursor:
            continue  # overlaps a stretch already claimed
        _gap(text, pieces, cursor, claim.outer_start)
        if pieces:
            pieces[-1][4] = claim.outer_start
        outer_start = claim.outer_start if pieces else paragraph.start
        pieces.append([kind, claim.start, claim.end, outer_start, claim.outer_end])
        cursor = claim.outer_end
    _gap(text, pieces, cursor, paragraph.end)
    pieces[-1][4] = paragraph.end
    return [Span(k, s, e, os, oe, index) for k, s, e, os, oe in pieces]


def _gap(text: str, pieces: list[list[Any]], start: int, end: int) -> None:
    """Narration for ``text[start:end]``, or whitespace joined to a neighbour."""
    if start >= end:
        return
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        if pieces:
            pieces[-1][4] = end
        return
    content_start = start + len(piece) - len(piece.lstrip())
    pieces.append([SpanKind.NARRATION, content_start, content_start + len(stripped), start, end])
