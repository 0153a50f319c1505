"""The words of narration beside a quote, and the grammar the tag readers share.

Narration is cut into tokens; a token may stand for a character (a name the
mention index holds, "the old man", "his mother") or a pronoun still to be
resolved. Small tests tell a possessive, a preposition's object or a verb.

>>> text = "Sango turned to Kaede."
>>> object_of_preposition(text, text.index("Kaede"))
True
>>> object_of_preposition(text, text.index("Sango"))
False
"""

from __future__ import annotations

import bisect
import re
from itertools import islice
from typing import NamedTuple

from ficlens.model import Mention
from ficlens.rules.attribution import (
    KIN_POSSESSORS,
    NOT_PRESENT_VERBS,
    PERSON_NOUNS,
    PREPOSITIONS,
    PRESENT_TAG_VERB_FORM,
    PRONOUN_GENDER,
    RELATIONS,
    SPEECH_VERB,
    TAG_FILLER,
    TAG_VERB_FORM,
    WORD,
)
from ficlens.rules.names import ABBREVIATED_TITLES

# Characters looked back over for the word a tail of narration ends on.
LAST_WORD_CHARS = 40
_LAST_WORD = re.compile(rf"(?<![\w'’-])(?:{WORD.pattern})\.$")

# The marks that may stand just before the first word of a clause.
_BEFORE_CLAUSE = frozenset('.!?;:"”\n')

# The possessive ending after a name; " s " where a text lost its apostrophes.
_POSSESSIVE = re.compile(r"['’] ?s\b| s ")

# The word after a possessive ending: "mother" in "Kaede's mother".
_WORD_AFTER_POSSESSIVE = re.compile(r"[ \t\n]*([A-Za-z]+)")

# Verbs in the past that do not end in "-ed".
_IRREGULAR_PAST = frozenset(
    "was had came went stood sat took made gave began ran got saw felt knew thought found"
    " put rose held caught drew threw brought kept left led met lay sank spoke told said heard"
    " did could would might must should".split()
)
_ARTICLES = frozenset(("the", "a", "an", "this", "that", "his", "her", "their", "my", "our"))

# Articles that may open a description of someone the cast does not name,
# and how many words may stand between the article and its noun: "the
# old man", "a tall, dark girl".
DESCRIBING_ARTICLES = frozenset(("the", "a", "an", "this", "that"))
DESCRIBING_WORDS = 2

# How a referent that a noun describes is written: "the man".
DESCRIBED = "the "

# Where the sentence after a quote ends, for its tag.
_SENTENCE_END = re.compile(r'[.!?"“”]')

# A title's abbreviation or an initial, whose period ends no sentence.
ABBREVIATION = re.compile(
    rf"(?<![\w'’])(?:{'|'.join(sorted(ABBREVIATED_TITLES, key=len, reverse=True))}|[A-HJ-Z])$"
)

# "for" after a comma, maybe with an article: the conjunction that opens a clause.
_FOR_BEFORE = re.compile(r",\s+for\s+(?:the\s+)?$", re.IGNORECASE)

# A preposition, maybe with an article, with only spaces between it and
# what follows: "to the ", "at ".
_PREPOSITION_BEFORE = re.compile(
    rf"(?<![\w'’-])(?:{'|'.join(sorted(PREPOSITIONS))})\s+"
    rf"(?:(?:{'|'.join(sorted(_ARTICLES))})\s+)?$",
    re.IGNORECASE,
)


class Referent(NamedTuple):
    """What a tag points to: a character id, or a pronoun still to resolve."""

    who: str  # a character id, a pronoun such as "she", or kin such as "his wife"
    pronoun: bool
    start: int  # where the words it relied on start and end
    end: int
    verb: str | None = None


class MentionIndex:
    """Mentions sorted by start, for quick look-up by position."""

    def __init__(self, mentions: list[Mention] | tuple[Mention, ...]) -> None:
        self.mentions = list(mentions)
        self.starts = [m.start for m in self.mentions]
        self.by_start = {m.start: m for m in self.mentions}

    def between(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return self.mentions[lo:hi]

    def before(self, position: int) -> int:
        """Index of the first mention at or after ``position``."""
        return bisect.bisect_left(self.starts, position)


class Token(NamedTuple):
    """A word of narration: where it starts and ends, and its lowercase form."""

    start: int
    end: int
    lower: str


def tokenize(text: str, start: int, end: int, limit: int | None = None) -> list[Token]:
    """The words of ``text[start:end]`` (the first ``limit`` of them)."""
    make = tuple.__new__  # skips the named tuple's argument parsing: this is a hot path
    return [
        make(Token, (m.start(), m.end(), m.group().lower()))
        for m in islice(WORD.finditer(text, start, end), limit)
    ]


def referent_at(tokens: list[Token], i: int, index: MentionIndex) -> tuple[Referent, int] | None:
    """The character or pronoun starting at token ``i``, and the next token index."""
    if i >= len(tokens):
        return None
    token = tokens[i]
    mention = index.by_start.get(token.start)
    if mention is None and token.lower in _ARTICLES and i + 1 < len(tokens):
        mention = index.by_start.get(tokens[i + 1].start)  # "the Ferryman", "the monk"
        if mention is not None:
            mention = mention._replace(start=token.start)
    if mention is not None:
        j = i
        while j < len(tokens) and tokens[j].start < mention.end:
            j += 1
        owned = _named_kin(tokens, j, mention.character)
        if owned is not None:  # "said Kaede's mother": not Kaede
            relative, after = owned
            return relative._replace(start=token.start), after
        return Referent(mention.character, False, token.start, mention.end), j
    if token.lower in PRONOUN_GENDER:
        return Referent(token.lower, True, token.start, token.end), i + 1
    if token.lower in DESCRIBING_ARTICLES:
        return _described(tokens, i)
    if token.lower in KIN_POSSESSORS and i + 1 < len(tokens) and tokens[i + 1].lower in RELATIONS:
        kin = f"{token.lower} {tokens[i + 1].lower}"  # "his wife"
        return Referent(kin, True, token.start, tokens[i + 1].end), i + 2
    return None


def _named_kin(tokens: list[Token], j: int, owner: str) -> tuple[Referent, int] | None:
    """The kin of ``owner``, whose name ends just before token ``j`` with a
    possessive, told by the word after it ("Kaede's mother", or "Kaede s
    mother" where the text lost its apostrophes), as the referent
    "<owner> mother"; and the next token index."""
    if j == 0 or not possessive_at(tokens, j - 1):
        return None
    k = j + (j < len(tokens) and tokens[j].lower == "s")
    if k >= len(tokens) or tokens[k].lower not in RELATIONS:
        return None
    return Referent(f"{owner} {tokens[k].lower}", True, tokens[j - 1].start, tokens[k].end), k + 1


def _described(tokens: list[Token], i: int) -> tuple[Referent, int] | None:
    """Someone told by a noun with a gender after the article at token
    ``i`` ("the old man"), as the referent "the man"."""
    for j in range(i + 1, min(len(tokens), i + 2 + DESCRIBING_WORDS)):
        word = tokens[j].lower
        if word in PERSON_NOUNS:
            return Referent(DESCRIBED + word, True, tokens[i].start, tokens[j].end), j + 1
        if word in _ARTICLES or word in PREPOSITIONS or is_verb(tokens, j):
            break
    return None


def described_gender(text: str) -> str | None:
    """The gender of the person a tag describes, when its words describe
    one ("said the old man": male) rather than name them.

    >>> described_gender("said the old man"), described_gender("said Miroku")
    ('male', None)
    """
    tokens = tokenize(text, 0, len(text))
    for i, token in enumerate(tokens):
        if token.lower in DESCRIBING_ARTICLES and (found := _described(tokens, i)) is not None:
            return PERSON_NOUNS[found[0].who.removeprefix(DESCRIBED)]
    return None


def skip_fillers(tokens: list[Token], i: int, limit: int = 2) -> int:
    while limit and i < len(tokens) and TAG_FILLER.fullmatch(tokens[i].lower):
        i, limit = i + 1, limit - 1
    return i


def is_verb(tokens: list[Token], i: int) -> bool:
    return i < len(tokens) and SPEECH_VERB.fullmatch(tokens[i].lower) is not None


def is_tag_verb(tokens: list[Token], i: int) -> bool:
    """Any past-tense verb in a tag's place: "interposed", "boomed", "faltered"."""
    return i < len(tokens) and TAG_VERB_FORM.fullmatch(tokens[i].lower) is not None


def is_present_verb(tokens: list[Token], i: int) -> bool:
    """A verb in the present after its subject: "Kaede snaps", "he shrugs"."""
    if i >= len(tokens):
        return False
    word = tokens[i].lower
    if i and tokens[i - 1].lower.endswith(("'s", "’s")):
        return False  # "Miroku's cheeks burned": a noun, his
    return PRESENT_TAG_VERB_FORM.fullmatch(word) is not None and word not in NOT_PRESENT_VERBS


def ends_on_verb(tail: str) -> bool:
    """Whether the word before a closing period could be a tag's verb
    ("Kaede began."), read without splitting the whole tail into words."""
    last = _LAST_WORD.search(tail, max(0, len(tail) - LAST_WORD_CHARS))
    if last is None:
        return True  # no plain word at the end: let the full reading decide
    word = last.group()[:-1].lower()
    return bool(SPEECH_VERB.fullmatch(word) or TAG_VERB_FORM.fullmatch(word))


def past_verb(word: str) -> bool:
    return bool(TAG_VERB_FORM.fullmatch(word) or word in _IRREGULAR_PAST)


def opens_clause(text: str, start: int) -> bool:
    """Whether a clause may open at ``start``: only spaces stand between it
    and the text's start, a line break, a sentence's end or a quote."""
    before = text[max(0, start - 3) : start].rstrip(" \t")
    return not before or before[-1] in _BEFORE_CLAUSE


def object_of_preposition(text: str, start: int) -> bool:
    """Whether the name at ``start`` follows a preposition, maybe with an
    article between: "looked at Miroku", "turned to the monk". Punctuation
    between them ends the phrase: "Sango turned around. Miroku said".

    >>> text = "Sango turned to the monk. Kaede looked around. Miroku sat."
    >>> [object_of_preposition(text, text.index(n)) for n in ("monk", "Sango", "Miroku")]
    [True, False, False]
    """
    return _PREPOSITION_BEFORE.search(text, max(0, start - 24), start) is not None


def kin_possessor(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` owns a relation word: "Kaede's
    mother", "Kaede s brother". The one it tells is someone else.

    >>> text = "said Kaede's mother; Kaede's hand"
    >>> [kin_possessor(text, text.index(n) + 5) for n in ("Kaede's m", "Kaede's h")]
    [True, False]
    """
    ending = _POSSESSIVE.match(text, end)
    if ending is None:
        return False
    word = _WORD_AFTER_POSSESSIVE.match(text, ending.end())
    return word is not None and word[1].lower() in RELATIONS


def possessive(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is a possessive: "Kaede's bow"."""
    return _POSSESSIVE.match(text, end) is not None


def after_for(text: str, start: int) -> bool:
    """Whether "for", the conjunction, opens the clause of the subject at
    ``start``: "she stopped, for Kaede cried out"."""
    return _FOR_BEFORE.search(text, max(0, start - 10), start) is not None


def possessive_at(tokens: list[Token], j: int) -> bool:
    """Whether the name ending with token ``j`` is a possessive: "Kaede's",
    or "Kaede s" where the text lost its apostrophes."""
    return tokens[j].lower.endswith(("'s", "’s")) or (
        j + 1 < len(tokens) and tokens[j + 1].lower == "s"
    )


def possessor_ending_at(tokens: list[Token], j: int, index: MentionIndex) -> Referent | None:
    """The character whose possessive ends at token ``j``: "Kaede's", "Kaede s"."""
    if tokens[j].lower == "s" and j > 0:
        j -= 1
    elif not tokens[j].lower.endswith(("'s", "’s")):
        return None
    for k in range(j, max(-1, j - 4), -1):
        found = referent_at(tokens, k, index)
        if found is not None and found[1] == j + 1:
            return None if found[0].pronoun else found[0]
    return None


def subject_ending_at(tokens: list[Token], j: int, index: MentionIndex) -> Referent | None:
    token = tokens[j]
    if token.lower in PRONOUN_GENDER:
        return Referent(token.lower, True, token.start, token.end)
    for k in range(j, max(-1, j - 4), -1):
        found = referent_at(tokens, k, index)
        if found is not None and found[1] == j + 1:
            return found[0]
    return None


def sentence_end(text: str, start: int, end: int) -> int:
    """Just past the first sentence end or quote mark from ``start``, within
    ``end`` and 120 characters; the period of "Mr." or "M." ends none.

    >>> text = 'M. Pike said. Then'
    >>> text[: sentence_end(text, 0, len(text))]
    'M. Pike said.'
    """
    stop = min(end, start + 120)
    at = start
    while (found := _SENTENCE_END.search(text, at, stop)) is not None:
        if found.group() != "." or not ABBREVIATION.search(text, start, found.start()):
            return found.end()
        at = found.end()
    return stop
