"""Small pieces of attribution: where lines are, how they are counted.

>>> fill_from_neighbours([None, (("a",), 0.9, None), None])
[(('a',), 0.9, None), (('a',), 0.9, None), (('a',), 0.9, None)]
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from ficlens.model import Character, Evidence, Span, SpanKind, Story
from ficlens.rules.attribution import PREPOSITIONS, VOCATIVE_FOLLOWERS
from ficlens.rules.names import TITLES
from ficlens.stages.conversation import Decision
from ficlens.stages.words import MentionIndex

ATTRIBUTED = (SpanKind.SPEECH, SpanKind.THOUGHT, SpanKind.MESSAGE)

# A quotation inside a line, in the marks the line itself does not use:
# "Then she said, 'Ah! Kaede, come in.'" The opening mark follows no word
# or stop and comes before a capital ("'em" and "'tis" open nothing); the
# closing one ends a word or a sentence.
_INNER_SINGLE = re.compile(
    r"(?<![\w.,!?;:'’])(?P<open>['‘])(?=[A-Z])|(?<=[\w.,!?;—–-])(?P<close>['’])(?![\w])"
)
_INNER_DOUBLE = re.compile(
    r"(?<![\w.,!?;:\"”])(?P<open>[\"“])(?=\w)|(?<=[\w.,!?;—–-])(?P<close>[\"”])(?!\w)"
)
_DOUBLE_MARKS = frozenset('"“”„«»')
Tag = tuple[tuple[str, ...], float, Evidence | None]


def fill_from_neighbours(tags: list[Tag | None]) -> list[Tag | None]:
    """Untagged quotes take the tag before them in the paragraph, else the one after."""
    filled = list(tags)
    for k in range(len(filled)):
        if filled[k] is None and k > 0:
            filled[k] = filled[k - 1]
    for k in range(len(filled) - 2, -1, -1):
        if filled[k] is None:
            filled[k] = filled[k + 1]
    return filled


def scene_index(story: Story) -> list[int]:
    result, scene = [], 0
    for paragraph in story.paragraphs:
        while scene + 1 < len(story.scenes) and story.scenes[scene + 1].start <= paragraph.start:
            scene += 1
        result.append(scene)
    return result


def apply_decision(span: Span, decision: Decision) -> Span:
    addressed = bool(decision.addressee)
    return Span(
        span.kind, span.start, span.end, span.outer_start, span.outer_end, span.paragraph,
        decision.speaker, decision.addressee, round(decision.confidence, 3), decision.evidence,
        round(decision.addressee_confidence, 3) if addressed else None,
        decision.addressee_evidence,
    )  # fmt: skip


def in_inner_quote(text: str, quote: Span, position: int) -> bool:
    """Whether ``position`` lies in a quotation the line quotes: a name there
    is called by someone else ("Then she said, 'Ah! Kaede, come in.'")."""
    inner = (
        _INNER_SINGLE if text[quote.outer_start : quote.start] in _DOUBLE_MARKS else _INNER_DOUBLE
    )
    quoting = False
    for mark in inner.finditer(text, quote.start, position):
        quoting = mark["open"] is not None
    return quoting


# An aside after a name and what follows it: "Kaede, I believe, was there"
# makes Kaede the subject, and "Kaede, I suppose." at the line's end the
# answer to a question; "Kaede, you know, I never liked him" calls her.
_ASIDE = re.compile(
    r"\s*,\s*(?:I|you|we)\s+(?:believe|think|suppose|know|fancy|dare\s+say|understand|hear"
    r"|see|mean|am\s+sure|remember|imagine|hope)\s*(?:[,)]\s*(?:\([^)]*\)\s*,?\s*)?"
    r"(?P<next>[\w'’]+)|[,.;!?]*$)"
)
_SUBJECTS = frozenset("i you we he she they it i'm you're we're".split())
# A relative clause after a name set off by commas: said of them, not to them.
_RELATIVE = re.compile(r",\s*(?:who|whom|whose|which)\b")
# Words before a name that keep it inside the sentence even when a comma
# and "I" or "you" follow: "as for poor Miroku, I doubt", "with Sango, you".
_IN_SENTENCE = PREPOSITIONS | frozenset(
    "and or nor but as though the a an his her their our your its poor".split()
)
# Titles without their period: what stands before a name that goes without one.
_BARE_TITLES = frozenset(title.rstrip(".") for title in TITLES)


def is_vocative(text: str, quote: Span, start: int, end: int) -> bool:
    """A name said to someone: at the quote's edge or set off by commas, and
    not in a quotation the line quotes."""
    return _set_off(text, quote, start, end) and not in_inner_quote(text, quote, start)


def _set_off(text: str, quote: Span, start: int, end: int) -> bool:
    """Whether the name at ``start``-``end`` stands at the quote's edge or
    between commas, as one said to someone does, and not as a part of the
    sentence: a subject with an aside after it, one of names joined by
    "and", one that a relative clause follows."""
    before = text[quote.start : start].rstrip()
    after = text[end : quote.end].lstrip()
    words = before.rsplit(None, 1)
    if words and words[-1].rstrip(".") in _BARE_TITLES:  # "Mr." before a cast's "Pike"
        before = words[0] if len(words) == 2 else ""
    last = before.rstrip(",").rsplit(None, 1)[-1] if before.rstrip(",") else ""
    if last in ("I", "me", "myself"):
        return False  # "I, Roland Pike, ..." names the speaker
    if last in ("and", "or", "nor"):
        return False  # "Sango and Miroku, I have heard": named together, not called
    aside = _ASIDE.match(text, end, quote.end)
    if aside is not None and (aside["next"] or "").lower() not in _SUBJECTS:
        return False  # "Kaede, I believe, was there", "Kaede, I suppose.": not called
    opens = not before or before[-1] in ",!?.;—–-(" or before.lower().endswith(("oh", "dear"))
    closes = not after or after[0] in ",.!?;:—–…)"
    if closes and _RELATIVE.match(after):
        return False  # "my cousin, Miroku, who ...": said of him
    if opens and closes:
        return True
    if (
        after[:1] == ","
        and last.lower() not in _IN_SENTENCE
        and VOCATIVE_FOLLOWERS.match(after[1:].lstrip())
    ):
        return True  # "I'm lost Miroku, please", "Hey Miroku, you ..."
    return not before and after.split(" ", 1)[0].lower() in ("i", "you", "we", "i'm", "you're")


def in_narration(story: Story, index: MentionIndex) -> list[bool]:
    """For each mention, whether it stands outside speech, thought and
    messages (a chat line's sender label included: "Sango: ok")."""
    quoted = [
        (s.outer_start if s.kind is SpanKind.MESSAGE else s.start, s.end)
        for s in story.spans
        if s.kind in (SpanKind.SPEECH, SpanKind.THOUGHT, SpanKind.MESSAGE)
    ]
    flags, q = [], 0
    for mention in index.mentions:
        while q < len(quoted) and quoted[q][1] <= mention.start:
            q += 1
        flags.append(not (q < len(quoted) and quoted[q][0] <= mention.start))
    return flags


class Families(NamedTuple):
    """Characters by surname, for kin tags ("said his wife")."""

    surnames: dict[str, set[str]]  # character id -> surnames it goes by
    members: dict[str, list[tuple[str, str | None]]]  # surname -> (id, title or None)


def family_names(characters: tuple[Character, ...]) -> Families:
    """Each character's surnames and titles, from names of two words or more:
    "Mrs. Pike" is a Pike with the title "mrs", "Roland Pike" a Pike with none."""
    surnames: dict[str, set[str]] = {}
    members: dict[str, list[tuple[str, str | None]]] = {}
    for character in characters:
        for alias in dict.fromkeys((character.name, *character.aliases)):
            words = alias.split()
            if len(words) < 2:
                continue
            first = words[0].rstrip(".")
            title = first.lower() if first in TITLES or f"{first}." in TITLES else None
            surname = words[-1].lower()
            surnames.setdefault(character.id, set()).add(surname)
            members.setdefault(surname, []).append((character.id, title))
    return Families(surnames, members)


def alias_table(characters: tuple[Character, ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    for character in characters:
        for alias in (character.name, *character.aliases):
            table.setdefault(alias.lower(), character.id)
    return table


def relabel(span: Span, old: str, new: str) -> Span:
    """The span with character ``old`` read as ``new`` wherever it speaks or listens."""
    if old not in span.speaker and old not in span.addressee:
        return span
    speaker = tuple(dict.fromkeys(new if who == old else who for who in span.speaker))
    addressee = tuple(dict.fromkeys(new if who == old else who for who in span.addressee))
    return span._replace(speaker=speaker, addressee=addressee)


def with_counts(story: Story, spans: list[Span]) -> tuple[Character, ...]:
    lines: dict[str, int] = {}
    spoken: dict[str, int] = {}
    thought: dict[str, int] = {}
    for span in spans:
        if span.kind not in ATTRIBUTED or not span.speaker:
            continue
        words = len(story.text[span.start : span.end].split())
        for who in span.speaker:
            lines[who] = lines.get(who, 0) + 1
            target = thought if span.kind is SpanKind.THOUGHT else spoken
            target[who] = target.get(who, 0) + words
    return tuple(
        replace(
            c,
            lines=lines.get(c.id, 0),
            words_spoken=spoken.get(c.id, 0),
            words_thought=thought.get(c.id, 0),
        )
        for c in story.characters
    )
