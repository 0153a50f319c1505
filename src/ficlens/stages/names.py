"""Name occurrences and the evidence around them, gathered in one pass.

One regex finds every run of capitalised words (with a title before and an
honorific after); each run is cut at words that are never names and the
pieces are recorded as :class:`Hit`s with what their context says: a speech
tag, a subject verb, a place cue, a pronoun. :mod:`ficlens.stages.cast`
clusters them into characters.

>>> hits, stats = scan_names('"Go," said Miroku. Sango ran into Kyoto.', [])
>>> [(h.name, h.title) for h in hits]
[('Go', ''), ('Miroku', ''), ('Sango', ''), ('Kyoto', '')]
>>> stats["Miroku"].tags, stats["Kyoto"].places
(1, 1)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ficlens.model import Gender
from ficlens.rules.attribution import PERSON_NOUNS
from ficlens.rules.dialogue import QUOTE_CLOSERS
from ficlens.rules.names import (
    CLAUSE_OPENERS,
    FEMALE_HONORIFICS,
    FEMALE_PRONOUNS,
    GESTURE_HER,
    MALE_HONORIFICS,
    MALE_PRONOUNS,
    MIN_NAME_WORD_TAGS,
    MIN_PRESENT_TAGS,
    NAME_RUN,
    NAME_WORDS,
    NON_NAMES,
    PAST_TAGS,
    PLACE_PREPOSITIONS,
    PLACE_SUFFIXES,
    PLURAL_DETERMINERS,
    PREDICATE_NOUN,
    PRESENT_SUBJECT_VERBS,
    PRESENT_TAGS,
    PRONOUN_AFTER,
    REPORTING_VERBS,
    SENTENCE_ENDS,
    SENTENCE_OPENERS,
    SENTENCE_START_CHARS,
    SPEECH_VERBS,
    SUBJECT_VERBS,
    VOCATIVE_AFTER,
    VOCATIVE_BEFORE,
    WEAK_PLACE_PREPOSITIONS,
    WORD_AFTER,
    WORD_BEFORE_CHARS,
    title_gender,
)

_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[a-z]+")
# "her" as an object, with no noun after it: "came towards her, and".
_OBJECT_HER = re.compile(
    r"\bher\b(?=[ \t\n]*[,.;:!?—–]|[ \t\n]+(?:and|as|with|in|to|for|but|then|while|at|from)\b)"
)
# "the Lane" before a place word is the place, never the Lanes' surname.
_ARTICLE = "the "


class Hit(NamedTuple):
    """One occurrence of a name: ``start``/``end`` cover title and honorific."""

    start: int
    end: int
    title: str  # without its period: "Mr", "Lady"; "" when none
    name: str  # the name words, single-spaced: "Roland Pike"
    honorific: str  # "chan", "sama"; "" when none
    initial: bool  # first word of a sentence, so its capital proves nothing
    vote: int = 0  # gender evidence here: +1 male (he, Mr.), -1 female (she, Miss)


@dataclass(slots=True)
class NameStats:
    """What the contexts of one name (all titles together) say about it."""

    count: int = 0
    inner: int = 0  # occurrences not at a sentence start
    titled: int = 0
    tags: int = 0  # next to a speech verb
    vocatives: int = 0  # opening a quote and followed by , ! or ?: '"Wren, hurry!"'
    subject: int = 0  # followed by a verb
    places: int = 0  # after in/into/near..., or before Street/Hall...
    weak_places: int = 0  # after at/to/from/of/the
    definite: int = 0  # after "the" ("the Baron"): a title as often as a place
    described: int = 0  # after "the" or "The" anywhere: "the Slytherin drawled"
    plural: int = 0  # after "these", "several", "two": a people ("these Norrians")
    male: int = 0
    female: int = 0


def scan_names(text: str, skip: list[tuple[int, int]]) -> tuple[list[Hit], dict[str, NameStats]]:
    """Every name-like run in ``text`` outside the ``skip`` ranges (sorted)."""
    found: list[Hit] = []
    bare_places: set[str] = set()
    # Words that may be given names ("May"): each place, and whether a tag is there.
    name_words: dict[str, list[tuple[Hit, bool]]] = {}
    stats: dict[str, NameStats] = {}
    skip_index = 0
    skip_start, skip_end = skip[0] if skip else (len(text), len(text))
    for match in NAME_RUN.finditer(text):
        start = match.start()
        if start >= skip_start:
            while start >= skip_end and skip_index < len(skip):
                skip_index += 1
                skip_start, skip_end = skip[skip_index] if skip_index < len(skip) else (
                    len(text) + 1, len(text) + 1)  # fmt: skip
            if skip_start <= start < skip_end:
                continue
        title, name, honorific = match.group(1, 2, 3)
        if name.isalpha():
            # One plain word (the common case): no cutting needed.
            lower = name.lower()
            surname = lower in PLACE_SUFFIXES  # "Mrs. Lane", and then "Lane" alone
            if lower in NAME_WORDS and not title:
                hit = Hit(start, match.end(), "", name, honorific or "",
                          _sentence_start(text, start))  # fmt: skip
                name_words.setdefault(name, []).append((hit, _tagged(text, start, match.end())))
                continue
            if (lower in NON_NAMES and not surname) or len(name) < 2:
                continue  # "The", "She", "I"
            initial = title is None and _sentence_start(text, start)
            if not title and lower in NON_NAMES:
                if text[max(0, start - len(_ARTICLE)) : start] == _ARTICLE:
                    continue
                bare_places.add(name)  # a name only if some title goes with it
            title = title.rstrip(".") if title else ""
            found.append(Hit(start, match.end(), title, name, honorific or "", initial))
            continue
        for hit, place_after in _pieces(text, match):
            if place_after:
                _stats(stats, hit.name).places += 1
            else:
                found.append(hit)
    if bare_places:
        untitled = bare_places - {hit.name for hit in found if hit.title}
        found = [hit for hit in found if hit.title or hit.name not in untitled]
    # "said May" more than once: May is a name wherever a capital is no sentence's
    named = [
        hit
        for seen in name_words.values()
        if sum(tagged for _, tagged in seen) >= MIN_NAME_WORD_TAGS
        for hit, tagged in seen
        if tagged or not hit.initial
    ]
    if named:
        found = sorted(found + named, key=lambda hit: hit.start)
    known = {word for hit in found if not hit.initial for word in hit.name.split()}
    hits = []
    subject_verbs = (
        SUBJECT_VERBS | PRESENT_SUBJECT_VERBS if told_in_present(text) else SUBJECT_VERBS
    )
    for hit in found:
        if hit.initial and " " in hit.name and hit.name.split(" ", 1)[0] not in known:
            hit = _drop_first_word(text, hit)
        vote = _observe(text, hit, _stats(stats, hit.name), subject_verbs)
        hits.append(hit._replace(vote=vote) if vote else hit)
    return hits, stats


@lru_cache(maxsize=1)  # asked by the cast and the attribution of one story
def told_in_present(text: str) -> bool:
    """Whether the story's tags are in the present ("she says") rather than
    the past ("she said").

    >>> told_in_present('"Go," she says. "Now," he says. "Why?" she asks.')
    True
    """
    present = sum(text.count(f" {verb}") for verb in PRESENT_TAGS)
    return present >= MIN_PRESENT_TAGS and present > sum(
        text.count(f" {verb}") for verb in PAST_TAGS
    )


def _tagged(text: str, start: int, end: int) -> bool:
    """Whether a verb of saying stands right before or after ``text[start:end]``."""
    after = WORD_AFTER.match(text, end)
    if after is not None and after.group(1) in SPEECH_VERBS:
        return True
    words = text[max(0, start - WORD_BEFORE_CHARS) : start].split()
    return bool(words) and words[-1].rstrip(",") in SPEECH_VERBS


def _stats(stats: dict[str, NameStats], name: str) -> NameStats:
    entry = stats.get(name)
    if entry is None:
        entry = stats[name] = NameStats()
    return entry


def _drop_first_word(text: str, hit: Hit) -> Hit:
    """'Suddenly Sango' at a sentence start: the first word is no name."""
    rest = hit.name.split(" ", 1)[1]
    gap = _TOKEN.search(text, hit.start)
    start = gap.end() if gap else hit.start
    while start < hit.end and text[start].isspace():
        start += 1
    return hit._replace(start=start, name=rest, initial=False)


def _pieces(text: str, match: re.Match[str]) -> list[tuple[Hit, bool]]:
    """Cut a run at non-name words; a piece before "Street" etc. is a place."""
    name_start = match.start("name")
    title = match.group("title") or ""
    honorific = match.group("honorific") or ""
    initial = _sentence_start(text, match.start())
    pieces: list[tuple[Hit, bool]] = []
    words: list[re.Match[str]] = []
    first = True
    tokens = list(_TOKEN.finditer(match.group("name")))
    # "met May Ashdown" mid-sentence: a common word that is a given name, before a name
    given = (
        len(tokens) > 1
        and tokens[0].group().casefold() in NAME_WORDS
        and tokens[1].group().casefold() not in NON_NAMES
        and (bool(title) or not initial)
    )
    for token in [*tokens, None]:
        word = token.group() if token else ""
        breaker = token is None or len(word) < 2 or word.casefold() in NON_NAMES
        if breaker and given and token is tokens[0]:
            breaker = False
        if not breaker:
            assert token is not None
            words.append(token)
            continue
        if words:
            begin = name_start + words[0].start()
            end = name_start + words[-1].end()
            owns_title = first and words[0].start() == 0 and bool(title)
            last = token is None
            name = " ".join(w.group() for w in words)
            hit = Hit(
                match.start() if owns_title else begin,
                match.end() if last and honorific else end,
                title.rstrip(".") if owns_title else "",
                name,
                honorific if last else "",
                initial and words[0].start() == 0 and not title,
            )
            place_after = bool(token) and word.casefold() in PLACE_SUFFIXES
            pieces.append((hit, place_after))
        words = []
        first = False
    return pieces


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - SENTENCE_START_CHARS) : start].rstrip(SENTENCE_OPENERS)
    return not before or before[-1] in SENTENCE_ENDS


def _pronoun_vote(text: str, end: int) -> int:
    """The gender vote (+1, -1 or 0) of the pronoun that follows a name
    ending at ``end`` as its subject or in its tag (``PRONOUN_AFTER``)."""
    pronoun = PRONOUN_AFTER.match(text, end)
    if pronoun is None:
        return 0
    group = "pronoun" if pronoun.group("pronoun") else "pronoun_next"
    at, word = pronoun.start(group), pronoun.group(group).lower()
    if word in MALE_PRONOUNS:
        kind = "male"
    elif word in FEMALE_PRONOUNS and not _OBJECT_HER.search(text, end, at):
        kind = "female"  # not "Roland came towards her, hid herself": the "she" is hers
    else:
        return 0
    if _reported(text, end, at) or _noun_between(text, end, at, kind):
        return 0
    return 1 if kind == "male" else -1


def _noun_between(text: str, start: int, end: int, kind: str) -> bool:
    """Whether a noun of the pronoun's gender (``kind``) stands between a
    name and it: in "Roland looked at the girl. She ..." the "she" is the girl.

    >>> _noun_between("Roland looked at the girl. She", 6, 27, "female")
    True
    """
    return any(PERSON_NOUNS.get(word) == kind for word in _WORD.findall(text, start, end))


def _reported(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, between a name and a pronoun, is a verb
    that reports a clause ("said", "knew that"): in "Sango said he'd gone
    north" the "he" is someone else.

    >>> _reported("Sango said he'd gone", 5, 11), _reported("Sango ran and he", 5, 14)
    (True, False)
    """
    words = text[start:end].split()
    return (
        1 <= len(words) <= 2
        and words[0] in REPORTING_VERBS
        and (len(words) == 1 or words[1] in CLAUSE_OPENERS)
    )


def _observe(text: str, hit: Hit, entry: NameStats, subject_verbs: frozenset[str]) -> int:
    """Count what the context of ``hit`` says; return its gender vote."""
    vote = 0
    entry.count += 1
    if not hit.initial:
        entry.inner += 1
    if hit.title:
        entry.titled += 1
    words = text[max(0, hit.start - WORD_BEFORE_CHARS) : hit.start].split()
    before = words[-1] if words else ""
    entry.plural += before.lower() in PLURAL_DETERMINERS
    entry.described += before in ("the", "The")
    if before in PLACE_PREPOSITIONS:
        entry.places += 1
    elif before in WEAK_PLACE_PREPOSITIONS:
        entry.weak_places += 1
        entry.definite += before == "the"
    after_match = WORD_AFTER.match(text, hit.end)
    after = after_match.group(1) if after_match else ""
    tagged = after in SPEECH_VERBS or before in SPEECH_VERBS  # not "I say, Roland,"
    if tagged:
        entry.tags += 1
    opening = (  # '"Miroku, sit down"'; the quote goes on: not '"Stop," said'
        text[hit.end : hit.end + 1] in VOCATIVE_AFTER
        and before[-1:] in VOCATIVE_BEFORE
        and text[hit.end + 1 : hit.end + 2] == " "
    )
    closing = (  # '"Hello, Miroku," said'
        before.endswith(",")
        and text[hit.start - 2 : hit.start] == ", "
        and text[hit.end : hit.end + 1] in ",.!?"
        and text[hit.end + 1 : hit.end + 2] in QUOTE_CLOSERS
    )
    if opening or closing:
        entry.vocatives += 1
    subject = after in subject_verbs or after.endswith("ed")
    if subject:
        entry.subject += 1
    if subject and GESTURE_HER.match(text, hit.end):
        vote -= 1  # "Kagome rolled her eyes"
    elif subject or tagged:
        vote += _pronoun_vote(text, hit.end)
    if hit.honorific in MALE_HONORIFICS:
        vote += 1
    elif hit.honorific in FEMALE_HONORIFICS:
        vote -= 1
    if hit.title:
        gender = title_gender(hit.title)
        vote += 3 if gender is Gender.MALE else -3 if gender is Gender.FEMALE else 0
    if vote > 0:
        entry.male += vote
    elif vote < 0:
        entry.female -= vote
    return vote + _predicate_vote(text, hit.end)


def _predicate_vote(text: str, end: int) -> int:
    """The gender vote of what a name is said to be, right after it ("Kagome
    was a girl who..."): no sign of a person by itself ("London was a city")."""
    described = PREDICATE_NOUN.match(text, end)
    kind = PERSON_NOUNS.get(described["noun"]) if described else None
    return 0 if kind is None else 1 if kind == "male" else -1
