"""FanFiction.net (and FictionPress) story pages.

The story is ``div#storytext``; the profile box ``div#profile_top`` holds
the title, author, summary and a grey line such as ``Rated: Fiction T -
English - Romance/Angst - [A, B] C - Words: 1,234 - Published: 6/14/2010``
that is parsed into :class:`~ficlens.model.Metadata`.

>>> fields = parse_grey_line("Rated: Fiction T - English - Humor - [Ann, Bo] Cy - Words: 1,234")
>>> fields["rating"], fields["additional_tags"], fields["relationships"], fields["characters"]
('T', ('Humor',), ('Ann/Bo',), ('Ann', 'Bo', 'Cy'))
>>> fields["language"], fields["words"], fields["chapters"]
('English', 1234, '1/?')
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from selectolax.lexbor import LexborNode

from ficlens.model import Metadata
from ficlens.read.ao3 import parse_words
from ficlens.read.htmltext import Layout, Part, inline_text, node_text
from ficlens.rules.html import FFN_FIELD, FFN_GENRES

__all__ = ["parse_grey_line", "read_ffn"]

# "6/14/2010": FanFiction.net's month/day/year dates.
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# "1. The Beginning": a chapter option's number prefix.
_CHAPTER_NUMBER = re.compile(r"^\d+\.\s*")


def read_ffn(root: LexborNode) -> Layout | None:
    """The FanFiction.net layout under ``root``, or None without a story block."""
    story = root.css_first("#storytext") or root.css_first("#storycontent")
    if story is None:
        return None
    fields: dict[str, Any] = {}
    profile = root.css_first("#profile_top")
    if profile is not None:
        fields["title"] = inline_text(profile.css_first("b.xcontrast_txt")) or None
        authors = (inline_text(a) for a in profile.css('a[href*="/u/"]'))
        fields["authors"] = tuple(dict.fromkeys(a for a in authors if a))
        boxes = profile.css("div.xcontrast_txt:not(div.xcontrast_txt *)")
        summary = next((d for d in boxes if inline_text(d)), None)
        fields["summary"] = node_text(summary) or None
        grey = profile.css_first("span.xgray")
        if grey is not None:
            fields.update(parse_grey_line(inline_text(grey), _timestamps(grey)))
    crumbs = root.css("#pre_story_links a")
    if crumbs:
        fandom = inline_text(crumbs[-1]).removesuffix(" Crossover")
        fields["fandoms"] = tuple(f.strip() for f in fandom.split(" + ") if f.strip())
    canonical = root.css_first('link[rel="canonical"]')
    if canonical is not None:
        fields["url"] = canonical.attributes.get("href")
    title = None
    option = root.css_first("select#chap_select option[selected]")
    if option is not None:
        title = _CHAPTER_NUMBER.sub("", inline_text(option)) or None
    return Layout(metadata=Metadata(**fields), parts=(Part(story, chapter=title),), format="ffn")


def _timestamps(grey: LexborNode) -> dict[str, str]:
    """Shown date -> ISO date, from the spans' ``data-xutime`` Unix times."""
    found = {}
    for span in grey.css("span[data-xutime]"):
        stamp = span.attributes.get("data-xutime") or ""
        if stamp.isdigit():
            day = datetime.fromtimestamp(int(stamp), tz=UTC).date().isoformat()
            found[inline_text(span)] = day
    return found


def parse_grey_line(line: str, dates: dict[str, str] | None = None) -> dict[str, Any]:
    """Metadata fields from FanFiction.net's grey story line."""
    fields: dict[str, Any] = {}
    chapters, complete = "1", False
    for index, segment in enumerate(s.strip() for s in line.split(" - ")):
        match = FFN_FIELD.fullmatch(segment)
        if match:
            key, value = match.group(1), match.group(2).strip()
            if key == "Rated":
                fields["rating"] = value.removeprefix("Fiction").strip() or None
            elif key == "Words":
                fields["words"] = parse_words(value)
            elif key in ("Published", "Updated"):
                fields[key.lower()] = _date(value, dates or {})
            elif key == "Chapters":
                chapters = value
            elif key == "Status":
                complete = value.lower().startswith("complete")
        elif index == 1 and ":" not in segment:
            fields["language"] = segment
        elif "additional_tags" not in fields and "characters" not in fields and _genres(segment):
            fields["additional_tags"] = _genres(segment)
        elif "characters" not in fields and segment:
            fields.update(_cast(segment))
    if fields:
        fields["chapters"] = f"{chapters}/{chapters if complete else '?'}"
    return fields


def _date(shown: str, dates: dict[str, str]) -> str:
    if shown in dates:
        return dates[shown]
    match = _US_DATE.fullmatch(shown)
    if match:
        month, day, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return shown


def _genres(segment: str) -> tuple[str, ...]:
    found = []
    rest = segment
    while rest:
        genre = next((g for g in FFN_GENRES if rest.startswith(g)), None)
        if genre is None:
            return ()
        found.append(genre)
        rest = rest[len(genre) :].lstrip("/")
    return tuple(found)


def _cast(segment: str) -> dict[str, Any]:
    """Characters and ``[A, B]`` pairings: "[Ann, Bo] Cy" -> Ann/Bo; Ann, Bo, Cy."""
    pairs = re.findall(r"\[([^\]]*)\]", segment)
    relationships = tuple(
        "/".join(n.strip() for n in pair.split(",") if n.strip()) for pair in pairs
    )
    names = re.sub(r"[\[\]]", ",", segment).split(",")
    characters = tuple(dict.fromkeys(n.strip() for n in names if n.strip()))
    return {"relationships": tuple(r for r in relationships if r), "characters": characters}
