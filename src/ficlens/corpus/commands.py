"""The ``ficlens corpus`` and ``ficlens query`` commands: a thin layer over the library.

``add_commands`` adds both to the ``ficlens`` command line; ``main`` runs
them on their own (``python -m ficlens.corpus.commands corpus ...``).

>>> parser = build_parser()
>>> args = parser.parse_args(["corpus", "stories/", "-o", "out", "--jobs", "2"])
>>> corpus_options(args).jobs, args.output
(2, 'out')
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from ficlens.corpus.config import DEFAULT_INCLUDE, CorpusOptions
from ficlens.errors import FiclensError

__all__ = ["add_commands", "build_parser", "corpus_options", "main"]

EXIT_INTERRUPTED = 130
_TABLE_LIMIT = 100  # rows shown in a terminal table unless --limit says otherwise


def positive_int(text: str) -> int:
    """A whole number of at least 1, for ``--jobs`` and the like."""
    from ficlens.cli import positive_number

    value: int = positive_number(int)(text)
    return value


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``corpus`` and ``query`` to the ``ficlens`` subcommands."""
    _add_corpus(commands)
    _add_query(commands)


def build_parser() -> argparse.ArgumentParser:
    """A ``ficlens`` parser with only the corpus commands (for ``main`` and tests)."""
    parser = argparse.ArgumentParser(
        prog="ficlens",
        description="Analyse many works into Parquet tables, and query them with SQL.",
        epilog="Example: ficlens corpus downloads/ -o corpus/",
    )
    add_commands(parser.add_subparsers(title="commands", metavar="COMMAND"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``corpus`` or ``query`` through the ``ficlens`` command line."""
    from ficlens.cli import main as cli_main

    return cli_main(argv)


def _add_corpus(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ficlens.cli import add_reading_options

    parser = commands.add_parser(
        "corpus",
        help="analyse many works into Parquet tables",
        description=(
            "Analyse every work in files, folders (recursively), glob patterns or zip"
            " archives, writing the tables works, characters, spans, interactions and"
            " errors as Parquet (see docs/corpus.md). Running it again resumes: works"
            " already done are skipped."
        ),
        epilog="Example: ficlens corpus downloads/ 'more/*.epub' ao3-export.zip -o corpus/",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, pattern or zip")
    parser.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="output folder")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--jobs", type=positive_int, help="local worker processes (default: cores)")
    where.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler, tcp://HOST:8786")
    where.add_argument("--dask-local", type=positive_int, metavar="N", help="a Dask LocalCluster")
    parser.add_argument(
        "--batch-size", type=positive_int, default=CorpusOptions().batch_works, metavar="N",
        help="works per Parquet part (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument("--with-text", action="store_true", help="keep each span's words")
    parser.add_argument(
        "--include", action="append", metavar="PATTERN",
        help=f"file names read in folders (repeatable; default: {' '.join(DEFAULT_INCLUDE)})",
    )  # fmt: skip
    parser.add_argument("--quiet", action="store_true", help="log lines, no progress bar")
    add_reading_options(parser)
    parser.set_defaults(handler=_corpus)


def corpus_options(args: argparse.Namespace) -> CorpusOptions:
    """The :class:`CorpusOptions` the parsed arguments ask for."""
    from ficlens.cli import options_from

    defaults = CorpusOptions()
    return CorpusOptions(
        analysis=options_from(args),
        jobs=args.jobs or defaults.jobs,
        scheduler=args.scheduler,
        dask_local=args.dask_local,
        batch_works=args.batch_size,
        with_text=args.with_text,
        include=tuple(args.include) if args.include else defaults.include,
        quiet=args.quiet,
    )


def _corpus(args: argparse.Namespace) -> int:
    _require("pyarrow", "rich")
    from ficlens.corpus.run import run_corpus

    try:
        report = run_corpus(args.inputs, args.output, corpus_options(args))
    except KeyboardInterrupt:
        print("ficlens: interrupted; run the same command again to resume", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(report.summary(), file=sys.stderr)
    return 0


def _add_query(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "query",
        help="run SQL over a corpus folder",
        description=(
            "Run DuckDB SQL over the tables of a corpus folder: works, characters, spans,"
            " interactions and errors are views. Prints a table, or writes CSV or Parquet."
        ),
        epilog=(
            'Example: ficlens query corpus/ "SELECT fandoms, count(*) FROM works GROUP BY ALL"'
        ),
    )
    parser.add_argument("outdir", metavar="OUTDIR", help="a folder written by ficlens corpus")
    parser.add_argument("sql", metavar="SQL", help="the query")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE.csv or FILE.parquet")
    parser.add_argument("--plain", action="store_true", help="tab-separated, not a drawn table")
    parser.add_argument(
        "--limit", type=positive_int, help="rows to print (default: 100 in a table)"
    )
    parser.set_defaults(handler=_query)


def _query(args: argparse.Namespace) -> int:
    _require("pyarrow", "duckdb")
    from ficlens.corpus.query import query, write_result

    reader = query(args.outdir, args.sql)
    try:
        if args.output:
            rows = write_result(reader, args.output)
            print(f"ficlens: wrote {rows:,} rows to {args.output}", file=sys.stderr)
        elif args.plain or not sys.stdout.isatty():
            _print_plain(reader, args.limit)
        else:
            _print_table(reader, args.limit or _TABLE_LIMIT)
    except Exception as error:  # DuckDB fails some queries only while rows stream
        if isinstance(error, FiclensError | OSError):
            raise
        raise FiclensError(f"the query failed: {str(error).splitlines()[0]}") from None
    return 0


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_cell(item) for item in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value).replace("\t", " ").replace("\n", " ")


def _print_plain(reader: Any, limit: int | None) -> None:
    out = sys.stdout
    out.write("\t".join(reader.schema.names) + "\n")
    left = limit if limit is not None else -1
    for batch in reader:
        columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        for row in zip(*columns, strict=True):
            if left == 0:
                return
            out.write("\t".join(_cell(value) for value in row) + "\n")
            left -= 1


def _print_table(reader: Any, limit: int) -> None:
    from rich.console import Console
    from rich.table import Table

    from ficlens.corpus.query import table_rows

    names, rows, total = table_rows(reader, limit)
    table = Table(*names)
    for row in rows:
        table.add_row(*(_cell(value) for value in row))
    console = Console()
    console.print(table)
    if total > len(rows):
        console.print(f"({total - len(rows):,} more rows; use --limit or -o FILE.csv)")


def _require(*modules: str) -> None:
    import importlib.util

    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        needed = ", ".join(missing)
        raise FiclensError(f"this command needs {needed}; reinstall ficlens: pip install ficlens")


if __name__ == "__main__":
    sys.exit(main())
