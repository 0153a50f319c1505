"""Whom a stretch of narration is about, and whom it hears speak.

The subject of its first or last clause that has one, every clause's
subject, and the one it hears speak ("heard Kaede call").

>>> from ficlens.model import Mention, MentionKind
>>> text = "Kaede put down the bowl."
>>> index = MentionIndex([Mention(0, 5, "kaede", MentionKind.NAME)])
>>> last_subject(text, 0, len(text), index).who
'kaede'
"""

from __future__ import annotations

import re

from ficlens.rules.attribution import (
    CLAUSE_BREAK,
    HEARD_VERBS,
    OBJECT_PRONOUN_GENDER,
    SPEECH_VERB,
    SUBJECT_PRONOUN,
    SUBJECT_PRONOUN_OF,
)
from ficlens.stages.words import (
    MentionIndex,
    Referent,
    object_of_preposition,
    past_verb,
    referent_at,
    tokenize,
)

# Words that may stand before a clause's subject: "Then she...", "But he...".
_LEADING_WORDS = frozenset("the then and but so finally slowly still now yet".split())

# The word after a name, to tell whether a verb follows it.
_PAST_AFTER = re.compile(r"(?:['’]s[ \t\n]+[a-z]+)?[ \t\n]+([a-z]+)\b")
# The same for the name itself, not something it owns, past an adverb.
_VERB_AFTER = re.compile(r"[ \t\n]+(?:[a-z]+ly[ \t\n]+)?([a-z]+)\b")

# "heard him yelling", "hears Kaede call": one heard, then a verb.
_HEARD = re.compile(
    r"\b(?:hear|hears|heard|hearing)\s+(?P<who>him|her|[A-Z][\w'’-]*)\s+(?:\w+ly\s+)?"
    r"(?P<verb>[a-z]+)\b"
)

# Contracted endings after a pronoun: "she'd", "he's", "they'll".
_CONTRACTION = re.compile(r"['’](?:d|s|ll|re|ve|m)$")


def last_subject(text: str, start: int, end: int, index: MentionIndex) -> Referent | None:
    """The subject of the last clause of ``text[start:end]`` that has one: a
    name or pronoun that opens it, or a name inside it that a verb in the
    past follows ("as I went out the porter stopped me")."""
    breaks = [start] + [m.end() for m in CLAUSE_BREAK.finditer(text, start, end)]
    clause_end = end
    for clause_start in reversed(breaks):
        inner = _acting(text, clause_start, clause_end, index)
        clause_end = clause_start
        tokens = tokenize(text, clause_start, end, 6)
        for i in range(min(3, len(tokens))):
            found = referent_at(tokens, i, index)
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
            and past_verb(after[1])
            and not object_of_preposition(text, mention.start)
        ):
            return Referent(mention.character, False, mention.start, mention.end)
    return None


def acts(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start``-``end`` is itself the subject of a verb
    in the past right after it: "Kaede smiled", "Kaede quickly turned"; not
    "turned to Kaede". Unlike a clause's subject (``_acting``), the name's
    face or hand doing something ("Kaede's face fell") is not the name acting
    here; one reading for both lost quotes on PDNC (42 end to end, 11 with
    the gold cast, leave-one-novel-out)."""
    if object_of_preposition(text, start):
        return False
    after = _VERB_AFTER.match(text, end)
    return after is not None and past_verb(after[1])


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
    tokens = tokenize(text, start, min(end, start + 60), 4)
    for i in range(min(2, len(tokens))):
        found = referent_at(tokens, i, index)
        if found is not None:
            return found[0]
    return None


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
