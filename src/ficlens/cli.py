"""The ``ficlens`` command: a thin layer over the library.

Each command parses its arguments, calls the library and formats the result.
Errors are one clear line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ficlens import __version__, analyze
from ficlens.errors import FiclensError
from ficlens.options import Options
from ficlens.read.cast import load_cast
from ficlens.summary import summary_text
from ficlens.write.json import dumps

EXIT_ERROR = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return EXIT_USAGE
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except FiclensError as error:
        print(f"ficlens: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("ficlens: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_ERROR


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ficlens",
        description="Read fan fiction and recover who says and thinks what, to whom.",
        epilog="Example: ficlens analyze examples/the-lantern-keeper.txt",
    )
    parser.add_argument("--version", action="version", version=f"ficlens {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_analyze(commands)
    from ficlens.corpus.commands import add_commands as add_corpus
    from ficlens.evaluate.cli import add_eval
    from ficlens.write.commands import add_commands

    add_commands(commands)
    add_corpus(commands)
    add_eval(commands)
    return parser


def add_reading_options(parser: argparse.ArgumentParser, cast: bool = True) -> None:
    """Options shared by every command that reads a story."""
    parser.add_argument(
        "--input-format",
        choices=["auto", "text", "markdown", "html", "ao3", "ffn", "epub"],
        default="auto",
        help="force a reader instead of sniffing the file (default: auto)",
    )
    parser.add_argument(
        "--quote-style",
        choices=["auto", "double", "single", "dash"],
        default="auto",
        help="the story's dialogue convention (default: decided per story)",
    )
    parser.add_argument(
        "--no-unmarked-thoughts",
        action="store_true",
        help="do not look for thoughts whose italics were lost",
    )
    if cast:
        parser.add_argument(
            "--cast",
            metavar="CAST.json",
            help='the characters, as [{"name", "aliases", "gender"}]; every line is then'
            " attributed to one of them",
        )
    parser.add_argument("--narrator", help="the first-person narrator's name")
    limits = parser.add_argument_group("limits (hostile input; see SECURITY.md)")
    limits.add_argument(
        "--max-input-mb",
        type=positive_number(float),
        default=_DEFAULTS.max_input_bytes / MB,
        metavar="MB",
        help="refuse story files larger than this (default: %(default)g)",
    )
    limits.add_argument(
        "--max-archive-mb",
        type=positive_number(float),
        default=_DEFAULTS.max_archive_bytes / MB,
        metavar="MB",
        help="refuse EPUBs that unpack to more than this (default: %(default)g)",
    )
    limits.add_argument(
        "--max-archive-files",
        type=positive_number(int),
        default=_DEFAULTS.max_archive_files,
        metavar="N",
        help="refuse EPUBs with more entries than this (default: %(default)s)",
    )
    limits.add_argument(
        "--max-html-depth",
        type=positive_number(int),
        default=_DEFAULTS.max_html_depth,
        metavar="N",
        help="read HTML nested deeper than this as plain words (default: %(default)s)",
    )
    limits.add_argument(
        "--max-paragraph-chars",
        type=positive_number(int),
        default=_DEFAULTS.max_paragraph_chars,
        metavar="N",
        help="longest paragraph analysed at full precision (default: %(default)s)",
    )


MB = 1_000_000
_DEFAULTS = Options()


def positive_number(kind: Callable[[str], float]) -> Callable[[str], Any]:
    """An argparse type: a positive number of ``kind``, else a clear usage error."""

    def parse(value: str) -> Any:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if not (number > 0 and math.isfinite(number)):
            raise argparse.ArgumentTypeError(f"must be a number above 0, not {value}")
        return number

    return parse


def options_from(args: argparse.Namespace) -> Options:
    cast_file = getattr(args, "cast", None)
    return Options(
        input_format=args.input_format,
        quote_style=args.quote_style,
        unmarked_thoughts=not args.no_unmarked_thoughts,
        cast=load_cast(cast_file) if isinstance(cast_file, str) else (),
        narrator=args.narrator,
        max_input_bytes=int(args.max_input_mb * MB),
        max_archive_bytes=int(args.max_archive_mb * MB),
        max_archive_files=args.max_archive_files,
        max_html_depth=args.max_html_depth,
        max_paragraph_chars=args.max_paragraph_chars,
    )


def _add_analyze(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "analyze",
        help="analyse one story and print a summary or JSON",
        description="Analyse one story: chapters, scenes, and every span typed.",
        epilog="Example: ficlens analyze story.html --format json -o story.json",
    )
    parser.add_argument("story", help="a story file: text, Markdown, AO3/FFN HTML or EPUB")
    parser.add_argument(
        "--format",
        choices=["summary", "json"],
        default="summary",
        help="what to print (default: a readable summary)",
    )
    parser.add_argument("-o", "--output", help="write to this file instead of standard output")
    parser.add_argument("--lines", action="store_true", help="list every speech and thought")
    add_reading_options(parser)
    parser.set_defaults(handler=_analyze)


def _analyze(args: argparse.Namespace) -> int:
    story = analyze(args.story, options_from(args))
    json_wanted = args.format == "json"
    output = dumps(story) + "\n" if json_wanted else summary_text(story, lines=args.lines)
    write_output(output, args.output)
    return 0


def write_output(text: str, path: str | None) -> None:
    """Write to ``path`` atomically (a temporary file, then a rename), or stdout."""
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    if target.is_dir():
        raise FiclensError(f"{path}: is a directory; give a file name")
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise FiclensError(f"{path}: the folder {directory} does not exist")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    sys.exit(main())
