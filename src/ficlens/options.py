"""One immutable options object for every ficlens entry point.

>>> Options().max_input_bytes
200000000
>>> Options(quote_style="single").quote_style
'single'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ficlens.model import KnownCharacter, TurnModel

QuoteStyle = Literal["auto", "double", "single", "dash"]
InputFormat = Literal["auto", "text", "markdown", "html", "ao3", "ffn", "epub"]


@dataclass(frozen=True, slots=True)
class Options:
    """Settings for reading and analysing a story.

    Attributes:
        input_format: force a reader instead of sniffing the content.
        quote_style: the story's dialogue convention; "auto" decides per story.
        unmarked_thoughts: find thoughts whose italics were lost (standalone
            first- or second-person lines inside third-person narration).
        max_unmarked_thought_words: longest paragraph taken as an unmarked thought.
        max_input_bytes: larger inputs are refused with a clear error
            (``--max-input-mb``; 200 MB).
        max_archive_bytes: total decompressed size allowed for an EPUB or zip;
            every read is bounded, whatever sizes the archive declares
            (``--max-archive-mb``; 500 MB).
        max_archive_files: number of entries allowed in an EPUB or zip
            (``--max-archive-files``; 10,000).
        max_html_depth: deepest element nesting read from HTML; deeper tags
            are dropped before parsing and their words kept
            (``--max-html-depth``; 512).
        max_paragraph_chars: longest paragraph analysed at full precision;
            a longer one must be typed by a cheap linear rule so no stage
            turns quadratic (``--max-paragraph-chars``; 100,000). See
            SECURITY.md for which stages honour it.
        cast: characters given in advance (``--cast``); when set, the cast is
            exactly these and every attribution names one of them.
        narrator: the first-person narrator's name (``--narrator``).
        turn_model: weights for the conversation model, in place of the
            ones ficlens ships (``scripts/train_turns.py`` trains them).
    """

    input_format: InputFormat = "auto"
    quote_style: QuoteStyle = "auto"
    unmarked_thoughts: bool = True
    max_unmarked_thought_words: int = 40
    max_input_bytes: int = 200_000_000
    max_archive_bytes: int = 500_000_000
    max_archive_files: int = 10_000
    max_html_depth: int = 512
    max_paragraph_chars: int = 100_000
    cast: tuple[KnownCharacter, ...] = ()
    narrator: str | None = None
    turn_model: TurnModel | None = None
