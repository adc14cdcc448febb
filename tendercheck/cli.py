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
    except click.UsageError as exc:
        exc.show()
        sys.exit(ExitCode.USAGE_OR_INPUT)
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


def fact_options(func):
    """Options that supply facts the documents lack; they win over the documents."""
    options = [
        click.option("--value", type=float, help="Total contract value in pounds."),
        click.option("--annual-value", type=float, help="Annual contract value in pounds."),
        click.option("--duration-months", type=int, help="Contract length in months."),
        click.option("--issued", help="Date the tender was issued (YYYY-MM-DD)."),
        click.option("--deadline", help="Submission deadline (YYYY-MM-DD or YYYY-MM-DDTHH:MM)."),
        click.option(
            "--authority",
            type=click.Choice(("central", "other")),
            help="Central government authority, or other (councils, NHS...).",
        ),
        click.option(
            "--contract-type", type=click.Choice(("services", "goods", "works", "light-touch"))
        ),
        click.option(
            "--notice",
            type=click.Path(exists=True, dir_okay=False),
            help="OCDS release or record package JSON (Contracts Finder, Find a Tender).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


FACT_OPTION_NAMES = (
    "value",
    "annual_value",
    "duration_months",
    "issued",
    "deadline",
    "authority",
    "contract_type",
)


def _analyse(paths: tuple[str, ...], options: dict, today=None):
    """read -> analyse, with supplied facts from options, a tender.toml sidecar and a notice."""
    from pathlib import Path

    from tendercheck.documents import read_pack
    from tendercheck.nlp import analyse
    from tendercheck.nlp.supplied import supplied_facts

    pack = read_pack(list(paths))
    given = {k: options[k] for k in FACT_OPTION_NAMES if options.get(k) is not None}
    notice = Path(options["notice"]) if options.get("notice") else None
    supplied = supplied_facts(given, [Path(p) for p in paths], notice)
    return analyse(pack, supplied, today=today)


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
    help="Write the report here (default: standard output).",
)
@fact_options
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Config file (default: tendercheck.toml or pyproject.toml found above the input).",
)
@click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Extra rule-pack folder (repeatable).",
)
@click.option(
    "--fail-on",
    type=click.Choice(("error", "warning", "info")),
    help="Exit 1 when a finding is at or above this severity (default: error).",
)
@click.option("--fail-under", type=float, help="Exit 1 when the overall score is below this.")
def check_command(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    config_path: str | None,
    rule_dirs: tuple[str, ...],
    fail_on: str | None,
    fail_under: float | None,
    **options,
) -> None:
    """Check tender documents and report barriers, with evidence."""
    code = run_guarded(
        _check, paths, fmt, output, options, config_path, rule_dirs, fail_on, fail_under
    )
    sys.exit(code)


def _check(paths, fmt, output, options, config_path, rule_dirs, fail_on, fail_under) -> int:
    from pathlib import Path

    from tendercheck.engine import evaluate, load_rules
    from tendercheck.engine.config import find_config, load_config

    found = Path(config_path) if config_path else find_config(Path(paths[0]))
    config = load_config(found)
    if fmt in ("html", "sarif", "md"):
        raise click.UsageError(
            f"--format {fmt} is not available yet in this version; use text or json"
        )
    analysis = _analyse(paths, options)
    rules = load_rules([*config.rules, *(Path(d) for d in rule_dirs)])
    result = evaluate(analysis, rules, config)
    if fmt == "json":
        from tendercheck.report.json_report import render_json

        text = render_json(analysis, result)
    else:
        from tendercheck.report.text_report import render_text

        text = render_text(analysis, result)
    _write_output(text, output)
    return exit_code(
        result,
        fail_on or config.fail_on,
        fail_under if fail_under is not None else config.fail_under,
    )


def exit_code(result, fail_on: str, fail_under: float | None) -> int:
    rank = {"error": 0, "warning": 1, "info": 2}
    if any(rank[r.severity] <= rank[fail_on] for r in result.failed()):
        return ExitCode.FINDINGS
    overall = result.scores["overall"].score
    if fail_under is not None and overall is not None and overall < fail_under:
        return ExitCode.FINDINGS
    return ExitCode.CLEAN


def _write_output(text: str, output: str | None) -> None:
    if output is None or output == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    from tendercheck.report.output import write_atomically

    write_atomically(output, text)


@main.command("facts")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@fact_options
@click.option(
    "--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file.")
def facts_command(paths: tuple[str, ...], fmt: str, output: str | None, **options) -> None:
    """Show the facts found in a tender, with their evidence and sources."""
    run_guarded(_facts, paths, fmt, output, options)


def _facts(paths: tuple[str, ...], fmt: str, output: str | None, options: dict) -> None:
    from tendercheck.report.facts import render_facts

    analysis = _analyse(paths, options)
    _write_output(render_facts(analysis, fmt), output)


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


@main.group("rules")
def rules_group() -> None:
    """List and explain the rules."""


@rules_group.command("list")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False))
def rules_list(rule_dirs: tuple[str, ...]) -> None:
    """List every rule: ID, severity, title."""
    run_guarded(_rules_list, rule_dirs)


def _rules_list(rule_dirs) -> None:
    from pathlib import Path

    from tendercheck.engine import load_rules

    for rule in load_rules([Path(d) for d in rule_dirs]):
        click.echo(f"{rule.id:<12} {rule.severity:<8} {rule.title}")


@rules_group.command("explain")
@click.argument("rule_id")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False))
def rules_explain(rule_id: str, rule_dirs: tuple[str, ...]) -> None:
    """Explain one rule: why, test, figure, source, fix and examples."""
    run_guarded(_rules_explain, rule_id, rule_dirs)


def _rules_explain(rule_id: str, rule_dirs) -> None:
    from pathlib import Path

    from tendercheck.engine import load_rules
    from tendercheck.report.rule_docs import explain_rule

    rules = {r.id: r for r in load_rules([Path(d) for d in rule_dirs])}
    rule = rules.get(rule_id.upper())
    if rule is None:
        raise click.UsageError(f"no rule {rule_id!r}; see 'tendercheck rules list'")
    click.echo(explain_rule(rule))
