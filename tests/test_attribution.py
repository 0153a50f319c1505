"""Speaker and addressee attribution over tests/cases/attribution.jsonl, and
stories at the edges: no dialogue, one character, hundreds of characters."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import load_cases

from ficlens import Gender, KnownCharacter, Options, SpanKind, analyze_text
from ficlens.model import Person
from ficlens.pipeline import run
from ficlens.read.text import text_source

_LINES = (SpanKind.SPEECH, SpanKind.THOUGHT, SpanKind.MESSAGE)


def _cast(entries: list[dict[str, Any]]) -> tuple[KnownCharacter, ...]:
    return tuple(
        KnownCharacter(e["name"], tuple(e.get("aliases", [])), Gender(e.get("gender", "unknown")))
        for e in entries
    )


@pytest.mark.parametrize("case", load_cases("attribution.jsonl"))
def test_attribution_case(case: dict[str, Any]) -> None:
    story = analyze_text(case["text"], Options(cast=_cast(case["cast"])))
    names = {c.id: c.name for c in story.characters}
    got = [
        [", ".join(names[s] for s in span.speaker), [names[a] for a in span.addressee]]
        for span in story.spans
        if span.kind in _LINES
    ]
    assert got == case["lines"]


def test_pronoun_tag_with_no_one_of_its_gender_narrated_means_one_a_line_named() -> None:
    cast = _cast([{"name": "Kaede", "gender": "female"}, {"name": "Miroku", "gender": "male"},
                  {"name": "Pike", "gender": "male"}])  # fmt: skip
    text = (
        'Miroku and Pike sat outside the inn.\n\n"Here comes Kaede," said Miroku.\n\n'
        'A figure was crossing the square, waving to them.\n\n"Hello, you two!" she said.'
    )
    story = analyze_text(text, Options(cast=cast))
    lines = [span for span in story.spans if span.kind is SpanKind.SPEECH]
    assert [line.speaker for line in lines] == [("miroku",), ("kaede",)]
    assert lines[1].evidence is not None and lines[1].evidence.rule == "explicit-tag"


def test_every_line_has_evidence_and_confidence() -> None:
    text = '"Wait," said Miroku.\n\n"Why?"\n\n"Because."'
    story = analyze_text(text, Options(cast=_cast([{"name": "Miroku"}, {"name": "Sango"}])))
    for span in story.spans:
        if span.kind is SpanKind.SPEECH:
            assert span.evidence is not None and span.evidence.rule
            assert span.confidence is not None and 0 <= span.confidence <= 1


def test_story_without_dialogue() -> None:
    story = analyze_text("The rain fell on the empty road.\n\nNobody came.")
    assert all(span.kind is SpanKind.NARRATION for span in story.spans)
    assert all(not span.speaker for span in story.spans)


def test_one_character_talking_to_herself() -> None:
    text = 'Kaede stirred the pot. Kaede frowned.\n\n"Too thin," she muttered.\n\n"Much too thin."'
    story = analyze_text(text)
    speakers = {s.speaker for s in story.spans if s.kind is SpanKind.SPEECH}
    assert speakers == {("kaede",)}


def test_hundreds_of_characters() -> None:
    names = [f"Name{chr(65 + i // 26)}{chr(97 + i % 26)}" for i in range(300)]
    paragraphs = [f'"Good morning," said {name}.' for name in names]
    story = analyze_text("\n\n".join(paragraphs))
    assert len(story.characters) >= 250
    said = [s.speaker for s in story.spans if s.kind is SpanKind.SPEECH]
    assert sum(1 for s in said if s) >= 250


def test_he_or_she_is_never_the_first_person_narrator() -> None:
    cast = _cast(
        [
            {"name": "Roland Pike", "aliases": ["Roland"], "gender": "male"},
            {"name": "Miroku", "gender": "male"},
        ]
    )
    text = (
        "Roland and I walked down to the river, and Miroku came after us.\n\n"
        '"Is it far?" I asked.\n\n"Not far," he said.'
    )
    story = analyze_text(text, Options(cast=cast, narrator="Roland Pike"))
    said = [s.speaker for s in story.spans if s.kind is SpanKind.SPEECH]
    assert said == [("roland-pike",), ("miroku",)]


def test_a_lead_in_keeps_its_tag_past_the_words_of_how_it_was_said() -> None:
    text = (
        '"Who will go?" asked Miroku.\n\nThere was a long silence, and then Kaede rose '
        'and said in a small and quiet voice\n\n"I will."'
    )
    cast = _cast([{"name": "Miroku", "gender": "male"}, {"name": "Kaede", "gender": "female"}])
    last = analyze_text(text, Options(cast=cast)).spans[-1]
    assert last.speaker == ("kaede",)
    assert last.evidence is not None and last.evidence.rule == "explicit-tag"
    assert last.evidence.text.endswith("said")


_TOLD_TO_YOU = (
    "You hear the door before you see him. Miroku always knocks twice, and you "
    "know his knock by now. You put your book down and you wait.\n\n"
    '"Hey, Y/N," Miroku says, leaning in the doorway. "You busy?"\n\n'
    '"Never too busy," you say.\n\n'
    'Miroku grins at that. "Kaede wants everyone downstairs," he says to you.\n\n'
    "You follow him down the hall, and Kaede waves from the stove.\n\n"
    '"There you are, (Y/N)," Kaede says.'
)


def test_a_second_person_story_is_told_to_a_you_who_speaks() -> None:
    story = analyze_text(_TOLD_TO_YOU)
    assert story.narration_person is Person.SECOND
    you = next(c for c in story.characters if c.narrator)
    assert (you.name, you.aliases) == ("You", ("You", "Y/N"))
    lines = [(s.speaker, s.addressee) for s in story.spans if s.kind is SpanKind.SPEECH]
    assert lines == [
        (("miroku",), ("you",)),
        (("miroku",), ("you",)),
        (("you",), ("miroku",)),
        (("miroku",), ("you",)),
        (("kaede",), ("you",)),
    ]
    assert [(s.person, s.pov) for s in story.scenes] == [(Person.SECOND, "you")]


def test_you_is_not_the_narrator_of_a_first_person_story() -> None:
    text = (
        "I walked down to the river with Miroku, and I watched the rain come in over "
        "the hills. I had not seen him in years and I did not know what to say.\n\n"
        '"Is it far?" I asked.\n\n"Not far," said Miroku.\n\n"Are you sure?" I asked.\n\n'
        '"You know it is," you said.'
    )
    story = analyze_text(text)
    assert story.narration_person is Person.FIRST
    said = [s.speaker for s in story.spans if s.kind is SpanKind.SPEECH]
    assert said == [("narrator",), ("miroku",), ("narrator",), ("miroku",)]


def test_the_reader_tag_names_the_you_of_a_second_person_story() -> None:
    header = (
        "Title: Knock Twice\nFandom: Lighthouse Keepers\nCharacters: Miroku, Reader (Keepers)\n\n"
    )
    story = run(text_source(header + _TOLD_TO_YOU))
    you = next(c for c in story.characters if c.narrator)
    assert you.aliases == ("You", "Reader", "Y/N")


def test_a_stray_you_in_third_person_narration_is_no_second_person() -> None:
    text = (
        "If you walked the cliff path in winter you would understand why Wren "
        "never did. She kept to the lane, and he kept to the beach, and the two "
        "of them met at the lamp each night. He lit it; she watched him.\n\n"
        '"Late again," said Wren.\n\n"Always," said Pike.'
    )
    assert analyze_text(text).narration_person is Person.THIRD


_TOLD_BY_TURNS = (
    "Kaede's POV\n\n"
    "I hated the well. I hated how cold it was at the bottom, and I hated that I "
    "had to decide all over again whether I was staying.\n\n"
    '"You\'re late," Miroku said when I climbed over the edge.\n\n'
    '"I had a test," I said.\n\n'
    "~Miroku's POV~\n\n"
    "She smelled of that other world again. I did not want her to wash it off, and "
    "I could not have told anyone why.\n\n"
    '"We\'re heading east," I told her.\n\n'
    '"Great," Kaede said.'
)


def test_a_scene_marked_as_a_character_s_is_told_by_them() -> None:
    story = analyze_text(_TOLD_BY_TURNS)
    lines = [(s.speaker, s.addressee) for s in story.spans if s.kind is SpanKind.SPEECH]
    assert lines == [
        (("miroku",), ("kaede",)),
        (("kaede",), ("miroku",)),
        (("miroku",), ("kaede",)),
        (("kaede",), ("miroku",)),
    ]
    assert [(s.pov, s.pov_evidence) for s in story.scenes] == [
        ("kaede", "marked: Kaede's POV"),
        ("miroku", "marked: ~Miroku's POV~"),
    ]
    assert "narrator" not in {c.id for c in story.characters}


def test_a_scene_opens_with_whom_its_narration_names_most_not_whom_its_lines_do() -> None:
    from ficlens.stages.conversation import Conversation
    from ficlens.stages.reading import Facts, Place
    from ficlens.stages.referents import Referents

    cast = _cast([{"name": "Pike", "gender": "male"}, {"name": "Kaede", "gender": "female"}])
    text = (
        '"Come in, come in!"\n\nPike held the door open. Pike smiled.\n\n'
        '"Kaede sends her love. Kaede is sorry. Kaede has a cold. Poor Kaede," said Pike.'
    )
    story = analyze_text(text, Options(cast=cast))
    refs = Referents(Facts.of(story), Place(Conversation()))
    assert refs.salient(()) == ("pike",)


def test_a_chat_line_s_sender_label_is_not_narration() -> None:
    from ficlens.stages.reading import Facts

    text = "Her phone buzzed.\n\nSango: are you there\nSango: hello??\n\nKaede sighed. Sango again."
    story = analyze_text(text)
    facts = Facts.of(story)
    flags = [
        (story.text[m.start : m.end], narrated)
        for m, narrated in zip(facts.index.mentions, facts.narrated, strict=True)
    ]
    assert flags == [("Sango", False), ("Sango", False), ("Kaede", True), ("Sango", True)]


def test_a_first_person_narrator_is_named_by_how_they_introduce_themselves() -> None:
    text = (
        "I walked down to the harbour that morning and I found my old boat. I had not "
        'seen it in years and I stood there for a long time.\n\n"Who are you?" asked Pike.'
        '\n\n"I\'m Rin," I said. "I used to live here."\n\n"Welcome back, then," said Pike.'
    )
    story = analyze_text(text)
    narrator = next(c for c in story.characters if c.narrator)
    assert (narrator.id, narrator.name, narrator.aliases) == (
        "narrator",
        "Rin",
        ("Rin", "Narrator"),
    )


def test_a_pronoun_read_close_by_tells_an_unknown_character_s_gender() -> None:
    from ficlens.stages.conversation import Conversation
    from ficlens.stages.reading import Facts, Place
    from ficlens.stages.referents import Referents
    from ficlens.stages.words import Referent

    story = analyze_text("Kaede waited by the door. Kaede sighed.")
    assert [(c.id, c.gender) for c in story.characters] == [("kaede", Gender.UNKNOWN)]
    refs = Referents(Facts.of(story), Place(Conversation()))
    end = len(story.text)
    assert refs.resolve(Referent("he", True, end, end), end, ()) == ("kaede",)
    assert refs.gender("kaede") is Gender.MALE
    assert refs.resolve(Referent("she", True, end, end), end, ()) == ()


def test_a_name_inside_the_tagged_line_is_not_whom_its_pronoun_means() -> None:
    from ficlens.stages.conversation import Conversation
    from ficlens.stages.reading import Facts, Place
    from ficlens.stages.referents import Referents
    from ficlens.stages.words import Referent

    cast = _cast([{"name": "Kaede", "gender": "female"}, {"name": "Miroku", "gender": "male"}])
    story = analyze_text('Kaede waited. "Miroku is looking for you," he said.', Options(cast=cast))
    refs = Referents(Facts.of(story), Place(Conversation()))
    at = story.text.index("he said")
    assert refs.resolve(Referent("he", True, at, at + 2, verb="said"), at, ()) == ()
