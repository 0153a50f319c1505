"""Kin: whom a kin word ("his wife", "her mother", "Kaede's brother") can
mean, from the surnames and titles of the cast's names.

A wife is a "Mrs." or "Lady" of the husband's surname, a father a "Mr." or
"Sir" of the child's; a brother or sister shares the surname whatever the
title. "Miss Pike" is a daughter of the Pikes, never a wife. The names are
read once, when a kin word first needs them.

>>> from ficlens import Gender, KnownCharacter, Options, analyze_text
>>> from ficlens.stages.conversation import Conversation
>>> from ficlens.stages.reading import Facts, Place
>>> cast = (KnownCharacter("Mr. Pike", gender=Gender.MALE),
...         KnownCharacter("Mrs. Pike", gender=Gender.FEMALE),
...         KnownCharacter("Miss Pike", gender=Gender.FEMALE))
>>> story = analyze_text("Mr. Pike came in.", Options(cast=cast))
>>> kin = Kin(Facts.of(story), Place(Conversation()))
>>> kin.of("mr-pike", "wife", ()), kin.of("mr-pike", "daughter", ())
({'mrs-pike'}, {'miss-pike'})
>>> kin.of("mrs-pike", "husband", ()), kin.of("miss-pike", "husband", ())
({'mr-pike'}, set())
"""

from __future__ import annotations

from ficlens.model import Gender
from ficlens.rules.attribution import BLOOD_KIN, KIN, PRONOUN_GENDER
from ficlens.rules.names import UNMARRIED_TITLES
from ficlens.stages.lines import Families, family_names
from ficlens.stages.reading import GENDER_OF, Facts, Place

# How many of the exchange's latest speakers a kin tag's possessive may
# mean: "said her husband" is most often the husband of the woman just heard.
OWNER_SPEAKERS = 3
# Each kin word the cast's surnames and titles may tell, with the kin's
# gender and titles.
FAMILY: dict[str, tuple[str, frozenset[str | None]]] = {**KIN, **BLOOD_KIN}
_HUSBAND = "husband"
# Titles of a woman not married, as family names keep them (lower case, no period).
_UNMARRIED = frozenset(title.lower().rstrip(".") for title in UNMARRIED_TITLES)


class Kin:
    """The cast's families, read for kin words, and the exchange's speakers
    a possessive may mean."""

    def __init__(self, facts: Facts, place: Place) -> None:
        self.facts = facts
        self.place = place
        self._names: Families | None = None

    @property
    def families(self) -> Families:
        """The cast's surnames and titles, read when first asked for."""
        if self._names is None:
            self._names = family_names(self.facts.story.characters)
        return self._names

    def known(self, owner: tuple[str, ...]) -> bool:
        """Whether ``owner`` is one character whose surname the cast tells."""
        return len(owner) == 1 and bool(self.families.surnames.get(owner[0]))

    def talking(self, pronoun: str) -> list[str]:
        """The exchange's last few speakers whom ``pronoun`` ("he", "she",
        "they") may mean, the latest first: in "said her husband" the wife
        is as often the one just heard as the last woman named."""
        wanted = PRONOUN_GENDER[pronoun]
        gender_of = self.facts.gender
        return [
            who
            for who in self.place.talk.participants()[:OWNER_SPEAKERS]
            if wanted not in ("female", "male") or gender_of.get(who) is GENDER_OF[wanted]
        ]

    def parents(self, words: frozenset[str]) -> tuple[str, ...]:
        """The one parent of someone in the exchange that a child would call
        so (``words``: "mother", "father"), if only one fits: a character of
        a participant's surname with a parent's title and gender (see
        ``of``). None when more than one fits."""
        found = {
            who
            for child in self.place.talk.participants()
            for word in words
            for who in self.of(child, word, ())
        }
        return (found.pop(),) if len(found) == 1 else ()

    def titled(self, word: str, gender: Gender, exclude: tuple[str, ...]) -> set[str]:
        """Everyone of ``gender`` with a title the kin ``word`` goes with
        ("Mrs.", "Lady" for a mother), whatever their surname."""
        titles = KIN[word][1]
        return {
            who
            for members in self.families.members.values()
            for who, title in members
            if title in titles and who not in exclude and self.facts.gender.get(who) is gender
        }

    def of(self, owner: str, word: str, exclude: tuple[str, ...]) -> set[str]:
        """The characters of ``owner``'s surname that ``word`` ("wife",
        "father") can mean: of its gender or an unknown one, with a title
        that goes with it, none of ``exclude``."""
        kin_gender, titles = FAMILY[word]
        wanted = GENDER_OF[kin_gender]
        families = self.families
        surnames = families.surnames.get(owner, set())
        if word == _HUSBAND:  # "Miss Pike" is a daughter of the Pikes, not a wife
            surnames = {
                surname
                for surname in surnames
                if not any(w == owner and t in _UNMARRIED for w, t in families.members[surname])
            }
        return {
            who
            for surname in surnames
            for who, title in families.members.get(surname, ())
            if who != owner
            and title in titles
            and self.facts.gender.get(who) in (wanted, Gender.UNKNOWN)
            and who not in exclude
        }


__all__ = ["FAMILY", "OWNER_SPEAKERS", "Kin"]
