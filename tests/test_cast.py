"""The cast stage on small hand-written stories (cases in tests/cases/cast.jsonl)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

import pytest
from conftest import load_cases

from ficlens.model import Gender, KnownCharacter, MentionKind, Metadata, Person, Source
from ficlens.options import Options
from ficlens.pipeline import run
from ficlens.stages.cast import find_cast
from ficlens.stages.cluster import cluster


def _cast(case: dict[str, Any]) -> Any:
    metadata = Metadata(
        characters=tuple(case.get("tags", ())),
        categories=tuple(case.get("categories", ())),
        relationships=tuple(case.get("relationships", ())),
    )
    source = Source(text=case["text"], metadata=metadata)
    story = run(source)
    if case.get("person") == "first":
        story = replace(story, narration_person=Person.FIRST)
    cast = tuple(
        KnownCharacter(k["name"], tuple(k.get("aliases", ())), Gender(k.get("gender", "unknown")))
        for k in case.get("cast", ())
    )
    return find_cast(story, Options(cast=cast, narrator=case.get("narrator")))


@pytest.mark.parametrize("case", load_cases("cast.jsonl"))
def test_cast(case: dict[str, Any]) -> None:
    story = _cast(case)
    by_id = {c.id: c for c in story.characters}
    for want in case["characters"]:
        assert want["id"] in by_id, f"{want['id']} not in {sorted(by_id)}"
        got = by_id[want["id"]]
        if "name" in want:
            assert got.name == want["name"]
        assert set(want.get("aliases", ())) <= set(got.aliases), got.aliases
        if "gender" in want:
            assert got.gender.value == want["gender"]
        if "mentions" in want:
            assert got.mentions == want["mentions"]
        assert got.narrator == want.get("narrator", False)
        if "descriptions" in want:
            found = [m for m in story.mentions
                     if m.character == got.id and m.kind is MentionKind.DESCRIPTION]  # fmt: skip
            assert len(found) == want["descriptions"]
    aliases = {a for c in story.characters for a in c.aliases}
    for name in case.get("absent", ()):
        assert name not in aliases
    for a, b in case.get("separate", ()):
        owners = {c.id for c in story.characters if a in c.aliases or b in c.aliases}
        assert len(owners) == 2, owners
    if case.get("exact"):
        assert set(by_id) == {w["id"] for w in case["characters"]}


def test_mentions_are_sorted_and_point_at_names() -> None:
    text = '"Go," said Sango. Miroku ran. "Sango!" Miroku cried. Sango laughed.'
    story = find_cast(run(Source(text=text)))
    assert list(story.mentions) == sorted(story.mentions)
    ids = {c.id for c in story.characters}
    for mention in story.mentions:
        assert mention.character in ids
        assert text[mention.start : mention.end] in ("Sango", "Miroku")
    # The vocative inside the quote is a mention too.
    assert any(text[m.start : m.end] == "Sango" and m.start == 31 for m in story.mentions)


def test_mention_counts_match_characters() -> None:
    text = 'Sango smiled. "Hi," said Sango. Miroku waved; he was glad. "Yo," said Miroku.'
    story = find_cast(run(Source(text=text)))
    for character in story.characters:
        named = [m for m in story.mentions
                 if m.character == character.id and m.kind is MentionKind.NAME]  # fmt: skip
        assert len(named) == character.mentions


def test_a_family_title_of_unknown_gender_joins_no_one_of_unknown_gender() -> None:
    """With "Mr. Pike" and "Miss Pike" both about, "General Pike" is not
    taken for Sango Pike just because neither's gender is known yet."""
    counts = Counter({("", "Sango Pike"): 3, ("", "Sango"): 6, ("", "Roland Pike"): 4,
                      ("", "Roland"): 5, ("General", "Pike"): 5, ("Mr", "Pike"): 4,
                      ("Miss", "Pike"): 6})  # fmt: skip
    groups = cluster(counts, {("", "Roland"): (4, 0)})
    general = next(group for group in groups if ("General", "Pike") in group)
    assert general == [("General", "Pike")]
    assert [("", "Roland"), ("", "Roland Pike"), ("Mr", "Pike")] in map(sorted, groups)


def test_a_rank_or_calling_never_joins_a_miss() -> None:
    """ "Colonel Pike" is not "Miss Sango Pike", though only she bears the surname."""
    counts = Counter({("Miss", "Sango Pike"): 3, ("", "Sango"): 9, ("Colonel", "Pike"): 4})
    groups = cluster(counts, {("", "Sango"): (0, 5)})
    assert [("Colonel", "Pike")] in groups


def test_a_surname_is_no_given_name_of_a_name_it_seldom_opens() -> None:
    """ "Pike" ends "Roland Pike" more often than it opens "Pike Lager":
    the bare surname is Roland's, not the drink's."""
    counts = Counter({("", "Roland Pike"): 6, ("", "Roland"): 9, ("", "Pike"): 40,
                      ("", "Pike Lager"): 2})  # fmt: skip
    groups = cluster(counts, {("", "Roland"): (4, 0), ("", "Pike"): (6, 0)})
    roland = next(group for group in groups if ("", "Roland") in group)
    assert ("", "Pike") in roland
    assert [("", "Pike Lager")] in groups


def test_a_woman_s_titles_of_one_name_are_hers_but_miss_is_her_daughter() -> None:
    counts = Counter({("Mrs", "Pike"): 9, ("Countess", "Pike"): 3, ("Aunt", "Pike"): 2,
                      ("Miss", "Pike"): 4})  # fmt: skip
    groups = cluster(counts, {})
    assert [("Aunt", "Pike"), ("Countess", "Pike"), ("Mrs", "Pike")] in map(sorted, groups)
    assert [("Miss", "Pike")] in groups


def test_long_story_is_linear() -> None:
    """A story repeated 200 times yields the same cast, 200 times the mentions."""
    text = '"Stop," said Miroku. Sango laughed and she ran into Kyoto.\n\n'
    one = find_cast(run(Source(text=text)))
    many = find_cast(run(Source(text=text * 200)))
    assert [c.id for c in one.characters] == [c.id for c in many.characters]
    assert len(many.mentions) == 200 * len(one.mentions)


def test_cast_does_not_depend_on_the_hash_seed() -> None:
    """Workers of a corpus run have their own hash seeds; they must agree."""
    import os
    import subprocess
    import sys

    story = (
        "Mr. Grateley came in. Mr. Grateley sat down. Messrs. Grateley and Hale "
        "were partners. John Grateley laughed. Mrs. Grateley smiled and she left. "
        '"Well," said Grateley. "Indeed," said Hale.'
    )
    code = (
        "import sys; from ficlens import analyze_text; "
        "s = analyze_text(sys.argv[1]); "
        "print(sorted((c.id, c.name, c.aliases) for c in s.characters))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, story],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }  # fmt: skip
    assert len(outputs) == 1
