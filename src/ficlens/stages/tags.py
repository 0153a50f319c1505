"""Who a stretch of narration names as a quote's speaker: tags and reported speech.

These helpers read a few words of narration next to a quote and return the
character (or pronoun) they point to, with the words they relied on.

>>> from ficlens.model import Mention, MentionKind
>>> text = '"Wait," said Miroku.'
>>> index = MentionIndex([Mention(13, 19, "miroku", MentionKind.NAME)])
>>> tag_after(text, 7, len(text), index).who
'miroku'
"""

from __future__ import annotations

import re

from ficlens.rules.attribution import (
    OBJECT_PRONOUN_GENDER,
    PRONOUN_GENDER,
    TAG_FILLER,
    TAG_REACH,
)
from ficlens.stages.subjects import heard_speaking
from ficlens.stages.words import (
    ABBREVIATION,
    DESCRIBING_ARTICLES,
    MentionIndex,
    Referent,
    Token,
    after_for,
    ends_on_verb,
    is_present_verb,
    is_tag_verb,
    is_verb,
    object_of_preposition,
    opens_clause,
    past_verb,
    possessive,
    possessive_at,
    possessor_ending_at,
    referent_at,
    sentence_end,
    skip_fillers,
    subject_ending_at,
    tokenize,
)

# Words from a lead-in's end back to its verb: "Sango said, as if by an
# afterthought:".
TAG_VERB_REACH = 8

# Characters at a narration paragraph's start read for reported speech.
REPORTED_WINDOW = 90

# Characters after a quote read for its tag: "said the old priestess softly".
TAG_AFTER_CHARS = 70

# What ends the sentence or clause before a tag's subject.
_CLAUSE_OPENING = re.compile(r"[.!?;:]")

# Words that may open the clause of a set-off subject: "while Kaede, ...".
_OPENING_WORDS = frozenset("and but then so while when as whereupon whilst".split())


def tag_after(
    text: str, start: int, end: int, index: MentionIndex, present: bool = False
) -> Referent | None:
    """A tag right after a quote: '"...," said Miroku' or '"...," Miroku said';
    in a story told in the ``present``, also '"...," Miroku waves'."""
    stop = sentence_end(text, start, min(end, start + TAG_AFTER_CHARS))
    head = tokenize(text, start, stop, 2)
    if not head or not _may_open_tag(head, index):
        return None
    tokens = tokenize(text, start, stop, 8)
    i = skip_fillers(tokens, 0)
    if is_verb(tokens, i) or is_tag_verb(tokens, i):
        # "said Miroku", "remarked skeptical Anne": the subject within two words
        for j in (i + 1, i + 2, i + 3):
            found = referent_at(tokens, skip_fillers(tokens, j), index)
            if found is not None:
                return found[0]._replace(start=tokens[i].start, verb=tokens[i].lower)
        return None
    possessive = referent_at(tokens, 1, index) if tokens[0].lower == "was" else None
    if possessive is not None and possessive_at(tokens, possessive[1] - 1):
        return possessive[0]._replace(start=tokens[0].start)  # '"...," was Kaede's answer'

    found = referent_at(tokens, 0, index)
    if found is None:
        return None
    referent, j = found
    j = skip_fillers(tokens, j)
    if is_verb(tokens, j) or is_tag_verb(tokens, j) or (present and is_present_verb(tokens, j)):
        return referent._replace(end=tokens[j].end, verb=tokens[j].lower)
    return None


def _may_open_tag(head: list[Token], index: MentionIndex) -> bool:
    """Whether the first words after a quote can open a tag: a filler
    ("then"), a verb, "was", an article ("the old man"), or a name or
    pronoun. Most narration cannot, and is dismissed before it is read
    further."""
    return bool(
        head[0].lower == "was"
        or head[0].lower in DESCRIBING_ARTICLES
        or TAG_FILLER.fullmatch(head[0].lower)
        or is_verb(head, 0)
        or is_tag_verb(head, 0)
        or referent_at(head, 0, index) is not None
    )


def tag_before(text: str, start: int, end: int, index: MentionIndex) -> Referent | None:
    """A tag right before a quote: 'Miroku said, "..."', 'she whispered to him:',
    'Miroku, drawing near her, said,' or a lead-in line 'Kaede began.'"""
    tail = text[start:end].rstrip(" \t\r\n,:—–-")
    if not tail or tail[-1] in '!?"”':
        return None
    if tail[-1] == "." and not ends_on_verb(tail):
        return None  # a sentence of narration, not a tag: most often
    tokens = tokenize(text, start, start + len(tail))
    last = len(tokens) - 1
    if tail[-1] == "." and (last < 0 or not (is_verb(tokens, last) or is_tag_verb(tokens, last))):
        return None
    for i in range(last, max(-1, last - TAG_VERB_REACH), -1):
        if not (is_verb(tokens, i) or (i == last and is_tag_verb(tokens, i))):
            continue
        subject = _subject_before(text, tokens, i, index)
        if subject is not None:
            return subject._replace(end=tokens[i].end, verb=tokens[i].lower)
        return None
    return None


def _relative_subject(tokens: list[Token], who: int, index: MentionIndex) -> Referent | None:
    """Whom ", who" at token ``who`` stands for: the name, kin or
    description right before it ("met by the old man, who said", "a glance
    at her son, who said"); else nobody, since the sentence's subject is
    then someone else.

    >>> text = "They were met by the old man, who said"
    >>> tokens = tokenize(text, 0, len(text))
    >>> _relative_subject(tokens, 7, MentionIndex([])).who
    'the man'
    """
    for k in range(who - 1, max(-1, who - 5), -1):
        found = referent_at(tokens, k, index)
        if found is not None and found[1] == who:
            return None if found[0].who in PRONOUN_GENDER else found[0]
    return None


def _subject_before(
    text: str, tokens: list[Token], verb: int, index: MentionIndex
) -> Referent | None:
    """The subject of the verb at ``verb``: right before it (adverbs skipped),
    whom ", who" right before it stands for, or the nearest name or pronoun
    before it that no preposition governs."""
    j = verb - 1
    while j >= 0 and TAG_FILLER.fullmatch(tokens[j].lower) and verb - j <= 2:
        j -= 1
    if j > 0 and tokens[j].lower == "who" and "," in text[tokens[j - 1].end : tokens[j].start]:
        return _relative_subject(tokens, j, index)
    if j > 0 and tokens[j].lower in OBJECT_PRONOUN_GENDER:
        heard = heard_speaking(text, tokens[j - 1].start, tokens[verb].end, index)
        if heard is not None:  # "she heard him say,": his line
            return heard
    if j >= 0 and tokens[verb].lower.endswith("ing"):
        owner = possessor_ending_at(tokens, j, index)
        if owner is not None:  # "stopped by Kaede's saying,": her line
            return owner
    if j >= 0 and "," in text[tokens[j].end : tokens[verb].start]:
        found = _set_off_subject(text, tokens, verb, index)
        if found is not None:
            return found
    found = subject_ending_at(tokens, j, index) if j >= 0 else None
    if found is not None and (
        not object_of_preposition(text, found.start) or after_for(text, found.start)
    ):
        return found
    if j > 0 and tokens[j].lower in ("and", "but"):
        found = _sentence_subject(text, tokens, verb, index)
        if found is not None:  # "She saw Kaede and said": hers, not Kaede's
            return found
    for k in range(verb - 1, max(-1, verb - TAG_REACH), -1):
        referent = referent_at(tokens, k, index)
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
    text: str, tokens: list[Token], verb: int, index: MentionIndex
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
            and ABBREVIATION.search(text, tokens[k - 1].start, tokens[k - 1].end)
        ):  # "Mr. Pike" ends no sentence
            first = k
            break
    else:
        if not tokens or not opens_clause(text, tokens[0].start):
            return None
    subject, k = None, first
    while k < verb:
        found = referent_at(tokens, k, index)
        if found is None:
            k += 1
            continue
        referent, after = found
        if (
            after < verb
            and past_verb(tokens[after].lower)
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


def _set_off_subject(
    text: str, tokens: list[Token], verb: int, index: MentionIndex
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
        elif opens_clause(text, tokens[0].start):
            sentence_start = True
        else:
            return None  # the words read start mid-sentence
        i = k
        while i < verb and tokens[i].lower in _OPENING_WORDS:
            i += 1
        found = referent_at(tokens, i, index) if i - k <= 1 else None
        if found is not None:
            referent, after = found
            if after < verb and text[referent.end : tokens[after].start].strip() == ",":
                return referent
        if sentence_start:
            return None
    return None


def reported_speech(text: str, start: int, end: int, index: MentionIndex) -> Referent | None:
    """A speech verb reporting what someone said, without quoting it:
    "Miroku replied that he had not." (subject, verb, then "that")."""
    window_end = min(end, start + REPORTED_WINDOW)
    window = text[start:window_end]
    if " that " not in window and " to " not in window:
        return None
    tokens = tokenize(text, start, window_end, 12)
    for i, token in enumerate(tokens[:-1]):
        if is_verb(tokens, i) and tokens[i + 1].lower in ("that", "to"):
            subject = _subject_before(text, tokens, i, index)
            if subject is not None:
                return subject._replace(end=token.end, verb=token.lower)
    return None
