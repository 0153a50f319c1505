"""A story as a screenplay in Fountain markup.

Each scene gets a forced scene heading (``.SCENE 3 - CHAPTER 1``); narration
becomes action; each speech a character cue in capitals and its dialogue;
thoughts are voice-over (``MIRA (V.O.)``) and messages ``MIRA (TEXT)``. A line
without a known speaker goes to ``UNKNOWN``. Action lines Fountain would read
as something else (all capitals, a scene heading, a transition, centred text)
are forced with ``!``, and emphasis marks are escaped.

>>> from ficlens import analyze_text
>>> print(to_fountain(analyze_text('"Hi," she said.')).split("\\n\\n", 2)[2])
UNKNOWN
Hi,
<BLANKLINE>
she said.
<BLANKLINE>
"""

from __future__ import annotations

import re

from ficlens.model import Span, SpanKind, Story
from ficlens.write.xmltext import story_title

# Cue extensions by kind of line.
EXTENSION = {SpanKind.SPEECH: "", SpanKind.THOUGHT: " (V.O.)", SpanKind.MESSAGE: " (TEXT)"}
UNKNOWN_CUE = "UNKNOWN"

# Action lines that Fountain would take for another element: a scene heading
# ("INT. HOUSE", ".FORCED"), a transition ("CUT TO:"), centred text (">x<"),
# a section or synopsis ("# Act", "= note"), lyrics ("~"), a page break
# ("==="), a forced element ("@", "!"). Lines in capitals ("CUT TO:",
# "HELP!") would be cues or transitions and are forced too.
_MISREAD = re.compile(r"^(?:(?:int|ext|est|int\.?/ext|i/e)[. ]|\.[^.]|[>#=~@!])", re.IGNORECASE)
# Emphasis characters Fountain reads as markup: escaped with a backslash.
_EMPHASIS = re.compile(r"([*_\\])")
# Cues that need "@" to be read as a character: no capital letter, or a transition.
_PLAIN_CUE = re.compile(r"^(?=.*[A-Z])[^a-z]*$")
_BLANKS = re.compile(r"\n{3,}")


def to_fountain(story: Story) -> str:
    """The whole story as one Fountain document."""
    names = {c.id: c.name for c in story.characters}
    out = [f"Title: {_one_line(story_title(story))}"]
    if story.metadata.authors:
        out.append(f"Author: {_one_line(', '.join(story.metadata.authors))}")
    out.append("")
    scenes = list(story.scenes)
    scene = -1
    for span in story.spans:
        while scene + 1 < len(scenes) and span.start >= scenes[scene + 1].start:
            scene += 1
            out.extend(["", _heading(story, scene)])
        out.extend(["", *_block(story, span, names)])
    return _BLANKS.sub("\n\n", "\n".join(out)).strip("\n") + "\n"


def _heading(story: Story, index: int) -> str:
    return f".SCENE {index + 1} - CHAPTER {story.scenes[index].chapter + 1}"


def _block(story: Story, span: Span, names: dict[str, str]) -> list[str]:
    words = _one_line(story.span_text(span))
    if not words:
        return []
    if span.kind not in EXTENSION:
        return [action_line(words)]
    return [cue(span, names), _EMPHASIS.sub(r"\\\1", words)]


def cue(span: Span, names: dict[str, str]) -> str:
    """The character cue for a line: the speaker's name in capitals.

    >>> from ficlens.model import Span, SpanKind
    >>> cue(Span(SpanKind.THOUGHT, 0, 1, 0, 1, 0, speaker=("mira",)), {"mira": "Mira"})
    'MIRA (V.O.)'
    """
    who = " & ".join(names.get(s, s) for s in span.speaker).upper() or UNKNOWN_CUE
    who = _one_line(who.replace("(", "").replace(")", ""))
    line = who + EXTENSION[span.kind]
    return line if _PLAIN_CUE.match(who) and not who.endswith("TO:") else "@" + line


def action_line(words: str) -> str:
    """Narration as action, forced with "!" where Fountain would misread it.

    >>> action_line("CUT TO:"), action_line("INT. the barn"), action_line("She *ran*.")
    ('!CUT TO:', '!INT. the barn', 'She \\\\*ran\\\\*.')
    >>> action_line("HELP!")
    '!HELP!'
    """
    escaped = _EMPHASIS.sub(r"\\\1", words)
    upper = any(c.isalpha() for c in words) and words == words.upper()
    return "!" + escaped if upper or _MISREAD.match(words) else escaped


def _one_line(text: str) -> str:
    return " ".join(text.split())
