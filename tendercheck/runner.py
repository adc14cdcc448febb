"""Run the pipeline (read -> analyse -> evaluate) for one pack, with the cache, and for many
packs in worker processes. The CLI composes these; it never parses or evaluates itself."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tendercheck.errors import InputError

FACT_OPTION_NAMES = (
    "value",
    "annual_value",
    "duration_months",
    "issued",
    "deadline",
    "authority",
    "contract_type",
)


@dataclass
class CheckSettings:
    """What a check needs besides the paths; picklable, so worker processes can get it."""

    facts: dict[str, Any] = field(default_factory=dict)  # option name -> value (FACT_OPTION_NAMES)
    notice: str | None = None
    today: dt.date | None = None
    config_path: str | None = None  # explicit --config; otherwise found from the first path
    rule_dirs: tuple[str, ...] = ()
    use_cache: bool = True
    jobs: int = 1  # processes for one pack's reading, analysis and rules
    trust_pack_config: bool = False  # use a tendercheck.toml found inside an input folder
    progress: bool = False  # a status line on standard error (a terminal) while a pack is checked
    select: tuple[str, ...] = ()  # --select: replaces the configuration's select
    ignore: tuple[str, ...] = ()  # --ignore: added to the configuration's ignore


def load_config_for(paths: list[Path], settings: CheckSettings):
    """--config, else the configuration found above the first input; one inside an input
    folder (the pack's own) only with trust_pack_config. The Config says which was used.
    --select replaces its select, --ignore adds to its ignore."""
    config = _load_config_for(paths, settings)
    if settings.select:
        config.select = list(settings.select)
    if settings.ignore:
        config.ignore = [*config.ignore, *settings.ignore]
    return config


def _check_rule_options(settings: CheckSettings, rules) -> None:
    """A --select or --ignore entry that names no rule is a typo, not an empty selection."""
    for option, patterns in (("--select", settings.select), ("--ignore", settings.ignore)):
        for pattern in patterns:
            if not any(
                r.id == pattern or r.id.startswith(pattern.rstrip("-") + "-") for r in rules
            ):
                raise InputError(
                    option,
                    f"no rule is {pattern!r} or starts with it (see 'tendercheck rules list')",
                )


def _load_config_for(paths: list[Path], settings: CheckSettings):
    from tendercheck.engine.config import find_config, load_config, pack_config

    if settings.config_path:
        config = load_config(Path(settings.config_path))
        config.source = "option"
        return config
    found = find_config(paths[0], trust_pack=settings.trust_pack_config)
    config = load_config(found)
    inside = [c for c in (pack_config(p) for p in paths) if c is not None]
    if found is not None:
        config.source = "pack" if any(found.resolve() == c.resolve() for c in inside) else "found"
    ignored = [c for c in inside if found is None or c.resolve() != found.resolve()]
    if ignored:
        config.pack_config_ignored = str(ignored[0])
    return config


def analyse_paths(paths: list[Path], settings: CheckSettings, memo=None):
    """Read and analyse ``paths``; ``memo`` (a doccache.DocumentCache, or None) answers the
    documents and sentences it has kept from an earlier run."""
    from tendercheck.documents import read_pack
    from tendercheck.documents.pack import check_input_path
    from tendercheck.nlp import analyse
    from tendercheck.nlp.supplied import supplied_facts

    for path in paths:  # before a sidecar is looked for beside or inside them
        check_input_path(path)
    notice = Path(settings.notice) if settings.notice else None
    supplied = supplied_facts(dict(settings.facts), paths, notice)  # bad sidecars fail first
    status = Status(settings.progress)
    status.show(f"reading {_describe_inputs(paths)}")
    # each file and document as it is done ("reading 12/73: Attachment 4.docx"), on a terminal
    progress = status.show if status.enabled else None
    pack = read_pack(paths, jobs=settings.jobs, progress=progress, memo=memo)
    if notice is not None:
        from tendercheck.documents.notice import notice_document

        criteria = notice_document(notice)  # what the notice's selection criteria say in words
        if criteria is not None:
            pack.documents.append(criteria)
    status.show(f"analysing {len(pack.documents)} document(s), {pack.pages} page(s)")
    try:
        return analyse(
            pack, supplied, today=settings.today, jobs=settings.jobs, progress=progress, memo=memo
        )
    finally:
        status.clear()


class Status:
    """One status line on standard error, rewritten at each stage and cleared at the end, with
    the seconds spent so far: for a terminal only (the CLI asks when standard error is one)."""

    def __init__(self, enabled: bool):
        import time

        self.enabled = enabled
        self.started = time.monotonic()

    def show(self, text: str) -> None:
        if not self.enabled:
            return
        import sys
        import time

        from tendercheck.printable import printable

        elapsed = time.monotonic() - self.started
        sys.stderr.write(f"\r\x1b[Ktendercheck: {printable(text)}… ({elapsed:.0f} s)")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            import sys

            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _describe_inputs(paths: list[Path]) -> str:
    """'73 files in pack/' for a folder, '70 file(s) in pack.zip' for a zip, else the names
    given."""
    if len(paths) == 1 and paths[0].is_dir():
        count = sum(len(files) for _, _, files in os.walk(paths[0]))
        return f"{count} file(s) in {paths[0].name}/"
    if len(paths) == 1 and paths[0].suffix.lower() == ".zip" and paths[0].is_file():
        try:
            with zipfile.ZipFile(paths[0]) as zf:
                count = sum(1 for info in zf.infolist() if not info.is_dir())
        except (zipfile.BadZipFile, OSError, ValueError):
            return paths[0].name  # reading it says what is wrong
        return f"{count} file(s) in {paths[0].name}"
    return ", ".join(p.name for p in paths[:3]) + (", …" if len(paths) > 3 else "")


def check_paths(paths: list[Path], settings: CheckSettings):
    """read -> analyse -> evaluate for one pack; answered from the cache when nothing changed,
    and otherwise from the per-document cache for each document that did not.

    Returns (analysis, result, config, cached).
    """
    from tendercheck import cache
    from tendercheck.documents.pack import check_input_path, relocate

    for path in paths:  # before the cache hashes them: a device or a pipe never ends
        check_input_path(path)
    config = load_config_for(paths, settings)
    if settings.select or settings.ignore:
        from tendercheck.engine import load_rules

        _check_rule_options(
            settings, load_rules([*config.rules, *(Path(d) for d in settings.rule_dirs)])
        )
    key = None
    if settings.use_cache:
        key = cache.cache_key(
            [*paths, *config.rules, *(Path(d) for d in settings.rule_dirs)],
            _settings_fingerprint(paths, settings, config),
        )
        if key is not None:
            hit = cache.load(key)
            if hit is not None and relocate(hit[0].pack, paths):  # the key is content only
                analysis, result = hit
                return analysis, result, config, True
    from tendercheck.engine import evaluate, load_rules

    memo = None
    if settings.use_cache:  # under the whole-run entry: what each unchanged document gave
        from tendercheck.doccache import DocumentCache

        memo = DocumentCache()
    try:
        analysis = analyse_paths(paths, settings, memo)
    finally:
        if memo is not None:
            memo.finish()
    rules = load_rules([*config.rules, *(Path(d) for d in settings.rule_dirs)])
    status = Status(settings.progress)
    status.show(f"checking {len(rules)} rules")
    try:
        result = evaluate(analysis, rules, config, jobs=settings.jobs)
    finally:
        status.clear()
    if key is not None:
        cache.store(key, (analysis, result))
    return analysis, result, config, False


def _settings_fingerprint(paths: list[Path], settings: CheckSettings, config) -> dict[str, Any]:
    import dataclasses

    from tendercheck.nlp.supplied import find_sidecar

    sidecar = find_sidecar(paths)
    report_only = ("path", "source", "pack_config_ignored")
    config_state = {k: v for k, v in dataclasses.asdict(config).items() if k not in report_only}
    return {
        "facts": settings.facts,
        "notice": _file_sha(settings.notice),
        "today": settings.today,
        "config": config_state,
        "sidecar": _file_sha(str(sidecar)) if sidecar else None,
    }


def _file_sha(path: str | None) -> str | None:
    if not path:
        return None
    import hashlib

    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class PackOutcome:
    """The result of checking one pack in a worker: small and picklable."""

    path: str
    exit_code: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    error: str = ""
    cached: bool = False
    findings: list[str] = field(default_factory=list)  # one line per failing rule


def check_one(
    path: str,
    settings: CheckSettings,
    fail_on: str | None,
    fmt: str = "text",
    generated: str | None = None,
) -> PackOutcome:
    """Check one pack and summarise it; errors become the outcome, never an exception."""
    import dataclasses

    from tendercheck.report import Report, render

    settings = dataclasses.replace(settings, jobs=1)  # here the packs are the parallel unit
    try:
        analysis, result, config, cached = check_paths([Path(path)], settings)
        report = Report(analysis=analysis, result=result, generated=generated)
        text = render(report, fmt) if fmt else ""
        code = exit_code(result, fail_on or config.fail_on, config.fail_under)
        return PackOutcome(
            path,
            int(code),
            summarise(analysis, result),
            text,
            cached=cached,
            findings=finding_lines(result),
        )
    except InputError as exc:
        return PackOutcome(path, 2, error=str(exc))
    except Exception as exc:  # one bad pack must not stop a batch
        if os.environ.get("TENDERCHECK_DEBUG"):
            raise
        return PackOutcome(path, 3, error=f"{path}: internal error: {type(exc).__name__}: {exc}")


def exit_code(result, fail_on: str, fail_under: float | None) -> int:
    from tendercheck.errors import ExitCode

    rank = {"error": 0, "warning": 1, "info": 2}
    if any(rank[r.severity] <= rank[fail_on] for r in result.failed()):
        return ExitCode.FINDINGS
    overall = result.scores["overall"].score
    if fail_under is not None and overall is not None and overall < fail_under:
        return ExitCode.FINDINGS
    return ExitCode.CLEAN


def finding_lines(result) -> list[str]:
    """Compact text findings: severity, rule, message and where, worst first."""
    order = {"error": 0, "warning": 1, "info": 2}
    lines = []
    for r in sorted(result.failed(), key=lambda r: (order[r.severity], r.rule.id)):
        where = ""
        if r.evidence:
            ev = r.evidence[0]
            where = f" [{ev.document} p{ev.page}]"
        lines.append(f"{r.severity.upper()} {r.rule.id} {r.rule.title}{where}: {r.message}")
    return lines


SUMMARY_FACTS = (
    "contract_value_total",
    "contract_value_annual",
    "contract_duration_months",
    "issue_date",
    "submission_deadline",
    "tender_period_days",
    "tender_period_working_days",
    "min_turnover",
    "authority_type",
    "contract_type",
    "above_threshold",
    "question_count",
    "total_word_limit",
)


def summary_columns() -> list[str]:
    """Every key :func:`summarise` can give, in its order (a CSV summary's header is written
    before the first row, so it must know them all)."""
    from tendercheck.engine.model import CATEGORIES

    return [
        "documents",
        "documents_over_cap",
        "pages",
        "score",
        "coverage",
        *(f"score_{category.lower()}" for category in CATEGORIES),
        "errors",
        "warnings",
        "infos",
        "failed_rules",
        *SUMMARY_FACTS,
        "spec_start_page",
        "effort_hours",
    ]


def summarise(analysis, result) -> dict[str, Any]:
    """One row for batch summaries: scores, counts by severity and the key facts."""
    from tendercheck.documents.pack import over_cap_count
    from tendercheck.engine.model import CATEGORIES

    failed = result.failed()
    row: dict[str, Any] = {
        "documents": len(analysis.pack.documents),
        "documents_over_cap": over_cap_count(analysis.pack),  # files not read: a pack cut short
        "pages": analysis.pack.pages,
        "score": result.scores["overall"].score,
        "coverage": round(result.scores["overall"].coverage, 2),
    }
    for category in CATEGORIES:
        if category in result.scores:
            row[f"score_{category.lower()}"] = result.scores[category].score
    for severity in ("error", "warning", "info"):
        row[f"{severity}s"] = sum(r.severity == severity for r in failed)
    row["failed_rules"] = " ".join(r.rule.id for r in failed)
    for name in SUMMARY_FACTS:
        row[name] = analysis.value(name)
    spec = analysis.value("spec_start")
    row["spec_start_page"] = spec.get("page") if isinstance(spec, dict) else None
    effort = result.effort or {}
    row["effort_hours"] = effort.get("hours")
    return row


def run_many(
    paths: list[str],
    settings: CheckSettings,
    fail_on: str | None,
    jobs: int,
    fmt: str = "text",
    generated: str | None = None,
    on_done: Callable[[PackOutcome], None] | None = None,
) -> list[PackOutcome]:
    """Check each path as its own pack, in ``jobs`` worker processes; results in input order."""
    outcomes: dict[int, PackOutcome] = {}
    with contextlib.closing(iter_many(paths, settings, fail_on, jobs, fmt, generated)) as done:
        for index, outcome in done:
            outcomes[index] = outcome
            if on_done:
                on_done(outcome)
    return [outcomes[i] for i in range(len(paths))]


def iter_many(
    paths: list[str],
    settings: CheckSettings,
    fail_on: str | None,
    jobs: int,
    fmt: str = "text",
    generated: str | None = None,
) -> Iterator[tuple[int, PackOutcome]]:
    """``(index, outcome)`` for each path, as each pack finishes; close it when stopping early.

    With more than one job, packs are checked in worker processes: a worker that dies while
    checking a pack (killed, out of memory, a native crash) makes that pack's outcome an error
    and the others go on."""
    if jobs <= 1 or len(paths) <= 1:
        for index, path in enumerate(paths):
            yield index, check_one(path, settings, fail_on, fmt, generated)
        return
    from tendercheck.parallel import imap_workers

    check = functools.partial(_check_path, settings, fail_on, fmt, generated)
    yield from imap_workers(check, paths, jobs, _crashed)


def _check_path(settings, fail_on, fmt, generated, path: str) -> PackOutcome:
    return check_one(path, settings, fail_on, fmt, generated)


def _crashed(path: str, reason: str) -> PackOutcome:
    return PackOutcome(path, 3, error=f"{path}: {reason} while checking it; not checked")
