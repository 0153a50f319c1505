"""Cluster name forms into characters, BookNLP-style.

Full names first ("Roland Pike", "Mr. Roland Pike"), then given
names that belong to one full name ("Roland"), then title + word ("Mr.
Pike", "Miss Elizabeth") when only one character fits, then bare
surnames. Titles of different genders keep family members apart.

>>> counts = Counter({("", "Roland Pike"): 5, ("", "Roland"): 9, ("Mr", "Pike"): 3,
...                   ("Mr", "Ashdown"): 6, ("", "Clara"): 20, ("Mrs", "Ashdown"): 4,
...                   ("", "Clara Ashdown"): 2, ("Miss", "Ashdown"): 5})
>>> votes = {("", "Clara"): (0, 8), ("", "Roland"): (5, 0)}
>>> sorted(sorted(g) for g in cluster(counts, votes))  # doctest: +NORMALIZE_WHITESPACE
[[('', 'Clara'), ('', 'Clara Ashdown'), ('Miss', 'Ashdown')],
 [('', 'Roland'), ('', 'Roland Pike'), ('Mr', 'Pike')],
 [('Mr', 'Ashdown')], [('Mrs', 'Ashdown')]]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping

from ficlens.model import Gender
from ficlens.rules.names import (
    FAMILIAR_NAMES,
    NEUTRAL_TITLES,
    PLAIN_TITLES,
    RANK_TITLES,
    UNMARRIED_TITLES,
    title_gender,
)

Key = tuple[str, str]  # (title, name): ("Mr", "Ashdown"), ("", "Clara")
# A given name shared by several full names goes to the most named one if it
# has this many times the mentions of all the others together.
DOMINANT_SHARE = 3
# Votes for a gender: at least this many, and twice the other side's. A
# character's gender may rest on one pronoun (short fics give little more);
# merging names needs two.
MIN_GENDER_VOTES = 1
MIN_MERGE_VOTES = 2
# A wife's titles: "Mrs. John Ashdown" bears her husband's given name, and
# the bare surname "Ashdown" is seldom her.
_WIVES = frozenset({"Mrs", "Mrs.", "Madame", "Mme", "Mme.", "Frau", "Signora", "Señora"})


def gender_of(male: int, female: int, least: int = MIN_GENDER_VOTES) -> Gender:
    """A gender from votes, unknown when thin or split.

    >>> gender_of(5, 1), gender_of(0, 1), gender_of(3, 2)
    (<Gender.MALE: 'male'>, <Gender.FEMALE: 'female'>, <Gender.UNKNOWN: 'unknown'>)
    """
    if male >= least and male >= 2 * female:
        return Gender.MALE
    if female >= least and female >= 2 * male:
        return Gender.FEMALE
    return Gender.UNKNOWN


def _fits(a: Gender, b: Gender) -> bool:
    return a is Gender.UNKNOWN or b is Gender.UNKNOWN or a is b


class _Groups:
    """Union-find over name keys, with each root's mentions and gender votes."""

    def __init__(self, counts: Counter[Key], votes: Mapping[Key, tuple[int, int]]) -> None:
        self.parent: dict[Key, Key] = {key: key for key in counts}
        self.own: Mapping[Key, int] = counts  # mentions of each name form alone
        self.size: dict[Key, int] = dict(counts)
        self.votes: dict[Key, list[int]] = {}
        for key in counts:
            male, female = votes.get(key, (0, 0))
            gender = title_gender(key[0]) if key[0] else Gender.UNKNOWN
            male += 3 * counts[key] * (gender is Gender.MALE)
            female += 3 * counts[key] * (gender is Gender.FEMALE)
            self.votes[key] = [male, female]

    def find(self, key: Key) -> Key:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, key: Key, into: Key) -> None:
        a, b = self.find(key), self.find(into)
        if a == b:
            return
        self.parent[a] = b
        self.size[b] += self.size.pop(a)
        moved = self.votes.pop(a)
        self.votes[b][0] += moved[0]
        self.votes[b][1] += moved[1]

    def gender(self, key: Key) -> Gender:
        male, female = self.votes[self.find(key)]
        return gender_of(male, female, MIN_MERGE_VOTES)

    def count(self, key: Key) -> int:
        return self.size[self.find(key)]


def cluster(
    counts: Counter[Key],
    votes: Mapping[Key, tuple[int, int]],
    familiar: Collection[str] = (),
) -> list[list[Key]]:
    """Group name keys into characters; each group lists its keys, most used
    first. ``familiar`` holds the familiar names ("Bill") that may join the
    one character whose given name they shorten ("William")."""
    groups = _Groups(counts, votes)
    titles: dict[str, list[str]] = defaultdict(list)
    for title, name in sorted(counts, key=lambda k: -counts[k]):
        titles[name].append(title)
    full = [name for name in titles if " " in name]
    for name in full:
        _join_titles(groups, name, titles[name])
    first_of: dict[str, list[Key]] = defaultdict(list)
    word_of: dict[str, list[Key]] = defaultdict(list)
    for name in full:
        words = name.split()
        key = (_home(titles[name]), name)
        if key[0] not in _WIVES:  # "John" is not "Mrs. John Ashdown"
            first_of[words[0]].append(key)
        for word in dict.fromkeys((words[0], words[-1])):  # a middle name calls no one
            word_of[word].append(key)
    words = [name for name in titles if " " not in name]
    for word in words:  # given names first: "Roland ... he" tells Roland Pike's gender
        owner = _dominant(groups, first_of.get(word, []))
        if "" in titles[word] and owner is not None and not _mostly_surname(groups, word, word_of):
            groups.union(("", word), owner)
    for word in words:
        _join_word(groups, word, titles, word_of.get(word, []))
    for word in familiar:
        if "" in titles.get(word, ()) and word in FAMILIAR_NAMES and word not in first_of:
            _join_familiar(groups, ("", word), titles, first_of)
    result: dict[Key, list[Key]] = defaultdict(list)
    for key in sorted(counts, key=lambda k: -counts[k]):
        result[groups.find(key)].append(key)
    return list(result.values())


def _join_wives(groups: _Groups, word: str, titles: list[str]) -> None:
    """The titles of one name that no girl goes by ("Mrs. Pike", "Madame
    Pike", "Countess Pike", "Aunt Pike") are one woman's, unless two of
    them have joined different full names already; "Miss Pike" stays apart."""
    wives = [
        (title, word)
        for title in titles
        if title_gender(title) is Gender.FEMALE and title not in UNMARRIED_TITLES
    ]
    roots = sorted({groups.find(key) for key in wives}, key=lambda r: (groups.count(r), r))
    if len(roots) < 2 or sum(_has_full_name(groups, root) for root in roots) > 1:
        return
    for root in roots[:-1]:
        groups.union(root, roots[-1])


def _has_full_name(groups: _Groups, root: Key) -> bool:
    return any(" " in name and groups.find((title, name)) == root for title, name in groups.parent)


def _mostly_surname(groups: _Groups, word: str, word_of: dict[str, list[Key]]) -> bool:
    """Whether the full names that end in ``word`` are named more often than
    those it opens: "Pike" of "Roland Pike" and "Clara Pike", not the first
    word of a "Pike Street" or a wine."""
    ending = opening = 0
    for key in word_of.get(word, ()):
        words = key[1].split()
        if words[-1] == word:
            ending += groups.own.get(key, 0)
        elif words[0] == word:
            opening += groups.own.get(key, 0)
    return ending > opening


def _join_familiar(
    groups: _Groups, key: Key, titles: dict[str, list[str]], first_of: dict[str, list[Key]]
) -> None:
    """A familiar name alone ("Bill") joins the character whose given name
    it shortens ("William Ashdown", or "William") when one dominates, is named
    more often, and no gender says otherwise."""
    if groups.find(key) != key:
        return
    owners = [owner for formal in FAMILIAR_NAMES[key[1]] for owner in first_of.get(formal, ())]
    owners += [("", formal) for formal in FAMILIAR_NAMES[key[1]] if "" in titles.get(formal, ())]
    owner = _dominant(groups, owners)
    if (
        owner is not None
        and groups.count(owner) > groups.count(key)
        and _fits(groups.gender(key), groups.gender(owner))
    ):
        groups.union(key, owner)


def _home(titles: list[str]) -> str:
    return "" if "" in titles else titles[0]


def _dominant(groups: _Groups, owners: list[Key]) -> Key | None:
    """The one character that ``owners`` (keys) stand for, if one dominates."""
    roots = {groups.find(k) for k in owners}
    if not roots:
        return None
    sizes = sorted(((groups.count(k), k) for k in roots), reverse=True)
    rest = sum(size for size, _ in sizes[1:])
    return sizes[0][1] if sizes[0][0] >= DOMINANT_SHARE * rest and sizes[0][0] > rest else None


def _spelt(groups: _Groups, owner: Key, key: Key) -> bool:
    """Whether the text spells out "Mr. John Ashdown" (with ``key`` "Mr. Ashdown"):
    then that John is not the man called plain "Mr. Ashdown"."""
    title, word = key
    name = owner[1]
    full_forms = groups.own.get(owner, 0) + groups.own.get((title, name), 0)
    return (
        name.endswith(" " + word)
        and (title, name) in groups.parent
        and full_forms < groups.own.get(key, 0)
    )


def _ranked(groups: _Groups, key: Key) -> bool:
    """Whether the character of ``key`` goes by a title of rank ("Sir Roland")."""
    root = groups.find(key)
    return any(
        title in RANK_TITLES
        for title, _ in groups.parent
        if title and groups.find((title, _)) == root
    )


def _titles(groups: _Groups, key: Key) -> set[str]:
    """The titles the character of ``key`` goes by."""
    root = groups.find(key)
    return {title for title, name in groups.parent if title and groups.find((title, name)) == root}


def _join_titles(groups: _Groups, name: str, titles: list[str]) -> None:
    """'Roland Pike' and 'Mr. Roland Pike' are one; 'Mrs. John X' is not 'John X'
    when the pronouns say John is a man, or when 'Mr. John X' is named too."""
    home = (_home(titles), name)
    husband = any(title_gender(t) is Gender.MALE for t in titles)
    for title in titles:
        if husband and title in _WIVES and home[0] not in _WIVES:
            continue
        if _fits(title_gender(title), groups.gender(home)):
            groups.union((title, name), home)


def _join_word(groups: _Groups, word: str, titles: dict[str, list[str]], owners: list[Key]) -> None:
    """Attach 'Mr. Ashdown', 'Miss Ashdown', bare 'Pike' where unambiguous."""
    own = [t for t in titles[word] if t]
    genders = Counter(title_gender(t) for t in own)
    genders[Gender.UNKNOWN] = 0
    one_gender = not (genders[Gender.MALE] and genders[Gender.FEMALE])
    bare = ("", word) if "" in titles[word] else None
    for title in own:
        key = (title, word)
        gender = title_gender(title)
        if gender is Gender.UNKNOWN:
            gender = groups.gender(key)  # "Admiral Ashdown ... he": a man
        if title not in UNMARRIED_TITLES and genders[gender] > 1:
            continue  # "Mrs. X" beside "Miss X": the mother
        # With "Mr. X" and "Mrs. X" both about, "Mr. X" joins "John X" only if
        # the pronouns say John is a man (an unknown gender is no tie).
        fits = [
            o for o in owners
            if (
                _fits(gender, groups.gender(o))
                if one_gender
                else gender is groups.gender(o) is not Gender.UNKNOWN
            )
            and not _spelt(groups, o, key)
            and not (title in PLAIN_TITLES and _ranked(groups, o))
            # "Colonel Pike" is not "Miss Sango Pike", her father maybe
            and not (title in NEUTRAL_TITLES and _titles(groups, o) & UNMARRIED_TITLES)
        ]  # fmt: skip
        if not owners and bare is not None and one_gender:
            fits = [bare] if _fits(gender, groups.gender(bare)) else []
            if title in _WIVES and groups.gender(bare) is not Gender.FEMALE:
                fits = []  # "Ashdown" is Mr. Ashdown more often than his wife
            if gender is not groups.gender(bare) and _titles(groups, bare) - {title}:
                fits = []  # "Mrs. Ashdown" took "Ashdown": "Admiral Ashdown" is another
        best = _dominant(groups, fits)
        if best is not None:
            groups.union(key, best)
    _join_wives(groups, word, own)
    if bare is None or groups.find(bare) != bare or groups.size[bare] != groups.own[bare]:
        return  # no bare surname, or a title has taken it already
    roots = {groups.find((t, word)) for t in own} - {bare}
    titled = sorted(roots, key=lambda root: (groups.count(root), root), reverse=True)
    if titled:
        lean = groups.gender(bare)
        if lean is Gender.UNKNOWN and not one_gender:
            lean = Gender.MALE  # a bare surname in a family is most often the man
        fitting = [r for r in titled if _fits(lean, groups.gender(r))]
        if lean is not Gender.FEMALE:
            titled = [r for r in titled if not _titles(groups, r) <= _WIVES]
            fitting = [r for r in fitting if r in titled]
        if titled:
            groups.union(bare, (fitting or titled)[0])
    elif (best := _dominant(groups, owners)) is not None:
        groups.union(bare, best)
