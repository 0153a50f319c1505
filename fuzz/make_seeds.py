"""Write the fuzz seed corpus (``fuzz/corpus/``): small stories in every format.

Run from the repository root: ``python fuzz/make_seeds.py``. Every seed is
under 20 KB and written here by hand, so the corpus can be rebuilt and
reviewed; the fuzzer adds its own finds beside them when given a writable
folder.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

TEXT = """The Lantern Keeper

Chapter 1: Tide

"Is it lit?" Mara asked, shaking rain from her coat.

Tomas didn't look up. "Since dusk." *She's early,* he thought. *Too early.*

* * *

'We'll need oil,' she said. 'The wolves' den is no place to run dry.'

-- Not tonight, he said.

A/N: Thanks for reading!
"""

MARKDOWN = """# Harbor Lights

_She knew._ **He** didn't.

> sorry :(

Sango: are you okay?

Dear Miroku,
I am fine.
Yours, Sango

~~~

"Wait—" she began.\r\n"No."\r\n
"""

HTML = """<!DOCTYPE html><html><head><title>Night Shift</title>
<meta name="author" content="quillpen"></head><body><nav>Home | Browse</nav>
<article><h1>Night Shift</h1><p>"Coffee?" she asked.</p><p><em>Not again,</em> he thought.</p>
<hr><p>Later, <span style="font-style: italic">much</span> later.<br>Another line.</p>
<div><font>Loose text in a div</font></div></article><footer>(c) nobody</footer></body></html>
"""

AO3 = """<!DOCTYPE html><html><head><title>A Title</title></head><body>
<div id="preface"><p class="message"><b>A Title</b><br/>Posted originally on the
<a href="http://archiveofourown.org/">Archive of Our Own</a> at
<a href="http://archiveofourown.org/works/1">/works/1</a>.</p>
<div class="meta"><dl class="tags"><dt>Rating:</dt><dd><a>Teen And Up Audiences</a></dd>
<dt>Fandom:</dt><dd><a>Some Show</a></dd><dt>Characters:</dt><dd><a>Ann</a>, <a>Bo</a></dd>
<dt>Stats:</dt><dd>Published: 2020-01-01 Words: 1,010 Chapters: 2/2</dd></dl>
<h1>A Title</h1><div class="byline">by <a rel="author">quillpen</a></div>
<p>Summary</p><blockquote class="userstuff"><p>A summary.</p></blockquote></div></div>
<div id="chapters"><div class="meta group"><h2 class="heading">Chapter 1: One</h2>
<p>Notes</p><blockquote class="userstuff"><p>A note.</p></blockquote></div>
<div class="userstuff"><p>"Hi," said Ann.</p><p><i>Bo's late,</i> she thought.</p></div>
<div class="meta group"><h2 class="heading">Chapter 2: Two</h2></div>
<div class="userstuff"><p>"Sorry," Bo said.</p><p>* * *</p><p>The end.</p></div></div>
<div id="afterword"><p>End Notes</p><blockquote class="userstuff"><p>Bye.</p></blockquote>
</div></body></html>
"""

AO3_SAVED = """<html><head><link rel="canonical" href="https://archiveofourown.org/works/2">
</head><body><div id="workskin"><dl class="work meta group"><dd class="rating tags">
<a>General</a></dd><dd class="fandom tags"><a>Show</a></dd><dd class="language">English</dd>
<dl class="stats"><dd class="words">12</dd><dd class="chapters">1/1</dd></dl></dl>
<div class="preface group"><h2 class="title">Saved</h2><h3 class="byline"><a>someone</a></h3>
<div class="summary"><blockquote><p>Sum.</p></blockquote></div></div>
<div id="chapters"><div class="chapter" id="chapter-1"><div class="chapter preface group">
<h3 class="title">Chapter 1</h3></div><div class="userstuff module"><h3 class="landmark">
Chapter Text</h3><p>"Yes," he said.</p></div></div></div></div></body></html>
"""

FFN = """<html><head><link rel="canonical" href="https://www.fanfiction.net/s/99/1/"></head>
<body><div id="pre_story_links"><a>Anime</a> > <a>Inuyasha</a></div>
<div id="profile_top"><b class="xcontrast_txt">Moonrise</b> By:
<a href="/u/1/quill">quill</a><div class="xcontrast_txt">A summary here.</div>
<span class="xgray">Rated: Fiction T - English - Romance/Angst - [Sango, Miroku] Inuyasha -
Words: 1,234 - Published: <span data-xutime="1276473600">6/14/2010</span> - Status: Complete
</span></div><select id="chap_select"><option value="1" selected>1. The Beginning</option>
</select><div id="storytext"><p>"Houshi-sama," Sango said.</p><p>He smiled.</p>
<p>xXx</p><p><em>Idiot,</em> she thought.</p></div></body></html>
"""

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>"""

OPF = """<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Harbor Lights</dc:title>
<dc:creator>quillpen</dc:creator><dc:date>2010-06-14T00:00:00+00:00</dc:date>
<dc:description>&lt;p&gt;Lights.&lt;/p&gt;</dc:description></metadata><manifest>
<item id="css" href="Styles/s.css" media-type="text/css"/>
<item id="t" href="Text/title_page.xhtml" media-type="application/xhtml+xml"/>
<item id="c1" href="Text/ch%201.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="Text/ch2.xhtml" media-type="application/xhtml+xml"/>
<item id="img" href="Images/x.png" media-type="image/png"/></manifest>
<spine><itemref idref="t"/><itemref idref="c1"/><itemref idref="img"/><itemref idref="c2"/>
</spine></package>"""

XHTML = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body>{body}</body></html>"""


def epub() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", CONTAINER)
        z.writestr("OEBPS/content.opf", OPF)
        z.writestr("OEBPS/Styles/s.css", ".calibre5 { font-style: italic }")
        z.writestr(
            "OEBPS/Text/title_page.xhtml",
            XHTML.format(body="<p>Rating: T</p><p>Words: 1,000</p><p>Category: Fluff</p>"),
        )
        z.writestr(
            "OEBPS/Text/ch 1.xhtml",
            XHTML.format(body='<h1>One</h1><p>"Hi," she said.</p><p class="calibre5">Hm.</p>'),
        )
        z.writestr("OEBPS/Text/ch2.xhtml", XHTML.format(body="<h2>Two</h2><p>Bye.</p><hr/>"))
        z.writestr("OEBPS/Images/x.png", b"\x89PNG\r\n")
    return buffer.getvalue()


SEEDS: dict[str, bytes] = {
    "story.txt": TEXT.encode(),
    "story-cp1252.txt": TEXT.replace("didn't", "didn\u2019t").encode("cp1252"),
    "story.md": MARKDOWN.encode(),
    "page.html": HTML.encode(),
    "ao3-download.html": AO3.encode(),
    "ao3-saved.html": AO3_SAVED.encode(),
    "ffn.html": FFN.encode(),
    "book.epub": epub(),
}


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    for name, data in SEEDS.items():
        assert len(data) < 20_000, name
        (CORPUS / name).write_bytes(data)


if __name__ == "__main__":
    main()
