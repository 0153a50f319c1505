"""Given names and the gender they are almost always given to.

A short story may never put "he" or "she" right after a character's name,
and then its pronoun tags have no one to mean. The name itself is a weak
sign: "Oren" is a man's name, "Mira" a woman's. The table
(``ficlens/data/given_names.tsv``, built by ``scripts/build_given_names.py``)
lists Latin-script given names that one gender bears; names given to both
are left out. Such a sign counts as one vote beside the story's own
pronouns and titles (:func:`ficlens.stages.cluster.gender_of`), so the story
overrules it.

>>> name_gender("Mira"), name_gender("Oren"), name_gender("Lighthouse")
(<Gender.FEMALE: 'female'>, <Gender.MALE: 'male'>, <Gender.UNKNOWN: 'unknown'>)
>>> name_vote(["Oren Hask", "Oren"], ["Hask"]), name_vote(["Tobias"], ["Tobias"])
(1, 0)
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources

from ficlens.model import Gender

_GENDERS = {"F": Gender.FEMALE, "M": Gender.MALE}


@cache
def _table() -> dict[str, Gender]:
    text = (resources.files("ficlens") / "data" / "given_names.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line)
    return {name: _GENDERS[gender] for name, gender in rows}


def name_gender(word: str) -> Gender:
    """The gender ``word`` as a given name is given to; unknown when both or neither."""
    return _table().get(word, Gender.UNKNOWN)


def name_vote(untitled: Iterable[str], titled: Iterable[str]) -> int:
    """One vote (+1 male, -1 female, 0 none) from a character's given name.

    ``untitled`` are the name forms the text uses without a title ("Oren
    Hask", "Oren"), ``titled`` those it puts after one ("Hask" of "Mr.
    Hask"). The given name is the first word of the longest untitled form;
    a word the text also puts after a title is a surname ("Tobias" of "Mrs.
    Tobias") and gives no vote.
    """
    forms = sorted(set(untitled), key=lambda form: (-len(form.split()), form))
    if not forms:
        return 0
    given = forms[0].split()[0]
    if given in set(titled):
        return 0
    gender = name_gender(given)
    return 1 if gender is Gender.MALE else -1 if gender is Gender.FEMALE else 0
