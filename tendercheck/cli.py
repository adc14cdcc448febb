"""The tendercheck command line: a thin composition of read -> analyse -> evaluate -> render.

Heavy libraries (spaCy, pdfplumber, python-docx) are imported inside the commands that use
them, so ``--version`` and ``--help`` start fast.
"""

from __future__ import annotations

import os
import sys

import click

from tendercheck import __version__
from tendercheck.errors import ExitCode, InputError

FORMATS = ("html", "json", "sarif", "md", "text")


class DefaultCommandGroup(click.Group):
    """A group where ``tendercheck PATH ...`` means ``tendercheck check PATH ...``."""

    default_command = "check"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if (
            args
            and args[0] not in self.commands
            and args[0]
            not in (
                "--help",
                "-h",
                "--version",
            )
        ):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


def _fail(exc: InputError) -> None:
    click.echo(f"tendercheck: error: {exc}", err=True)
    sys.exit(ExitCode.USAGE_OR_INPUT)


def run_guarded(func, *args, **kwargs):
    """Run a command body: InputError -> exit 2 with one line; anything else -> exit 3."""
    try:
        return func(*args, **kwargs)
    except InputError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        click.echo("tendercheck: interrupted", err=True)
        sys.exit(ExitCode.INTERNAL)
    except (SystemExit, click.exceptions.Exit, click.ClickException):
        raise
    except Exception as exc:  # the last line of defence: never a traceback for users
        if os.environ.get("TENDERCHECK_DEBUG"):
            raise
        click.echo(
            f"tendercheck: internal error: {type(exc).__name__}: {exc} "
            "(set TENDERCHECK_DEBUG=1 for a traceback)",
            err=True,
        )
        sys.exit(ExitCode.INTERNAL)


@click.group(
    cls=DefaultCommandGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)
@click.version_option(__version__, "--version", prog_name="tendercheck")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Check public-sector tender packs for barriers to small suppliers and charities.

    \b
    Usage:
      tendercheck PATH [PATH...]     check a .docx, .pdf, folder or .zip pack
      tendercheck inspect PATH       show what was read (documents, pages, headings, tables)
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@main.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write the report here (default: HTML beside the first input, others to stdout).",
)
def check_command(paths: tuple[str, ...], fmt: str, output: str | None) -> None:
    """Check tender documents and report barriers, with evidence."""
    run_guarded(_check, paths, fmt, output)


def _check(paths: tuple[str, ...], fmt: str, output: str | None) -> None:
    from tendercheck.documents import read_pack
    from tendercheck.report.reading import render_reading

    pack = read_pack(list(paths))
    text = render_reading(pack, fmt)
    _write_output(text, output)


def _write_output(text: str, output: str | None) -> None:
    if output is None or output == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    from tendercheck.report.output import write_atomically

    write_atomically(output, text)


@main.command("inspect")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option("--all", "show_all", is_flag=True, help="Show every block, not only the outline.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file.")
def inspect_command(paths: tuple[str, ...], fmt: str, show_all: bool, output: str | None) -> None:
    """Show the document model: documents, pages, headings with levels, blocks and tables."""
    run_guarded(_inspect, paths, fmt, show_all, output)


def _inspect(paths: tuple[str, ...], fmt: str, show_all: bool, output: str | None) -> None:
    from tendercheck.documents import read_pack
    from tendercheck.report.inspect import render_inspect

    pack = read_pack(list(paths))
    _write_output(render_inspect(pack, fmt, show_all), output)
