"""Rules for a story's structure: paragraphs, scene breaks, chapters, notes.

>>> is_scene_break("* * *"), is_scene_break("xXx"), is_scene_break("Ooh.")
(True, True, False)
>>> bool(CHAPTER_HEADING.match("Chapter 12: The Well"))
True
>>> bool(NOTE_START.match("A/N: thanks for the reviews!"))
True
"""

from __future__ import annotations

import re

# Paragraph separators: a line break followed by one or more blank lines
# (spaces, tabs and carriage returns count as blank). "\r\n\r\n" matches too.
BLANK_LINES = re.compile(r"\n(?:[ \t\r\f\v]*\n)+")

# A line break inside a block; used when a story puts one paragraph per line.
LINE_BREAK = re.compile(r"\r?\n")
# Line breaks that start a non-blank line, and those of them after a line
# that ends like a sentence. Less the blank-line separators, the first count
# is the line breaks inside blocks; the share that ends a sentence tells
# one-paragraph-per-line stories from hard-wrapped prose. (Both patterns
# start with a literal or a rare character so the search runs fast.)
LINE_START = re.compile(r"\n(?=[ \t]*\S)")
SENTENCE_LINE_START = re.compile(r"[.!?\"'”’…)\]*~\-—:][ \t\r]*\n(?=[ \t]*\S)")

# Scene-break lines made of ornaments: "***", "* * *", "~~~", "-x-x-", "~*~",
# "oOo", "xXx", "<3<3<3", "§", "◆◆◆". Letters o and x count as ornaments only
# in mixed case or beside symbols, so the word "ooo" alone is not a break.
_ORNAMENT = r"[*~#=+_\-–—•·◆◇♦♥❤✿❀☆★§°^<3|/\\.oOxX]"
SCENE_BREAK_GLYPHS = re.compile(rf"^[ \t]*(?:{_ORNAMENT}[ \t]*){{3,}}$|^[ \t]*[§◆◇♦❖※⁂][ \t]*$")

# Scene breaks written out: "-line break-", "~scene break~", "[break]".
SCENE_BREAK_WORDS = re.compile(
    r"^[ \t]*[\[(~*=\-–—_ ]*(?:line|scene|page|time)?[ \t-]*break[\])~*=\-–—_ ]*$",
    re.IGNORECASE,
)

# What may stand around a heading: Markdown's "#", bold, "~Chapter One~".
_DECORATION = r"(?:[#*_~=\-–—][ \t]*){0,4}"
# ... stripped from the heading to give the chapter's title.
HEADING_DECORATION = "#*_~=-–— \t"
# Chapter headings on a line of their own: "Chapter 12", "Chapter 12: Title",
# "CHAPTER XII.", "Ch. 3 - Title", "Part Two", "Prologue", "Epilogue: After".
_NUMBER = (
    r"(?:\d+|[IVXLCDM]+|[ivxlcdm]+|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|twenty(?:[- ]\w+)?|thirty(?:[- ]\w+)?|forty(?:[- ]\w+)?|fifty(?:[- ]\w+)?)"
)
CHAPTER_HEADING = re.compile(
    rf"^[ \t]*{_DECORATION}(?:(?:chapter|chap\.|ch\.?|part|book|volume)[ \t]+{_NUMBER}\b\.?"
    r"|(?:prologue|epilogue|interlude|afterword)\b)"
    rf"(?:[ \t]*[:.\-–—][ \t]*[^\n]{{0,100}}|[ \t]+[^\n]{{0,100}})?[ \t]*{_DECORATION}$",
    re.IGNORECASE,
)

# Point-of-view markers on a line of their own, which open a scene told by
# the character named: "Kagome's POV", "~Inuyasha's P.O.V.~", "*Sango POV*",
# "POV: Miroku", "Rin's Point of View". Markers that name no character
# ("Normal POV", "Third person POV") open a scene all the same.
_POV = r"(?:POV|P\.[ \t]?O\.[ \t]?V\.?|[Pp]ov|[Pp]oint[ \t]+[Oo]f[ \t]+[Vv]iew)"
_POV_NAME = r"[A-Z][\w.’'-]*?(?:[ \t]+[A-Z][\w.’'-]*?){0,2}"
_NO_CHARACTER = (
    r"(?i:normal|third[ \t]+person|first[ \t]+person|omniscient|general|regular"
    r"|author|narrator|no[ \t]+one|nobody|everyone|everybody)"
)
POV_MARKER = re.compile(
    rf"^[^\w\n]*(?:(?P<none>{_NO_CHARACTER})(?:['’]s?)?[ \t]*{_POV}"
    rf"|(?P<name>{_POV_NAME})(?:['’]s?)?[ \t]*{_POV}"
    rf"|{_POV}[ \t]*[:\-–—][ \t]*(?P<after>{_POV_NAME}))[^\w\n]*$"
)

# Author's notes and disclaimers inside the story text. "AN" needs a colon
# or dash after it so that "An hour later" stays narration.
NOTE_START = re.compile(
    r"^[ \t]*[\[(*_~]*[ \t]*(?:"
    r"A/N|A\.N\.|AN[ \t]*[:\-–—]|author'?s'?[ \t]+notes?|authors[ \t]+notes?|"
    r"disclaimer|N/A[ \t]*:|notes?[ \t]*:|(?:chapter|end|beginning)[ \t]+notes?\b|"
    r"ps[ \t]*:|p\.s\.|"
    r"thanks?[ \t]+(?:you[ \t]+)?(?:so[ \t]+much[ \t]+)?for[ \t]+reading|"
    r"please[ \t]+(?:read[ \t]+and[ \t]+)?review|r[ \t]*&[ \t]*r\b|read[ \t]+and[ \t]+review|"
    r"review[ \t]+please|to[ \t]+be[ \t]+continued|tbc\b|the[ \t]+end[ \t]*[.!]*[ \t]*$"
    r")",
    re.IGNORECASE,
)

# A title line is short and does not end like a sentence.
TITLE_MAX_WORDS = 12
TITLE_BAD_END = re.compile(r"[.,;:]$")


def is_scene_break(line: str) -> bool:
    """True when ``line`` is nothing but a scene-break ornament or phrase."""
    stripped = line.strip()
    if len(stripped) > 60 or not stripped:
        return False
    if SCENE_BREAK_WORDS.match(stripped):
        return True
    if not SCENE_BREAK_GLYPHS.match(stripped):
        return False
    letters = [c for c in stripped if c.isalpha()]
    if not letters:
        return not all(c == "." for c in stripped.replace(" ", ""))
    # "xXx", "oOo", "-x-x-": letters only in mixed case or beside symbols.
    word = "".join(letters)
    return len(letters) < len(stripped.replace(" ", "")) or not (word.islower() or word.isupper())


def pov_marker(line: str) -> str | None:
    """The character a point-of-view marker line names ("" for none), or
    None when ``line`` is no such marker.

    >>> pov_marker("~Kagome's POV~"), pov_marker("POV: Sango"), pov_marker("Normal POV")
    ('Kagome', 'Sango', '')
    >>> pov_marker("Kagome's POV was different.") is None
    True
    """
    stripped = line.strip()
    if len(stripped) > 60:
        return None
    found = POV_MARKER.match(stripped)
    if found is None:
        return None
    return found.group("name") or found.group("after") or ""
