"""Find messages: chat and text-message lines, and letters read out.

A chat line ("Sango: are you okay?") counts only beside another one, so a
lone "Note: ..." or "He said: ..." stays narration.

>>> from ficlens.model import Paragraph
>>> text = "Sango: are you okay?\\n\\nKagome: fine"
>>> found = find_messages(text, [Paragraph(0, 20), Paragraph(22, 34)])
>>> [text[m.start:m.end] for m in found[0] + found[1]]
['are you okay?', 'fine']
"""

from __future__ import annotations

from typing import NamedTuple

from ficlens.model import Paragraph, Role
from ficlens.rules.dialogue import (
    CHAT_LINE,
    LETTER_CLOSE,
    LETTER_MAX_PARAGRAPHS,
    LETTER_OPEN,
    NOT_SENDERS,
    QUOTED_LINE,
)

_QUOTES = frozenset('"“”')
_SALUTATION_INITIALS = frozenset("DdMmTtBb")  # Dear, My dearest, To my, Beloved
CHAT_WINDOW = 3  # paragraphs within which a second chat line must appear


class Message(NamedTuple):
    """One message line: ``start``/``end`` its words, ``outer_*`` with the sender."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    sender: str | None = None


def find_messages(text: str, paragraphs: list[Paragraph]) -> dict[int, list[Message]]:
    """Messages by paragraph index; a paragraph listed here is all messages."""
    chat = {i: m for i, p in enumerate(paragraphs) if (m := _chat_lines(text, p))}
    found = {
        i: lines
        for i, lines in chat.items()
        if any(j in chat for j in range(i - CHAT_WINDOW, i + CHAT_WINDOW + 1) if j != i)
        or len(lines) > 1
    }
    found.update(_letters(text, paragraphs, found))
    return found


def _chat_lines(text: str, paragraph: Paragraph) -> list[Message]:
    if paragraph.role is not Role.BODY or paragraph.end - paragraph.start > 2000:
        return []
    if text[paragraph.start] != ">" and text.find(":", paragraph.start, paragraph.end) < 0:
        return []
    lines: list[Message] = []
    position = paragraph.start
    while position < paragraph.end:
        newline = text.find("\n", position, paragraph.end)
        line_end = paragraph.end if newline < 0 else newline
        message = _chat_line(text, position, line_end)
        if message is None:
            return []
        lines.append(message)
        position = line_end + 1
    return lines


def _chat_line(text: str, start: int, end: int) -> Message | None:
    line = text[start:end].rstrip()
    if not line.strip():
        return None
    if QUOTED_LINE.match(line):
        body = start + line.index(">") + 1
        while text[body] in " \t":
            body += 1
        return Message(body, start + len(line), start, start + len(line))
    match = CHAT_LINE.match(line)
    if match is None or _QUOTES & set(line):
        return None
    sender = match.group("sender")
    if sender.lower().rstrip(".") in NOT_SENDERS:
        return None
    return Message(start + match.start("body"), start + len(line), start, start + len(line), sender)


def _letters(
    text: str, paragraphs: list[Paragraph], taken: dict[int, list[Message]]
) -> dict[int, list[Message]]:
    """Paragraphs from a salutation ("Dear Kagome,") to a sign-off ("Love, Sango")."""
    letters: dict[int, list[Message]] = {}
    index = 0
    while index < len(paragraphs):
        if index in taken or not _letter_opens(text, paragraphs[index]):
            index += 1
            continue
        close = _letter_close(text, paragraphs, index)
        if close is None:
            index += 1
            continue
        for j in range(index, close + 1):
            p = paragraphs[j]
            letters[j] = [Message(p.start, p.end, p.start, p.end)]
        index = close + 1
    return letters


def _letter_opens(text: str, paragraph: Paragraph) -> bool:
    if paragraph.role is not Role.BODY or text[paragraph.start] not in _SALUTATION_INITIALS:
        return False
    piece = text[paragraph.start : min(paragraph.end, paragraph.start + 200)]
    return not _QUOTES & set(piece) and bool(LETTER_OPEN.match(piece))


def _letter_close(text: str, paragraphs: list[Paragraph], opened: int) -> int | None:
    last = min(len(paragraphs), opened + LETTER_MAX_PARAGRAPHS)
    for j in range(opened + 1, last):
        p = paragraphs[j]
        piece = text[p.start : p.end]
        if p.role is not Role.BODY or _QUOTES & set(piece):
            return None
        if LETTER_CLOSE.match(piece):
            signature = j + 1 < len(paragraphs) and _is_signature(text, paragraphs[j + 1])
            return j + 1 if signature else j
    return None


def _is_signature(text: str, paragraph: Paragraph) -> bool:
    piece = text[paragraph.start : paragraph.end]
    return len(piece.split()) <= 4 and piece[:1].isupper() and not _QUOTES & set(piece)
