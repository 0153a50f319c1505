"""Attribution: the speaker (or thinker, or sender) and addressee of each line.

A sieve, most precise rule first, run paragraph by paragraph through each
scene: an explicit tag beside the quote ("said Miroku", "she whispered"),
the subject of the narration in the same paragraph, turn-taking through a
conversation, and salience. Thoughts go to the speaker just heard, the
subject of the narration before them, or alternate like turns. Every
decision keeps its rule, confidence and the words it relied on.

>>> from ficlens import KnownCharacter, Options, analyze_text
>>> cast = (KnownCharacter("Sango", gender="female"), KnownCharacter("Miroku", gender="male"))
>>> story = analyze_text('"Wait," said Miroku.\\n\\n"No," Sango said.', Options(cast=cast))
>>> [(s.speaker, s.evidence.rule) for s in story.spans if s.kind.value == "speech"]
[(('miroku',), 'explicit-tag'), (('sango',), 'explicit-tag')]
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import chain, compress, pairwise

from ficlens.model import Character, Evidence, Gender, Paragraph, Span, SpanKind, Story, TurnModel
from ficlens.options import Options
from ficlens.rules.attribution import (
    CONVERSATION_GAP,
    GENDERED_ADDRESS,
    KIN,
    KIN_ADDRESS,
    KIN_POSSESSORS,
    LEAD_IN_ENDINGS,
    LEAD_IN_VERB,
    MALE_ADDRESS,
    OBJECT_PRONOUN_GENDER,
    PERSON_NOUNS,
    PRONOUN_GENDER,
    RELATIONS,
    SECOND_PERSON,
    SPEECH_VERB,
    SUBJECT_PRONOUN_OF,
    TAG_ADDRESSEE,
    TAG_WINDOW,
)
from ficlens.rules.dialogue import QUOTE_CLOSERS, QUOTE_OPENERS
from ficlens.rules.names import UNMARRIED_TITLES
from ficlens.stages.alternation import Sounds, Turn, realign
from ficlens.stages.conversation import Conversation, Decision
from ficlens.stages.lines import (
    ATTRIBUTED,
    Families,
    Tag,
    alias_table,
    apply_decision,
    family_names,
    fill_from_neighbours,
    in_narration,
    is_vocative,
    relabel,
    scene_index,
    with_counts,
)
from ficlens.stages.tags import (
    DESCRIBED,
    MentionIndex,
    Referent,
    clause_subjects,
    described_gender,
    first_subject,
    heard_speaking,
    last_subject,
    object_of_preposition,
    reported_speech,
    tag_after,
    tag_before,
)
from ficlens.stages.voices import Voices, words_of

_DEFAULT = Options()
_NO_DECISION = Decision((), 0.0, None)
# Mentions read ahead when a scene opens with a line nobody can be tied to.
SCENE_LOOKAHEAD_MENTIONS = 50
# How many mentions back a pronoun may reach for the name it stands for.
RECENT_MENTIONS = 40
# How many mentions either side of a paragraph tell whom the passage is about.
NEARBY_MENTIONS = 20
# How many lines tagged with a description the exchanges must give to one
# named character before the description is taken to be theirs.
MIN_DESCRIPTION_VOTES = 3
# How many characters at the end of a paragraph may hold a lead-in verb
# and its adverb ("and said abruptly").
LEAD_IN_VERB_CHARS = 40
# How many turns before a line add the names they call to those mentions.
CALLED_TURNS = 3
# The pronoun kind (as in PRONOUN_GENDER) of each gender that has one.
_PRONOUN_OF = {Gender.MALE: "male", Gender.FEMALE: "female"}
_GENDER_OF = {"male": Gender.MALE, "female": Gender.FEMALE}
# Kin words a parent's title tells when the family is not known: "her
# mother" is likely a "Mrs." of the exchange.
_PARENTS = frozenset({"mother", "father"})
_HUSBAND = "husband"
# Titles of a woman not married, as family names keep them (lower case, no period).
_UNMARRIED = frozenset(title.lower().rstrip(".") for title in UNMARRIED_TITLES)
# What may follow the question mark that ends a line: '"Who?--"'.
_AFTER_QUESTION = " \t\r\n—–-'’\"”,"
# Relation words a tag is read by like a pronoun: those with a gender and no
# title to find them by ("her aunt"; "his wife" is Mrs. of his surname).
_RELATION_GENDER = {word: _GENDER_OF[kind] for word, kind in RELATIONS.items()
                    if kind is not None and word not in KIN}  # fmt: skip


def attribute(story: Story, options: Options = _DEFAULT) -> Story:
    """Fill speaker, addressee, confidence and evidence of every line."""
    reader, spans = _read_forward(story)
    spans = reader.finish(spans, options.turn_model)
    if not options.cast:  # a given cast is the user's: its descriptions stay
        for described, owner in reader.owners.items():
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
    runs = [run for run in reader.runs if run]
    return runs, reader.gender, reader.narrator, reader.leads, reader.voices(spans)


def _left_open(text: str, span: Span) -> bool:
    """Whether a quote opened with a quotation mark ends with its paragraph
    unclosed, as a speech that goes on in the next paragraph does."""
    return text[span.outer_start] in QUOTE_OPENERS and text[span.outer_end - 1] not in QUOTE_CLOSERS


def _after_break(text: str, start: int, at: int) -> bool:
    """Whether only spaces stand between ``at`` and a punctuation mark, or
    the start of the quote at ``start``."""
    while at > start and text[at - 1] in " \t\n":
        at -= 1
    return at == start or text[at - 1] in "\"“‘',;:!?—–-"


def _weak(found: Referent | None) -> bool:
    """Whether a tag rests on no verb of saying ("Sango recovered"), or is none."""
    return found is None or found.verb is None or SPEECH_VERB.fullmatch(found.verb) is None


def _described(character: Character) -> bool:
    """Whether a character goes only by descriptions ("the painter", "The
    Stranger"): a tag that names one may mean someone the story names."""
    return all(name.lower().startswith("the ") for name in (character.name, *character.aliases))


def _common_noun_tag(evidence: Evidence | None) -> bool:
    """Whether a tag names its speaker by a description in lower case ("said
    the painter"); a capitalised one ("said the Mouse") is used as a name."""
    words = evidence.text.split() if evidence is not None and evidence.text else []
    return any(
        word.lower() == "the" and following[:1].islower() for word, following in pairwise(words)
    )


def leading_characters(characters: Sequence[Character]) -> dict[str, float]:
    """Each man's and woman's mentions against the most-named of their
    gender's: how likely "he" or "she" stands for them."""
    most: dict[Gender, int] = {}
    for c in characters:
        most[c.gender] = max(most.get(c.gender, 0), c.mentions)
    return {
        c.id: c.mentions / most[c.gender]
        for c in characters
        if c.gender in (Gender.MALE, Gender.FEMALE) and most[c.gender]
    }


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
    """Reads a story in order, keeping the state the rules need."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.text = story.text
        self.index = MentionIndex(story.mentions)
        self.gender = {c.id: c.gender for c in story.characters}
        self.name_of = {c.id: c.name for c in story.characters}
        self.narrator = next((c.id for c in story.characters if c.narrator), None)
        self.described = {c.id for c in story.characters if _described(c)}
        self.leads = leading_characters(story.characters)
        self.by_alias = alias_table(story.characters)
        self.families: Families | None = None  # built when a kin tag needs it
        self.talk = Conversation(describe=self._names)
        self.scene_start = 0
        self.scene_end = len(story.text)
        self.paragraph_start = 0
        self.narrated = in_narration(story, self.index)
        self.mentioned = [mention.character for mention in self.index.mentions]
        self.runs: list[list[Turn]] = [[]]  # conversations, for the alternation pass
        # Where each paragraph with speech starts and ends, flat and in order.
        self.said_in: list[int] = []
        self.since_turn = 0  # narration paragraphs since the last speech turn
        self.last_kind: SpanKind | None = None
        # The narration paragraph whose subject the next line may need; the
        # subject is worked out only when asked for.
        self.subject_paragraph: Paragraph | None = None
        self.subject_cache: tuple[str, ...] | None = None
        self.named_subject: Referent | None = None  # of subject_paragraph, once known
        self.named_subject_known = False
        # The end of a narration paragraph that leads into a quote in the next
        # one ("Sango went on:"), as a (start, end) window, else None.
        self.lead_in: tuple[int, int] | None = None
        self.paragraph_vocatives: tuple[str, ...] = ()  # whom the paragraph's speech calls
        # The decision for a speech left open at the end of the paragraph
        # before (no closing mark): its speaker goes on in the next one.
        self.open_speech: Decision | None = None
        # Whom each description tag turned out to mean (ids), once settled.
        self.owners: dict[str, str] = {}

    def _note_lead_in(self, paragraph: Paragraph) -> None:
        tail = self.text[max(paragraph.start, paragraph.end - 3) : paragraph.end].rstrip()
        if tail and (
            tail[-1] in LEAD_IN_ENDINGS
            or (
                tail[-1].isalpha()
                and LEAD_IN_VERB.search(
                    self.text,
                    max(paragraph.start, paragraph.end - LEAD_IN_VERB_CHARS),
                    paragraph.end,
                )
            )
        ):
            self.lead_in = (max(paragraph.start, paragraph.end - TAG_WINDOW), paragraph.end)
        else:
            self.lead_in = None

    def new_scene(self, start: int, end: int) -> None:
        self.scene_end = end
        self.runs.append([])
        self.lead_in = None
        self.talk = Conversation(describe=self._names)
        self.scene_start = start
        self.last_kind = None
        self._set_subject_paragraph(None)

    def _record_turns(self, speech: list[tuple[int, Decision]], context: Turn) -> None:
        """Add the paragraph's turns (one per distinct decision) to the run;
        ``context`` holds what the paragraph says around them."""
        run = self.runs[-1]
        grouped: list[tuple[Decision, list[int]]] = []
        for i, decision in speech:
            if grouped and grouped[-1][0] is decision:
                grouped[-1][1].append(i)
            else:
                grouped.append((decision, [i]))
        for k, (decision, members) in enumerate(grouped):
            if run and run[-1].decision is decision:
                run[-1] = run[-1]._replace(spans=(*run[-1].spans, *members))
                continue
            tagged, pronoun = self._tag_kind(decision.evidence)
            described = (
                tagged
                and bool(decision.speaker)
                and decision.speaker[0] in self.described
                and _common_noun_tag(decision.evidence)
            )
            if described:  # "said the painter": the exchange tells who that is
                tagged, gender = False, self.gender.get(decision.speaker[0])
                pronoun = gender if gender in _PRONOUN_OF else None
            gap = context.gap if k == 0 else 0
            c = context
            leads = None if tagged else self._nearby_leads(run, c.vocatives)
            recent = self._recent(pronoun, decision.evidence) if pronoun is not None else ()
            last = self.story.spans[members[-1]]
            asks = self.text[last.start : last.end].rstrip(_AFTER_QUESTION).endswith("?")
            run.append(Turn(tuple(members), decision, tagged, pronoun, c.vocatives, gap, k > 0,
                            c.present, c.present_before, c.named_inside, c.addresses,
                            leads, described, recent, asks, c.objects))  # fmt: skip

    def _tag_kind(self, evidence: Evidence | None) -> tuple[bool, Gender | None]:
        """Whether a decision rests on a named tag, and the gender of the
        pronoun it rests on ("she said", or "She laughed." before the quote).
        A relation word with a gender ("said her aunt") counts as a pronoun."""
        if evidence is None or not evidence.text:
            return False, None
        if evidence.rule not in ("explicit-tag", "narration-subject", "preceding-subject"):
            return False, None
        words = evidence.text.split()
        heard = OBJECT_PRONOUN_GENDER.get(words[0]) if len(words) == 1 else None
        if heard in _GENDER_OF:  # "She could hear him yelling"
            return False, _GENDER_OF[heard]
        for word in (words[0].lower(), words[-1].lower()):
            kind = PRONOUN_GENDER.get(word)
            if kind == "male":
                return False, Gender.MALE
            if kind == "female":
                return False, Gender.FEMALE
        for first, second in pairwise(words):
            kind = _RELATION_GENDER.get(second.lower())
            if kind is not None and first.lower() in KIN_POSSESSORS:
                return False, kind  # "said her aunt": read like "she said"
        start, end = evidence.start, evidence.end
        if start is not None and end is not None and not self.index.between(start, end):
            described = described_gender(evidence.text)  # "said the old man", no name
            if described is not None:
                return False, _GENDER_OF[described]
        return evidence.rule == "explicit-tag", None

    def _recent(self, gender: Gender, evidence: Evidence | None) -> tuple[str, ...]:
        """The last two characters of ``gender`` named in the scene's
        narration before a pronoun tag (``RECENT_MENTIONS`` mentions back at
        most), the latest first. Of the paragraphs before, only those
        without speech count: a tag there names the last speaker."""
        tag = evidence.start if evidence is not None else None
        end = tag if tag is not None and tag >= self.paragraph_start else self.paragraph_start
        lo = self.index.before(self.scene_start)
        i = self.index.before(end) - 1
        stop = max(lo, i - RECENT_MENTIONS + 1)
        found: list[str] = []
        talk = self.said_in
        while i >= stop and len(found) < 2:
            mention = self.index.mentions[i]
            character = mention.character
            edge = bisect.bisect_right(talk, mention.start) - 1  # odd: between them
            if (
                self.narrated[i]
                and (mention.start >= self.paragraph_start or edge < 0 or edge % 2 == 1)
                and self.gender.get(character) is gender
                and character != self.narrator
                and character not in found
            ):
                found.append(character)
            i -= 1
        return tuple(found)

    def _nearby_leads(self, run: list[Turn], called: tuple[str, ...]) -> dict[str, float]:
        """Each man's and woman's mentions in the narration around the
        paragraph (``NEARBY_MENTIONS`` either side, inside the scene) and the
        times they are called by name (``called``, and in the last turns of
        ``run``), against the most-named of their gender's there: whom the
        passage is about."""
        at = self.index.before(self.paragraph_start)
        lo = max(self.index.before(self.scene_start), at - NEARBY_MENTIONS)
        hi = min(self.index.before(self.scene_end), at + NEARBY_MENTIONS)
        counts = Counter(compress(self.mentioned[lo:hi], self.narrated[lo:hi]))
        counts.update(called)
        for turn in run[-CALLED_TURNS:]:
            counts.update(turn.vocatives)
        genders = [(who, n, self.gender.get(who, Gender.UNKNOWN)) for who, n in counts.items()]
        most: dict[Gender, int] = {}
        for _, n, gender in genders:
            if n > most.get(gender, 0):
                most[gender] = n
        return {who: n / most[gender] for who, n, gender in genders if gender in _PRONOUN_OF}

    def _addressed_gender(self, quotes: list[Span]) -> Gender | None:
        """The gender of whom the quotes call "sir", "madam" or "papa", if one."""
        text = self.text
        found = set()
        for quote in quotes:
            for match in GENDERED_ADDRESS.finditer(text, quote.start, quote.end):
                at = match.start()
                if at and text[at - 1].isalpha():
                    continue
                word = " ".join(match.group().lower().split())
                if word in KIN_ADDRESS and not _after_break(text, quote.start, at):
                    continue
                found.add(Gender.MALE if word in MALE_ADDRESS else Gender.FEMALE)
        return found.pop() if len(found) == 1 else None

    def _named(self, start: int, end: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Characters named between ``start`` and ``end``: in the narration,
        and inside quotes."""
        lo, hi = self.index.before(start), self.index.before(end)
        if lo == hi:
            return (), ()
        narrated: dict[str, None] = {}
        quoted: dict[str, None] = {}
        mentions, flags = self.index.mentions, self.narrated
        for i in range(lo, hi):
            (narrated if flags[i] else quoted)[mentions[i].character] = None
        return tuple(narrated), tuple(quoted)

    def _objects(self, start: int, end: int, named: tuple[str, ...]) -> tuple[str, ...]:
        """Of ``named``, those the narration between ``start`` and ``end``
        names only after a preposition ("turned to Kaede")."""
        if not named:
            return ()
        subjects = set()
        for i in range(self.index.before(start), self.index.before(end)):
            mention = self.index.mentions[i]
            if self.narrated[i] and not object_of_preposition(self.text, mention.start):
                subjects.add(mention.character)
        return tuple(who for who in named if who not in subjects)

    def narration(self, paragraph: Paragraph) -> None:
        self.since_turn += 1
        self.paragraph_start = paragraph.start
        self.talk.narration_paragraph()
        self._note_lead_in(paragraph)
        self.last_kind = SpanKind.NARRATION
        self._set_subject_paragraph(paragraph)
        reported = None
        if self.lead_in is None:
            reported = reported_speech(self.text, paragraph.start, paragraph.end, self.index)
        if reported is not None and (who := self._resolve(reported, reported.start, ())):
            # "Miroku replied that he had not.": a turn without a quote.
            self.talk.record(Decision(who, 0.5, self._evidence("reported-speech", reported)))

    def paragraph(
        self, paragraph: Paragraph, spans: list[Span], indices: list[int]
    ) -> list[tuple[int, Decision]]:
        self.paragraph_start = paragraph.start
        lines = [(i, s) for i, s in zip(indices, spans, strict=True) if s.kind in ATTRIBUTED]
        kinds = {s.kind for _, s in lines}
        lead_in_for_next = spans[-1].kind is SpanKind.NARRATION
        if SpanKind.SPEECH in kinds:
            self.said_in += (paragraph.start, paragraph.end)
            gap = self.since_turn
            if gap > CONVERSATION_GAP:
                self.runs.append([])
            self.since_turn = 0
            decisions = iter(
                self._speech(paragraph, [s for _, s in lines if s.kind is SpanKind.SPEECH])
            )
            results = []
            for i, span in lines:
                if span.kind is SpanKind.SPEECH:
                    results.append((i, next(decisions)))
                else:
                    results.append((i, self._line(paragraph, span, spans)))
            last = spans[-1]
            if last.kind is SpanKind.SPEECH and _left_open(self.text, last):
                self.open_speech = results[-1][1]
            speech = {i for i, span in lines if span.kind is SpanKind.SPEECH}
            said = [s for _, s in lines if s.kind is SpanKind.SPEECH]
            present, quoted = self._named(paragraph.start, paragraph.end)
            objects = self._objects(paragraph.start, paragraph.end, present)
            if gap and self.subject_paragraph is not None:
                before = self.subject_paragraph
                present_before = self._named(before.start, before.end)[0]
                objects += self._objects(before.start, before.end, present_before)
            else:
                present_before = ()
            vocatives = self.paragraph_vocatives
            inside = tuple(who for who in quoted if who not in vocatives)
            self._record_turns(
                [(i, d) for i, d in results if i in speech],
                Turn((), _NO_DECISION, vocatives=vocatives, gap=gap, present=present,
                     present_before=present_before, named_inside=inside, objects=objects,
                     addresses=self._addressed_gender(said)),
            )  # fmt: skip
            self.last_kind = SpanKind.SPEECH
        else:
            results = [(i, self._line(paragraph, span, spans)) for i, span in lines]
            self.last_kind = lines[-1][1].kind
            if any(s.kind is SpanKind.NARRATION for s in spans):
                self._set_subject_paragraph(paragraph)
        if lead_in_for_next:
            self._note_lead_in(paragraph)
        else:
            self.lead_in = None
        return results

    # -- speech ---------------------------------------------------------

    def _speech(self, paragraph: Paragraph, quotes: list[Span]) -> list[Decision]:
        """One decision per quote: quotes with their own tag keep it, the
        others share the paragraph's speaker."""
        vocatives = self.paragraph_vocatives = self._vocatives(quotes)
        tags = [self._explicit(paragraph, quotes, k, vocatives) for k in range(len(quotes))]
        held, self.open_speech = self.open_speech, None
        if held is not None and quotes[0].outer_start == paragraph.start and not any(tags):
            return [held] * len(quotes)  # the speech of the paragraph before goes on
        if not any(tags):
            shared = self._speaker(paragraph, quotes, vocatives)
            tags = [shared] * len(quotes)
        else:
            tags = fill_from_neighbours(tags)
        # the narration's subject, read only when some quote still lacks a speaker
        unsure = self.last_kind is SpanKind.NARRATION and not all(tag and tag[0] for tag in tags)
        preceding = self.last_paragraph_subject if unsure else ()
        decisions: list[Decision] = []
        for k, tag in enumerate(tags):
            if decisions and tag == tags[k - 1]:
                decisions.append(decisions[-1])
                continue
            speaker, confidence, evidence = tag or ((), 0.0, None)
            decision = self.talk.turn(
                speaker, confidence, evidence, vocatives, self._salient, preceding
            )
            addressee = self._addressee(decision, vocatives)
            decision = decision.with_addressee(*addressee)
            self.talk.record(decision)
            decisions.append(decision)
        return decisions

    def _explicit(
        self, paragraph: Paragraph, quotes: list[Span], k: int, vocatives: tuple[str, ...]
    ) -> Tag | None:
        """The explicit tag of quote ``k``: right after it, or right before it."""
        quote = quotes[k]
        for found in self._tags(paragraph, quotes, k):
            if found is None:
                continue
            evidence = self._evidence("explicit-tag", found)
            told = self._told(evidence)  # "she said to Sango": not Sango
            exclude = (*vocatives, told) if told else vocatives
            who = self._resolve(found, quote.outer_start, exclude=exclude)
            if who:
                confidence = 0.8 if found.pronoun else 0.95
                return who, confidence, evidence
        return None

    def _tags(self, paragraph: Paragraph, quotes: list[Span], k: int) -> Iterator[Referent | None]:
        """The tags of quote ``k`` to try in turn: the one right after it,
        then the one right before it; the one before first when only it rests
        on a verb of saying ("Kaede laughed and said, '...' Sango
        recovered herself")."""
        text, quote = self.text, quotes[k]
        after_end = quotes[k + 1].outer_start if k + 1 < len(quotes) else paragraph.end
        before_start = quotes[k - 1].outer_end if k else paragraph.start
        after = tag_after(text, quote.outer_end, min(after_end, quote.outer_end + TAG_WINDOW),
                          self.index)  # fmt: skip
        before_window = (max(before_start, quote.outer_start - TAG_WINDOW), quote.outer_start)
        if not _weak(after):
            yield after
            yield tag_before(text, *before_window, self.index)
            return
        before = tag_before(text, *before_window, self.index)
        yield from ((after, before) if _weak(before) else (before, after))

    def _speaker(
        self, paragraph: Paragraph, quotes: list[Span], vocatives: tuple[str, ...]
    ) -> Tag | None:
        """A paragraph's speaker when no quote has a tag of its own."""
        text = self.text
        first = quotes[0]
        if first.outer_start == paragraph.start and self.lead_in is not None:
            found = tag_before(self.text, *self.lead_in, self.index)
            if found is not None:
                who = self._resolve(found, first.outer_start, exclude=vocatives)
                if who:
                    confidence = 0.9 if not found.pronoun else 0.75
                    return who, confidence, self._evidence("explicit-tag", found)
        before = self.subject_paragraph
        if (
            first.outer_start == paragraph.start
            and self.last_kind is SpanKind.NARRATION
            and before is not None
            and (found := heard_speaking(text, before.start, before.end, self.index)) is not None
            and (who := self._resolve(found, first.outer_start, exclude=vocatives))
        ):
            # "She could hear him yelling after her." then the line: his
            return who, 0.75, self._evidence("explicit-tag", found)
        if (
            first.outer_start == paragraph.start
            and self.last_kind is SpanKind.NARRATION
            and before is not None
            and (found := last_subject(text, before.start, before.end, self.index)) is not None
            and not found.pronoun
            and found.who not in vocatives
        ):
            # "Kaede shook her head." then an untagged quote: hers
            return (found.who,), 0.7, self._evidence("preceding-subject", found)
        if first.outer_start > paragraph.start:
            found = last_subject(text, paragraph.start, first.outer_start, self.index)
            if found is not None:
                who = self._resolve(found, first.outer_start, exclude=vocatives)
                if who:
                    return who, 0.7, self._evidence("narration-subject", found)
        last = quotes[-1]
        if last.outer_end < paragraph.end:
            found = first_subject(text, last.outer_end, paragraph.end, self.index)
            if found is not None:
                who = self._resolve(found, last.outer_end, exclude=vocatives)
                if who:
                    return who, 0.7, self._evidence("narration-subject", found)
        return None

    def _vocatives(self, quotes: list[Span]) -> tuple[str, ...]:
        found: list[str] = []
        for quote in quotes:
            for mention in self.index.between(quote.start, quote.end):
                if is_vocative(self.text, quote, mention.start, mention.end):
                    found.append(mention.character)
        return tuple(dict.fromkeys(found))

    def _addressee(
        self, decision: Decision, vocatives: tuple[str, ...]
    ) -> tuple[tuple[str, ...], float, Evidence | None]:
        speaker = decision.speaker
        named = tuple(v for v in vocatives if v not in speaker)
        if named:
            return named, 0.85, Evidence("vocative", self._names(named))
        told = self._told(decision.evidence)
        if told and told not in speaker:
            return (told,), 0.85, Evidence("tag-addressee", self._names((told,)))
        partner = self.talk.partner(speaker)
        if partner:
            return (partner,), 0.6, Evidence("conversation-partner", self._names((partner,)))
        return (), 0.0, None

    def _told(self, evidence: Evidence | None) -> str | None:
        """Whom a tag says the line is to: 'she whispered to Inuyasha'."""
        if evidence is None or evidence.rule != "explicit-tag" or evidence.end is None:
            return None
        to = TAG_ADDRESSEE.match(self.text, evidence.end)
        if to is None:
            return None
        mention = self.index.by_start.get(to.end())
        return mention.character if mention is not None else None

    # -- thoughts and messages -----------------------------------------

    def _line(self, paragraph: Paragraph, span: Span, spans: list[Span]) -> Decision:
        if span.kind is SpanKind.MESSAGE:
            return self._message(span)
        return self._thought(paragraph, span, spans)

    def _thought(self, paragraph: Paragraph, span: Span, spans: list[Span]) -> Decision:
        text = self.text
        vocatives = self._vocatives([span])
        own = [s for s in spans if s.kind is SpanKind.NARRATION]
        thinker: tuple[str, ...] = ()
        confidence, evidence = 0.0, None
        for found in (
            tag_after(text, span.outer_end, min(paragraph.end, span.outer_end + TAG_WINDOW),
                      self.index),
            tag_before(text, max(paragraph.start, span.outer_start - TAG_WINDOW),
                       span.outer_start, self.index),
        ):  # fmt: skip
            if found is not None and (who := self._resolve(found, span.outer_start, vocatives)):
                thinker, confidence = who, 0.85
                evidence = self._evidence("explicit-tag", found)
                break
        if not thinker and own:
            found = last_subject(text, paragraph.start, span.outer_start, self.index)
            if found is not None and (who := self._resolve(found, span.outer_start, vocatives)):
                thinker, confidence = who, 0.7
                evidence = self._evidence("narration-subject", found)
        if not thinker:
            thinker, confidence, evidence = self._thinker_from_context(vocatives)
        decision = Decision(thinker, confidence, evidence)
        self.talk.record_thought(decision)
        return decision.with_addressee(*self._thought_addressee(thinker, span, vocatives))

    def _thinker_from_context(
        self, vocatives: tuple[str, ...]
    ) -> tuple[tuple[str, ...], float, Evidence | None]:
        if self.last_kind is SpanKind.SPEECH and self.talk.last_speaker:
            who = self.talk.last_speaker
            return who, 0.7, Evidence("after-speech", self._names(who))
        if self.last_kind is SpanKind.THOUGHT and self.talk.last_thinker:
            other = self.talk.other_than(self.talk.last_thinker)
            if other:
                return other, 0.55, Evidence("alternating-thoughts", self._names(other))
        if self.last_paragraph_subject:
            who = tuple(w for w in self.last_paragraph_subject if w not in vocatives)
            if who:
                return who, 0.6, Evidence("narration-subject", self._names(who))
        who = self._salient(vocatives)
        if who:
            return who, 0.35, Evidence("salience", self._names(who))
        return (), 0.0, None

    def _thought_addressee(
        self, thinker: tuple[str, ...], span: Span, vocatives: tuple[str, ...]
    ) -> tuple[tuple[str, ...], float, Evidence | None]:
        named = tuple(v for v in vocatives if v not in thinker)
        if named:
            return named, 0.85, Evidence("vocative", self._names(named))
        if len(thinker) != 1 or not SECOND_PERSON.search(self.text, span.start, span.end):
            return (), 0.0, None
        other = self.talk.other_than(thinker)
        if other:
            return other, 0.6, Evidence("second-person", self._names(other))
        return (), 0.0, None

    def _message(self, span: Span) -> Decision:
        label = self.text[span.outer_start : span.start].strip(" \t[]:>")
        who = self.by_alias.get(label.lower())
        if who is None:
            return Decision((), 0.0, None)
        decision = Decision((who,), 0.9, Evidence("message-sender", label,
                            span.outer_start, span.start))  # fmt: skip
        partner = self.talk.partner((who,))
        self.talk.record(decision)
        if partner:
            return decision.with_addressee((partner,), 0.6, Evidence("conversation-partner"))
        return decision

    # -- shared ----------------------------------------------------------

    def _resolve(self, found: Referent, position: int, exclude: tuple[str, ...]) -> tuple[str, ...]:
        if not found.pronoun:
            return (found.who,) if found.who not in exclude else ()
        if found.who.startswith(DESCRIBED):  # "said the old man": read like "he said"
            noun = found.who.removeprefix(DESCRIBED)
            found = found._replace(who=SUBJECT_PRONOUN_OF[PERSON_NOUNS[noun]])
        elif " " in found.who:
            return self._kin(found, position, exclude)
        kind = PRONOUN_GENDER[found.who]
        if kind == "narrator":
            return (self.narrator,) if self.narrator else ()
        if kind == "group":
            return self.talk.group()
        gender = Gender.FEMALE if kind == "female" else Gender.MALE
        if self.narrator:  # "he" and "she" are never the one who says "I"
            exclude = (*exclude, self.narrator)
        if found.verb is not None and self.paragraph_start <= found.start < position:
            position = found.start  # what it can point back to
        same = self._by_gender(gender, position, exclude)
        # Nobody of that gender: someone whose gender is not known yet.
        return same or self._by_gender(Gender.UNKNOWN, position, exclude)

    def _kin(self, found: Referent, position: int, exclude: tuple[str, ...]) -> tuple[str, ...]:
        """ "His wife", "her aunt", "their father": never whom the possessive
        means. A wife, mother or father is the one character of the
        possessor's surname with the right title, when there is one; anyone
        else is the latest of the word's gender, or the latest one in the
        exchange when the word has none ("his companion")."""
        possessive, word = found.who.split()
        owner = self._resolve(found._replace(who=KIN_POSSESSORS[possessive]), position, ())
        if word in KIN and len(owner) == 1:
            kin = self._family_kin(owner[0], word, exclude)
            if kin:
                return kin
        others = (*exclude, *owner)
        kind = RELATIONS[word]
        if kind is None:
            return self.talk.other_than(others) or self._salient(others)
        gender = _GENDER_OF[kind]
        if word in _PARENTS and not self._family_known(owner):
            kin = self._titled_kin(word, gender, position, others)  # a parent's title
            if kin:
                return kin
        return self._by_gender(gender, position, others)

    def _families(self) -> Families:
        """The cast's surnames and titles, built when a kin tag first needs them."""
        if self.families is None:
            self.families = family_names(self.story.characters)
        return self.families

    def _family_known(self, owner: tuple[str, ...]) -> bool:
        """Whether ``owner`` is one character whose surname the cast tells."""
        return len(owner) == 1 and bool(self._families().surnames.get(owner[0]))

    def _titled_kin(
        self, word: str, gender: Gender, position: int, exclude: tuple[str, ...]
    ) -> tuple[str, ...]:
        """For "her mother" whose family is not known: the one speaker in
        the exchange, else the latest named, of ``gender`` and a title the
        kin word goes with ("Mrs.", "Lady" for a mother)."""
        titles = KIN[word][1]
        titled = {
            who
            for members in self._families().members.values()
            for who, title in members
            if title in titles and who not in exclude and self.gender.get(who) is gender
        }
        if not titled:
            return ()
        speakers = [who for who in self.talk.participants() if who in titled]
        if len(speakers) == 1:
            return (speakers[0],)
        return self._latest_named(gender, position, exclude, sorted(titled))

    def _family_kin(self, owner: str, word: str, exclude: tuple[str, ...]) -> tuple[str, ...]:
        """The one character of ``owner``'s surname that ``word`` ("wife",
        "father") can mean, by title and gender."""
        kin_gender, titles = KIN[word]
        wanted = _GENDER_OF[kin_gender]
        families = self._families()
        surnames = families.surnames.get(owner, set())
        if word == _HUSBAND:  # "Miss Pike" is a daughter of the Pikes, not a wife
            surnames = {
                surname
                for surname in surnames
                if not any(w == owner and t in _UNMARRIED for w, t in families.members[surname])
            }
        found_kin = {
            who
            for surname in surnames
            for who, title in families.members.get(surname, ())
            if who != owner
            and title in titles
            and self.gender.get(who) in (wanted, Gender.UNKNOWN)
            and who not in exclude
        }
        return (found_kin.pop(),) if len(found_kin) == 1 else ()

    def _by_gender(
        self, gender: Gender, position: int, exclude: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The character a "he" or "she" at ``position`` most likely means: a
        name of that gender earlier in the paragraph, else the subject of the
        narration just before, else the one the turn before called by name,
        else the one person of that gender in the exchange, else the latest
        such name in the scene."""
        start = max(self.scene_start, self.paragraph_start)
        found = self._nearest_named(gender, start, position, exclude)
        if found:
            return found
        found = self._subject_before(gender, exclude)
        if found:
            return found
        addressed = self.talk.addressed
        if (
            addressed is not None
            and self.gender.get(addressed) is gender
            and addressed not in exclude
        ):
            # '"Come, Kaede," said Sango.' then '"...," she answered': the one called
            return (addressed,)
        participants = [
            c for c in self.talk.participants() if self.gender.get(c) is gender and c not in exclude
        ]
        if len(participants) == 1:
            return (participants[0],)
        found = self._latest_named(gender, start, exclude, participants)
        return found or ((participants[0],) if participants else ())

    def _latest_named(
        self, gender: Gender, end: int, exclude: tuple[str, ...], among: Sequence[str] = ()
    ) -> tuple[str, ...]:
        """The last character of ``gender`` named in the scene's narration
        before ``end`` (one of ``among``, when given), looking back at most
        ``RECENT_MENTIONS`` mentions."""
        lo = self.index.before(self.scene_start)
        i = self.index.before(end) - 1
        stop = max(lo, i - RECENT_MENTIONS + 1)
        while i >= stop:
            character = self.index.mentions[i].character
            if (
                self.narrated[i]
                and self.gender.get(character) is gender
                and character not in exclude
                and (not among or character in among)
            ):
                return (character,)
            i -= 1
        return ()

    def _subject_before(self, gender: Gender, exclude: tuple[str, ...]) -> tuple[str, ...]:
        """The subject of the narration paragraph just before, if of ``gender``:
        "Roland looked at her." then '"...," said he'. A pronoun subject
        means whom it meant there: "Roland looked up. He frowned."""
        before = self.subject_paragraph
        if self.last_kind is not SpanKind.NARRATION or before is None:
            return ()
        found = self._last_named_subject()
        if found is None:
            return ()
        if not found.pronoun:
            return (
                (found.who,)
                if self.gender.get(found.who) is gender and found.who not in exclude
                else ()
            )
        if PRONOUN_GENDER.get(found.who) != _PRONOUN_OF.get(gender):
            return ()
        # the pronoun means the last one named in that paragraph, else the
        # last one named before it, whoever took part in the talk
        named = self._nearest_named(gender, before.start, found.start, exclude)
        return named or self._latest_named(gender, before.start, exclude)

    def _nearest_named(
        self, gender: Gender, start: int, end: int, exclude: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The last character of ``gender`` named in narration between ``start``
        and ``end``; one that follows a preposition ("looked at Kaede") only
        when no other is named."""
        lo = self.index.before(start)
        i = self.index.before(end) - 1
        governed: tuple[str, ...] = ()
        while i >= lo:
            character = self.index.mentions[i].character
            if (
                self.narrated[i]
                and self.gender.get(character) is gender
                and character not in exclude
            ):
                if not object_of_preposition(self.text, self.index.mentions[i].start):
                    return (character,)
                governed = governed or (character,)
            i -= 1
        return governed

    def _salient(self, exclude: tuple[str, ...]) -> tuple[str, ...]:
        """The character mentioned most recently in the scene, not excluded;
        at the start of a scene, the one it mentions most."""
        lo = self.index.before(self.scene_start)
        i = self.index.before(self.talk.position) - 1
        while i >= lo:
            character = self.index.mentions[i].character
            if self.narrated[i] and character not in exclude:
                return (character,)
            i -= 1
        counts: dict[str, int] = {}
        for mention in self.index.mentions[lo : lo + SCENE_LOOKAHEAD_MENTIONS]:
            if mention.character not in exclude:
                counts[mention.character] = counts.get(mention.character, 0) + 1
        if counts:
            return (max(counts, key=counts.__getitem__),)
        others = [c for c in self.gender if c not in exclude and c != self.narrator]
        return (others[0],) if len(others) == 1 else ()  # the only other character

    def _set_subject_paragraph(self, paragraph: Paragraph | None) -> None:
        self.subject_paragraph, self.subject_cache = paragraph, None
        self.named_subject, self.named_subject_known = None, False
        if paragraph is not None:
            self.talk.position = paragraph.end

    def _last_named_subject(self) -> Referent | None:
        """The subject of the last clause of the last narration paragraph."""
        before = self.subject_paragraph
        if not self.named_subject_known and before is not None:
            self.named_subject = last_subject(self.text, before.start, before.end, self.index)
            self.named_subject_known = True
        return self.named_subject

    @property
    def last_paragraph_subject(self) -> tuple[str, ...]:
        """The subject of the last narration paragraph, computed when first asked."""
        if self.subject_cache is None:
            paragraph = self.subject_paragraph
            self.subject_cache = () if paragraph is None else self._paragraph_subject(paragraph)
        return self.subject_cache

    def _paragraph_subject(self, paragraph: Paragraph) -> tuple[str, ...]:
        """Whom the paragraph is about: its most frequent clause subject.

        Ties go to the subject that comes last.
        """
        counts: dict[tuple[str, ...], int] = {}
        for found in clause_subjects(self.text, paragraph.start, paragraph.end, self.index):
            who = self._resolve(found, found.start, ())
            if who:
                counts[who] = counts.get(who, 0) + 1
                counts[who] = counts.pop(who)  # keep the latest last among equals
        if not counts:
            return ()
        best = max(counts.values())
        return [who for who, n in counts.items() if n == best][-1]

    def _evidence(self, rule: str, found: Referent) -> Evidence:
        return Evidence(rule, self.text[found.start : found.end], found.start, found.end)

    def _names(self, ids: tuple[str, ...]) -> str:
        return ", ".join(self.name_of.get(i, i) for i in ids)

    def voices(self, spans: list[Span]) -> Sounds:
        """How each character sounds, from the turns a named tag gives them,
        as a scorer of untagged turns against candidate speakers."""
        text = self.text
        lines: list[list[str]] = []
        said: dict[str, list[str]] = {}
        untagged: dict[int, list[str]] = {}  # by the turn's first span
        for run in self.runs:
            for turn in run:
                words = words_of(
                    " ".join([text[spans[i].start : spans[i].end] for i in turn.spans])
                )
                lines.append(words)
                if not turn.tagged:
                    untagged[turn.spans[0]] = words  # the turns that need a voice
                elif len(turn.decision.speaker) == 1:
                    said.setdefault(turn.decision.speaker[0], []).extend(words)
        voices = Voices(said, Counter(chain.from_iterable(lines)))

        def sounds(turn: Turn, candidates: Sequence[str]) -> list[float]:
            return voices.scores(untagged.get(turn.spans[0], ()), candidates)

        return sounds

    def _settle_descriptions(self, sounds: Sounds, model: TurnModel | None) -> list[list[Turn]]:
        """The runs with their description tags settled story-wide, from a
        first reading of the exchanges: when it gives most of the lines
        tagged "said the painter" to one named character (at least
        ``MIN_DESCRIPTION_VOTES`` of them), the description is theirs and each
        such tag names them; when it gives most to the description itself,
        each names a character of its own. When it is split, a description
        with a gender ("the lad") leaves each line to its exchange, and one
        without ("the cabman", most often a minor character of its own)
        names its own character."""
        votes: dict[str, Counter[str]] = {}
        for run in self.runs:
            if len(run) < 2 or not any(turn.described for turn in run):
                continue
            decisions = realign(
                run, self.gender, self._names, model, self.narrator, self.leads, sounds
            )
            for turn, decision in zip(run, decisions, strict=True):
                if turn.described and len(decision.speaker) == 1:
                    votes.setdefault(turn.decision.speaker[0], Counter())[decision.speaker[0]] += 1
        owner = {}
        for described, counts in votes.items():
            who, n = counts.most_common(1)[0]
            if who == described or (
                who not in self.described  # a named character, not another description
                and n >= MIN_DESCRIPTION_VOTES
                and 2 * n > counts.total()
            ):
                owner[described] = who
            elif self.gender.get(described) not in _PRONOUN_OF:
                owner[described] = described
        self.owners = owner
        return [[self._settled(turn, owner) for turn in run] for run in self.runs]

    def _settled(self, turn: Turn, owner: dict[str, str]) -> Turn:
        """A description-tagged turn as a named tag of whom ``owner`` says the
        description means, if it says."""
        decision = turn.decision
        if not turn.described or decision.speaker[0] not in owner:
            return turn
        who = owner[decision.speaker[0]]
        if who != decision.speaker[0]:
            decision = replace(decision, speaker=(who,))
        return turn._replace(decision=decision, tagged=True, pronoun=None, described=False)

    def finish(self, spans: list[Span], model: TurnModel | None = None) -> list[Span]:
        """Re-read every conversation from its surest turns (alternation);
        a turn said to nobody in particular is said to the one who answers."""
        result = list(spans)
        sounds = self.voices(spans)
        settled = self._settle_descriptions(sounds, model)
        for original, run in zip(self.runs, settled, strict=True):
            decisions = (
                realign(run, self.gender, self._names, model, self.narrator, self.leads, sounds)
                if len(run) >= 2
                else [t.decision for t in run]
            )
            for k, (turn, decision) in enumerate(zip(original, decisions, strict=True)):
                nxt = decisions[k + 1].speaker if k + 1 < len(decisions) else ()
                if not decision.addressee and len(nxt) == 1 and nxt[0] not in decision.speaker:
                    answer = Evidence("answered-by", self._names(nxt))
                    decision = decision.with_addressee(nxt, 0.5, answer)
                if decision is not turn.decision:
                    for i in turn.spans:
                        result[i] = apply_decision(result[i], decision)
        return result


__all__ = ["CONVERSATION_GAP", "attribute", "conversation_runs"]
