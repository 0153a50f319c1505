"""Rules for reading HTML: which elements are blocks, which are emphasis,
which lines are scene-break ornaments, and how fan fiction sites label metadata.

>>> is_scene_break("* * *"), is_scene_break("xXx"), is_scene_break('"..."')
(True, True, False)
"""

from __future__ import annotations

import re

# Elements that start and end a paragraph. Anything else (span, a, em, font,
# custom tags) is inline: its text joins the surrounding paragraph.
# fmt: off
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "html", "legend", "li", "main",
    "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
})
# fmt: on

# Elements whose content is never story text: code, styling, widgets, the
# document head. A reader never looks inside them.
# fmt: off
SKIPPED_TAGS = frozenset({
    "audio", "button", "canvas", "embed", "head", "iframe", "input", "link", "map", "math",
    "meta", "noscript", "object", "option", "script", "select", "style", "svg", "template",
    "textarea", "title", "video",
})
# fmt: on

# Page chrome a generic web page wraps around a story (menus, banners,
# sidebars, copyright lines). Dropped by the generic reader only: a site
# reader already knows which element holds the story.
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})

# Italic and bold elements. <cite>, <u> and <var> are not emphasis in fan
# fiction: they mark titles or links, not thoughts or stress.
ITALIC_TAGS = frozenset({"em", "i"})
STRONG_TAGS = frozenset({"strong", "b"})

# Inline styles that make text italic or bold, e.g. AO3's rich-text editor
# writes <span style="font-style: italic">.
ITALIC_STYLE = re.compile(r"font-style\s*:\s*(?:italic|oblique)", re.IGNORECASE)
STRONG_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.IGNORECASE)

# Characters a reader deletes from story text: zero-width space and a stray
# byte-order mark are invisible and would make an "empty" paragraph.
INVISIBLE = str.maketrans("", "", "\u200b\ufeff")

_SYM = r"(?:[^\w\s]|_)"  # one symbol: neither letter, digit nor space

# A line made only of symbols: "***", "* * *", "~~~", "~*~", "-=-=-", "###".
SYMBOL_LINE = re.compile(rf"\s*{_SYM}(?:\s*{_SYM})*\s*")

# Symbol lines that are not ornaments: a silent reply ("...", "…", "?!"), an
# empty quotation ('"…"'), or one dash (an interrupted line).
NOT_A_BREAK = re.compile(r"[\s.…!?,;:'\"“”‘’«»()]*|\s*[-–—]\s*")

# Letter ornaments in alternating case: "xXx", "XxXxX", "oOo", "OoOoO".
ALTERNATING_ORNAMENT = re.compile(
    rf"(?:{_SYM}|\s)*(?:x(?:Xx)+X?|X(?:xX)+x?|o(?:Oo)+O?|O(?:oO)+o?)(?:{_SYM}|\s)*"
)

# Letter ornaments split by symbols: "-x-x-", "~o~o~", "x-x-x", "x x x".
# Two letters at least, each followed by a separator, so "O!" and "o.O" stay text.
SEPARATED_ORNAMENT = re.compile(
    rf"(?:{_SYM}|\s)*(?:[xXoO](?:{_SYM}|\s)+){{2,}}[xXoO]?(?:{_SYM}|\s)*"
)

# A break announced in words: "-line break-", "~Scene Break~", "Time skip".
WORDED_BREAK = re.compile(
    rf"(?:{_SYM}|\s)*(?:(?:line|scene|page|section)\s*-?\s*break|time\s*-?\s*skip)(?:{_SYM}|\s)*",
    re.IGNORECASE,
)


def is_scene_break(line: str) -> bool:
    """True when a whole paragraph is a scene-break ornament, not story text.

    >>> [is_scene_break(s) for s in ("~*~", "-x-x-", "-line break-", "...", "Oh.")]
    [True, True, True, False, False]
    """
    if SYMBOL_LINE.fullmatch(line):
        return not NOT_A_BREAK.fullmatch(line)
    return bool(
        ALTERNATING_ORNAMENT.fullmatch(line)
        or SEPARATED_ORNAMENT.fullmatch(line)
        or WORDED_BREAK.fullmatch(line)
    )


# AO3 "Download HTML" labels (dt text, lower-cased, colon and plural "s"
# removed) mapped to Metadata fields. AO3 pluralises a label when a work has
# several tags of a kind ("Fandoms:", "Archive Warnings:").
AO3_LABELS = {
    "rating": "rating",
    "archive warning": "warnings",
    "warning": "warnings",
    "category": "categories",
    "categorie": "categories",
    "fandom": "fandoms",
    "relationship": "relationships",
    "character": "characters",
    "additional tag": "additional_tags",
    "freeform": "additional_tags",
    "language": "language",
}

# AO3 statistics lines: "Published: 2010-06-14 Words: 1,010 Chapters: 1/1".
AO3_STAT = re.compile(
    r"\b(Published|Updated|Completed|Words|Chapters):\s*(\S+)",
)

# FanFiction.net genres, matched greedily so "Hurt/Comfort" is one genre in
# "Romance/Hurt/Comfort".
FFN_GENRES = (
    "Hurt/Comfort",
    "Adventure",
    "Angst",
    "Crime",
    "Drama",
    "Family",
    "Fantasy",
    "Friendship",
    "General",
    "Horror",
    "Humor",
    "Mystery",
    "Parody",
    "Poetry",
    "Romance",
    "Sci-Fi",
    "Spiritual",
    "Supernatural",
    "Suspense",
    "Tragedy",
    "Western",
)

# The "key: value" fields of FanFiction.net's grey story line.
FFN_FIELD = re.compile(
    r"(Rated|Chapters|Words|Reviews|Favs|Follows|Updated|Published|Status|id)\s*:\s*(.*)", re.S
)

# FanFicFare title pages: "Rating: T", "Characters: A, B" lines. Several of
# them in one short spine document mean it is FanFicFare's info page.
FANFICFARE_LABEL = re.compile(
    r"(Category|Fandom|Fandoms|Rating|Rated|Characters|Relationships|Pairings?|Ships|Genre|"
    r"Genres|Freeform|Tags|Additional Tags|Warnings?|Language|Status|Published|Updated|"
    r"Packaged|Words|Chapters|Summary|Publisher|Author|Story URL|Source)\s*:\s*(.*)",
    re.IGNORECASE,
)

# FanFicFare label (lower-cased) to Metadata field.
FANFICFARE_FIELDS = {
    "category": "fandoms",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "rating": "rating",
    "rated": "rating",
    "characters": "characters",
    "relationships": "relationships",
    "pairing": "relationships",
    "pairings": "relationships",
    "ships": "relationships",
    "genre": "additional_tags",
    "genres": "additional_tags",
    "freeform": "additional_tags",
    "tags": "additional_tags",
    "additional tags": "additional_tags",
    "warning": "warnings",
    "warnings": "warnings",
    "language": "language",
    "published": "published",
    "updated": "updated",
    "words": "words",
    "chapters": "chapters",
    "summary": "summary",
    "story url": "url",
    "source": "url",
}
