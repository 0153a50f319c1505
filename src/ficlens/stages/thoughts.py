"""Thoughts and messages: the lines nobody says aloud.

A thought goes to the one its tag names ("Sango thought"), else to the
subject of the narration before it in its paragraph, else to the speaker
just heard, else it alternates with the last thought, else it goes to
the subject of the narration paragraph before, else to the character most
in view; but a thought so placed that speaks only of someone of its
thinker's gender ("She's so stubborn.") is the one's of the other gender
in view. Its addressee is whom it calls by name, or, when it says "you",
the other one in the exchange. A message goes to the sender its label
names ("[Kaede]: ...").

>>> from ficlens import Gender, KnownCharacter, Options, analyze_text
>>> cast = (KnownCharacter("Sango", gender=Gender.FEMALE),
...         KnownCharacter("Miroku", gender=Gender.MALE))
>>> story = analyze_text("*Not again,* Sango thought.", Options(cast=cast))
>>> [(s.speaker, s.evidence.rule) for s in story.spans if s.kind.value == "thought"]
[(('sango',), 'explicit-tag')]
"""

from __future__ import annotations

from ficlens.model import Evidence, Paragraph, Span, SpanKind
from ficlens.rules.attribution import SECOND_PERSON, SPOKEN_OF, TAG_WINDOW
from ficlens.rules.dialogue import CHAT_LINE
from ficlens.stages.conversation import Decision
from ficlens.stages.lines import alias_table
from ficlens.stages.reading import PRONOUN_OF, Facts, Place
from ficlens.stages.referents import Referents
from ficlens.stages.subjects import last_subject
from ficlens.stages.tags import tag_after, tag_before


class Thoughts:
    """Decides the thinker or sender of the lines not spoken aloud."""

    def __init__(self, facts: Facts, place: Place, refs: Referents) -> None:
        self.facts = facts
        self.place = place
        self.refs = refs
        self.by_alias = alias_table(facts.story.characters)  # for message labels

    def decide(self, paragraph: Paragraph, span: Span, spans: list[Span]) -> Decision:
        """The decision for the thought or message ``span`` of ``paragraph``,
        whose spans are ``spans``."""
        if span.kind is SpanKind.MESSAGE:
            return self._message(span)
        return self._thought(paragraph, span, spans)

    def _thought(self, paragraph: Paragraph, span: Span, spans: list[Span]) -> Decision:
        facts = self.facts
        text, index = facts.text, facts.index
        vocatives = facts.vocatives([span])
        own = [s for s in spans if s.kind is SpanKind.NARRATION]
        thinker: tuple[str, ...] = ()
        confidence, evidence = 0.0, None
        for found in (
            tag_after(text, span.outer_end, min(paragraph.end, span.outer_end + TAG_WINDOW),
                      index),
            tag_before(text, max(paragraph.start, span.outer_start - TAG_WINDOW),
                       span.outer_start, index),
        ):  # fmt: skip
            if found is not None and (who := self.refs.resolve(found, span.outer_start, vocatives)):
                thinker, confidence = who, 0.85
                evidence = facts.evidence("explicit-tag", found)
                break
        if not thinker and own:
            found = last_subject(text, paragraph.start, span.outer_start, index)
            if found is not None and (who := self.refs.resolve(found, span.outer_start, vocatives)):
                thinker, confidence = who, 0.7
                evidence = facts.evidence("narration-subject", found)
        if not thinker:
            thinker, confidence, evidence = self._thinker_from_context(vocatives)
            other = self._spoken_of(thinker, span)
            if other:
                thinker, evidence = other, Evidence("speaks-of-other", facts.names(other))
        decision = Decision(thinker, confidence, evidence)
        self.place.talk.record_thought(decision)
        return decision.with_addressee(*self._thought_addressee(thinker, span, vocatives))

    def _thinker_from_context(
        self, vocatives: tuple[str, ...]
    ) -> tuple[tuple[str, ...], float, Evidence | None]:
        talk, last_kind, names = self.place.talk, self.place.last_kind, self.facts.names
        if last_kind is SpanKind.SPEECH and talk.last_speaker:
            who = talk.last_speaker
            return who, 0.7, Evidence("after-speech", names(who))
        if last_kind is SpanKind.THOUGHT and talk.last_thinker:
            other = talk.other_than(talk.last_thinker)
            if other:
                return other, 0.55, Evidence("alternating-thoughts", names(other))
        if self.refs.last_paragraph_subject:
            who = tuple(w for w in self.refs.last_paragraph_subject if w not in vocatives)
            if who:
                return who, 0.6, Evidence("narration-subject", names(who))
        who = self.refs.salient(vocatives)
        if who:
            return who, 0.35, Evidence("salience", names(who))
        return (), 0.0, None

    def _spoken_of(self, thinker: tuple[str, ...], span: Span) -> tuple[str, ...]:
        """The other one in the exchange (else in view), when a thought the context gave to
        ``thinker`` speaks only of someone of the thinker's gender ("She's so
        stubborn.") and that other is of the other gender: the thought is
        about the thinker, so it is the other's."""
        gender = self.refs.gender(thinker[0]) if len(thinker) == 1 else None
        if gender not in PRONOUN_OF:
            return ()
        spoken = {
            "male" if found.group("male") else "female"
            for found in SPOKEN_OF.finditer(self.facts.text, span.start, span.end)
        }
        if spoken != {PRONOUN_OF[gender]}:
            return ()
        other = self.place.talk.other_than(thinker) or self.refs.salient(thinker)
        known = self.refs.gender(other[0]) if other else None
        return other if known in PRONOUN_OF and known is not gender else ()

    def _thought_addressee(
        self, thinker: tuple[str, ...], span: Span, vocatives: tuple[str, ...]
    ) -> tuple[tuple[str, ...], float, Evidence | None]:
        named = tuple(v for v in vocatives if v not in thinker)
        if named:
            return named, 0.85, Evidence("vocative", self.facts.names(named))
        if len(thinker) != 1 or not SECOND_PERSON.search(self.facts.text, span.start, span.end):
            return (), 0.0, None
        other = self.place.talk.other_than(thinker)
        if other:
            return other, 0.6, Evidence("second-person", self.facts.names(other))
        return (), 0.0, None

    def _message(self, span: Span) -> Decision:
        line = CHAT_LINE.match(self.facts.text[span.outer_start : span.outer_end])
        label = line["sender"] if line else ""
        who = self.by_alias.get(label.lower())
        if who is None:
            return Decision((), 0.0, None)
        decision = Decision((who,), 0.9, Evidence("message-sender", label,
                            span.outer_start, span.start))  # fmt: skip
        partner = self.place.talk.partner((who,))
        self.place.talk.record(decision)
        if partner:
            return decision.with_addressee((partner,), 0.6, Evidence("conversation-partner"))
        return decision


__all__ = ["Thoughts"]
