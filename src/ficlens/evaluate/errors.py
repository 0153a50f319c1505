"""Error analysis for PDNC: wrong speakers with their context, by cause.

>>> cause_of("turn-taking", False, True, False, False)
'wrong neighbour in a conversation'
>>> cause_of("explicit-tag", False, True, False, False, description=True)
'descriptor not resolved'
>>> is_description("said the old man"), is_description("said Miroku")
(True, False)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise

from ficlens.evaluate.pdnc import Novel, QuoteResult, character_map, name_votes
from ficlens.model import Story

# Rules whose mistakes come from following the conversation.
_CONVERSATION_RULES = frozenset(
    {"turn-taking", "conversation-partner", "preceding-narration", "salience", "reported-speech"}
)
_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "him", "her"})
# Words that open a description standing for a character: "the monk", "his wife".
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "this", "that"})


def is_description(words: str) -> bool:
    """Whether a tag's words name its speaker by a description, not a name."""
    tokens = words.split()
    return any(
        token.lower() in _DETERMINERS and following[:1].islower()
        for token, following in pairwise(tokens)
    )


def cause_of(
    rule: str | None,
    pronoun: bool,
    gold_in_cast: bool,
    merged: bool,
    narrator_missing: bool,
    description: bool = False,
) -> str:
    """Name the likely cause of one wrong speaker; ``description`` says the
    tag names the speaker by a description ("said the monk")."""
    if narrator_missing:
        return "narrator not found"
    if not gold_in_cast:
        return "character missing from the cast"
    if merged:
        return "two characters merged"
    if rule is None:
        return "no rule applied"
    if rule == "explicit-tag" and description:
        return "descriptor not resolved"
    if rule == "explicit-tag" and pronoun:
        return "pronoun resolved to the wrong character"
    if rule == "explicit-tag":
        return "explicit tag misread"
    if rule in _CONVERSATION_RULES:
        return "wrong neighbour in a conversation"
    return f"{rule} wrong"


def describe_misses(
    story: Story, novel: Novel, results: Sequence[QuoteResult], limit: int
) -> list[str]:
    """Up to ``limit`` wrong speakers of a novel, grouped by cause, with context."""
    votes = name_votes(story, novel)
    mapping = character_map(story, novel)
    mapped_gold = set(mapping.values())
    narrator_predicted = any(c.narrator for c in story.characters)
    names = {g.id: g.name for g in novel.characters}
    narrators = {g.id for g in novel.characters if g.narrator}
    groups: dict[str, list[str]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    text = story.text
    for result in results:
        if result.gold in result.predicted:
            continue
        span = result.span
        rule = span.evidence.rule if span and span.evidence else None
        words = span.evidence.text if span and span.evidence else None
        pronoun = bool(words) and words.split()[0].lower() in _PRONOUNS if words else False
        if words and not pronoun and words.split()[-1].lower() in _PRONOUNS:
            pronoun = True
        cause = cause_of(
            rule,
            pronoun,
            result.gold in mapped_gold,
            _merged(result.gold, span.speaker if span else (), votes),
            result.gold in narrators and not narrator_predicted,
            description=bool(words) and is_description(words or ""),
        )
        counts[cause] += 1
        if len(groups[cause]) >= limit:
            continue
        start, end = result.quote.pieces[0][0], result.quote.pieces[-1][1]
        before = " ".join(text[max(0, start - 100) : start].split())
        after = " ".join(text[end : end + 60].split())
        quote = " ".join(text[start:end].split())[:90]
        predicted = ", ".join(names.get(p, p) for p in result.predicted) or "-"
        groups[cause].append(
            f"  [{result.quote.type}] ...{before} <<{quote}>> {after}...\n"
            f"      gold {names.get(result.gold, result.gold)} | predicted {predicted}"
            f" | {rule or 'no rule'}: {words or ''}"
        )
    lines = [f"\n{novel.name}: wrong speakers by cause"]
    for cause in sorted(counts, key=lambda c: -counts[c]):
        lines.append(f"{cause}: {counts[cause]}")
        lines.extend(groups[cause])
    return lines


def _merged(gold: str, speakers: Sequence[str], votes: dict[str, dict[str, int]]) -> bool:
    """Whether the gold speaker went to one of ours whose names also match
    another gold character: the two were merged into one.

    >>> votes = {"pike": {"roland": 1, "mr-pike": 2}, "kaede": {"kaede": 2}}
    >>> _merged("roland", ["pike"], votes), _merged("kaede", ["kaede"], votes)
    (True, False)
    """
    return any(gold in votes.get(who, {}) and len(votes[who]) > 1 for who in speakers)
