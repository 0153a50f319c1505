"""What seeds or extends the cast: AO3 tags and a user-given cast.

>>> slug("Mr. Ashdown"), slug("Hoshino Ayame")
('mr-ashdown', 'hoshino-ayame')
>>> tag_words("Shippou (InuYasha)")
{'shippo'}
>>> bool(alternation(["Sango", "Odile", "Sango-chan"]).fullmatch("Odile"))
True
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from ficlens.model import Character, Gender, KnownCharacter, Mention, MentionKind, Metadata
from ficlens.rules.names import (
    BARE_ADDRESS,
    GENERIC_DESCRIPTIONS,
    GENERIC_TAGS,
    HONORIFICS,
    NON_NAMES,
    RANK_TITLES,
    STANDALONE_TITLES,
    TAG_DISAMBIGUATOR,
    TITLES,
    romanised,
)

Key = tuple[str, str]
_HONORIFIC = "|".join(sorted(set(HONORIFICS), key=len, reverse=True))


def slug(name: str) -> str:
    """A readable id: lowercase words joined by hyphens."""
    return "-".join(re.findall(r"\w+", name.casefold())) or "character"


def unique_ids(characters: list[Character]) -> list[Character]:
    """Make ids unique by numbering repeats: "emma", "emma-2"."""
    seen: Counter[str] = Counter()
    result = []
    for character in characters:
        seen[character.id] += 1
        if seen[character.id] > 1:
            character = replace(character, id=f"{character.id}-{seen[character.id]}")
        result.append(character)
    return result


def tag_words(tag: str) -> set[str]:
    """The folded name words of an AO3 character tag, fandom removed."""
    bare = TAG_DISAMBIGUATOR.sub("", tag).strip()
    if bare.casefold() in GENERIC_TAGS:
        return set()
    return {romanised(word) for word in re.findall(r"[^\W\d_]+", bare)}


def match_tags(tags: Iterable[str], groups: list[list[Key]], counts: Counter[Key]) -> set[int]:
    """Indices of the groups that AO3 character tags name.

    A tag goes to the group sharing most of its words (either order, any
    romanisation), the most mentioned one on a tie.
    """
    find = _TagFinder(groups, counts)
    return {i for tag in tags if (i := find(tag)) is not None}


class _TagFinder:
    """The group an AO3 character tag names, among ``groups``."""

    def __init__(self, groups: list[list[Key]], counts: Counter[Key]) -> None:
        self.words = [{romanised(w) for _, name in group for w in name.split()} for group in groups]
        self.sizes = [sum(counts[key] for key in group) for group in groups]

    def __call__(self, tag: str) -> int | None:
        wanted = tag_words(tag)
        if not wanted:
            return None
        best = max(
            range(len(self.words)),
            key=lambda i: (len(self.words[i] & wanted), self.sizes[i]),
            default=None,
        )
        return best if best is not None and self.words[best] & wanted else None


def pairing_genders(
    metadata: Metadata, groups: list[list[Key]], counts: Counter[Key]
) -> dict[int, Gender]:
    """The genders an AO3 work's pairing category gives the characters of
    its romantic relationship tags ("Sango/Kaede"): both men in a work
    filed only as M/M (and perhaps Gen), both women in one filed only as
    F/F. Platonic tags ("Sango & Kaede") say nothing. Keyed by group index.

    >>> groups = [[("", "Sango")], [("", "Kaede")], [("", "Miroku")]]
    >>> counts = Counter({key: 3 for group in groups for key in group})
    >>> meta = Metadata(categories=("F/F",), relationships=("Sango/Kaede", "Sango & Miroku"))
    >>> pairing_genders(meta, groups, counts)
    {0: <Gender.FEMALE: 'female'>, 1: <Gender.FEMALE: 'female'>}
    """
    categories = {category.strip().upper() for category in metadata.categories} - {"GEN"}
    gender = {frozenset({"M/M"}): Gender.MALE, frozenset({"F/F"}): Gender.FEMALE}.get(
        frozenset(categories)
    )
    if gender is None:
        return {}
    find = _TagFinder(groups, counts)
    return {
        i: gender
        for relationship in metadata.relationships
        if "/" in relationship
        for member in relationship.split("/")
        if (i := find(member)) is not None
    }


_Trie = dict[str, "_Trie"]


def alternation(words: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of ``words``, built as a trie so it scans fast."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(_trie_pattern(trie))


def _trie_pattern(node: _Trie) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items())
                if char]  # fmt: skip
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


# The words a description a given cast names someone by may open with:
# "The Ferryman", "His Squire", "One Of The Monks".
# ("One Eye" is a name: only "One Of" opens a description.)
_CAPITAL_ARTICLES = ("The ", "A ", "An ", "His ", "Her ", "Their ", "My ", "Our ", "Your ",
                     "One Of ", "Another ", "That ", "This ", "Some ")  # fmt: skip
# How many times more often than any other bearer a character must be named
# for a given name they share ("Roland") to stand for them alone.
SHARED_NAME_LEAD = 3
# How often the text must name one bearer of a shared given name in full
# ("Roland Ashdown"), and how many times more than the other, for the bare
# name to mean the other.
FULL_NAME_MIN = 5
FULL_NAME_LEAD = 2
# Particles of a surname that a given cast may capitalise and the text not:
# "Mr. Van Der Berg" is written "Mr. van der Berg".
_PARTICLES = frozenset("Van Der Den De Von Du La Le Di Da Del Della Ten Ter".split())
# Small words inside a name that a given cast may capitalise and the text not:
# "Lady Of The Lake" is written "Lady of the Lake".
_SMALL_WORDS = frozenset("Of The In On At And From With For To".split())
# Words of age a given cast may open a name with: "Young Roland", "Old Kaede".
_AGE_WORDS = frozenset({"Young", "Old", "Little"})
# Nouns that end a description, never a name: "Tall Stooping Man".
_PERSON_WORDS = frozenset({"man", "woman", "gentleman", "lady", "boy", "girl", "lad"})
# Words that open a description, never a name: "A Tall Stranger", "His Cousin".
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "my", "our", "your", "their", "its",
                          "this", "that", "one", "some", "another"})  # fmt: skip


# How close (in characters) a bare description of a named character ("the
# girl") must stand to that name to count as a mention.
LOOSE_WINDOW = 2000


def _as_written(alias: str) -> str:
    """A name as running text writes it where a given cast capitalises
    every word: "Lady Of The Lake" is "Lady of the Lake", "Kaede'S
    Sister" "Kaede's Sister", "Old Mr. Pike" "old Mr. Pike", "Mr. Van Der
    Berg" "Mr. van der Berg".

    >>> _as_written("Lady Of The Lake"), _as_written("Kaede'S Sister")
    ('Lady of the Lake', "Kaede's Sister")
    >>> _as_written("Old Mr. Pike"), _as_written("Young Van Der Berg")
    ('old Mr. Pike', 'young van der Berg')
    """
    first, *rest = alias.split()
    if first in _AGE_WORDS and rest:  # "Young Roland" is "young Roland"
        first = first.lower()
    lower = _SMALL_WORDS | _PARTICLES  # "Young Van Der Berg" is "young van der Berg"
    words = [first, *(word.lower() if word in lower else word for word in rest)]
    return " ".join(re.sub(r"(?<=\w)(['’])S$", r"\1s", word) for word in words)


def _loose_description(alias: str, known: KnownCharacter) -> bool:
    """Whether ``alias`` is a description as bare as "The Girl" or "The
    Man" of a character who also has a name: in the text "the girl" may be
    any girl."""
    words = alias.split()
    if len(words) != 2 or words[-1].lower() not in GENERIC_DESCRIPTIONS:
        return False
    return any(not other.startswith(_CAPITAL_ARTICLES) for other in (known.name, *known.aliases))


def given_cast(
    text: str, cast: tuple[KnownCharacter, ...], skip: list[tuple[int, int]]
) -> tuple[list[Character], list[Mention]]:
    """Characters exactly as given; mentions of their names, case-sensitive."""
    characters = unique_ids(
        [Character(slug(k.name), k.name, _dedupe((k.name, *k.aliases)), k.gender) for k in cast]
    )
    owner: dict[str, str] = {}
    loose: dict[str, str] = {}  # bare descriptions, which count only near their bearer's name
    for known, character in zip(cast, characters, strict=True):
        for alias in (known.name, *known.aliases):
            alias = " ".join(alias.split())
            if alias.lower() in BARE_ADDRESS:
                continue
            owner.setdefault(alias, character.id)
            owner.setdefault(_as_written(alias), character.id)  # "Lady of the Lake"
            if alias.startswith(_CAPITAL_ARTICLES) and _loose_description(alias, known):
                # "The Girl" is "the girl" only where its bearer is named
                loose.setdefault(alias[0].lower() + alias[1:].lower(), character.id)
                loose.setdefault(alias[0] + alias[1:].lower(), character.id)
            elif alias.startswith(_CAPITAL_ARTICLES):
                # "The Ferryman" is "the Ferryman" mid-sentence
                owner.setdefault(alias[0].lower() + alias[1:], character.id)
                # "The Cook" is "the cook", "The Man In Grey" "the man in grey",
                # and at a sentence's start "The cook"
                owner.setdefault(alias.lower(), character.id)
                owner.setdefault(alias[0] + alias[1:].lower(), character.id)
                # "The Young Crab" is "the young Crab", and "The young Crab"
                *head, last = alias.split()
                lowered = " ".join([*(w.lower() for w in head), last])
                owner.setdefault(lowered, character.id)
                owner.setdefault(alias[0] + lowered[1:], character.id)
    for surname, character_id in _bare_surnames(cast, characters).items():
        owner.setdefault(surname, character_id)
    for title, character_id in _bare_titles(cast, characters).items():
        for article in ("the", "The"):
            owner.setdefault(f"{article} {title}", character_id)
            owner.setdefault(f"{article} {title.lower()}", character_id)
    shared: dict[str, set[str]] = {}  # given names several characters bear
    for given, bearers in _bare_given_names(cast, characters).items():
        if len(bearers) > 1:
            bearers = _untitled_bearers(given, bearers, cast, characters)
        if len(bearers) == 1:
            owner.setdefault(given, next(iter(bearers)))
        elif given not in owner:
            shared[given] = bearers
    if not owner:
        return characters, []
    # A space in a name matches any run of whitespace: "Mr.\nAshdown".
    loose = {alias: who for alias, who in loose.items() if alias not in owner}
    names = alternation([*owner, *shared, *loose]).pattern.replace("\\ ", r"\s+")
    pattern = re.compile(rf"(?<![\w])(?P<alias>{names})(?:-(?:{_HONORIFIC}))?(?![\w])")
    mentions = []
    near: list[Mention] = []  # bare descriptions, kept where their bearer is named close by
    pending: dict[str, list[tuple[int, int]]] = {}  # where each shared given name stands
    starts = [s for s, _ in skip]
    for match in pattern.finditer(text):
        index = bisect.bisect_right(starts, match.start()) - 1
        if index >= 0 and skip[index][1] > match.start():
            continue
        alias = " ".join(match["alias"].split())
        if alias in owner:
            mentions.append(Mention(match.start(), match.end(), owner[alias], MentionKind.NAME))
        elif alias in loose:
            near.append(Mention(match.start(), match.end(), loose[alias], MentionKind.DESCRIPTION))
        else:
            pending.setdefault(alias, []).append(match.span())
    counts = Counter(m.character for m in mentions)
    for given, places in pending.items():
        # "Roland" of Roland Pike and Roland Ashdown: the one named far more often
        first, second = sorted((counts[who] for who in shared[given]), reverse=True)[:2]
        if first >= SHARED_NAME_LEAD * max(second, 1):
            who = max(shared[given], key=counts.__getitem__)
        elif (other := _called_in_full(given, shared[given], mentions, text)) is not None:
            who = other
        else:
            continue
        mentions.extend(Mention(s, e, who, MentionKind.NAME) for s, e in places)
    mentions += _named_near(near, mentions)
    mentions.sort(key=lambda m: m.start)
    counts = Counter(m.character for m in mentions)
    return [replace(c, mentions=counts[c.id]) for c in characters], mentions


def _called_in_full(
    given: str, bearers: set[str], mentions: list[Mention], text: str
) -> str | None:
    """Of two characters who share a given name, the one a bare "Roland"
    means when the text keeps naming the other in full ("Roland Ashdown")
    to tell them apart, and this one seldom."""
    if len(bearers) != 2:
        return None
    full: Counter[str] = Counter()
    for mention in mentions:
        if mention.character in bearers:
            words = text[mention.start : mention.end].split()
            if len(words) > 1 and words[0] == given:  # "Roland Ashdown", not "Ashdown"
                full[mention.character] += 1
    kept, other = sorted(bearers, key=lambda who: full[who])
    if full[other] >= FULL_NAME_MIN and full[other] >= FULL_NAME_LEAD * full[kept]:
        return kept
    return None


def _named_near(found: list[Mention], names: list[Mention]) -> list[Mention]:
    """The mentions in ``found`` whose character is named by ``names``
    within ``LOOSE_WINDOW`` characters of them."""
    places: dict[str, list[int]] = {}
    for mention in sorted(names, key=lambda m: m.start):
        places.setdefault(mention.character, []).append(mention.start)
    kept = []
    for mention in found:
        starts = places.get(mention.character, [])
        i = bisect.bisect_left(starts, mention.start - LOOSE_WINDOW)
        if i < len(starts) and starts[i] <= mention.start + LOOSE_WINDOW:
            kept.append(mention)
    return kept


def _bare_surnames(cast: tuple[KnownCharacter, ...], characters: list[Character]) -> dict[str, str]:
    """Surnames alone ("said Ashdown") for characters given only with full names.

    A bare surname goes to the one character who bears it, or, when a family
    shares it, to its one man: in fiction a man is the one called by his
    surname alone ("Ashdown"), a woman by a title ("Mrs. Ashdown").
    """
    bearers: dict[str, list[tuple[str, Gender]]] = {}
    for known, character in zip(cast, characters, strict=True):
        surnames = {
            words[-1]
            for alias in (known.name, *known.aliases)
            if len(words := _name_words(alias)) > 1
        }
        for surname in surnames:
            bearers.setdefault(surname, []).append((character.id, known.gender))
    given = _bare_given_names(cast, characters)
    chosen = {}
    for surname, people in bearers.items():
        if surname in given:
            continue  # "Charles" of "Little Charles" is Charles Musgrove's given name too
        ids = list(dict.fromkeys(i for i, _ in people))
        men = list(dict.fromkeys(i for i, g in people if g is Gender.MALE))
        if len(ids) == 1:
            chosen[surname] = ids[0]
        elif len(men) == 1:
            chosen[surname] = men[0]
    return chosen


def _bare_titles(cast: tuple[KnownCharacter, ...], characters: list[Character]) -> dict[str, str]:
    """Titles of rank that stand alone for their one bearer: "the baron" for
    "Baron Orsini" when no other character is a baron."""
    bearers: dict[str, set[str]] = {}
    for known, character in zip(cast, characters, strict=True):
        for alias in (known.name, *known.aliases):
            words = alias.split()
            if len(words) > 1 and words[0] in STANDALONE_TITLES:
                bearers.setdefault(words[0], set()).add(character.id)
    return {title: next(iter(ids)) for title, ids in bearers.items() if len(ids) == 1}


def _bare_given_names(
    cast: tuple[KnownCharacter, ...], characters: list[Character]
) -> dict[str, set[str]]:
    """Given names alone ("Bill" for "Bill Gorton"), each with the characters
    who bear it."""
    bearers: dict[str, set[str]] = {}
    for known, character in zip(cast, characters, strict=True):
        for alias in (known.name, *known.aliases):
            words = _name_words(alias)
            if len(words) > 1 and words[0].rstrip(".") not in TITLES:
                bearers.setdefault(words[0], set()).add(character.id)
    return bearers


def _untitled_bearers(
    given: str, bearers: set[str], cast: tuple[KnownCharacter, ...], characters: list[Character]
) -> set[str]:
    """Of the characters who share a given name, those the text may call by
    it alone: not one known by a rank and that name ("Sir Roland", "Lady
    Kaede"), who is called so, when another bearer is not."""
    ranked = {
        character.id
        for known, character in zip(cast, characters, strict=True)
        if character.id in bearers
        and any(
            len(words := alias.split()) == 2 and words[0] in RANK_TITLES and words[1] == given
            for alias in (known.name, *known.aliases)
        )
    }
    return bearers - ranked or bearers


def _name_words(alias: str) -> list[str]:
    """The words of an alias shaped like a personal name, else none.

    A description ("A Tall Stranger", "Young Lady", "Old Mr. Ashdown",
    "Grey, Quiet Monk") gives no bare given name or surname: it opens with a
    determiner, a common word follows its first, a title stands inside it,
    or commas part its words. A first word may be common: given names often
    are ("May", "Will").

    >>> _name_words("Clara Ashdown"), _name_words("Mr. Ashdown"), _name_words("Old Mr. Ashdown")
    (['Clara', 'Ashdown'], ['Mr.', 'Ashdown'], [])
    >>> _name_words("A Tall Stranger"), _name_words("Young Lady"), _name_words("Grey, Quiet Monk")
    ([], [], [])
    """
    words = alias.split()
    if not words or words[0].casefold() in _DETERMINERS or "," in alias:
        return []
    for word in words[1:]:
        if (
            word.rstrip(".") in TITLES
            or not word[:1].isupper()
            or word.casefold() in NON_NAMES
            or word.casefold() in _PERSON_WORDS
        ):
            return []
    return words


def _dedupe(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))
