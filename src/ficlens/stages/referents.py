"""Referents: whom the name, pronoun, kin word or description of a tag means.

A name means its character. "He" or "she" means someone of that gender:
one named earlier in the paragraph, else the subject of the narration just
before, else the one the last turn called by name, else the one such person
in the exchange, else the latest such name in the scene; with nobody of
that gender, someone whose gender the cast does not know, and a "he" or
"she" resolved so close by (in the paragraph, or the subject just before)
shows that character's gender for the rest of the reading. A description
("said the old man") is read like its pronoun. Kin ("her aunt", "his
wife") never means its possessor: a wife, mother or father is found by
surname and title, a brother, sister, son or daughter by surname (of two
such, the one in the exchange or named last), anyone else like a pronoun
of the word's gender.

>>> from ficlens import Gender, KnownCharacter, Options, analyze_text
>>> from ficlens.stages.conversation import Conversation
>>> from ficlens.stages.reading import Facts, Place
>>> from ficlens.stages.words import Referent
>>> cast = (KnownCharacter("Sango", gender=Gender.FEMALE),
...         KnownCharacter("Miroku", gender=Gender.MALE))
>>> story = analyze_text("Miroku waited for Sango.", Options(cast=cast))
>>> refs = Referents(Facts.of(story), Place(Conversation()))
>>> end = len(story.text)
>>> refs.resolve(Referent("he", True, end, end), end, ())
('miroku',)
>>> refs.resolve(Referent("she", True, end, end), end, ())
('sango',)
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from ficlens.model import Gender, Paragraph, SpanKind
from ficlens.rules.attribution import (
    KIN_POSSESSORS,
    PERSON_NOUNS,
    PRONOUN_GENDER,
    RELATIONS,
    SUBJECT_PRONOUN_OF,
)
from ficlens.stages.kin import FAMILY, Kin
from ficlens.stages.reading import GENDER_OF, PRONOUN_OF, RECENT_MENTIONS, Facts, Place
from ficlens.stages.subjects import clause_subjects, last_subject
from ficlens.stages.words import DESCRIBED, Referent, object_of_preposition, possessive

# Mentions read ahead when a scene opens with a line nobody can be tied to.
SCENE_LOOKAHEAD_MENTIONS = 50
# Kin words a parent's title tells when the family is not known: "her
# mother" is likely a "Mrs." of the exchange.
_PARENTS = frozenset({"mother", "father"})


class Basis(StrEnum):
    """What a "he" or "she" in a tag was resolved from."""

    PARAGRAPH = "named in the paragraph"
    SUBJECT_BEFORE = "subject of the narration before"
    CALLED = "called by the turn before"
    EXCHANGE = "one in the exchange"
    SCENE = "latest named in the scene"


# Resolutions near enough to show an unknown character's gender.
_NEAR = frozenset({Basis.PARAGRAPH, Basis.SUBJECT_BEFORE})


class Referents:
    """Resolves what tags point to, from what the reader has read so far.

    It keeps the narration paragraph whose subject the next line may need
    (``subject_paragraph``); that subject is worked out only when asked for.
    """

    def __init__(self, facts: Facts, place: Place) -> None:
        self.facts = facts
        self.place = place
        self.kin = Kin(facts, place)
        self.subject_paragraph: Paragraph | None = None
        self.subject_cache: tuple[str, ...] | None = None
        self.named_subject: Referent | None = None  # of subject_paragraph, once known
        self.named_subject_known = False
        self.basis = Basis.PARAGRAPH  # of the last "he" or "she" resolved
        # Per pronoun tag resolved (by where it starts), what it was resolved from.
        self.bases: dict[int, Basis] = {}
        # The gender a "he" or "she" close by showed for a character whose
        # gender the cast does not know: a "he" later means someone else.
        self.learned: dict[str, Gender] = {}

    def resolve(self, found: Referent, position: int, exclude: tuple[str, ...]) -> tuple[str, ...]:
        """The character ``found`` means, for a line at ``position``; none of
        ``exclude``."""
        if not found.pronoun:
            return (found.who,) if found.who not in exclude else ()
        if found.who.startswith(DESCRIBED):  # "said the old man": read like "he said"
            noun = found.who.removeprefix(DESCRIBED)
            found = found._replace(who=SUBJECT_PRONOUN_OF[PERSON_NOUNS[noun]])
        elif " " in found.who:
            return self._kin(found, position, exclude)
        kind = PRONOUN_GENDER[found.who]
        narrator = self.facts.narrator
        if kind == "narrator" or (kind == "reader" and self.facts.second_person):
            return (narrator,) if narrator else ()
        if kind == "reader":
            return ()  # "you" outside a second-person story: not a tag's subject
        if kind == "group":
            return self.place.talk.group()
        gender = Gender.FEMALE if kind == "female" else Gender.MALE
        if narrator:  # "he" and "she" are never the one who says "I"
            exclude = (*exclude, narrator)
        if found.verb is not None and self.place.paragraph_start <= found.start < position:
            position = found.start  # what it can point back to
        who = self._by_gender(gender, position, exclude)
        if not who:  # nobody of that gender: someone whose gender is not known yet
            other = tuple(c for c, seen in self.learned.items() if seen is not gender)
            who = self._by_gender(Gender.UNKNOWN, position, (*exclude, *other))
        unknown = len(who) == 1 and self.facts.gender.get(who[0]) is Gender.UNKNOWN
        if unknown and self.basis in _NEAR:
            self.learned[who[0]] = gender  # "She picked up her bag": a woman
        if found.verb is not None:  # a tag, not a subject in the narration
            self.bases[found.start] = self.basis
        return who

    def gender(self, who: str) -> Gender:
        """The character's gender: the cast's, else what a "he" or "she"
        close by showed."""
        known = self.facts.gender.get(who, Gender.UNKNOWN)
        return self.learned.get(who, known) if known is Gender.UNKNOWN else known

    def salient(self, exclude: tuple[str, ...]) -> tuple[str, ...]:
        """The character mentioned most recently in the scene, not excluded;
        at the start of a scene, the one it mentions most."""
        index, narrated = self.facts.index, self.facts.narrated
        lo = index.before(self.place.scene_start)
        i = index.before(self.place.talk.position) - 1
        while i >= lo:
            character = index.mentions[i].character
            if narrated[i] and character not in exclude:
                return (character,)
            i -= 1
        counts: dict[str, int] = {}
        for i in range(lo, min(lo + SCENE_LOOKAHEAD_MENTIONS, len(index.mentions))):
            character = index.mentions[i].character
            if narrated[i] and character not in exclude:  # not one the lines only speak of
                counts[character] = counts.get(character, 0) + 1
        if counts:
            return (max(counts, key=counts.__getitem__),)
        narrator = self.facts.narrator
        others = [c for c in self.facts.gender if c not in exclude and c != narrator]
        return (others[0],) if len(others) == 1 else ()  # the only other character

    # -- the narration just before ----------------------------------------

    def set_subject_paragraph(self, paragraph: Paragraph | None) -> None:
        """Make ``paragraph`` the narration the next line may refer back to."""
        self.subject_paragraph, self.subject_cache = paragraph, None
        self.named_subject, self.named_subject_known = None, False
        if paragraph is not None:
            self.place.talk.position = paragraph.end

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
        text, index = self.facts.text, self.facts.index
        for found in clause_subjects(text, paragraph.start, paragraph.end, index):
            who = self.resolve(found, found.start, ())
            if who:
                counts[who] = counts.get(who, 0) + 1
                counts[who] = counts.pop(who)  # keep the latest last among equals
        if not counts:
            return ()
        best = max(counts.values())
        return [who for who, n in counts.items() if n == best][-1]

    def _last_named_subject(self) -> Referent | None:
        """The subject of the last clause of the last narration paragraph."""
        before = self.subject_paragraph
        if not self.named_subject_known and before is not None:
            self.named_subject = last_subject(
                self.facts.text, before.start, before.end, self.facts.index
            )
            self.named_subject_known = True
        return self.named_subject

    def _subject_before(self, gender: Gender, exclude: tuple[str, ...]) -> tuple[str, ...]:
        """The subject of the narration paragraph just before, if of ``gender``:
        "Roland looked at her." then '"...," said he'. A pronoun subject
        means whom it meant there: "Roland looked up. He frowned." When the
        last subject is of the other gender, the last name of ``gender``
        that is a subject before it ("Miroku sat down. Sango smiled.")."""
        before = self.subject_paragraph
        if self.place.last_kind is not SpanKind.NARRATION or before is None:
            return ()
        found = self._last_named_subject()
        if found is None:
            return ()
        who = self._subject_of(found, gender, before.start, exclude)
        if who:
            return who
        # the last subject is someone else ("Miroku was a monk. I asked him
        # to sit."): the latest named subject of the gender before it
        text, index = self.facts.text, self.facts.index
        for earlier in reversed(clause_subjects(text, before.start, found.start, index)):
            if not earlier.pronoun and (who := self._subject_of(earlier, gender, 0, exclude)):
                return who
        return ()

    def _subject_of(
        self, found: Referent, gender: Gender, start: int, exclude: tuple[str, ...]
    ) -> tuple[str, ...]:
        """Whom the subject ``found`` of a paragraph starting at ``start``
        means, if of ``gender``."""
        if not found.pronoun:
            return (
                (found.who,)
                if self.facts.gender.get(found.who) is gender and found.who not in exclude
                else ()
            )
        if PRONOUN_GENDER.get(found.who) != PRONOUN_OF.get(gender):
            return ()
        # the pronoun means the last one of its gender (or of one not known)
        # named as a subject in that paragraph, else the last one named there, else the last one
        # named before it, whoever took part in the talk
        text, index = self.facts.text, self.facts.index
        gender_of = self.facts.gender
        for earlier in reversed(clause_subjects(text, start, found.start, index)):
            if (
                not earlier.pronoun
                and gender_of.get(earlier.who, Gender.UNKNOWN) in (gender, Gender.UNKNOWN)
                and earlier.who not in exclude
            ):
                return (earlier.who,)
        named = self._nearest_named(gender, start, found.start, exclude)
        return named or self._latest_named(gender, start, exclude)

    # -- pronouns -----------------------------------------------------------

    def _by_gender(
        self, gender: Gender, position: int, exclude: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The character a "he" or "she" at ``position`` most likely means: a
        name of that gender earlier in the paragraph, else the subject of the
        narration just before, else the one the turn before called by name,
        else the one person of that gender in the exchange, else the latest
        such name in the scene's narration, else in its lines. ``basis``
        keeps which of these it was."""
        place, gender_of = self.place, self.facts.gender
        start = max(place.scene_start, place.paragraph_start)
        found = self._nearest_named(gender, start, position, exclude)
        if found:
            self.basis = Basis.PARAGRAPH
            return found
        found = self._subject_before(gender, exclude)
        if found:
            self.basis = Basis.SUBJECT_BEFORE
            return found
        addressed = place.talk.addressed
        if (
            addressed is not None
            and gender_of.get(addressed) is gender
            and addressed not in exclude
        ):
            # '"Come, Kaede," said Sango.' then '"...," she answered': the one called
            self.basis = Basis.CALLED
            return (addressed,)
        participants = [
            c for c in place.talk.participants() if gender_of.get(c) is gender and c not in exclude
        ]
        self.basis = Basis.EXCHANGE
        if len(participants) == 1:
            return (participants[0],)
        found = self._latest_named(gender, start, exclude, participants)
        if found and not participants:
            self.basis = Basis.SCENE
        if found or participants:
            return found or (participants[0],)
        # '"Here comes Kaede," Miroku said.' and then '"Hello," she said.' A
        # name inside the tagged line itself is someone spoken of.
        self.basis = Basis.SCENE
        before_line = min(position, place.paragraph_start)
        return self._latest_named(gender, before_line, exclude, quoted=True)

    def _latest_named(
        self,
        gender: Gender,
        end: int,
        exclude: tuple[str, ...],
        among: Sequence[str] = (),
        quoted: bool = False,
    ) -> tuple[str, ...]:
        """The last character of ``gender`` named in the scene's narration
        (or, when ``quoted``, in its lines too) before ``end`` (one of
        ``among``, when given), looking back at most ``RECENT_MENTIONS``
        mentions."""
        index, narrated, gender_of = self.facts.index, self.facts.narrated, self.facts.gender
        lo = index.before(self.place.scene_start)
        i = index.before(end) - 1
        stop = max(lo, i - RECENT_MENTIONS + 1)
        while i >= stop:
            character = index.mentions[i].character
            if (
                (narrated[i] or quoted)
                and gender_of.get(character) is gender
                and character not in exclude
                and (not among or character in among)
            ):
                return (character,)
            i -= 1
        return ()

    def _nearest_named(
        self, gender: Gender, start: int, end: int, exclude: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The last character of ``gender`` named in narration between ``start``
        and ``end``; one that follows a preposition ("looked at Kaede") or is
        a possessive ("Kaede's heart") only when no other is named."""
        text, index, narrated = self.facts.text, self.facts.index, self.facts.narrated
        gender_of = self.facts.gender
        lo = index.before(start)
        i = index.before(end) - 1
        governed: tuple[str, ...] = ()
        while i >= lo:
            mention = index.mentions[i]
            character = mention.character
            if narrated[i] and gender_of.get(character) is gender and character not in exclude:
                if not (
                    object_of_preposition(text, mention.start) or possessive(text, mention.end)
                ):
                    return (character,)
                governed = governed or (character,)
            i -= 1
        return governed

    # -- kin ------------------------------------------------------------------

    def _kin(self, found: Referent, position: int, exclude: tuple[str, ...]) -> tuple[str, ...]:
        """ "His wife", "her aunt", "their father": never whom the possessive
        means. A wife, mother, father, brother, sister, son or daughter is
        the one character of the possessor's surname with a title that goes
        with the word (none, for a brother), when there is one; the
        possessor is first the exchange's last speaker the possessive may
        mean, then whom it resolves to, then the exchange's other recent
        speakers; but first, a kin the scene has named of one of those
        speakers ("called his mother": the mother of the son in the room,
        not of the guest who spoke last). Anyone else is the latest of the
        word's gender, or the latest one in the exchange when the word has
        none ("his companion"), other than the possessor: one named in the
        tag's own paragraph, else the exchange's last speaker the possessive
        may mean ('"Where is Roland?" asked Pike. "Gone," answered his
        friend': Pike's friend)."""
        possessive, word = found.who.split()
        if possessive in KIN_POSSESSORS:
            owner = self.resolve(found._replace(who=KIN_POSSESSORS[possessive]), position, ())
            talking = self.kin.talking(KIN_POSSESSORS[possessive])
        else:  # "Kaede's mother": the possessor is named
            owner, talking = (possessive,), []
        if word in FAMILY:
            resolved = owner if len(owner) == 1 else ()
            kin_of = {
                who: self._family_kin(who, word, exclude, position)
                for who in dict.fromkeys((*talking, *resolved))
            }
            for who in talking:  # the mother of one who is talking, if the scene has her
                if kin_of[who] and self._in_scene(kin_of[who][0], position):
                    return kin_of[who]
            for who in (*talking[:1], *resolved, *talking[1:]):
                if kin_of[who]:
                    return kin_of[who]
        if talking and self.basis is not Basis.PARAGRAPH:
            owner = (talking[0],)  # "answered his friend": the friend of the one just heard
        others = (*exclude, *owner)
        kind = RELATIONS[word]
        if kind is None:
            return self.place.talk.other_than(others) or self.salient(others)
        gender = GENDER_OF[kind]
        if word in _PARENTS and not self.kin.known(owner):
            kin = self._titled_kin(word, gender, position, others)  # a parent's title
            if kin:
                return kin
        return self._by_gender(gender, position, others)

    def _in_scene(self, who: str, end: int) -> bool:
        """Whether the scene has named ``who`` before ``end``, or heard them
        in the exchange."""
        if who in self.place.talk.participants():
            return True
        index = self.facts.index
        named = index.mentions[index.before(self.place.scene_start) : index.before(end)]
        return any(mention.character == who for mention in named)

    def _titled_kin(
        self, word: str, gender: Gender, position: int, exclude: tuple[str, ...]
    ) -> tuple[str, ...]:
        """For "her mother" whose family is not known: the one speaker in
        the exchange, else the latest named, of ``gender`` and a title the
        kin word goes with ("Mrs.", "Lady" for a mother)."""
        titled = self.kin.titled(word, gender, exclude)
        if not titled:
            return ()
        speakers = [who for who in self.place.talk.participants() if who in titled]
        if len(speakers) == 1:
            return (speakers[0],)
        return self._latest_named(gender, position, exclude, sorted(titled))

    def _family_kin(
        self, owner: str, word: str, exclude: tuple[str, ...], position: int
    ) -> tuple[str, ...]:
        """The character of ``owner``'s surname that ``word`` ("wife",
        "father") can mean, by title and gender: the one such, else the one
        of them in the exchange, else the one named last before ``position``."""
        found_kin = self.kin.of(owner, word, exclude)
        if len(found_kin) <= 1:
            return tuple(found_kin)
        talking = [who for who in self.place.talk.participants() if who in found_kin]
        if len(talking) == 1:
            return (talking[0],)
        return self._latest_named(GENDER_OF[FAMILY[word][0]], position, exclude, sorted(found_kin))


__all__ = ["SCENE_LOOKAHEAD_MENTIONS", "Basis", "Referents"]
