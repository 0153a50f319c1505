"""Coverage-guided fuzz target for ficlens's readers (atheris / libFuzzer).

Each input is read twice: once sniffed, as ``ficlens analyze`` would, and once
forced through one reader picked by the input's length, so the HTML, AO3, FFN
and EPUB readers all see bytes their sniffer would not send them. A reader may
succeed or raise :class:`ficlens.errors.FiclensError`; any other exception is a
bug and libFuzzer stops with the input saved as ``crash-*``. Limits are small so
a hang or memory blowup shows within libFuzzer's ``-timeout`` / ``-rss_limit_mb``.

Set ``FICLENS_FUZZ_PIPELINE=1`` to also run the analysis stages on what was read
(stage crashes are then reported too).

Run from the repository root (see fuzz/README.md)::

    python fuzz/fuzz_readers.py fuzz/corpus -max_total_time=600 -timeout=20
"""

from __future__ import annotations

import os
import sys

import atheris  # type: ignore[import-untyped]

# The readers that read_bytes imports lazily are imported here, inside the block,
# so that they are instrumented too.
with atheris.instrument_imports(include=["ficlens", "zipfile"]):
    import ficlens.read.epub
    import ficlens.read.html  # noqa: F401
    from ficlens.errors import FiclensError
    from ficlens.options import InputFormat, Options
    from ficlens.pipeline import run
    from ficlens.read import read_bytes

FORMATS: tuple[InputFormat, ...] = ("text", "markdown", "html", "ao3", "ffn", "epub")

# Small limits: the fuzzer tests that limits hold, not how fast big books go.
LIMITS = Options(
    max_input_bytes=1_000_000,
    max_archive_bytes=5_000_000,
    max_archive_files=200,
    max_html_depth=64,
)

PIPELINE = os.environ.get("FICLENS_FUZZ_PIPELINE") == "1"


def read_once(data: bytes, options: Options) -> None:
    try:
        source = read_bytes(data, "fuzz.input", options)
    except FiclensError:
        return
    assert isinstance(source.text, str)
    if PIPELINE and len(source.text) < 50_000:
        run(source, options)


def test_one_input(data: bytes) -> None:
    read_once(data, LIMITS)
    forced = FORMATS[len(data) % len(FORMATS)]
    options = Options(
        input_format=forced,
        max_input_bytes=LIMITS.max_input_bytes,
        max_archive_bytes=LIMITS.max_archive_bytes,
        max_archive_files=LIMITS.max_archive_files,
        max_html_depth=LIMITS.max_html_depth,
    )
    read_once(data, options)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
