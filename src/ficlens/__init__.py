"""ficlens: read fan fiction and recover who says and thinks what, to whom.

>>> story = analyze_text('"Hello," she said.')
>>> [(span.kind.value, story.span_text(span)) for span in story.spans]
[('speech', 'Hello,'), ('narration', 'she said.')]
"""

from __future__ import annotations

import os

from ficlens.errors import FiclensError, InputError
from ficlens.model import (
    Chapter,
    Character,
    Emphasis,
    Evidence,
    Gender,
    KnownCharacter,
    Mention,
    MentionKind,
    Metadata,
    Paragraph,
    Person,
    Role,
    Scene,
    Source,
    Span,
    SpanKind,
    Story,
    TurnModel,
)
from ficlens.options import Options
from ficlens.pipeline import run
from ficlens.read import read_bytes, read_path
from ficlens.read.text import text_source

__all__ = [
    "Chapter",
    "Character",
    "Emphasis",
    "Evidence",
    "FiclensError",
    "Gender",
    "InputError",
    "KnownCharacter",
    "Mention",
    "MentionKind",
    "Metadata",
    "Options",
    "Paragraph",
    "Person",
    "Role",
    "Scene",
    "Source",
    "Span",
    "SpanKind",
    "Story",
    "TurnModel",
    "analyze",
    "analyze_text",
    "read_bytes",
    "read_path",
]

__version__ = "0.1.0"


def analyze(path: str | os.PathLike[str], options: Options | None = None) -> Story:
    """Read the story file at ``path`` and run the whole pipeline."""
    options = options or Options()
    return run(read_path(path, options), options)


def analyze_text(text: str, options: Options | None = None) -> Story:
    """Run the whole pipeline over a story given as a string (read as plain
    text or Markdown: ``*asterisk*`` emphasis counts)."""
    return run(text_source(text), options)
