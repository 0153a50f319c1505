"""Who a stretch of narration names: speech tags, clause subjects, vocatives.

These helpers read a few words of narration next to a quote and return the
character (or pronoun) they point to, with the words they relied on.

>>> from ficlens.model import Mention, MentionKind
>>> text = '"Wait," said Miroku.'
>>> index = MentionIndex([Mention(13, 19, "miroku", MentionKind.NAME)])
>>> tag_after(text, 7, len(text), index).who
'miroku'
"""

from __future__ import annotations

import bisect
import re
from itertools import islice
from typing import NamedTuple

from ficlens.model import Mention
from ficlens.rules.attribution import (
    CLAUSE_BREAK,
    HEARD_VERBS,
    KIN_POSSESSORS,
    NOT_PRESENT_VERBS,
    OBJECT_PRONOUN_GENDER,
    PERSON_NOUNS,
    PREPOSITIONS,
    PRESENT_TAG_VERB_FORM,
    PRONOUN_GENDER,
    RELATIONS,
    SPEECH_VERB,
    SUBJECT_PRONOUN,
    SUBJECT_PRONOUN_OF,
    TAG_FILLER,
    TAG_REACH,
    TAG_VERB_FORM,
    WORD,
)
from ficlens.rules.names import ABBREVIATED_TITLES

# Words from a lead-in's end back to its verb: "Sango said, as if by an
# afterthought:".
TAG_VERB_REACH = 8

# Characters at a narration paragraph's start read for reported speech.
REPORTED_WINDOW = 90

# Characters after a quote read for its tag: "said the old priestess softly".
TAG_AFTER_CHARS = 70
# Characters looked back over for the word a tail of narration ends on.
LAST_WORD_CHARS = 40
_LAST_WORD = re.compile(rf"(?<![\w'’-])(?:{WORD.pattern})\.$")

# What ends the sentence or clause before a tag's subject; the marks that
# may stand just before the first word of a clause.
_CLAUSE_OPENING = re.compile(r"[.!?;:]")
_BEFORE_CLAUSE = frozenset('.!?;:"”\n')
# Words that may open the clause of a set-off subject: "while Kaede, ...".
_OPENING_WORDS = frozenset("and but then so while when as whereupon whilst".split())
# Words that may stand before a clause's subject: "Then she...", "But he...".
_LEADING_WORDS = frozenset("the then and but so finally slowly still now yet".split())


# The possessive ending after a name; " s " where a text lost its apostrophes.
_POSSESSIVE = re.compile(r"['’] ?s\b| s ")
# The word after a possessive ending: "mother" in "Kaede's mother".
_WORD_AFTER_POSSESSIVE = re.compile(r"[ \t\n]*([A-Za-z]+)")
# The word after a name, to tell whether a verb follows it.
_PAST_AFTER = re.compile(r"(?:['’]s[ \t\n]+[a-z]+)?[ \t\n]+([a-z]+)\b")
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
_DESCRIBING_ARTICLES = frozenset(("the", "a", "an", "this", "that"))
DESCRIBING_WORDS = 2
# How a referent that a noun describes is written: "the man".
DESCRIBED = "the "

# Where the sentence after a quote ends, for its tag.
_SENTENCE_END = re.compile(r'[.!?"“”]')
# A title's abbreviation or an initial, whose period ends no sentence.
_ABBREVIATION = re.compile(
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

# "heard him yelling", "hears Kaede call": one heard, then a verb.
_HEARD = re.compile(
    r"\b(?:hear|hears|heard|hearing)\s+(?P<who>him|her|[A-Z][\w'’-]*)\s+(?:\w+ly\s+)?"
    r"(?P<verb>[a-z]+)\b"
)

# Contracted endings after a pronoun: "she'd", "he's", "they'll".
_CONTRACTION = re.compile(r"['’](?:d|s|ll|re|ve|m)$")


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


class _Token(NamedTuple):
    start: int
    end: int
    lower: str


def _tokens(text: str, start: int, end: int, limit: int | None = None) -> list[_Token]:
    """The words of ``text[start:end]`` (the first ``limit`` of them)."""
    make = tuple.__new__  # skips the named tuple's argument parsing: this is a hot path
    return [
        make(_Token, (m.start(), m.end(), m.group().lower()))
        for m in islice(WORD.finditer(text, start, end), limit)
    ]


def _referent_at(tokens: list[_Token], i: int, index: MentionIndex) -> tuple[Referent, int] | None:
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
    if token.lower in _DESCRIBING_ARTICLES:
        return _described(tokens, i)
    if token.lower in KIN_POSSESSORS and i + 1 < len(tokens) and tokens[i + 1].lower in RELATIONS:
        kin = f"{token.lower} {tokens[i + 1].lower}"  # "his wife"
        return Referent(kin, True, token.start, tokens[i + 1].end), i + 2
    return None


def _named_kin(tokens: list[_Token], j: int, owner: str) -> tuple[Referent, int] | None:
    """The kin of ``owner``, whose name ends just before token ``j`` with a
    possessive, told by the word after it ("Kaede's mother", or "Kaede s
    mother" where the text lost its apostrophes), as the referent
    "<owner> mother"; and the next token index."""
    if j == 0 or not _possessive_at(tokens, j - 1):
        return None
    k = j + (j < len(tokens) and tokens[j].lower == "s")
    if k >= len(tokens) or tokens[k].lower not in RELATIONS:
        return None
    return Referent(f"{owner} {tokens[k].lower}", True, tokens[j - 1].start, tokens[k].end), k + 1


def _described(tokens: list[_Token], i: int) -> tuple[Referent, int] | None:
    """Someone told by a noun with a gender after the article at token
    ``i`` ("the old man"), as the referent "the man"."""
    for j in range(i + 1, min(len(tokens), i + 2 + DESCRIBING_WORDS)):
        word = tokens[j].lower
        if word in PERSON_NOUNS:
            return Referent(DESCRIBED + word, True, tokens[i].start, tokens[j].end), j + 1
        if word in _ARTICLES or word in PREPOSITIONS or _is_verb(tokens, j):
            break
    return None


def described_gender(text: str) -> str | None:
    """The gender of the person a tag describes, when its words describe
    one ("said the old man": male) rather than name them.

    >>> described_gender("said the old man"), described_gender("said Miroku")
    ('male', None)
    """
    tokens = _tokens(text, 0, len(text))
    for i, token in enumerate(tokens):
        if token.lower in _DESCRIBING_ARTICLES and (found := _described(tokens, i)) is not None:
            return PERSON_NOUNS[found[0].who.removeprefix(DESCRIBED)]
    return None


def _skip_fillers(tokens: list[_Token], i: int, limit: int = 2) -> int:
    while limit and i < len(tokens) and TAG_FILLER.fullmatch(tokens[i].lower):
        i, limit = i + 1, limit - 1
    return i


def _is_verb(tokens: list[_Token], i: int) -> bool:
    return i < len(tokens) and SPEECH_VERB.fullmatch(tokens[i].lower) is not None


def _is_tag_verb(tokens: list[_Token], i: int) -> bool:
    """Any past-tense verb in a tag's place: "interposed", "boomed", "faltered"."""
    return i < len(tokens) and TAG_VERB_FORM.fullmatch(tokens[i].lower) is not None


def _is_present_verb(tokens: list[_Token], i: int) -> bool:
    """A verb in the present after its subject: "Kaede snaps", "he shrugs"."""
    if i >= len(tokens):
        return False
    word = tokens[i].lower
    if i and tokens[i - 1].lower.endswith(("'s", "’s")):
        return False  # "Miroku's cheeks burned": a noun, his
    return PRESENT_TAG_VERB_FORM.fullmatch(word) is not None and word not in NOT_PRESENT_VERBS


def tag_after(
    text: str, start: int, end: int, index: MentionIndex, present: bool = False
) -> Referent | None:
    """A tag right after a quote: '"...," said Miroku' or '"...," Miroku said';
    in a story told in the ``present``, also '"...," Miroku waves'."""
    stop = _sentence_end(text, start, min(end, start + TAG_AFTER_CHARS))
    head = _tokens(text, start, stop, 2)
    if not head or not _may_open_tag(head, index):
        return None
    tokens = _tokens(text, start, stop, 8)
    i = _skip_fillers(tokens, 0)
    if _is_verb(tokens, i) or _is_tag_verb(tokens, i):
        # "said Miroku", "remarked skeptical Anne": the subject within two words
        for j in (i + 1, i + 2, i + 3):
            found = _referent_at(tokens, _skip_fillers(tokens, j), index)
            if found is not None:
                return found[0]._replace(start=tokens[i].start, verb=tokens[i].lower)
        return None
    possessive = _referent_at(tokens, 1, index) if tokens[0].lower == "was" else None
    if possessive is not None and _possessive_at(tokens, possessive[1] - 1):
        return possessive[0]._replace(start=tokens[0].start)  # '"...," was Kaede's answer'

    found = _referent_at(tokens, 0, index)
    if found is None:
        return None
    referent, j = found
    j = _skip_fillers(tokens, j)
    if _is_verb(tokens, j) or _is_tag_verb(tokens, j) or (present and _is_present_verb(tokens, j)):
        return referent._replace(end=tokens[j].end, verb=tokens[j].lower)
    return None


def _may_open_tag(head: list[_Token], index: MentionIndex) -> bool:
    """Whether the first words after a quote can open a tag: a filler
    ("then"), a verb, "was", an article ("the old man"), or a name or
    pronoun. Most narration cannot, and is dismissed before it is read
    further."""
    return bool(
        head[0].lower == "was"
        or head[0].lower in _DESCRIBING_ARTICLES
        or TAG_FILLER.fullmatch(head[0].lower)
        or _is_verb(head, 0)
        or _is_tag_verb(head, 0)
        or _referent_at(head, 0, index) is not None
    )


def tag_before(text: str, start: int, end: int, index: MentionIndex) -> Referent | None:
    """A tag right before a quote: 'Miroku said, "..."', 'she whispered to him:',
    'Miroku, drawing near her, said,' or a lead-in line 'Kaede began.'"""
    tail = text[start:end].rstrip(" \t\r\n,:—–-")
    if not tail or tail[-1] in '!?"”':
        return None
    if tail[-1] == "." and not _ends_on_verb(tail):
        return None  # a sentence of narration, not a tag: most often
    tokens = _tokens(text, start, start + len(tail))
    last = len(tokens) - 1
    if tail[-1] == "." and (last < 0 or not (_is_verb(tokens, last) or _is_tag_verb(tokens, last))):
        return None
    for i in range(last, max(-1, last - TAG_VERB_REACH), -1):
        if not (_is_verb(tokens, i) or (i == last and _is_tag_verb(tokens, i))):
            continue
        subject = _subject_before(text, tokens, i, index)
        if subject is not None:
            return subject._replace(end=tokens[i].end, verb=tokens[i].lower)
        return None
    return None


def _ends_on_verb(tail: str) -> bool:
    """Whether the word before a closing period could be a tag's verb
    ("Kaede began."), read without splitting the whole tail into words."""
    last = _LAST_WORD.search(tail, max(0, len(tail) - LAST_WORD_CHARS))
    if last is None:
        return True  # no plain word at the end: let the full reading decide
    word = last.group()[:-1].lower()
    return bool(SPEECH_VERB.fullmatch(word) or TAG_VERB_FORM.fullmatch(word))


def _subject_before(
    text: str, tokens: list[_Token], verb: int, index: MentionIndex
) -> Referent | None:
    """The subject of the verb at ``verb``: right before it (adverbs skipped),
    or the nearest name or pronoun before it that no preposition governs."""
    j = verb - 1
    while j >= 0 and TAG_FILLER.fullmatch(tokens[j].lower) and verb - j <= 2:
        j -= 1
    if j > 0 and tokens[j].lower in OBJECT_PRONOUN_GENDER:
        heard = heard_speaking(text, tokens[j - 1].start, tokens[verb].end, index)
        if heard is not None:  # "she heard him say,": his line
            return heard
    if j >= 0 and tokens[verb].lower.endswith("ing"):
        owner = _possessor_ending_at(tokens, j, index)
        if owner is not None:  # "stopped by Kaede's saying,": her line
            return owner
    if j >= 0 and "," in text[tokens[j].end : tokens[verb].start]:
        found = _set_off_subject(text, tokens, verb, index)
        if found is not None:
            return found
    found = _subject_ending_at(tokens, j, index) if j >= 0 else None
    if found is not None and (
        not object_of_preposition(text, found.start) or _after_for(text, found.start)
    ):
        return found
    if j > 0 and tokens[j].lower in ("and", "but"):
        found = _sentence_subject(text, tokens, verb, index)
        if found is not None:  # "She saw Kaede and said": hers, not Kaede's
            return found
    for k in range(verb - 1, max(-1, verb - TAG_REACH), -1):
        referent = _referent_at(tokens, k, index)
        if referent is None or referent[1] > verb:
            continue
        relative = referent[1] < verb and tokens[referent[1]].lower == "who"
        if object_of_preposition(text, tokens[k].start) and not relative:
            continue  # "met by Roland, who ... said," is his line all the same
        if referent[0].pronoun and tokens[k].lower not in PRONOUN_GENDER:
            continue
        return referent[0]
    return None


def _sentence_subject(
    text: str, tokens: list[_Token], verb: int, index: MentionIndex
) -> Referent | None:
    """The subject of the sentence whose verb at ``verb`` has none of its
    own, as when it follows "and": the last name or pronoun of the sentence
    that a verb in the past follows and that no "as" or "when" puts in a
    clause of its own. "As Sango came in, Kaede looked at Miroku and said"
    is Kaede's line; None when the words read start mid-sentence."""
    first = 0
    for k in range(verb - 1, 0, -1):
        between = text[tokens[k - 1].end : tokens[k].start]
        if _CLAUSE_OPENING.search(between) and not (
            between.lstrip().startswith(".")
            and _ABBREVIATION.search(text, tokens[k - 1].start, tokens[k - 1].end)
        ):  # "Mr. Pike" ends no sentence
            first = k
            break
    else:
        if not tokens or not _opens_clause(text, tokens[0].start):
            return None
    subject, k = None, first
    while k < verb:
        found = _referent_at(tokens, k, index)
        if found is None:
            k += 1
            continue
        referent, after = found
        if (
            after < verb
            and _past_verb(tokens[after].lower)
            and (k == 0 or tokens[k - 1].lower not in _SUBORDINATING)
            and not object_of_preposition(text, referent.start)
            and not possessive(text, referent.end)
        ):
            subject = referent
        k = max(after, k + 1)
    return subject


# Words that open a clause inside a sentence, whose subject is not the sentence's.
_SUBORDINATING = frozenset(
    "as when while whilst though although if because after before until since that where"
    " who which whom".split()
)


def _past_verb(word: str) -> bool:
    return bool(TAG_VERB_FORM.fullmatch(word) or word in _IRREGULAR_PAST)


def _set_off_subject(
    text: str, tokens: list[_Token], verb: int, index: MentionIndex
) -> Referent | None:
    """The subject that opens the clause of the verb at ``verb`` and that
    commas set off from it: "Kaede, going to the door where Sango stood,
    said" is Kaede's line, not Sango's; so is "..., while Kaede, seeing
    Sango, added"."""
    for k in range(verb - 1, -1, -1):
        if k:
            between = text[tokens[k - 1].end : tokens[k].start]
            sentence_start = _CLAUSE_OPENING.search(between) is not None
            if not sentence_start and "," not in between:
                continue
        elif _opens_clause(text, tokens[0].start):
            sentence_start = True
        else:
            return None  # the words read start mid-sentence
        i = k
        while i < verb and tokens[i].lower in _OPENING_WORDS:
            i += 1
        found = _referent_at(tokens, i, index) if i - k <= 1 else None
        if found is not None:
            referent, after = found
            if after < verb and text[referent.end : tokens[after].start].strip() == ",":
                return referent
        if sentence_start:
            return None
    return None


def _opens_clause(text: str, start: int) -> bool:
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


def _after_for(text: str, start: int) -> bool:
    """Whether "for", the conjunction, opens the clause of the subject at
    ``start``: "she stopped, for Kaede cried out"."""
    return _FOR_BEFORE.search(text, max(0, start - 10), start) is not None


def _possessive_at(tokens: list[_Token], j: int) -> bool:
    """Whether the name ending with token ``j`` is a possessive: "Kaede's",
    or "Kaede s" where the text lost its apostrophes."""
    return tokens[j].lower.endswith(("'s", "’s")) or (
        j + 1 < len(tokens) and tokens[j + 1].lower == "s"
    )


def _possessor_ending_at(tokens: list[_Token], j: int, index: MentionIndex) -> Referent | None:
    """The character whose possessive ends at token ``j``: "Kaede's", "Kaede s"."""
    if tokens[j].lower == "s" and j > 0:
        j -= 1
    elif not tokens[j].lower.endswith(("'s", "’s")):
        return None
    for k in range(j, max(-1, j - 4), -1):
        found = _referent_at(tokens, k, index)
        if found is not None and found[1] == j + 1:
            return None if found[0].pronoun else found[0]
    return None


def _subject_ending_at(tokens: list[_Token], j: int, index: MentionIndex) -> Referent | None:
    token = tokens[j]
    if token.lower in PRONOUN_GENDER:
        return Referent(token.lower, True, token.start, token.end)
    for k in range(j, max(-1, j - 4), -1):
        found = _referent_at(tokens, k, index)
        if found is not None and found[1] == j + 1:
            return found[0]
    return None


def last_subject(text: str, start: int, end: int, index: MentionIndex) -> Referent | None:
    """The subject of the last clause of ``text[start:end]`` that has one: a
    name or pronoun that opens it, or a name inside it that a verb in the
    past follows ("as I went out the porter stopped me")."""
    breaks = [start] + [m.end() for m in CLAUSE_BREAK.finditer(text, start, end)]
    clause_end = end
    for clause_start in reversed(breaks):
        inner = _acting(text, clause_start, clause_end, index)
        clause_end = clause_start
        tokens = _tokens(text, clause_start, end, 6)
        for i in range(min(3, len(tokens))):
            found = _referent_at(tokens, i, index)
            if found is not None:
                return inner if inner is not None and inner.start > found[0].start else found[0]
            if tokens[i].lower not in _LEADING_WORDS:
                break
        if inner is not None:
            return inner
    return None


def _acting(text: str, start: int, end: int, index: MentionIndex) -> Referent | None:
    """The last name in ``text[start:end]`` that a verb in the past follows
    and no preposition governs: "the street the porter stopped me", "Kaede's
    face fell"."""
    for mention in reversed(index.between(start, end)):
        after = _PAST_AFTER.match(text, mention.end)
        if (
            after is not None
            and _past_verb(after[1])
            and not object_of_preposition(text, mention.start)
        ):
            return Referent(mention.character, False, mention.start, mention.end)
    return None


def clause_subjects(text: str, start: int, end: int, index: MentionIndex) -> list[Referent]:
    """Subjects in ``text[start:end]``: every subject pronoun ("she", "he'd")
    wherever it stands, and names that open a clause."""
    found = [
        Referent(_CONTRACTION.sub("", m.group().lower()), True, m.start(), m.end())
        for m in SUBJECT_PRONOUN.finditer(text, start, end)
    ]
    for mention in index.between(start, end):
        before = text[max(start, mention.start - 24) : mention.start].rstrip()
        last_word = before.rsplit(None, 1)[-1].lower() if before else ""
        if (
            mention.start - start < 3
            or before[-1:] in ".!?;:,—–"
            or last_word in _LEADING_WORDS
            or last_word in ("but", "and", "while", "as", "when")
        ):
            found.append(Referent(mention.character, False, mention.start, mention.end))
    return sorted(found, key=lambda r: r.start)


def first_subject(text: str, start: int, end: int, index: MentionIndex) -> Referent | None:
    """The subject of the first clause of ``text[start:end]``."""
    tokens = _tokens(text, start, min(end, start + 60), 4)
    for i in range(min(2, len(tokens))):
        found = _referent_at(tokens, i, index)
        if found is not None:
            return found[0]
    return None


def _sentence_end(text: str, start: int, end: int) -> int:
    """Just past the first sentence end or quote mark from ``start``, within
    ``end`` and 120 characters; the period of "Mr." or "M." ends none.

    >>> text = 'M. Pike said. Then'
    >>> text[: _sentence_end(text, 0, len(text))]
    'M. Pike said.'
    """
    stop = min(end, start + 120)
    at = start
    while (found := _SENTENCE_END.search(text, at, stop)) is not None:
        if found.group() != "." or not _ABBREVIATION.search(text, start, found.start()):
            return found.end()
        at = found.end()
    return stop


def heard_speaking(text: str, start: int, end: int, index: MentionIndex) -> Referent | None:
    """Whom the narration last hears speak: "She could hear him yelling after
    her", "heard Kaede call". A pronoun comes back as the subject pronoun of
    its gender ("him" as "he").

    >>> heard_speaking("She could hear him yelling after her.", 0, 37, MentionIndex([])).who
    'he'
    """
    found = None
    for match in _HEARD.finditer(text, start, end):
        verb = match["verb"]
        if not (SPEECH_VERB.fullmatch(verb) or verb in HEARD_VERBS):
            continue
        who, at = match["who"], match.start("who")
        if who in OBJECT_PRONOUN_GENDER:
            found = Referent(SUBJECT_PRONOUN_OF[OBJECT_PRONOUN_GENDER[who]], True, at,
                             match.end("who"), verb)  # fmt: skip
        elif (mention := index.by_start.get(at)) is not None:
            found = Referent(mention.character, False, at, mention.end, verb)
    return found


def reported_speech(text: str, start: int, end: int, index: MentionIndex) -> Referent | None:
    """A speech verb reporting what someone said, without quoting it:
    "Miroku replied that he had not." (subject, verb, then "that")."""
    window_end = min(end, start + REPORTED_WINDOW)
    window = text[start:window_end]
    if " that " not in window and " to " not in window:
        return None
    tokens = _tokens(text, start, window_end, 12)
    for i, token in enumerate(tokens[:-1]):
        if _is_verb(tokens, i) and tokens[i + 1].lower in ("that", "to"):
            subject = _subject_before(text, tokens, i, index)
            if subject is not None:
                return subject._replace(end=token.end, verb=token.lower)
    return None
