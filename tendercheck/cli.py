"""The tendercheck command line: a thin composition of read -> analyse -> evaluate -> render.

Heavy libraries (spaCy, pdfplumber, python-docx, jinja2) are imported inside the commands that
use them, so ``--version`` and ``--help`` start fast. The other commands (inspect, facts, rules,
batch, hook, profile) live in :mod:`tendercheck.commands`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from tendercheck import __version__
from tendercheck.errors import ExitCode, InputError, caused_by_interrupt
from tendercheck.printable import printable

FORMATS = ("html", "json", "sarif", "md", "text", "lines")


class DefaultCommandGroup(click.Group):
    """A group where ``tendercheck PATH ...`` means ``tendercheck check PATH ...``."""

    default_command = "check"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            near = self.near_command(args[0])
            if near:
                ctx.fail(f"no such command {printable(args[0])!r}: did you mean {near!r}?")
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    # Ctrl-C while the command line is parsed: one line and exit 130, as in a command's body
    # (click's own answer would be "Aborted!" and exit 1).
    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            interrupted()

    def near_command(self, word: str) -> str | None:
        """The command a mistyped word was meant to be ('chek' -> 'check'): only for a bare word
        that is no file or folder, so a document is never taken for a command."""
        import difflib

        if word.startswith("-") or os.path.lexists(word) or any(c in word for c in "./\\"):
            return None
        names = sorted(self.commands)
        found = difflib.get_close_matches(word.lower(), names, n=1, cutoff=0.7)
        return found[0] if found else None

    # click's own usage errors (an unknown option, a bad value, an extra argument) quote what
    # the user typed. Every subcommand's arguments are parsed here (this group's own parsing
    # sees none: whatever is not a command name goes to ``check``).
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            escape_message(exc)
            raise
        except KeyboardInterrupt:  # outside a command's body (run_guarded answers within)
            interrupted()


def escape_message(exc: click.ClickException) -> None:
    """Show the user's text in a click error escaped: an option value or a file name given on
    the command line may hold an escape sequence or a newline, which must not reach the
    terminal or forge a line."""
    exc.message = printable(exc.message)  # type: ignore[misc]  # click marks it Final


def interrupted() -> NoReturn:
    """Ctrl-C: one line, exit 130 (128 + SIGINT, as a shell reports a process it ended)."""
    forget_unhandled_interrupt()
    click.echo("tendercheck: interrupted", err=True)
    sys.exit(ExitCode.INTERRUPTED)


def forget_unhandled_interrupt() -> None:
    """Undo CPython's mark of an 'unhandled' Ctrl-C once we have handled it.

    CPython (3.11 to 3.13 at least) marks a KeyboardInterrupt that ends a string ``exec`` or
    ``eval`` (a dataclass's or named tuple's generated methods, made while spaCy and its
    libraries are imported) as unhandled even when a caller catches it; under ``python -m`` the
    interpreter then ends itself with SIGINT at exit (-2, no exit code of ours). The mark is
    cleared when the next string eval starts, which this is."""
    eval("0")  # a constant: nothing is evaluated that comes from outside


def run_guarded(func, *args, **kwargs):
    """Run a command body: usage or input errors -> one line and exit 2; a bug -> exit 3."""
    try:
        return func(*args, **kwargs)
    except click.UsageError as exc:
        escape_message(exc)
        exc.show()
        sys.exit(ExitCode.USAGE_OR_INPUT)
    except InputError as exc:
        if caused_by_interrupt(exc):
            interrupted()
        click.echo(f"tendercheck: error: {printable(exc)}", err=True)
        sys.exit(ExitCode.USAGE_OR_INPUT)
    except KeyboardInterrupt:
        interrupted()
    except BrokenPipeError:
        closed_pipe()
    except (SystemExit, click.exceptions.Exit, click.ClickException):
        raise
    except Exception as exc:  # the last line of defence: never a traceback for users
        if caused_by_interrupt(exc):
            interrupted()
        if os.environ.get("TENDERCHECK_DEBUG"):
            raise
        click.echo(
            f"tendercheck: internal error: {type(exc).__name__}: {printable(exc)} "
            "(set TENDERCHECK_DEBUG=1 for a traceback)",
            err=True,
        )
        sys.exit(ExitCode.INTERNAL)


def closed_pipe() -> None:
    """Standard output was closed early (``tendercheck x.docx -f text | head -1``): end quietly,
    as other command-line tools do, with 141 (128 + SIGPIPE, what a shell reports for a pipe
    closed early); output still buffered goes nowhere, so Python adds no message at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's stream)
        pass
    sys.exit(ExitCode.CLOSED_PIPE)


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
      tendercheck PATH [PATH...]       check a .docx, .pdf, folder or .zip pack (one pack)
      tendercheck inspect PATH         what was read: documents, pages, headings, tables
      tendercheck facts PATH           the facts found, with their evidence
      tendercheck batch DIR            check every pack in a folder, with a summary
      tendercheck rules list|explain   the rules
      tendercheck profile init         an organisation profile for --as bidder
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
        click.option(
            "--today",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            help="Pin today's date (YYYY-MM-DD) for time-left figures.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def run_options(func):
    """Options shared by every command that evaluates packs."""
    options = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(exists=True, dir_okay=False),
            help="Config file (default: tendercheck.toml or pyproject.toml found above the input).",
        ),
        click.option(
            "--rules",
            "rule_dirs",
            multiple=True,
            type=click.Path(file_okay=False),
            help="Extra rule-pack folder (repeatable).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(("error", "warning", "info")),
            help="Exit 1 when a finding is at or above this severity (default: error).",
        ),
        click.option(
            "--trust-pack-config",
            is_flag=True,
            help="Use a tendercheck.toml inside an input folder (the pack's own); by default it "
            "is not used, so a pack cannot switch its own checks off.",
        ),
        click.option(
            "--select",
            multiple=True,
            metavar="RULES",
            help="Check only these rules: IDs or prefixes, comma-separated or repeated "
            "(--select SUPPLIER,TIME-04); replaces the configuration's select.",
        ),
        click.option(
            "--ignore",
            multiple=True,
            metavar="RULES",
            help="Skip these rules: IDs or prefixes, comma-separated or repeated "
            "(--ignore SPEC-06); added to the configuration's ignore.",
        ),
        click.option("--no-cache", is_flag=True, help="Don't use or fill the result cache."),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1),
            help="Worker processes (default: the number of cores).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def settings_from(options: dict):
    from tendercheck.runner import FACT_OPTION_NAMES, CheckSettings

    return CheckSettings(
        facts={k: options[k] for k in FACT_OPTION_NAMES if options.get(k) is not None},
        notice=options.get("notice"),
        today=options["today"].date() if options.get("today") else None,
        config_path=options.get("config_path"),
        rule_dirs=tuple(options.get("rule_dirs") or ()),
        use_cache=not options.get("no_cache", False),
        trust_pack_config=bool(options.get("trust_pack_config")),
        jobs=options.get("jobs") or default_jobs(),
        select=rule_list(options.get("select")),
        ignore=rule_list(options.get("ignore")),
    )


def rule_list(values) -> tuple[str, ...]:
    """'SUPPLIER,time-04' given once or more -> ('SUPPLIER', 'TIME-04')."""
    return tuple(
        part.strip().upper() for value in values or () for part in value.split(",") if part.strip()
    )


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@main.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="html",
    show_default=True,
    help="Report format; 'lines' prints one finding a line, FILE:PAGE: RULE-ID severity "
    "message, for editors to jump to.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write the report here ('-' for standard output). Default: HTML beside the "
    "first input as NAME.tendercheck.html; other formats to standard output.",
)
@fact_options
@run_options
@click.option("--fail-under", type=float, help="Exit 1 when the overall score is below this.")
@click.option(
    "--annotate",
    is_flag=True,
    help="Write a copy of each .docx with a Word comment at each finding.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False),
    help="Folder for annotated copies (default: beside the input).",
)
@click.option("--force", is_flag=True, help="Replace existing annotated copies.")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    help="An earlier JSON or SARIF report of this pack: mark each finding new, still open or "
    "fixed.",
)
@click.option(
    "--as",
    "view",
    type=click.Choice(("officer", "bidder")),
    default="officer",
    show_default=True,
    help="Whose view: the buyer's officer, or an organisation deciding whether to bid.",
)
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Organisation profile (TOML) for --as bidder; see 'tendercheck profile init'.",
)
def check_command(paths: tuple[str, ...], fmt: str, output: str | None, **options) -> None:
    """Check tender documents (one pack) and report barriers, with evidence."""
    sys.exit(run_guarded(_check, paths, fmt, output, options))


def _check(paths: tuple[str, ...], fmt: str, output: str | None, options: dict) -> int:
    from tendercheck.report import Report, render
    from tendercheck.runner import check_paths, exit_code

    if options["profile_path"] and options["view"] == "officer":
        source = click.get_current_context().get_parameter_source("view")
        if source is not click.core.ParameterSource.DEFAULT:
            raise click.UsageError("--profile is for the bidder's view: use --as bidder")
        options["view"] = "bidder"
        click.echo(
            "tendercheck: --profile given: showing the bidder's view (--as bidder)", err=True
        )
    if options["view"] == "bidder" and not options["profile_path"]:
        raise click.UsageError(
            "--as bidder needs --profile ORG.toml (see 'tendercheck profile init')"
        )
    fail_under = options["fail_under"]
    if fail_under is not None and not 0 <= fail_under <= 100:  # also rules out nan
        raise InputError("--fail-under", f"must be a score from 0 to 100 (got {fail_under})")
    settings = settings_from(options)
    settings.progress = stderr_is_tty()
    inputs = [Path(p) for p in paths]
    from tendercheck.documents.pack import check_input_path

    for path in inputs:  # before the default report's place is worked out from the first
        check_input_path(path)
    target = output
    if target is None and fmt == "html":
        target = str(default_report_path(inputs[0]))
    protected = protect(
        [*paths, options.get("notice"), options.get("profile_path"), options.get("config_path")],
        target,
    )
    baseline = None
    if options.get("baseline_path"):
        from tendercheck.report.baseline import load_baseline

        baseline = load_baseline(options["baseline_path"])  # a bad baseline fails before work
    profile = None
    if options["view"] == "bidder":
        from tendercheck.bidder import load_profile

        profile = load_profile(Path(options["profile_path"]))  # bad profiles fail before work
    analysis, result, config, _ = check_paths(inputs, settings)
    report = Report(
        analysis=analysis, result=result, generated=generated_at(), config=config.describe()
    )
    if baseline is not None:
        from tendercheck.report.baseline import compare

        report.baseline = compare(report, baseline)
    if profile is not None:
        from tendercheck.bidder import assess_bid

        report.bidder = assess_bid(analysis, result, profile, settings.today or _today())
    if options["annotate"]:
        from tendercheck.report.annotate import annotate_documents

        out_dir = Path(options["output_dir"]) if options["output_dir"] else None
        for line in annotate_documents(analysis, result, inputs, out_dir, force=options["force"]):
            click.echo(f"tendercheck: {printable(line)}", err=True)
    if fmt == "text" and target in (None, "-") and stdout_is_tty():
        text = render(report, fmt, color=True)
    else:
        text = render(report, fmt)
    write_output(text, target, protected)
    if fmt == "html" and target not in (None, "-"):
        click.echo(summary_line(result, target, report.baseline, report.bidder))
    fail_under = options["fail_under"] if options["fail_under"] is not None else config.fail_under
    return exit_code(result, options["fail_on"] or config.fail_on, fail_under)


def summary_line(result, target: str, baseline=None, bidder: dict | None = None) -> str:
    overall = result.scores["overall"]
    counts = {
        sev: sum(r.severity == sev for r in result.failed()) for sev in ("error", "warning", "info")
    }
    score = overall.score if overall.score is not None else "–"
    verdict = ""
    if bidder:
        from tendercheck.report.findings import bidder_verdict

        label, _ = bidder_verdict(bidder)
        verdict = f"verdict: {label.lower()}; " if label else ""
    return (
        f"tendercheck: {verdict}score {score} (coverage {overall.coverage:.0%}); {counts['error']} "
        f"error(s), {counts['warning']} warning(s), {counts['info']} info; "
        + (f"since the baseline: {baseline.summary()}; " if baseline is not None else "")
        + f"report: {printable(target)}"
    )


def default_report_path(first_input: Path) -> Path:
    """NAME.tendercheck.html beside the first input (a file, folder or zip)."""
    name = first_input.name if first_input.is_dir() else first_input.stem
    return first_input.resolve().parent / f"{name}.tendercheck.html"


def generated_at() -> str:
    """Now, or SOURCE_DATE_EPOCH when set, so reports can be reproduced exactly."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    else:
        when = dt.datetime.now(tz=dt.timezone.utc)
    return when.replace(microsecond=0).isoformat()


def _today():
    import datetime as dt

    return dt.date.today()


def stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def stdout_is_tty() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def protect(inputs, output: str | None) -> dict[tuple[int, int], str]:
    """The inputs' files, after refusing an ``output`` that is one of them (before any work)."""
    if output is None or output == "-":
        return {}
    from tendercheck.report.output import protected_files, refuse_inputs

    protected = protected_files(inputs)
    refuse_inputs(output, protected)
    return protected


def write_output(text: str, output: str | None, protected: dict | None = None) -> None:
    """Standard output for None or '-'; otherwise the file, device or pipe named."""
    if output is None or output == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    from tendercheck.report.output import write_output_file

    write_output_file(output, text, protected)


def _register() -> None:
    from tendercheck import commands

    commands.register(main)


_register()
