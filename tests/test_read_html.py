"""HTML readers: text conversion, AO3, FanFiction.net and generic pages.

Every story here is invented in the test; only ``test_seed_ao3_download``
reads the real seed file, and it checks metadata and shape, not sentences.
"""

# HTML and XML fixtures stay on their natural lines.
# ruff: noqa: E501

from __future__ import annotations

import time
from typing import Any

import pytest
from conftest import load_cases, need_data

from ficlens.errors import InputError
from ficlens.model import Source
from ficlens.options import Options
from ficlens.read import read_bytes
from ficlens.read.html import read_html
from ficlens.rules.html import is_scene_break


def _check_shape(src: Source) -> None:
    """Invariants every HTML reading keeps."""
    text = src.text
    assert src.paragraph_breaks
    assert "\n\n\n" not in text
    for paragraph in text.split("\n\n"):
        assert paragraph and paragraph == paragraph.strip()
        assert "  " not in paragraph
    for e in src.emphasis:
        assert (e.start, e.end) == (e.outer_start, e.outer_end)
        covered = text[e.start : e.end]
        assert covered and covered == covered.strip()
    for offset in src.break_hints + tuple(h.start for h in src.chapter_hints):
        assert offset == 0 or text[offset - 2 : offset] == "\n\n"


@pytest.mark.parametrize("case", load_cases("html_text.jsonl"))
def test_html_text_cases(case: dict[str, Any]) -> None:
    src = read_html(case["html"], case["name"], Options(), "html")
    assert src.text == case["text"]
    if "emphasis" in case:
        found = [[src.text[e.start : e.end], e.strong] for e in src.emphasis]
        assert found == case["emphasis"]
    if "breaks" in case:
        after = [src.text[offset:].split("\n\n")[0] for offset in src.break_hints]
        assert after == case["breaks"]
    _check_shape(src)


@pytest.mark.parametrize(
    "line",
    ["***", "* * *", "~~~", "~*~", "#", "-----", "___", "xXx", "XxXxX", "oOo", "OoOoO",
     "-x-x-", "~o~o~", "x-x-x", "-line break-", "~Scene Break~", "Page break", "=+=+=", "◇◆◇"],
)  # fmt: skip
def test_scene_break_lines(line: str) -> None:
    assert is_scene_break(line)
    src = read_html(f"<p>Before.</p><p>{line}</p><p>After.</p>")
    assert src.text == "Before.\n\nAfter."
    assert src.break_hints == (len("Before.\n\n"),)


@pytest.mark.parametrize(
    "line", ["...", "…", '"…"', "?!", "—", "Oh.", "XOXO", "xoxo", "o.O", "O!", "Ooo", "Break!", "x"]
)
def test_lines_that_are_not_breaks(line: str) -> None:
    assert not is_scene_break(line)
    assert read_html(f"<p>{line}</p>").text == line


@pytest.mark.parametrize("tag", ["div", "span", "em", "blockquote"])
def test_deep_nesting_does_not_crash(tag: str) -> None:
    depth = 10_000
    html = f"<{tag}>" * depth + "deep words" + f"</{tag}>" * depth + "<p>after</p>"
    src = read_html(html)
    assert src.text.startswith("deep words")
    assert src.text.endswith("after")


def test_content_past_max_depth_is_flattened() -> None:
    html = "<div>" * 10 + "<p>one</p><p>two <em>three</em></p>" + "</div>" * 10
    src = read_html(html, options=Options(max_html_depth=4))
    assert src.text == "one two three"
    assert src.emphasis == ()


def test_conversion_is_linear() -> None:
    def seconds(n: int) -> float:
        html = "<p>Some <em>words</em> here &amp; there.</p>\n" * n
        started = time.perf_counter()
        src = read_html(html)
        elapsed = time.perf_counter() - started
        assert src.text.count("\n\n") == n - 1 and len(src.emphasis) == n
        return elapsed

    small, large = seconds(5_000), seconds(40_000)
    assert large < max(small, 0.05) * 8 * 3  # 8x the input, generous 3x slack


def test_no_text_is_an_input_error() -> None:
    for html in (
        "",
        "<html><head><title>Only</title></head><body></body></html>",
        "<hr><p>***</p>",
    ):
        with pytest.raises(InputError, match="the HTML has no story text"):
            read_html(html, "page.html")


# --- AO3 "Download HTML" -------------------------------------------------------

_AO3_PREFACE = """<div id="preface">
  <h2 class="toc-heading">Preface</h2>
  <p class="message"><b>Lantern Tide</b><br/>Posted originally on the
  <a href="https://archiveofourown.org/">Archive of Our Own</a> at
  <a href="https://archiveofourown.org/works/42">https://archiveofourown.org/works/42</a>.</p>
  <div class="meta"><dl class="tags">
    <dt>Rating:</dt><dd><a href="#">General Audiences</a></dd>
    <dt>Archive Warnings:</dt><dd><a>No Archive Warnings Apply</a></dd>
    <dt>Category:</dt><dd><a>Gen</a></dd>
    <dt>Fandoms:</dt><dd><a>Lantern Sea (TV)</a>, <a>Harbor Tales</a></dd>
    <dt>Relationship:</dt><dd><a>Mara &amp; Tobin</a></dd>
    <dt>Characters:</dt><dd><a>Mara Quill</a>, <a>Tobin Reyes</a></dd>
    <dt>Additional Tags:</dt><dd><a>Fluff</a>, <a>Boats, Ships, and Rafts</a></dd>
    <dt>Language:</dt><dd>English</dd>
    <dt>Series:</dt><dd>Part 2 of <a>Tide Series</a></dd>
    <dt>Stats:</dt><dd>Published: 2021-03-01 Completed: 2021-04-02 Words: 12,345 Chapters: 2/2</dd>
  </dl>
  <h1>Lantern Tide</h1>
  <div class="byline">by <a rel="author" href="#">quillpen</a>, <a rel="author">reyes_writes</a></div>
  <p>Summary</p><blockquote class="userstuff"><p>Two friends and a boat.</p></blockquote>
  <p>Notes</p><blockquote class="userstuff"><p>Written for a prompt.</p></blockquote>
  <div class="endnote-link">See the end of the work for <a href="#endnotes">more notes</a></div>
  </div>
</div>"""

_AO3_AFTERWORD = """<div id="afterword"><h2 class="toc-heading">Afterword</h2>
  <div class="meta"><div id="endnotes"><p>End Notes</p>
  <blockquote class="userstuff"><p>Thanks for reading.</p></blockquote></div></div>
  <p class="message">Please drop by the archive and comment.</p></div>"""

_AO3_CHAPTERS = """<div id="chapters" class="userstuff">
  <div class="meta group"><h2 class="heading">Chapter 1: Low Water</h2>
    <p>Chapter Summary</p><blockquote class="userstuff"><p>They set out.</p></blockquote>
    <p>Chapter Notes</p><blockquote class="userstuff"><p>First chapter note.</p></blockquote>
  </div>
  <div class="userstuff"><p>Mara rowed.</p><p><em>Too slow,</em> she thought.</p>
    <p>* * *</p><p>Night fell.</p></div>
  <div class="meta" id="endnotes1"><p>Chapter End Notes</p>
    <blockquote class="userstuff"><p>Chapter one end note.</p></blockquote></div>
  <div class="meta group"><h2 class="heading">Chapter 2</h2></div>
  <div class="userstuff"><p>"Land," said Tobin.</p></div>
</div>"""


def _page(*blocks: str) -> str:
    return (
        "<!DOCTYPE html><html><head><title>Lantern Tide - quillpen</title></head><body>"
        + "".join(blocks)
        + "</body></html>"
    )


def test_ao3_download_multichapter() -> None:
    src = read_html(_page(_AO3_PREFACE, _AO3_CHAPTERS, _AO3_AFTERWORD), "w.html", Options(), "ao3")
    m = src.metadata
    assert src.format == "ao3"
    assert m.title == "Lantern Tide"
    assert m.authors == ("quillpen", "reyes_writes")
    assert m.rating == "General Audiences"
    assert m.warnings == ("No Archive Warnings Apply",)
    assert m.categories == ("Gen",)
    assert m.fandoms == ("Lantern Sea (TV)", "Harbor Tales")
    assert m.relationships == ("Mara & Tobin",)
    assert m.characters == ("Mara Quill", "Tobin Reyes")
    assert m.additional_tags == ("Fluff", "Boats, Ships, and Rafts")
    assert m.language == "English"
    assert (m.published, m.updated, m.words, m.chapters) == (
        "2021-03-01",
        "2021-04-02",
        12345,
        "2/2",
    )
    assert m.summary == "Two friends and a boat."
    assert m.url == "https://archiveofourown.org/works/42"
    assert m.notes == (
        "Written for a prompt.",
        "They set out.",
        "First chapter note.",
        "Chapter one end note.",
        "Thanks for reading.",
    )
    assert src.text == (
        'Mara rowed.\n\nToo slow, she thought.\n\nNight fell.\n\n"Land," said Tobin.'
    )
    assert [(h.title, src.text[h.start :].split("\n\n")[0]) for h in src.chapter_hints] == [
        ("Chapter 1: Low Water", "Mara rowed."),
        ("Chapter 2", '"Land," said Tobin.'),
    ]
    assert [src.text[o:].split("\n\n")[0] for o in src.break_hints] == ["Night fell."]
    assert [src.text[e.start : e.end] for e in src.emphasis] == ["Too slow,"]
    _check_shape(src)


def test_ao3_download_oneshot_sniffed_as_html() -> None:
    chapters = """<div id="chapters" class="userstuff"><h2 class="toc-heading">Lantern Tide</h2>
      <div class="userstuff"><p>Only chapter.</p></div></div>"""
    src = read_html(_page(_AO3_PREFACE, chapters, _AO3_AFTERWORD), "w.html", Options(), "html")
    assert src.format == "ao3"
    assert src.text == "Only chapter."
    assert src.chapter_hints == ()
    for leaked in ("Lantern Tide", "Preface", "Summary", "Notes", "Afterword", "comment"):
        assert leaked not in src.text


def test_ao3_download_text_directly_in_chapters_and_anonymous_byline() -> None:
    preface = _AO3_PREFACE.replace(
        '<div class="byline">by <a rel="author" href="#">quillpen</a>, <a rel="author">reyes_writes</a></div>',
        '<div class="byline">by Anonymous</div>',
    )
    chapters = '<div id="chapters" class="userstuff"><h2 class="toc-heading">Lantern Tide</h2><p>Bare text.</p></div>'
    src = read_html(_page(preface, chapters), "w.html", Options(), "ao3")
    assert (src.text, src.metadata.authors) == ("Bare text.", ("Anonymous",))


def test_ao3_through_read_bytes() -> None:
    chapters = '<div id="chapters"><div class="userstuff"><p>Bytes in.</p></div></div>'
    src = read_bytes(_page(_AO3_PREFACE, chapters).encode(), "w.html")
    assert (src.format, src.text, src.metadata.title) == ("ao3", "Bytes in.", "Lantern Tide")


# --- AO3 saved work page -------------------------------------------------------

_SAVED_META = """<div id="main" class="works-show region" role="main">
<div class="wrapper"><dl class="work meta group">
  <dt class="rating tags">Rating:</dt><dd class="rating tags"><ul class="commas">
    <li><a class="tag">Mature</a></li></ul></dd>
  <dt class="fandom tags">Fandom:</dt><dd class="fandom tags"><ul class="commas">
    <li><a class="tag">Lantern Sea (TV)</a></li></ul></dd>
  <dt class="relationship tags">Relationship:</dt><dd class="relationship tags"><ul>
    <li><a class="tag">Mara Quill/Tobin Reyes</a></li></ul></dd>
  <dt class="character tags">Characters:</dt><dd class="character tags"><ul>
    <li><a class="tag">Mara Quill</a></li><li><a class="tag">Tobin Reyes</a></li></ul></dd>
  <dt class="freeform tags">Additional Tags:</dt><dd class="freeform tags"><ul>
    <li><a class="tag">Angst</a></li></ul></dd>
  <dt class="language">Language:</dt><dd class="language" lang="en">English</dd>
  <dt class="stats">Stats:</dt><dd class="stats"><dl class="stats">
    <dt class="published">Published:</dt><dd class="published">2022-05-06</dd>
    <dt class="words">Words:</dt><dd class="words">2,001</dd>
    <dt class="chapters">Chapters:</dt><dd class="chapters">2/?</dd></dl></dd>
</dl></div>
<div id="workskin"><div class="preface group">
  <h2 class="title heading">Salt Lines</h2>
  <h3 class="byline heading"><a rel="author" href="/users/quillpen">quillpen</a></h3>
  <div class="summary module"><h3 class="heading">Summary:</h3>
    <blockquote class="userstuff"><p>A storm comes.</p></blockquote></div>
  <div class="notes module"><h3 class="heading">Notes:</h3>
    <blockquote class="userstuff"><p>Work note.</p></blockquote></div>
</div>"""


def test_ao3_saved_work_page_chapters() -> None:
    chapters = """<div id="chapters" role="article">
      <div class="chapter" id="chapter-1"><div class="chapter preface group" role="complementary">
        <h3 class="title"><a href="/works/1/chapters/1">Chapter 1</a>: Squall</h3>
        <div id="notes" class="notes module"><h3 class="heading">Notes:</h3>
          <blockquote class="userstuff"><p>Chapter note.</p></blockquote></div></div>
        <div class="userstuff module" role="article"><h3 class="landmark heading">Chapter Text</h3>
          <p>Rain hit the deck.</p><hr/><p>Morning.</p></div>
      </div>
      <div class="chapter" id="chapter-2"><div class="chapter preface group">
        <h3 class="title"><a>Chapter 2</a></h3></div>
        <div class="userstuff module"><h3 class="landmark heading">Chapter Text</h3>
          <p>Calm again.</p></div></div>
    </div></div>
    <div id="work_endnotes" class="end notes module"><h3>Notes:</h3>
      <blockquote class="userstuff"><p>Work end note.</p></blockquote></div></div>
    <div id="footer"><p>Archive of Our Own footer text.</p></div>"""
    src = read_html(_page(_SAVED_META, chapters), "saved.html", Options(), "html")
    m = src.metadata
    assert src.format == "ao3"
    assert (m.title, m.authors, m.rating, m.language) == (
        "Salt Lines",
        ("quillpen",),
        "Mature",
        "English",
    )
    assert m.fandoms == ("Lantern Sea (TV)",)
    assert m.relationships == ("Mara Quill/Tobin Reyes",)
    assert m.characters == ("Mara Quill", "Tobin Reyes")
    assert m.additional_tags == ("Angst",)
    assert (m.published, m.words, m.chapters) == ("2022-05-06", 2001, "2/?")
    assert m.summary == "A storm comes."
    assert m.notes == ("Work note.", "Chapter note.", "Work end note.")
    assert src.text == "Rain hit the deck.\n\nMorning.\n\nCalm again."
    assert [(h.title, h.start) for h in src.chapter_hints] == [
        ("Chapter 1: Squall", 0),
        ("Chapter 2", src.text.index("Calm")),
    ]
    assert src.break_hints == (src.text.index("Morning"),)


def test_ao3_saved_oneshot_drops_landmark() -> None:
    chapters = """<div id="chapters" role="article"><h3 class="landmark heading" id="work">Work Text:</h3>
      <div class="userstuff"><p>Short piece.</p></div></div></div>"""
    src = read_html(_page(_SAVED_META, chapters))
    assert src.text == "Short piece."
    assert "Work Text" not in src.text


# --- FanFiction.net -------------------------------------------------------------

_FFN = """<html><head><link rel="canonical" href="https://www.fanfiction.net/s/99/1/Harbor-Lights"></head>
<body><div id="top"><div id="pre_story_links"><span class="lc-left">
  <a class="xcontrast_txt" href="/tv/">TV Shows</a><span class="icon-chevron-right"></span>
  <a class="xcontrast_txt" href="/tv/Lantern-Sea/">Lantern Sea</a></span></div>
<div id="profile_top" class="xcontrast_txt_bg">
  <button class="btn">Follow/Fav</button><b class="xcontrast_txt">Harbor Lights</b>
  <span class="xcontrast_txt"><div style="height:5px"></div>By:</span>
  <a class="xcontrast_txt" href="/u/123/quillpen">quillpen</a>
  <a href="https://www.fanfiction.net/pm2/post.php?uid=123">PM</a>
  <div style="margin-top:2px" class="xcontrast_txt">Lights in the harbor, and who lit them.</div>
  <span class="xgray xcontrast_txt">Rated: <a class="xcontrast_txt" href="https://www.fictionratings.com/">Fiction  T</a>
  - English - Romance/Hurt/Comfort -  [Mara Q., Tobin R.] Ada K. - Chapters: 3 - Words: 4,567
  - Reviews: <a href="/r/99/">8</a> - Favs: 3 - Follows: 2
  - Updated: <span data-xutime="1278028800">7/2/2010</span>
  - Published: <span data-xutime="1276473600">6/14/2010</span> - Status: Complete - id: 99 </span>
</div>
<span class="lc-left"><select id="chap_select" title="Chapter Navigation">
  <option value="1" selected>1. The Lamp</option><option value="2">2. The Wick</option></select></span>
<div role="main" aria-label="story content"><div class="storytext xcontrast_txt nocopy" id="storytext">
  <p>The lamp was lit.</p><p style="text-align:center;">xXx</p><p><i>Finally,</i> Ada thought.</p>
</div></div>
<div id="review"><p>Leave a review for this story.</p></div>
</body></html>"""


def test_ffn_page() -> None:
    src = read_html(_FFN, "ffn.html", Options(), "ffn")
    m = src.metadata
    assert src.format == "ffn"
    assert (m.title, m.authors, m.fandoms) == ("Harbor Lights", ("quillpen",), ("Lantern Sea",))
    assert m.summary == "Lights in the harbor, and who lit them."
    assert (m.rating, m.language) == ("T", "English")
    assert m.additional_tags == ("Romance", "Hurt/Comfort")
    assert m.relationships == ("Mara Q./Tobin R.",)
    assert m.characters == ("Mara Q.", "Tobin R.", "Ada K.")
    assert (m.words, m.chapters) == (4567, "3/3")
    assert (m.published, m.updated) == ("2010-06-14", "2010-07-02")
    assert m.url == "https://www.fanfiction.net/s/99/1/Harbor-Lights"
    assert src.text == "The lamp was lit.\n\nFinally, Ada thought."
    assert [(h.start, h.title) for h in src.chapter_hints] == [(0, "The Lamp")]
    assert src.break_hints == (src.text.index("Finally"),)
    assert [src.text[e.start : e.end] for e in src.emphasis] == ["Finally,"]
    for leaked in ("Harbor Lights", "Rated", "Follow", "review", "Lamp", "quillpen", "TV Shows"):
        assert leaked not in src.text


def test_ffn_sniffed_as_html() -> None:
    assert read_html(_FFN, "ffn.html", Options(), "html").format == "ffn"


def test_ffn_grey_line_without_genre_or_pairing() -> None:
    page = _FFN.replace("Romance/Hurt/Comfort -  [Mara Q., Tobin R.] Ada K.", "Ada K., Bo")
    m = read_html(page, fmt="ffn").metadata
    assert (m.additional_tags, m.relationships, m.characters) == ((), (), ("Ada K.", "Bo"))


# --- Generic pages --------------------------------------------------------------


def test_generic_page_finds_the_story_block() -> None:
    story = "".join(f"<p>Story paragraph {i} with enough words to count.</p>" for i in range(6))
    html = f"""<html><head><title>Harbor Story | Some Blog</title>
    <meta name="author" content="quillpen"><script>var a = 1;</script></head><body>
    <header><h1>Some Blog</h1><p>Tagline of the blog.</p></header>
    <nav><ul><li>Home</li><li>About</li></ul></nav>
    <div id="sidebar"><p>Recent posts</p><p>Archive list</p></div>
    <div id="content"><h1>Harbor Story</h1>{story}</div>
    <aside><p>Advertisement text that is fairly long but not the story at all.</p></aside>
    <footer><p>Copyright 2024</p></footer></body></html>"""
    src = read_html(html, "blog.html")
    assert src.format == "html"
    assert (src.metadata.title, src.metadata.authors) == ("Harbor Story", ("quillpen",))
    assert src.text.split("\n\n") == [
        f"Story paragraph {i} with enough words to count." for i in range(6)
    ]
    _check_shape(src)


def test_generic_prefers_article() -> None:
    html = """<body><div class="comments"><p>A long comment from a reader, longer than any single paragraph
    in the story itself, going on and on about the plot and the characters.</p></div>
    <article><p>First.</p><div><p>Second part.</p></div><p>Third.</p></article></body>"""
    assert read_html(html).text == "First.\n\nSecond part.\n\nThird."


def test_generic_br_formatted_page() -> None:
    html = "<html><body><font>Line one.<br><br>Line two.<br><br>* * *<br><br>Line three.</font></body></html>"
    src = read_html(html)
    assert src.text == "Line one.\n\nLine two.\n\nLine three."
    assert src.break_hints == (src.text.index("Line three"),)


def test_generic_title_falls_back_to_title_element() -> None:
    src = read_html("<title> The  Title </title><p>Words.</p>")
    assert (src.metadata.title, src.text) == ("The Title", "Words.")


# --- The real seed file ---------------------------------------------------------


def test_seed_ao3_download() -> None:
    html = need_data("seed", "always-and-forever.ao3.html").read_text("utf-8")
    src = read_html(html, "seed.html", Options(), "html")
    m = src.metadata
    assert src.format == "ao3"
    assert m.fandoms == ("InuYasha (Anime & Manga)",)
    assert m.relationships == ("Higurashi Kagome/InuYasha",)
    assert m.characters == ("Higurashi Kagome", "InuYasha (InuYasha)", "Kikyou (InuYasha)")
    assert (m.rating, m.title, m.authors) == (
        "Teen And Up Audiences",
        "Always and Forever",
        ("anonymous",),
    )
    assert m.summary and m.summary.startswith("What they say")
    assert m.notes == ("Thoughts are in italics.",)
    assert (m.published, m.words, m.chapters, m.language) == ("2010-06-14", 1010, "1/1", "English")
    assert src.text.startswith('"Kagome, I… I\'m sorry."')
    paragraphs = src.text.split("\n\n")
    assert len(paragraphs) == 43
    for leaked in ("Always and Forever\n", "Preface", "Summary", "Notes", "Afterword"):
        assert leaked not in src.text
    covered = [src.text[e.start : e.end] for e in src.emphasis]
    assert covered and all(c in paragraphs for c in covered)
    assert html.count("<em>") == len(covered)
    _check_shape(src)
