"""The commands besides `check`: inspect, facts, rules, batch, hook and profile.

Registered on the main group by :func:`register`; each imports what it needs when it runs.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

from tendercheck.cli import (
    fact_options,
    protect,
    run_guarded,
    run_options,
    settings_from,
    write_output,
)
from tendercheck.errors import InputError
from tendercheck.printable import printable


def register(main: click.Group) -> None:
    for command in (
        inspect_command,
        facts_command,
        rules_group,
        batch_command,
        hook_command,
        profile_group,
    ):
        main.add_command(command)


# --- inspect and facts ----------------------------------------------------------------------


@click.command("inspect")
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option(
    "--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option("--all", "show_all", is_flag=True, help="Show every block, not only the outline.")
@click.option(
    "--clauses",
    is_flag=True,
    help="Show every sentence and table row with its clause: part, stage, force, lots.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file.")
def inspect_command(
    paths: tuple[str, ...], fmt: str, show_all: bool, clauses: bool, output: str | None
) -> None:
    """Show the document model: documents, pages, headings with levels, blocks and tables."""
    run_guarded(_inspect, paths, fmt, show_all, clauses, output)


def _inspect(paths, fmt, show_all, clauses, output) -> None:
    from tendercheck.documents import read_pack
    from tendercheck.report.inspect import render_clauses, render_inspect

    protected = protect(paths, output)
    pack = read_pack(list(paths))
    if clauses:
        from tendercheck.nlp.text import build_sentences

        write_output(render_clauses(pack, build_sentences(pack), fmt), output, protected)
        return
    write_output(render_inspect(pack, fmt, show_all), output, protected)


@click.command("facts")
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@fact_options
@click.option(
    "--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file.")
def facts_command(paths: tuple[str, ...], fmt: str, output: str | None, **options) -> None:
    """Show the facts found in a tender, with their evidence and sources."""
    run_guarded(_facts, paths, fmt, output, options)


def _facts(paths, fmt, output, options) -> None:
    from tendercheck.report.facts import render_facts
    from tendercheck.runner import analyse_paths

    protected = protect([*paths, options.get("notice")], output)
    analysis = analyse_paths([Path(p) for p in paths], settings_from(options))
    write_output(render_facts(analysis, fmt), output, protected)


# --- rules ----------------------------------------------------------------------------------


@click.group("rules")
def rules_group() -> None:
    """List and explain the rules."""


@rules_group.command("list")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False))
def rules_list(rule_dirs: tuple[str, ...]) -> None:
    """List every rule: ID, severity, check kind, title."""
    run_guarded(_rules_list, rule_dirs)


def _rules_list(rule_dirs) -> None:
    from tendercheck.engine import load_rules

    rules = load_rules([Path(d) for d in rule_dirs])
    width = max([14, *(len(rule.check) for rule in rules)])
    for rule in rules:
        line = f"{rule.id:<12} {rule.severity:<8} {rule.check:<{width}} {rule.title}"
        click.echo(printable(line))


@rules_group.command("explain")
@click.argument("rule_id")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False))
def rules_explain(rule_id: str, rule_dirs: tuple[str, ...]) -> None:
    """Explain one rule: why, test, figure, source, fix and examples."""
    run_guarded(_rules_explain, rule_id, rule_dirs)


def _rules_explain(rule_id: str, rule_dirs) -> None:
    from tendercheck.engine import load_rules
    from tendercheck.report.rule_docs import explain_rule

    rules = {r.id: r for r in load_rules([Path(d) for d in rule_dirs])}
    rule = rules.get(rule_id.upper())
    if rule is None:
        raise click.UsageError(f"no rule {rule_id!r}; see 'tendercheck rules list'")
    click.echo(explain_rule(rule))


# --- many packs: batch and the pre-commit hook -------------------------------------------------


def _progress(total: int):
    """A progress bar on a terminal for runs of more than a few packs; nothing otherwise."""
    if total < 3 or not sys.stderr.isatty():
        return None
    return click.progressbar(length=total, label="checking", file=sys.stderr)


@click.command("batch")
@click.argument(
    "folder", required=False, type=click.Path(exists=True, file_okay=False, readable=False)
)
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False),
    help="Check the packs listed in this file (one path a line; # starts a comment; relative"
    " paths are from the file's folder) instead of a FOLDER's.",
)
@click.option(
    "--summary",
    type=click.Path(dir_okay=False),
    required=True,
    help="Write one row per pack here, as each pack finishes: .csv or .json.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Keep the rows already in the summary and check only the packs without one.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Check the packs on a Dask cluster: a scheduler's address, or 'local' for one on this"
    " machine (pip install 'tendercheck[dask]').",
)
@fact_options
@run_options
def batch_command(
    folder: str | None,
    manifest: str | None,
    summary: str,
    resume: bool,
    scheduler: str | None,
    **options,
) -> None:
    """Check every pack in FOLDER (each file, sub-folder or zip is a pack), or each pack listed
    in a --manifest, and summarise them."""
    sys.exit(run_guarded(_batch, folder, manifest, summary, resume, scheduler, options))


def _batch(
    folder: str | None,
    manifest: str | None,
    summary: str,
    resume: bool,
    scheduler: str | None,
    options: dict,
) -> int:
    import contextlib

    from tendercheck.documents.pack import OUR_OUTPUTS
    from tendercheck.report.summary import SummaryWriter
    from tendercheck.runner import iter_many, summary_columns

    settings = settings_from(options)
    if not summary.lower().endswith((".csv", ".json")):
        raise click.UsageError("--summary must end in .csv or .json")
    if (folder is None) == (manifest is None):
        raise click.UsageError("give a FOLDER of packs or a --manifest listing them (not both)")
    if scheduler is not None:
        from tendercheck import dask_batch

        if not dask_batch.available():
            raise click.UsageError(f"--scheduler needs Dask: {dask_batch.INSTALL}")
    if manifest is not None:
        packs, skipped = _manifest_packs(Path(manifest)), []
        source = manifest
    else:
        packs, skipped = _batch_packs(Path(folder), OUR_OUTPUTS)
        source = folder
    if not packs:
        raise click.UsageError(
            f"{source} holds nothing to check" + (f" ({len(skipped)} skipped)" if skipped else "")
        )
    protected = protect(
        [*packs, manifest, options.get("notice"), options.get("config_path")], summary
    )
    writer = SummaryWriter(summary, summary_columns(), protected, resume=resume)
    earlier = [row for row in writer.earlier if row.get("status") != "skipped"]
    todo = [p for p in packs if not writer.has(p)]
    codes = [_row_exit_code(row) for row in earlier]
    checked = sum(row.get("status") in ("checked", "partial") for row in earlier)
    partial = sum(row.get("status") == "partial" for row in earlier)
    bar = _progress(len(todo))
    try:
        for path, reason in skipped:
            click.echo(f"tendercheck: {printable(path)}: {reason}; skipped", err=True)
            if not writer.has(path):
                writer.write({"pack": path, "status": "skipped", "error": reason})
        if scheduler is not None:
            from tendercheck.dask_batch import iter_dask

            results = iter_dask(todo, settings, options.get("fail_on"), scheduler, settings.jobs)
        else:
            results = iter_many(todo, settings, options.get("fail_on"), settings.jobs, fmt="")
        with contextlib.closing(results):
            for _index, outcome in results:
                status, error = _status(outcome)
                writer.write(
                    {
                        "pack": outcome.path,
                        "status": status,
                        "error": error,
                        "exit_code": outcome.exit_code,
                        **outcome.summary,
                    }
                )
                codes.append(outcome.exit_code)
                checked += status != "error"
                partial += status == "partial"
                if error:
                    click.echo(f"tendercheck: {printable(error)}", err=True)
                if bar:
                    bar.update(1)
    finally:
        writer.close()
    if bar:
        bar.render_finish()
    total = len(earlier) + len(todo)
    again = f" ({len(earlier)} in the summary already)" if earlier else ""
    cut = f", {partial} of them only in part (over the document limit)" if partial else ""
    click.echo(
        f"tendercheck: {checked} of {total} pack(s) checked{again}{cut}; "
        f"summary: {printable(summary)}"
    )
    return max(codes, default=0) if checked else 2


def _status(outcome) -> tuple[str, str]:
    """A pack's status in the summary, and what went wrong: "error" (not checked), "partial"
    (it holds more documents than the limit, and only the first were read and checked) or
    "checked"."""
    if outcome.error:
        return "error", outcome.error
    from tendercheck.documents.limits import DEFAULT_LIMITS

    over = outcome.summary.get("documents_over_cap")
    if over:
        return "partial", (
            f"{outcome.path}: {over} document(s) over the limit of"
            f" {DEFAULT_LIMITS.max_documents} documents per pack were not read; the pack was"
            " checked only in part"
        )
    return "checked", ""


def _row_exit_code(row: dict) -> int:
    """The exit code a row of an earlier run recorded (a summary from before that column was
    kept: 2 for an error row, otherwise 0)."""
    try:
        return int(row.get("exit_code"))
    except (TypeError, ValueError):
        return 2 if row.get("status") == "error" else 0


def _manifest_packs(manifest: Path) -> list[str]:
    """The packs a manifest lists: one path a line (relative ones from the manifest's folder),
    blank lines and lines starting with # left out, each pack once."""
    try:
        text = manifest.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(manifest), "is not a UTF-8 text list of packs") from exc
    except OSError as exc:
        raise InputError(str(manifest), f"cannot be read ({exc.strerror or exc})") from exc
    packs: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        path = entry if Path(entry).is_absolute() else str(manifest.parent / entry)
        key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            packs.append(path)
    return packs


def _batch_packs(folder: Path, our_outputs: tuple[str, ...]) -> tuple[list[str], list]:
    """The packs in a batch folder, and (path, reason) for entries that are not read: links
    that lead out of the folder are not followed, and devices, pipes and sockets not read."""
    from tendercheck.documents.pack import unreadable

    root = folder.resolve()
    packs, skipped = [], []
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise InputError(str(folder), f"the folder cannot be read ({unreadable(exc)})") from exc
    for entry in entries:
        if entry.name.startswith((".", "~$")) or entry.name.endswith(our_outputs):
            continue
        if entry.is_symlink() and not entry.resolve().is_relative_to(root):
            skipped.append((str(entry), "symbolic link out of the folder, not followed"))
        elif not entry.is_dir() and not entry.is_file():
            skipped.append((str(entry), "a device, pipe or socket (or a broken link), not read"))
        else:
            packs.append(str(entry))
    return packs, skipped


@click.command("hook")
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@fact_options
@run_options
def hook_command(paths: tuple[str, ...], **options) -> None:
    """Check each file on its own, as a pre-commit hook: one line per file, then its findings."""
    sys.exit(run_guarded(_hook, paths, options))


def _hook(paths: tuple[str, ...], options: dict) -> int:
    from tendercheck.runner import run_many

    settings = settings_from(options)
    if not paths:
        return 0
    outcomes = run_many(list(paths), settings, options.get("fail_on"), settings.jobs, fmt="")
    worst = 0
    for outcome in outcomes:
        worst = max(worst, outcome.exit_code)
        if outcome.error:
            click.echo(f"{printable(outcome.path)}: ERROR {printable(outcome.error)}")
            continue
        s = outcome.summary
        verdict = "FAIL" if outcome.exit_code else "ok"
        click.echo(
            f"{printable(outcome.path)}: {verdict} score {s.get('score', '–')} "
            f"({s.get('errors', 0)} error(s), {s.get('warnings', 0)} warning(s), "
            f"{s.get('infos', 0)} info)"
        )
        for line in outcome.findings:
            click.echo(f"    {printable(line)}")
    return worst


# --- profile (the bidder view's organisation profile) -------------------------------------------


class LazyGroup(click.Group):
    """A command group imported only when used, so start-up stays fast."""

    def __init__(self, *args, import_path: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.import_path = import_path

    def _real(self) -> click.Group:
        module, _, attr = self.import_path.partition(":")
        return getattr(importlib.import_module(module), attr)

    def list_commands(self, ctx):
        return self._real().list_commands(ctx)

    def get_command(self, ctx, name):
        return self._real().get_command(ctx, name)


profile_group = LazyGroup(
    "profile",
    import_path="tendercheck.bidder.cli:profile_group",
    help="Organisation profiles for the bidder view (profile init).",
)
