"""The ``report``, ``check`` and ``export`` commands, added to the ficlens CLI.

``ficlens.cli`` calls :func:`add_commands` on its sub-command list; the
helpers from ``ficlens.cli`` are imported inside functions to avoid an import
cycle. :func:`main` runs the CLI with these commands present, for tests.

>>> import argparse
>>> commands = argparse.ArgumentParser().add_subparsers()
>>> add_commands(commands)
>>> sorted(commands.choices)
['check', 'export', 'report']
"""

from __future__ import annotations

import argparse
import bisect
from collections.abc import Callable, Sequence
from typing import Any

from ficlens.model import Story

EXPORTERS: dict[str, str] = {
    "fountain": "a screenplay in Fountain markup",
    "tei": "TEI XML with <said who=...> and the cast",
    "ssml": "SSML for speech synthesis, one voice per character",
    "csv": "one row per span",
    "jsonl": "one JSON object per span",
}


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report``, ``check`` and ``export`` to the CLI's sub-commands."""
    from ficlens.cli import add_reading_options

    report = commands.add_parser(
        "report",
        help="write a self-contained HTML report of one story",
        description=(
            "Write one HTML file: the story with every speech and thought marked by "
            "speaker, the cast, charts and writer's checks. It works offline and makes "
            "no network request."
        ),
        epilog="Example: ficlens report examples/the-lantern-keeper.txt -o story.html",
    )
    report.add_argument("story", help="a story file: text, Markdown, AO3/FFN HTML or EPUB")
    report.add_argument("-o", "--output", help="the HTML file to write (default: stdout)")
    add_reading_options(report)
    report.set_defaults(handler=_report)

    check = commands.add_parser(
        "check",
        help="list writer's checks: untagged dialogue, head-hopping, said-bookisms",
        description=(
            "List places a beta reader would point at: long runs of dialogue with no tag, "
            "point-of-view shifts inside a scene, lines with no plausible speaker, and "
            "dialogue tags by frequency. The exit status is 0 whatever is found."
        ),
        epilog="Example: ficlens check examples/the-lantern-keeper.txt",
    )
    check.add_argument("story", help="a story file: text, Markdown, AO3/FFN HTML or EPUB")
    add_reading_options(check)
    check.set_defaults(handler=_check)

    export = commands.add_parser(
        "export",
        help="export a story as a screenplay, TEI, SSML, CSV or JSON Lines",
        description="Export one story: "
        + "; ".join(f"{name}: {what}" for name, what in EXPORTERS.items())
        + ".",
        epilog="Example: ficlens export examples/the-lantern-keeper.txt --format tei -o story.xml",
    )
    export.add_argument("story", help="a story file: text, Markdown, AO3/FFN HTML or EPUB")
    export.add_argument("--format", required=True, choices=list(EXPORTERS), help="output format")
    export.add_argument("-o", "--output", help="the file to write (default: stdout)")
    add_reading_options(export)
    export.set_defaults(handler=_export)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ficlens CLI, adding these commands if ``ficlens.cli`` does not yet."""
    from ficlens import cli

    original = cli.build_parser

    def build_parser() -> argparse.ArgumentParser:
        parser = original()
        subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        if "report" not in subcommands.choices:
            add_commands(subcommands)
        return parser

    cli.build_parser = build_parser
    try:
        return cli.main(argv)
    finally:
        cli.build_parser = original


def _story(args: argparse.Namespace) -> Story:
    from ficlens import analyze
    from ficlens.cli import options_from

    return analyze(args.story, options_from(args))


def _report(args: argparse.Namespace) -> int:
    from ficlens.cli import write_output
    from ficlens.write.report import render_report

    write_output(render_report(_story(args)), args.output)
    return 0


def _check(args: argparse.Namespace) -> int:
    from ficlens.cli import write_output

    write_output(check_text(_story(args)), None)
    return 0


def check_text(story: Story) -> str:
    """The checks as terminal lines: ``LINE:COLUMN  kind  message``, then the tags.

    >>> from ficlens.model import Source, Span, SpanKind, Story
    >>> story = Story(text='"Hi."', source=Source(text='"Hi."'),
    ...               spans=(Span(SpanKind.SPEECH, 1, 4, 0, 5, 0),))
    >>> print(check_text(story), end="")
    1:2  no-speaker  speech with no speaker
    <BLANKLINE>
    1 finding. No dialogue tags found.
    """
    from ficlens.analysis.checks import dialogue_tags, run_checks

    newlines = [i for i, c in enumerate(story.text) if c == "\n"]
    findings = run_checks(story)
    out = []
    for finding in findings:
        line = bisect.bisect_left(newlines, finding.start)
        column = finding.start - (newlines[line - 1] + 1 if line else 0)
        out.append(f"{line + 1}:{column + 1}  {finding.kind.value}  {finding.message}")
    tags = dialogue_tags(story)
    out.append("")
    summary = f"{len(findings)} finding{'' if len(findings) == 1 else 's'}."
    if tags:
        listed = ", ".join(f"{t.verb} {t.count}" for t in tags)
        out.append(f"{summary} Dialogue tags by frequency: {listed}")
    else:
        out.append(f"{summary} No dialogue tags found.")
    return "\n".join(out) + "\n"


def _export(args: argparse.Namespace) -> int:
    from ficlens.cli import write_output

    write_output(exporter(args.format)(_story(args)), args.output)
    return 0


def exporter(name: str) -> Callable[[Story], str]:
    """The writer for an export format name.

    >>> exporter("csv").__name__
    'to_csv'
    """
    from ficlens.write import fountain, ssml, tabular, tei

    writers: dict[str, Any] = {
        "fountain": fountain.to_fountain,
        "tei": tei.to_tei,
        "ssml": ssml.to_ssml,
        "csv": tabular.to_csv,
        "jsonl": tabular.to_jsonl,
    }
    writer: Callable[[Story], str] = writers[name]
    return writer
