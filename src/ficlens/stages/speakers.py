"""Speakers: whom the narration beside a paragraph's quotes names as speaker.

A quote's own tag comes first: the one right after it ("said Miroku"), else
the one right before it, the one before first when only it rests on a verb
of saying. A paragraph whose quotes have no tag of their own takes a
lead-in from the narration before ("Sango went on:"), someone that
narration hears speaking, or its last subject; else the subject of its own
narration, before its first quote or after its last. Whom a tag's pronoun
or kin word means is left to ``ficlens.stages.referents``.

>>> from ficlens import KnownCharacter, Options, analyze_text
>>> cast = (KnownCharacter("Sango", gender="female"), KnownCharacter("Miroku", gender="male"))
>>> text = 'Miroku sat down. "Well?"\\n\\n"Wait," Sango whispered to Miroku.'
>>> story = analyze_text(text, Options(cast=cast))
>>> [(s.speaker, s.addressee) for s in story.spans if s.kind.value == "speech"]
[(('miroku',), ('sango',)), (('sango',), ('miroku',))]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ficlens.model import Evidence, Paragraph, Span, SpanKind
from ficlens.rules.attribution import SPEECH_VERB, TAG_ADDRESSEE, TAG_WINDOW
from ficlens.stages.lines import Tag
from ficlens.stages.reading import Facts, Place
from ficlens.stages.referents import Referents
from ficlens.stages.subjects import first_subject, heard_speaking, last_subject
from ficlens.stages.tags import tag_after, tag_before
from ficlens.stages.words import Referent

# "to me" or "to you" after a tag's verb: the first-person narrator, or the
# "you" of a second-person story.
_ME_OR_YOU = re.compile(r"(me|you)\b")


class Speakers:
    """Reads the tags and narration around a paragraph's quotes, with the
    reader's ``facts``, ``place`` and ``refs``."""

    def __init__(self, facts: Facts, place: Place, refs: Referents) -> None:
        self.facts = facts
        self.text = facts.text
        self.index = facts.index
        self.place = place
        self.refs = refs

    def explicit(
        self, paragraph: Paragraph, quotes: list[Span], k: int, vocatives: tuple[str, ...]
    ) -> Tag | None:
        """The explicit tag of quote ``k``: right after it, or right before it."""
        quote = quotes[k]
        for found in self._tags(paragraph, quotes, k):
            if found is None:
                continue
            evidence = self.facts.evidence("explicit-tag", found)
            told = self.told(evidence)  # "she said to Sango": not Sango
            exclude = (*vocatives, told) if told else vocatives
            who = self.refs.resolve(found, quote.outer_start, exclude=exclude)
            if who:
                confidence = 0.8 if found.pronoun else 0.95
                return who, confidence, evidence
        return None

    def _tags(self, paragraph: Paragraph, quotes: list[Span], k: int) -> Iterator[Referent | None]:
        """The tags of quote ``k`` to try in turn: the one right after it,
        then the one right before it; the one before first when only it rests
        on a verb of saying ("Kaede laughed and said, '...' Sango
        recovered herself"), or when it leads into the quote and names whom
        the one after calls "he" or "she" ('Kaede cried, "Look!" she added')."""
        text, quote = self.text, quotes[k]
        after_end = quotes[k + 1].outer_start if k + 1 < len(quotes) else paragraph.end
        before_start = quotes[k - 1].outer_end if k else paragraph.start
        after = tag_after(text, quote.outer_end, min(after_end, quote.outer_end + TAG_WINDOW),
                          self.index, self.facts.present)  # fmt: skip
        window_start = max(before_start, quote.outer_start - TAG_WINDOW)
        if after is not None and not _weak(after):
            named = self._named_lead_in(window_start, quote.outer_start) if after.pronoun else None
            if named is not None:
                yield named
                yield after
            else:
                yield after
                yield tag_before(text, window_start, quote.outer_start, self.index)
            return
        before = tag_before(text, window_start, quote.outer_start, self.index)
        yield from ((after, before) if _weak(before) else (before, after))

    def _named_lead_in(self, start: int, end: int) -> Referent | None:
        """The tag of narration that leads into a quote at ``end`` with a
        name and a verb of saying ("Kaede cried,"), if it does."""
        if not self.text[start:end].rstrip().endswith((",", ":")):
            return None
        found = tag_before(self.text, start, end, self.index)
        return None if found is None or found.pronoun or _weak(found) else found

    def shared(
        self,
        paragraph: Paragraph,
        quotes: list[Span],
        vocatives: tuple[str, ...],
        lead_in: tuple[int, int] | None,
    ) -> Tag | None:
        """A paragraph's speaker when no quote has a tag of its own."""
        if quotes[0].outer_start == paragraph.start:
            found = self._speaker_before(quotes[0], vocatives, lead_in)
            if found is not None:
                return found
        return self._speaker_within(paragraph, quotes, vocatives)

    def _speaker_before(
        self, first: Span, vocatives: tuple[str, ...], lead_in: tuple[int, int] | None
    ) -> Tag | None:
        """The speaker of a paragraph that opens with the quote ``first``, from
        the narration paragraph before: a lead-in tag ("Sango went on:"),
        someone heard speaking, or its last subject."""
        text, index = self.text, self.index
        if lead_in is not None:
            found = tag_before(text, *lead_in, index)
            if found is not None:
                who = self.refs.resolve(found, first.outer_start, exclude=vocatives)
                if who:
                    confidence = 0.9 if not found.pronoun else 0.75
                    return who, confidence, self.facts.evidence("explicit-tag", found)
        before = self.refs.subject_paragraph
        if self.place.last_kind is not SpanKind.NARRATION or before is None:
            return None
        if (found := heard_speaking(text, before.start, before.end, index)) is not None and (
            who := self.refs.resolve(found, first.outer_start, exclude=vocatives)
        ):
            # "She could hear him yelling after her." then the line: his
            return who, 0.75, self.facts.evidence("explicit-tag", found)
        found = last_subject(text, before.start, before.end, index)
        if found is not None and not found.pronoun and found.who not in vocatives:
            # "Kaede shook her head." then an untagged quote: hers
            return (found.who,), 0.7, self.facts.evidence("preceding-subject", found)
        return None

    def _speaker_within(
        self, paragraph: Paragraph, quotes: list[Span], vocatives: tuple[str, ...]
    ) -> Tag | None:
        """A paragraph's speaker from its own narration: the subject before
        its first quote, else the first subject after its last."""
        text, index = self.text, self.index
        first, last = quotes[0], quotes[-1]
        if first.outer_start > paragraph.start:
            found = last_subject(text, paragraph.start, first.outer_start, index)
            if found is not None:
                who = self.refs.resolve(found, first.outer_start, exclude=vocatives)
                if who:
                    return who, 0.7, self.facts.evidence("narration-subject", found)
        if last.outer_end < paragraph.end:
            found = first_subject(text, last.outer_end, paragraph.end, index)
            if found is not None:
                who = self.refs.resolve(found, last.outer_end, exclude=vocatives)
                if who:
                    return who, 0.7, self.facts.evidence("narration-subject", found)
        return None

    def told(self, evidence: Evidence | None) -> str | None:
        """Whom a tag says the line is to: 'she whispered to Inuyasha'."""
        if evidence is None or evidence.rule != "explicit-tag" or evidence.end is None:
            return None
        to = TAG_ADDRESSEE.match(self.text, evidence.end)
        if to is None:
            return None
        mention = self.index.by_start.get(to.end())
        if mention is not None:
            return mention.character
        # "she said to me", and in a story told to "you", "he says to you"
        word = _ME_OR_YOU.match(self.text, to.end())
        narrator = self.facts.narrator
        if (
            narrator
            and word
            and (word[1] == "me" or (word[1] == "you" and self.facts.second_person))
        ):
            return narrator
        return None


def _weak(found: Referent | None) -> bool:
    """Whether a tag rests on no verb of saying ("Sango recovered"), or is none."""
    return found is None or found.verb is None or SPEECH_VERB.fullmatch(found.verb) is None


__all__ = ["Speakers"]
