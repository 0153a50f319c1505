"""A story as one SSML document for speech synthesis, one voice per character.

The narrator reads narration in its own voice; each character gets a voice
of their own from a fixed list of generic names, chosen by gender when it is
known; a line without a known speaker gets the "unknown" voice. Thoughts are
read softly. All text is escaped by the XML writer.

>>> from ficlens import analyze_text
>>> xml = to_ssml(analyze_text('"Hi," she said.'))
>>> '<voice name="unknown-speaker" gender="neutral">Hi,</voice>' in xml
True
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from ficlens.model import Character, Gender, SpanKind, Story
from ficlens.write.xmltext import XML_NS, clean_xml_text

SSML_NS = "http://www.w3.org/2001/10/synthesis"

# Generic voice names a synthesiser maps to its own voices; reused in turn
# when a story has more characters of one gender than names.
VOICES = {
    Gender.FEMALE: ("female-1", "female-2", "female-3", "female-4"),
    Gender.MALE: ("male-1", "male-2", "male-3", "male-4"),
    Gender.NONBINARY: ("neutral-1", "neutral-2"),
    Gender.UNKNOWN: ("neutral-3", "neutral-4", "neutral-5", "neutral-6"),
}
NARRATOR_VOICE = ("narrator", "neutral")
UNKNOWN_VOICE = ("unknown-speaker", "neutral")
_SSML_GENDER = {Gender.FEMALE: "female", Gender.MALE: "male"}
_VOICED = (SpanKind.SPEECH, SpanKind.THOUGHT, SpanKind.MESSAGE)


def voices(characters: tuple[Character, ...]) -> dict[str, tuple[str, str]]:
    """Character id → (voice name, SSML gender), distinct while names last.

    >>> from ficlens.model import Character, Gender
    >>> voices((Character("a", "A", gender=Gender.FEMALE), Character("b", "B")))
    {'a': ('female-1', 'female'), 'b': ('neutral-3', 'neutral')}
    """
    used: dict[Gender, int] = {}
    result = {}
    for character in characters:
        names = VOICES[character.gender]
        turn = used.get(character.gender, 0)
        used[character.gender] = turn + 1
        result[character.id] = (
            names[turn % len(names)],
            _SSML_GENDER.get(character.gender, "neutral"),
        )
    return result


def to_ssml(story: Story) -> str:
    """The story as an SSML 1.1 document."""
    ET.register_namespace("", SSML_NS)
    cast = voices(story.characters)
    language = story.metadata.language or "en"
    root = ET.Element(f"{{{SSML_NS}}}speak", {"version": "1.1", f"{{{XML_NS}}}lang": language})
    root.text = "\n"
    for _, spans in groupby(story.spans, key=lambda s: s.paragraph):
        paragraph = ET.SubElement(root, f"{{{SSML_NS}}}p")
        paragraph.tail = "\n"
        for span in spans:
            words = clean_xml_text(" ".join(story.span_text(span).split()))
            if not words:
                continue
            voice = NARRATOR_VOICE
            if span.kind in _VOICED:
                voice = next((cast[s] for s in span.speaker if s in cast), UNKNOWN_VOICE)
            element = ET.SubElement(
                paragraph, f"{{{SSML_NS}}}voice", {"name": voice[0], "gender": voice[1]}
            )
            if span.kind is SpanKind.THOUGHT:
                soft = ET.SubElement(element, f"{{{SSML_NS}}}prosody", {"volume": "soft"})
                soft.text = words
            else:
                element.text = words
            element.tail = " "
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
