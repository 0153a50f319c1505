"""LitBank's text rebuilt from its tokens, with paragraphs guessed.

LitBank gives one sentence per line, tokens split by spaces. The text is
rebuilt with tokens joined by single spaces and one sentence per line.
Paragraphs are lost in LitBank, so they are guessed from the quotation marks
of the text alone (never from the gold quotes). The book's outer marks
(double, single or dashes) are those that open most sentences; a sentence that
opens with one starts a paragraph, and so does a capitalised sentence after one
that closes a quotation (``“ Hi . ”`` / ``Mr. Ashdown replied``) while a
lower-case one continues it (``“ Hi ? ”`` / ``cried his wife``). Marks of the
other style are nested quotes and never break. Paragraphs are separated by a
blank line.

>>> text, offsets, _ = build_text([["“", "Hi", ".", "”"], ["She", "left", "."]])
>>> print(text)
“ Hi . ”
<BLANKLINE>
She left .
>>> offsets[1][0], text[offsets[1][0]:]
(10, 'She left .')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from enum import StrEnum


class QuoteStyle(StrEnum):
    """A book's outer dialogue marks."""

    DOUBLE = "double"
    SINGLE = "single"
    DASH = "dash"


# Every quotation mark (and dialogue dash) and the style it belongs to; "``" and
# "''" are Penn Treebank spellings.
_STYLE_OF = {
    "“": QuoteStyle.DOUBLE, "”": QuoteStyle.DOUBLE, '"': QuoteStyle.DOUBLE,
    "``": QuoteStyle.DOUBLE, "''": QuoteStyle.DOUBLE,
    "‘": QuoteStyle.SINGLE, "’": QuoteStyle.SINGLE, "'": QuoteStyle.SINGLE,
    "—": QuoteStyle.DASH, "--": QuoteStyle.DASH, "―": QuoteStyle.DASH,
}  # fmt: skip
# Marks that only ever open or close a quotation; '"', "'" and "’" depend on
# where they stand ("’" and "'" are apostrophes after a word: "ladies ’").
UNAMBIGUOUS_OPENING = frozenset({"“", "‘", "``"})
UNAMBIGUOUS_CLOSING = frozenset({"”", "''"})
# Dialogue dashes open a line of speech but never close one ("— Come up , Kinch !").
DASHES = frozenset({"—", "--", "―"})
# Every quotation mark, trimmed from both ends of a gold quote before scoring
# (ficlens speech spans exclude their marks).
QUOTE_MARKS = frozenset(_STYLE_OF) - DASHES


def build_text(sentences: Sequence[Sequence[str]]) -> tuple[str, list[list[int]], int]:
    """The text, each token's start offset per sentence, and the number of paragraphs."""
    style = quote_style(sentences)
    pieces: list[str] = []
    offsets: list[list[int]] = []
    position = paragraphs = 0
    is_open = False  # an outer quotation is open at the end of the previous sentence
    for index, tokens in enumerate(sentences):
        new = index == 0 or _new_paragraph(sentences[index - 1], tokens, style, is_open)
        if index:
            pieces.append("\n\n" if new else "\n")
            position += 2 if new else 1
        paragraphs += new
        is_open = _still_open(tokens, style, is_open and not new)
        starts = []
        for number, token in enumerate(tokens):
            if number:
                pieces.append(" ")
                position += 1
            starts.append(position)
            pieces.append(token)
            position += len(token)
        offsets.append(starts)
    return "".join(pieces), offsets, paragraphs


def quote_style(sentences: Sequence[Sequence[str]]) -> QuoteStyle:
    """The outer quotation marks of a book: whichever opens most sentences.

    >>> quote_style([["‘", "Hi", ".", "’"], ["“", "Ho", "”"], ["‘", "No", "’"]])
    <QuoteStyle.SINGLE: 'single'>
    """
    firsts = Counter(_STYLE_OF.get(tokens[0]) for tokens in sentences if tokens)
    firsts.pop(None, None)
    best = firsts.most_common(1)
    return best[0][0] or QuoteStyle.DOUBLE if best else QuoteStyle.DOUBLE


def _new_paragraph(
    previous: Sequence[str], tokens: Sequence[str], style: QuoteStyle, is_open: bool
) -> bool:
    if not tokens or not previous:
        return True
    if _STYLE_OF.get(tokens[0]) is style:  # an opening mark (or a dash line)
        return True
    closed = not is_open and _STYLE_OF.get(previous[-1]) is style and previous[-1] not in DASHES
    return closed and tokens[0][:1].isupper()


def _still_open(tokens: Sequence[str], style: QuoteStyle, is_open: bool) -> bool:
    """Whether an outer quotation is open after ``tokens``."""
    if style is QuoteStyle.DASH:
        return False
    for number, token in enumerate(tokens):
        if _STYLE_OF.get(token) is not style:
            continue
        after_words = number > 0 and tokens[number - 1][:1].isalnum()
        straight_opening = token in ('"', "'") and not is_open and not after_words
        if token in UNAMBIGUOUS_OPENING or straight_opening:
            is_open = True
        elif not after_words or token in UNAMBIGUOUS_CLOSING or token == '"':
            is_open = False  # a closing mark after punctuation, not an apostrophe
    return is_open


__all__ = ["QUOTE_MARKS", "QuoteStyle", "build_text", "quote_style"]
