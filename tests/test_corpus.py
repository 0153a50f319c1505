"""``ficlens corpus`` and ``ficlens query``: mixed inputs, faults, resume, SQL.

Every corpus is built in ``tmp_path`` from the files listed in ``MIXED`` (the
test data: name, bytes, and the table each file must end up in). The fault
test kills a real run with SIGKILL and checks that the next run leaves every
work recorded exactly once.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("duckdb")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ficlens.corpus import SCHEMA_ID, TABLES, CorpusOptions, run_corpus  # noqa: E402
from ficlens.corpus.commands import build_parser, main  # noqa: E402
from ficlens.corpus.rows import count_words  # noqa: E402
from ficlens.corpus.store import Store, part_name  # noqa: E402
from ficlens.options import Options  # noqa: E402
from ficlens.summary import word_count  # noqa: E402

Capture = pytest.CaptureFixture[str]
ROOT = Path(__file__).resolve().parent.parent
STORY = '"Wait," said Miroku. Sango frowned.\n\n*He is lying,* she thought.\n\n"Why?" she asked.\n'
HTML = (
    "<!DOCTYPE html><html><body><h1>Harbor</h1><p>&quot;Lights,&quot; said Ana.</p>"
    "<p>The boats came in.</p></body></html>"
)
CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" '
    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)
OPF = (
    '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Boats</dc:title>'
    "<dc:creator>quill</dc:creator></metadata>"
    '<manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest>'
    '<spine><itemref idref="c"/></spine></package>'
)
XHTML = (
    '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head>'
    "<body><p>&#8220;Row,&#8221; said Ana.</p><p>They rowed.</p></body></html>"
)


def zipped(members: dict[str, bytes], epub: bool = False) -> bytes:
    """A zip archive built in memory; an EPUB when ``epub``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if epub:
            archive.writestr("mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


EPUB_FILES = {"META-INF/container.xml": CONTAINER, "content.opf": OPF, "c.xhtml": XHTML}
EPUB = zipped({name: text.encode() for name, text in EPUB_FILES.items()}, epub=True)
ARCHIVE = zipped({
    "one.txt": b'"Hi," said Ana.',
    "two/two.html": HTML.replace("Ana", "Bo").encode(),
    "book.epub": EPUB,
    "../escape.txt": b"Out.",
    "scan.txt": b"%PDF-1.5 x",
})  # fmt: skip

# name, bytes, where each work must end up: table "works" or "errors"; "ignored" (a
# folder walk reads only story file names) or "duplicate" (the bytes of a work found
# before it, so the same work). Members of a zip are named "zip!member".
MIXED: list[tuple[str, bytes, dict[str, str]]] = [
    ("story.txt", STORY.encode(), {"story.txt": "works"}),
    ("site/page.html", HTML.encode(), {"site/page.html": "works"}),
    ("books/boats.epub", EPUB, {"books/boats.epub": "works"}),
    ("bundle.zip", ARCHIVE, {
        "bundle.zip!one.txt": "works",
        "bundle.zip!two/two.html": "works",
        "bundle.zip!book.epub": "duplicate",  # the bytes of books/boats.epub
        "bundle.zip!../escape.txt": "errors",
        "bundle.zip!scan.txt": "errors",
    }),
    ("broken.epub", b"PK\x03\x04 not really a zip", {"broken.epub": "errors"}),
    ("empty.txt", b"", {"empty.txt": "errors"}),
    ("blob.txt", bytes(range(256)) * 40, {"blob.txt": "errors"}),
    ("paper.html", b"%PDF-1.4 binary", {"paper.html": "errors"}),
    ("notes.csv", b"a,b\n1,2\n", {"notes.csv": "ignored"}),
]  # fmt: skip


def build(folder: Path) -> Path:
    for name, data, _ in MIXED:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def rows(out: Path, table: str) -> list[dict[str, object]]:
    parts = sorted((out / table).glob("*.parquet"))
    return [row for part in parts for row in pq.read_table(part).to_pylist()]


def names(out: Path, table: str, base: Path) -> list[str]:
    found = []
    for row in rows(out, table):
        path = str(Path(str(row["path"])).relative_to(base))
        found.append(path if row["member"] is None else f"{path}!{row['member']}")
    return sorted(found)


def test_mixed_corpus_lands_in_works_and_errors(tmp_path: Path) -> None:
    corpus, out = build(tmp_path / "corpus"), tmp_path / "out"
    status = main(["corpus", str(corpus), "-o", str(out), "--jobs", "2", "--quiet"])
    assert status == 0
    expected: dict[str, str] = {}
    for _, _, where in MIXED:
        expected.update(where)
    wanted = {t: sorted(k for k, v in expected.items() if v == t) for t in ("works", "errors")}
    assert names(out, "works", corpus) == wanted["works"]
    assert names(out, "errors", corpus) == wanted["errors"]
    for part in out.rglob("*.parquet"):
        metadata = pq.read_schema(part).metadata
        assert metadata[b"ficlens.schema"] == SCHEMA_ID.encode()
    works = {str(Path(str(r["path"])).name): r for r in rows(out, "works") if not r["member"]}
    assert works["story.txt"]["speech_spans"] == 2
    assert works["story.txt"]["thought_spans"] == 1
    assert works["boats.epub"]["title"] == "Boats"
    spans = rows(out, "spans")
    assert {r["kind"] for r in spans} >= {"speech", "thought", "narration"}
    assert "text" not in spans[0]


def test_with_text_keeps_the_words(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    run_corpus([str(tmp_path / "a.txt")], tmp_path / "out", CorpusOptions(jobs=1, with_text=True,
               quiet=True))  # fmt: skip
    texts = [r["text"] for r in rows(tmp_path / "out", "spans") if r["kind"] == "speech"]
    assert texts == ["Wait,", "Why?"]


def test_running_again_duplicates_nothing(tmp_path: Path) -> None:
    corpus, out = build(tmp_path / "corpus"), tmp_path / "out"
    options = CorpusOptions(jobs=2, batch_works=3, quiet=True)
    first = run_corpus([str(corpus)], out, options)
    before = {table: len(rows(out, table)) for table in TABLES}
    again = run_corpus([str(corpus)], out, options)
    assert again.analysed == again.errors == 0
    assert again.skipped == first.analysed + first.errors + first.duplicates
    assert {table: len(rows(out, table)) for table in TABLES} == before
    (corpus / "new.txt").write_text('"New," she said.', encoding="utf-8")
    third = run_corpus([str(corpus)], out, options)
    assert (third.analysed, third.errors) == (1, 0)
    assert len(rows(out, "works")) == before["works"] + 1


def test_a_batch_without_its_manifest_is_discarded(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    run_corpus([str(tmp_path / "a.txt")], out, CorpusOptions(jobs=1, quiet=True))
    # What a run killed between renaming its parts and writing the manifest leaves:
    for table in TABLES:
        stale = out / table / part_name(1)
        stale.write_bytes((out / table / part_name(0)).read_bytes())
        (out / table / f".{part_name(2)}.tmp").write_bytes(b"half")
    with Store(out) as store:
        assert store.next_batch == 1
        assert len(store.done) == 1
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp") or "000001" in p.name]
    assert leftovers == []


def test_archive_limits_refuse_the_archive(tmp_path: Path) -> None:
    (tmp_path / "many.zip").write_bytes(zipped({f"{n}.txt": b"Hello." for n in range(5)}))
    limits = CorpusOptions(jobs=1, quiet=True, analysis=Options(max_archive_files=3))
    report = run_corpus([str(tmp_path / "many.zip")], tmp_path / "out", limits)
    assert (report.analysed, report.errors) == (0, 1)
    assert "over the limits" in str(rows(tmp_path / "out", "errors")[0]["message"])


def test_a_glob_pattern_and_a_missing_input(tmp_path: Path) -> None:
    build(tmp_path)
    report = run_corpus([str(tmp_path / "**" / "*.html")], tmp_path / "out",
                        CorpusOptions(jobs=1, quiet=True))  # fmt: skip
    assert (report.analysed, report.errors) == (1, 1)  # site/page.html; paper.html is a PDF
    status = main(["corpus", str(tmp_path / "nothing-*.txt"), "-o", str(tmp_path / "o2")])
    assert status == 1


def test_an_unrelated_folder_is_not_written_into(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "precious.doc").write_bytes(b"keep")
    assert main(["corpus", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out")]) == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["precious.doc"]


WORKS = 150


def test_killed_run_resumes_with_every_work_once(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    body = (ROOT / "examples" / "the-lantern-keeper.txt").read_text(encoding="utf-8") * 4
    for n in range(WORKS):
        (corpus / f"work-{n:03d}.txt").write_text(f"Copy {n}\n\n{body}", encoding="utf-8")
    command = [sys.executable, "-m", "ficlens.corpus.commands", "corpus", str(corpus),
               "-o", str(out), "--jobs", "2", "--batch-size", "1", "--quiet"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120  # a bound on waiting, not a timing assertion
        while process.poll() is None and time.monotonic() < deadline:
            if len(list((out / "_batches").glob("batch-*.json"))) >= 3:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL  # killed midway, not finished
    assert main(["corpus", str(corpus), "-o", str(out), "--jobs", "2", "--quiet"]) == 0
    works = rows(out, "works")
    assert sorted(Path(str(r["path"])).name for r in works) == sorted(
        f"work-{n:03d}.txt" for n in range(WORKS)
    )
    assert len({r["work"] for r in works}) == WORKS
    assert rows(out, "errors") == []
    for part in out.rglob("*.parquet"):
        pq.read_table(part)  # every file left behind reads cleanly
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("query")
    build(folder / "corpus")
    run_corpus([str(folder / "corpus")], folder / "out", CorpusOptions(jobs=1, quiet=True))
    return folder / "out"


def test_query_prints_rows(corpus_out: Path, capsys: Capture) -> None:
    sql = "SELECT kind, count(*) AS n FROM spans GROUP BY kind ORDER BY kind"
    assert main(["query", str(corpus_out), sql, "--plain"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "kind\tn"
    assert any(line.startswith("speech\t") for line in lines)


def test_query_writes_csv_and_parquet(corpus_out: Path, tmp_path: Path) -> None:
    sql = "SELECT path, error FROM errors ORDER BY path, member"
    assert main(["query", str(corpus_out), sql, "-o", str(tmp_path / "e.csv")]) == 0
    with open(tmp_path / "e.csv", encoding="utf-8", newline="") as stream:
        table = list(csv.DictReader(stream))
    assert len(table) == len(rows(corpus_out, "errors"))
    assert main(["query", str(corpus_out), sql, "-o", str(tmp_path / "e.parquet")]) == 0
    assert pq.read_table(tmp_path / "e.parquet").num_rows == len(table)


@pytest.mark.parametrize("sql", ["SELEC 1", "SELECT nope FROM works", "SELECT * FROM nowhere"])
def test_bad_sql_is_one_line(corpus_out: Path, sql: str, capsys: Capture) -> None:
    assert main(["query", str(corpus_out), sql]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ficlens: error: the query failed") and err.count("\n") == 1


def test_queries_in_the_docs_run(corpus_out: Path) -> None:
    from ficlens.corpus.query import query

    text = (ROOT / "docs" / "corpus.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```sql\n")[1:]]
    assert len(blocks) >= 4
    for sql in blocks:
        query(corpus_out, sql).read_all()


def test_commands_have_help_and_an_example() -> None:
    parser = build_parser()
    actions = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    for name, sub in actions[0].choices.items():  # type: ignore[attr-defined]
        assert sub.description, name
        assert sub.epilog.startswith("Example:"), name


@given(st.text())
def test_fast_word_count_agrees(text: str) -> None:
    assert count_words(text) == word_count(text)


def test_a_dask_cluster_gives_the_same_tables(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    corpus = build(tmp_path / "corpus")
    run_corpus([str(corpus)], tmp_path / "embedded", CorpusOptions(jobs=1, quiet=True))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:  # fmt: skip
        options = CorpusOptions(scheduler=cluster.scheduler_address, quiet=True)
        run_corpus([str(corpus)], tmp_path / "dask", options)
    for table in TABLES:
        mine = sorted(map(repr, (_untimed(r) for r in rows(tmp_path / "embedded", table))))
        theirs = sorted(map(repr, (_untimed(r) for r in rows(tmp_path / "dask", table))))
        assert mine == theirs, table


def _untimed(row: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in row.items() if key != "seconds"}
