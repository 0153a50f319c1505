"""Attribution: the speaker (or thinker, or sender) and addressee of each line.

A sieve, most precise rule first, run paragraph by paragraph through each
scene: an explicit tag beside the quote ("said Miroku", "she whispered"),
the subject of the narration in the same paragraph, turn-taking through a
conversation, and salience. Thoughts go to the speaker just heard, the
subject of the narration before them, or alternate like turns. Every
decision keeps its rule, confidence and the words it relied on.

This module holds the reading itself. Whom the tags and narration beside
a paragraph's quotes name is read in ``speakers``, whom a tag's pronoun or
kin word means in ``referents``, the thinkers of thoughts and senders of
messages in ``thoughts``; the turns of each conversation are kept, and
re-read once the story is read, in ``turns``.

>>> from ficlens import KnownCharacter, Options, analyze_text
>>> cast = (KnownCharacter("Sango", gender="female"), KnownCharacter("Miroku", gender="male"))
>>> story = analyze_text('"Wait," said Miroku.\\n\\n"No," Sango said.', Options(cast=cast))
>>> [(s.speaker, s.evidence.rule) for s in story.spans if s.kind.value == "speech"]
[(('miroku',), 'explicit-tag'), (('sango',), 'explicit-tag')]
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from ficlens.model import Evidence, Gender, Paragraph, Span, SpanKind, Story
from ficlens.options import Options
from ficlens.rules.attribution import (
    CONVERSATION_GAP,
    LEAD_IN_ENDINGS,
    LEAD_IN_VERB,
    PARENT_ADDRESS,
    TAG_WINDOW,
)
from ficlens.rules.dialogue import QUOTE_CLOSERS, QUOTE_OPENERS
from ficlens.stages.conversation import Conversation, Decision, Sounds, Turn
from ficlens.stages.lines import (
    ATTRIBUTED,
    apply_decision,
    fill_from_neighbours,
    relabel,
    scene_index,
    with_counts,
)
from ficlens.stages.reading import Facts, Place, leading_characters
from ficlens.stages.referents import Referents
from ficlens.stages.speakers import Speakers
from ficlens.stages.tags import reported_speech
from ficlens.stages.thoughts import Thoughts
from ficlens.stages.turns import Turns
from ficlens.stages.voices import gendered_addresses

_DEFAULT = Options()
# How many characters at the end of a paragraph may hold a lead-in verb
# and the words of how it was said ("and said in a low voice").
LEAD_IN_VERB_CHARS = 60


def attribute(story: Story, options: Options = _DEFAULT) -> Story:
    """Fill speaker, addressee, confidence and evidence of every line."""
    reader, spans = _read_forward(story)
    spans = reader.turns.finish(spans, options.turn_model)
    if not options.cast:  # a given cast is the user's: its descriptions stay
        for described, owner in reader.turns.owners.items():
            if owner != described:
                story = _merged(story, described, owner)
                spans = [relabel(span, described, owner) for span in spans]
    characters = with_counts(story, spans)
    return replace(story, spans=tuple(spans), characters=characters)


def _merged(story: Story, described: str, owner: str) -> Story:
    """The story with the character known as a description merged into the
    one the description turned out to mean: its names become their aliases,
    its mentions theirs."""
    gone = next(c for c in story.characters if c.id == described)
    characters = tuple(
        replace(
            c,
            aliases=tuple(dict.fromkeys((*c.aliases, gone.name, *gone.aliases))),
            mentions=c.mentions + gone.mentions,
        )
        if c.id == owner
        else c
        for c in story.characters
        if c.id != described
    )
    mentions = tuple(
        m._replace(character=owner) if m.character == described else m for m in story.mentions
    )
    return replace(story, characters=characters, mentions=mentions)


def conversation_runs(
    story: Story,
) -> tuple[list[list[Turn]], dict[str, Gender], str | None, dict[str, float], Sounds]:
    """The runs of turns the forward pass leaves for the alternation pass,
    each character's gender, the narrator, the leading characters and the
    voices: what the turn model is trained on."""
    reader, spans = _read_forward(story)
    facts = reader.facts
    runs = [run for run in reader.turns.runs if run]
    return runs, facts.gender, facts.narrator, facts.leads, reader.turns.voices(spans)


def _each_once(lists: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The characters of ``lists``, each once, in order."""
    return tuple(dict.fromkeys(who for found in lists for who in found))


# A sentence's end between two quotes of a paragraph.
_SENTENCE_BREAK = re.compile(r"[.!?]\s")


def _new_sentence(text: str, quote: Span, following: Span) -> bool:
    """Whether the quote ``following`` stands in another sentence than
    ``quote``: a sentence ends in the narration between them, or ``quote``
    ends one and the narration after it opens the next ('"Is it you,
    Kaede?" Roland stood up and said:')."""
    if _SENTENCE_BREAK.search(text, quote.end, following.start):
        return True
    said = text[quote.start : quote.end].rstrip()
    between = text[quote.outer_end : following.outer_start].lstrip()
    return said[-1:] in ".!?" and between[:1].isupper()


def _left_open(text: str, span: Span) -> bool:
    """Whether a quote opened with a quotation mark ends with its paragraph
    unclosed, as a speech that goes on in the next paragraph does."""
    return text[span.outer_start] in QUOTE_OPENERS and text[span.outer_end - 1] not in QUOTE_CLOSERS


def _read_forward(story: Story) -> tuple[_Reader, list[Span]]:
    """Read the story once, in order, deciding each line from what came before."""
    by_paragraph: dict[int, list[int]] = {}
    for i, span in enumerate(story.spans):
        by_paragraph.setdefault(span.paragraph, []).append(i)
    reader = _Reader(story)
    spans = list(story.spans)
    scene_of = scene_index(story)
    previous_scene = -1
    for p_index, paragraph in enumerate(story.paragraphs):
        scene = scene_of[p_index]
        if scene != previous_scene:
            reader.new_scene(story.scenes[scene].start, story.scenes[scene].end)
            previous_scene = scene
        indices = by_paragraph.get(p_index, [])
        if any(spans[i].kind in ATTRIBUTED for i in indices):
            for i, decision in reader.paragraph(paragraph, [spans[i] for i in indices], indices):
                spans[i] = apply_decision(spans[i], decision)
        else:
            reader.narration(paragraph)
    return reader, spans


class _Reader:
    """Reads a story in order, deciding each line. Whom tags mean is left to
    ``refs``, thoughts and messages to ``thoughts``, the record of each
    conversation's turns to ``turns``; all share the reader's ``facts`` and
    ``place``."""

    def __init__(self, story: Story) -> None:
        facts = self.facts = Facts.of(story)
        self.text = facts.text
        self.index = facts.index
        self.place = Place(Conversation(describe=facts.names), scene_end=len(story.text))
        self.refs = Referents(facts, self.place)
        self.turns = Turns(facts, self.place, self.refs.bases)
        self.thoughts = Thoughts(facts, self.place, self.refs)
        self.speakers = Speakers(facts, self.place, self.refs)
        # The end of a narration paragraph that leads into a quote in the next
        # one ("Sango went on:"), as a (start, end) window, else None.
        self.lead_in: tuple[int, int] | None = None
        self.paragraph_vocatives: tuple[str, ...] = ()  # whom the paragraph's speech calls
        # The decision for a speech left open at the end of the paragraph
        # before (no closing mark): its speaker goes on in the next one.
        self.open_speech: Decision | None = None

    def _note_lead_in(self, paragraph: Paragraph) -> None:
        tail = self.text[max(paragraph.start, paragraph.end - 3) : paragraph.end].rstrip()
        window = max(paragraph.start, paragraph.end - LEAD_IN_VERB_CHARS)
        if tail and (
            tail[-1] in LEAD_IN_ENDINGS
            or (tail[-1].isalpha() and LEAD_IN_VERB.search(self.text, window, paragraph.end))
        ):
            self.lead_in = (max(paragraph.start, paragraph.end - TAG_WINDOW), paragraph.end)
        else:
            self.lead_in = None

    def new_scene(self, start: int, end: int) -> None:
        place = self.place
        place.scene_start, place.scene_end = start, end
        place.talk = Conversation(describe=self.facts.names)
        place.last_kind = None
        self.turns.new_scene()
        self.lead_in = None
        self.refs.set_subject_paragraph(None)

    def narration(self, paragraph: Paragraph) -> None:
        self.turns.narration_paragraph()
        self.place.paragraph_start = paragraph.start
        self.place.talk.narration_paragraph()
        self._note_lead_in(paragraph)
        self.place.last_kind = SpanKind.NARRATION
        self.refs.set_subject_paragraph(paragraph)
        reported = None
        if self.lead_in is None:
            reported = reported_speech(self.text, paragraph.start, paragraph.end, self.index)
        if reported is not None and (who := self.refs.resolve(reported, reported.start, ())):
            # "Miroku replied that he had not.": a turn without a quote.
            self.place.talk.record(
                Decision(who, 0.5, self.facts.evidence("reported-speech", reported))
            )

    def paragraph(
        self, paragraph: Paragraph, spans: list[Span], indices: list[int]
    ) -> list[tuple[int, Decision]]:
        self.place.paragraph_start = paragraph.start
        lines = [(i, s) for i, s in zip(indices, spans, strict=True) if s.kind in ATTRIBUTED]
        lead_in_for_next = spans[-1].kind is SpanKind.NARRATION
        said = [s for _, s in lines if s.kind is SpanKind.SPEECH]
        if said:
            gap = self.turns.speech_paragraph(paragraph)
            decisions = iter(self._speech(paragraph, said))
            results = []
            for i, span in lines:
                if span.kind is SpanKind.SPEECH:
                    results.append((i, next(decisions)))
                else:
                    results.append((i, self.thoughts.decide(paragraph, span, spans)))
            last = spans[-1]
            if last.kind is SpanKind.SPEECH and _left_open(self.text, last):
                self.open_speech = results[-1][1]
            speech = {i for i, span in lines if span.kind is SpanKind.SPEECH}
            self.turns.record(
                paragraph,
                [(i, d) for i, d in results if i in speech],
                said,
                gap,
                self.refs.subject_paragraph,
                self.paragraph_vocatives,
            )
            self.place.last_kind = SpanKind.SPEECH
        else:
            results = [(i, self.thoughts.decide(paragraph, span, spans)) for i, span in lines]
            self.place.last_kind = lines[-1][1].kind
            if any(s.kind is SpanKind.NARRATION for s in spans):
                self.refs.set_subject_paragraph(paragraph)
        if lead_in_for_next:
            self._note_lead_in(paragraph)
        else:
            self.lead_in = None
        return results

    # -- speech ---------------------------------------------------------

    def _speech(self, paragraph: Paragraph, quotes: list[Span]) -> list[Decision]:
        """One decision per quote: quotes with their own tag keep it, the
        others share the paragraph's speaker."""
        called = [self._called(quote) for quote in quotes]
        vocatives = self.paragraph_vocatives = _each_once(called)
        joined = self._joined_vocatives(quotes, called)
        tags = [self.speakers.explicit(paragraph, quotes, k, joined[k]) for k in range(len(quotes))]
        held, self.open_speech = self.open_speech, None
        if held is not None and quotes[0].outer_start == paragraph.start and not any(tags):
            return [held] * len(quotes)  # the speech of the paragraph before goes on
        if not any(tags):
            shared = self.speakers.shared(paragraph, quotes, vocatives, self.lead_in)
            tags = [shared] * len(quotes)
        else:  # a tag borrowed from a neighbour never goes to whom the quote calls
            tags = [
                tag if tag is None or not set(tag[0]) & set(calls) else None
                for tag, calls in zip(fill_from_neighbours(tags), called, strict=True)
            ]
        # the narration's subject, read only when some quote still lacks a speaker
        after_narration = self.place.last_kind is SpanKind.NARRATION
        unsure = after_narration and not all(tag and tag[0] for tag in tags)
        preceding = self.refs.last_paragraph_subject if unsure else ()
        decisions: list[Decision] = []
        for k, tag in enumerate(tags):
            if decisions and tag == tags[k - 1]:
                decisions.append(decisions[-1])
                continue
            speaker, confidence, evidence = tag or ((), 0.0, None)
            decision = self.place.talk.turn(
                speaker, confidence, evidence, vocatives, self.refs.salient, preceding
            )
            addressee = self._addressee(decision, vocatives)
            decision = decision.with_addressee(*addressee)
            self.place.talk.record(decision)
            decisions.append(decision)
        return decisions

    def _called(self, quote: Span) -> tuple[str, ...]:
        """Whom a quote calls: by name ("Come, Kaede"), or as the parent of
        someone in the exchange ("Thank you, mother")."""
        named = self.facts.vocatives([quote])
        words = set(gendered_addresses(self.text, quote)) & PARENT_ADDRESS.keys()
        if not words:
            return named
        parents = self.refs.kin.parents(frozenset(PARENT_ADDRESS[word] for word in words))
        return (*named, *(who for who in parents if who not in named))

    def _joined_vocatives(
        self, quotes: list[Span], called: list[tuple[str, ...]]
    ) -> list[tuple[str, ...]]:
        """Per quote, whom it and the quotes joined to it without a sentence
        break between call by name ('"Well," said she, "Kaede, go."');
        ``called`` holds whom each quote calls."""
        groups: list[list[int]] = [[0]]
        for k, (a, b) in enumerate(pairwise(quotes), start=1):
            if _new_sentence(self.text, a, b):
                groups.append([k])
            else:
                groups[-1].append(k)
        joined: list[tuple[str, ...]] = []
        for group in groups:
            joined += [_each_once([called[k] for k in group])] * len(group)
        return joined

    def _addressee(
        self, decision: Decision, vocatives: tuple[str, ...]
    ) -> tuple[tuple[str, ...], float, Evidence | None]:
        speaker = decision.speaker
        named = tuple(v for v in vocatives if v not in speaker)
        if named:
            return named, 0.85, Evidence("vocative", self.facts.names(named))
        told = self.speakers.told(decision.evidence)
        if told and told not in speaker:
            return (told,), 0.85, Evidence("tag-addressee", self.facts.names((told,)))
        partner = self.place.talk.partner(speaker)
        if partner:
            return (partner,), 0.6, Evidence("conversation-partner", self.facts.names((partner,)))
        return (), 0.0, None


__all__ = ["CONVERSATION_GAP", "attribute", "conversation_runs", "leading_characters"]
