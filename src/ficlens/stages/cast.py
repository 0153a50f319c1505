"""The cast stage: who the characters are, and where the text names them.

Name runs are found in one pass (:mod:`ficlens.stages.names`), filtered
(sentence starts, places), clustered BookNLP-style into characters (full
names first, then given names, then title + surname when unambiguous),
seeded by AO3 character tags, and given a gender from titles and pronouns
(and, as a weak sign, the given name: :mod:`ficlens.stages.given_names`).
Descriptions that head speech tags ("said the ferryman") join them
(:mod:`ficlens.stages.epithets`). A cast given in ``Options.cast`` replaces
discovery.

>>> from ficlens.model import Source, Story
>>> text = ('"Wait," said Sango. Sango ran; she was fast. Lord Sesshomaru '
...         'watched. "Stop," Sesshomaru said, and he left. Sango-chan laughed.')
>>> story = find_cast(Story(text=text, source=Source(text=text)))
>>> [(c.id, c.gender.value, c.mentions) for c in story.characters]
[('sango', 'female', 3), ('lord-sesshomaru', 'male', 2)]
>>> story.characters[0].aliases
('Sango', 'Sango-chan')
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import replace

from ficlens.model import Character, Gender, Mention, MentionKind, Person, Role, SpanKind, Story
from ficlens.options import Options
from ficlens.rules.dialogue import CHAT_LINE
from ficlens.rules.names import (
    FAMILIAR_NAMES,
    READER_PLACEHOLDER,
    READER_TAGS,
    TAG_DISAMBIGUATOR,
    TITLES,
    romanised,
    title_gender,
)
from ficlens.stages.cast_seed import (
    given_cast,
    match_tags,
    pairing_genders,
    slug,
    tag_words,
    unique_ids,
)
from ficlens.stages.cluster import Key, cluster, gender_of
from ficlens.stages.epithets import find_descriptions, find_epithets
from ficlens.stages.given_names import name_vote
from ficlens.stages.names import Hit, NameStats, scan_names

_DEFAULT = Options()
# The id and name of a first-person narrator no name is known for.
NARRATOR_ID = "narrator"
NARRATOR_NAME = "Narrator"
# A character needs this many name mentions, or one speech tag or AO3 tag.
MIN_MENTIONS = 2
# A single word capitalised this often inside sentences is a name even if it
# also occurs in lowercase ("Roland", "Will"); below that it must not.
MIN_INNER = 3
# Share of a familiar name's occurrences inside speech for it to join the
# formal name it shortens.
FAMILIAR_SPOKEN_SHARE = 0.75
# Signs of a person (titles, speech tags, subject verbs, pronouns) a
# character needs, so that book titles and places stay out.
MIN_PERSON_SIGNS = 2
# ... but one will do in a story this short (in words): a one-shot names its
# few characters a handful of times, and has few capitalised words to mistake.
SHORT_STORY_WORDS = 10_000
# Gender votes an AO3 pairing category ("M/M", "F/F") gives the characters
# its relationship tags name: as many as a title.
PAIRED_VOTES = 3


def find_cast(story: Story, options: Options = _DEFAULT) -> Story:
    """Add ``characters`` and ``mentions`` to a story whose spans are typed."""
    skip = [(p.start, p.end) for p in story.paragraphs if p.role is not Role.BODY]
    if options.cast:
        characters, mentions = given_cast(story.text, options.cast, skip)
    else:
        seeds = (
            *story.metadata.characters,
            *((options.narrator,) if options.narrator else ()),
            *_senders(story),
        )
        characters, mentions = _discover(story, skip, seeds)
    if story.narration_person in (Person.FIRST, Person.SECOND):
        second = story.narration_person is Person.SECOND
        characters = _with_narrator(characters, options.narrator, not options.cast, second)
        if second:
            characters = _tagged_reader(characters, story.metadata.characters)
        if not options.cast:
            characters, mentions = _placeholders(story.text, skip, characters, mentions)
    mentions.sort()
    return replace(story, characters=tuple(characters), mentions=tuple(mentions))


def _senders(story: Story) -> tuple[str, ...]:
    """The senders chat lines name ("Sango: are you okay?"), each once:
    someone who writes is a character, however seldom the narration names them."""
    senders = (
        CHAT_LINE.match(story.text[span.outer_start : span.outer_end])
        for span in story.spans
        if span.kind is SpanKind.MESSAGE
    )
    return tuple(dict.fromkeys(line["sender"] for line in senders if line))


def _discover(
    story: Story, skip: list[tuple[int, int]], seeds: tuple[str, ...]
) -> tuple[list[Character], list[Mention]]:
    """Find the cast; ``seeds`` (AO3 tags, the narrator's name) need less evidence."""
    hits, stats = scan_names(story.text, skip)
    short = story.text.count(" ", 0, SHORT_STORY_WORDS * 8) < SHORT_STORY_WORDS
    signs = 1 if short else MIN_PERSON_SIGNS
    tagged = set().union(*(tag_words(tag) for tag in seeds))
    names = {
        name
        for name, entry in stats.items()
        if _is_name(entry, name, story.text, stats, signs)
        or (tagged and not tagged.isdisjoint(romanised(w) for w in name.split()))
    }
    counts: Counter[Key] = Counter()
    votes: dict[Key, tuple[int, int]] = {}
    for hit in hits:
        if hit.name in names:
            key = (hit.title, hit.name)
            counts[key] += 1
            if hit.vote and (not hit.title or title_gender(hit.title) is Gender.UNKNOWN):
                male, female = votes.get(key, (0, 0))
                votes[key] = (male + max(hit.vote, 0), female + max(-hit.vote, 0))
    groups = cluster(counts, votes, _spoken_familiar(story, hits))
    seeded = match_tags(seeds, groups, counts)
    members: dict[Key, int] = {key: index for index, group in enumerate(groups) for key in group}
    by_group: dict[int, list[Hit]] = defaultdict(list)
    for hit in hits:
        index = members.get((hit.title, hit.name))
        if index is not None:
            by_group[index].append(hit)
    kept = [i for i in range(len(groups)) if _enough(by_group[i], stats, signs) or i in seeded]
    paired = pairing_genders(story.metadata, groups, counts)
    characters = [_character(by_group[i], story.text, paired.get(i)) for i in kept]
    characters = unique_ids(characters)
    mentions = [
        Mention(hit.start, hit.end, character.id, MentionKind.NAME)
        for i, character in zip(kept, characters, strict=True)
        for hit in by_group[i]
    ]
    mentions.extend(find_descriptions(story, mentions))
    described, epithets = find_epithets(story, characters, mentions)
    return unique_ids([*characters, *described]), [*mentions, *epithets]


def _spoken_familiar(story: Story, hits: list[Hit]) -> set[str]:
    """Familiar names ("Bill", "Peggy") said mostly inside speech: how
    characters call one another, while the narration uses the formal name.
    One the narration uses too ("Kate sighed") may be a character's own."""
    speech = [(s.start, s.end) for s in story.spans if s.kind is not SpanKind.NARRATION]
    starts = [start for start, _ in speech]
    said: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for hit in hits:
        if hit.title or hit.name not in FAMILIAR_NAMES:
            continue
        total[hit.name] += 1
        i = bisect.bisect_right(starts, hit.start) - 1
        said[hit.name] += i >= 0 and speech[i][1] > hit.start
    return {name for name, n in total.items() if said[name] >= FAMILIAR_SPOKEN_SHARE * n}


def _is_name(
    entry: NameStats, name: str, text: str, stats: dict[str, NameStats], signs_needed: int
) -> bool:
    """Whether a capitalised run is a person's name, from its contexts
    (``signs_needed``: of a person, for a name seldom inside a sentence)."""
    if name in TITLES or _plural(name, stats):
        return False
    if entry.described == entry.count >= MIN_MENTIONS and not entry.titled and " " not in name:
        return False  # only ever "the Slytherin", "the Hokage": a description (epithets.py)
    person = entry.tags + entry.titled + entry.male + entry.female + entry.subject
    if entry.places >= 2 and entry.places + entry.weak_places / 4 > person:
        return False
    # Mostly "at Brightwater", "to Kyoto": a place, whatever few verbs follow it
    weak = entry.weak_places - entry.definite
    if entry.weak_places * 2 > entry.count and (person == 0 or person * 4 < weak):
        return False
    if entry.titled:
        return True
    if entry.inner >= MIN_INNER or (entry.inner and " " in name):
        return True
    first = stats.get(name.split(" ", 1)[0])
    if " " in name and first is not None and first.inner:
        return True  # "Roland Pike arrived": "Roland" is named inside sentences too
    # Seldom inside a sentence: a name only if never lowercase ("Sango
    # stared." but not "Come here." when "come" occurs too).
    signs = entry.tags + entry.subject + entry.male + entry.female
    acts = entry.tags + entry.vocatives > 0 or (
        entry.count >= MIN_MENTIONS and signs >= signs_needed
    )
    return acts and _never_lowercase(text, name)


def _plural(name: str, stats: dict[str, NameStats]) -> bool:
    """'the Pikes', 'the Hales': a family, not one character; but 'Mrs. Pikes',
    titled more often than 'Pike' is, is one. 'These Norrians': a people."""
    if not name.endswith("s"):
        return False
    titled = stats[name].titled
    if stats[name].plural and not titled:
        return True  # "these Norrians", "several Lancers": a people
    return any(stem in stats and stats[stem].titled > titled for stem in (name[:-1], name[:-2]))


def _never_lowercase(text: str, name: str) -> bool:
    """Whether no word of ``name`` occurs in lowercase as a whole word."""
    for word in name.split():
        lower = word.lower()
        at = text.find(lower)
        while at >= 0:
            end = at + len(lower)
            if (at == 0 or not text[at - 1].isalpha()) and (
                end == len(text) or not text[end].isalpha()
            ):
                return False
            at = text.find(lower, end)
    return True


def _enough(hits: list[Hit], stats: dict[str, NameStats], signs_needed: int) -> bool:
    """Enough mentions and signs of a person; one speech tag, or a title on a subject, will do."""
    names = {hit.name for hit in hits}
    tags = sum(stats[name].tags for name in names)
    person = tags + sum(
        stats[n].titled + stats[n].subject + stats[n].male + stats[n].female + stats[n].vocatives
        for n in names
    )
    titled_subject = any(hit.title for hit in hits) and any(stats[n].subject for n in names)
    return tags > 0 or titled_subject or (len(hits) >= MIN_MENTIONS and person >= signs_needed)


def _character(hits: list[Hit], text: str, paired: Gender | None = None) -> Character:
    """The character of a group's name ``hits``; ``paired`` is the gender its
    work's pairing category gives it (it counts as much as a title)."""
    forms = Counter((text[h.start : h.end], bool(h.honorific)) for h in hits)
    surfaces: Counter[str] = Counter()
    plain: Counter[str] = Counter()
    for (surface, honorific), count in forms.items():
        surface = " ".join(surface.split())
        surfaces[surface] += count
        if not honorific:
            plain[surface] += count
    plain = plain or surfaces
    name = max(plain, key=lambda s: (plain[s], len(s)))
    aliases = (name, *sorted((s for s in surfaces if s != name), key=lambda s: -surfaces[s]))
    male = sum(h.vote for h in hits if h.vote > 0)
    female = -sum(h.vote for h in hits if h.vote < 0)
    prior = name_vote((h.name for h in hits if not h.title), (h.name for h in hits if h.title))
    male, female = male + max(prior, 0), female + max(-prior, 0)
    male += PAIRED_VOTES * (paired is Gender.MALE)
    female += PAIRED_VOTES * (paired is Gender.FEMALE)
    return Character(slug(name), name, aliases, gender_of(male, female), len(hits))


def _with_narrator(
    characters: list[Character], narrator: str | None, add: bool, second: bool = False
) -> list[Character]:
    """Flag the narrator, or add one (not to a user-given cast): in a
    second-person story, the "you" it is told to."""
    if narrator:
        wanted = narrator.casefold()
        for index, character in enumerate(characters):
            if any(alias.casefold() == wanted for alias in character.aliases):
                characters[index] = replace(character, narrator=True)
                return characters
    identity, name = ("you", "You") if second else (NARRATOR_ID, NARRATOR_NAME)
    name = narrator or name
    if not add or any(c.id == identity for c in characters):
        return characters
    return [Character(identity, name, (name,), narrator=True), *characters]


def _tagged_reader(characters: list[Character], tags: tuple[str, ...]) -> list[Character]:
    """The "you" of a second-person story, with the AO3 tag that names them
    ("Reader") among their aliases."""
    bare = (TAG_DISAMBIGUATOR.sub("", tag).strip() for tag in tags)  # "Reader (Lighthouse Keepers)"
    names = [name for name in bare if name.casefold() in READER_TAGS]
    if not names:
        return characters
    return [
        replace(c, aliases=tuple(dict.fromkeys((*c.aliases, *names)))) if c.narrator else c
        for c in characters
    ]


def _placeholders(
    text: str, skip: list[tuple[int, int]], characters: list[Character], mentions: list[Mention]
) -> tuple[list[Character], list[Mention]]:
    """The narrator named by the placeholders of reader-insert fics ("Y/N"):
    each one a mention of them, and one of their aliases."""
    narrator = next((c for c in characters if c.narrator), None)
    if narrator is None or ("/N" not in text and "/n" not in text):
        return characters, mentions
    starts = [start for start, _ in skip]
    found = []
    for match in READER_PLACEHOLDER.finditer(text):
        at = bisect.bisect_right(starts, match.start()) - 1
        if at < 0 or match.start() >= skip[at][1]:
            found.append(match)
    if not found:
        return characters, mentions
    forms = tuple(dict.fromkeys(match.group("name").upper() for match in found))
    named = replace(narrator, aliases=tuple(dict.fromkeys((*narrator.aliases, *forms))))
    characters = [named if c.id == narrator.id else c for c in characters]
    mentions = mentions + [
        Mention(m.start("name"), m.end("name"), narrator.id, MentionKind.NAME) for m in found
    ]
    return characters, mentions
