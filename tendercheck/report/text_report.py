"""Terminal output: scores, then failing rules with their evidence, then what was not assessed."""

from __future__ import annotations

from tendercheck.engine.model import CATEGORIES, RuleResult
from tendercheck.report import Report

_MARK = {"error": "ERROR", "warning": "WARN ", "info": "INFO "}


def render_text(report: Report, color: bool = False) -> str:
    analysis, result = report.analysis, report.result
    overall = result.scores["overall"]
    lines = [
        f"tendercheck: {len(analysis.pack.documents)} document(s), {analysis.pack.pages} page(s)",
        f"score {_score(overall.score)} (coverage {overall.coverage:.0%})  "
        + "  ".join(
            f"{c} {_score(result.scores[c].score)}" for c in CATEGORIES if c in result.scores
        ),
        "",
    ]
    failed = [r for r in result.results if r.status == "fail"]
    order = {"error": 0, "warning": 1, "info": 2}
    for r in sorted(failed, key=lambda r: (order[r.severity], r.rule.id)):
        lines.extend(_finding(r))
    if not failed:
        lines.append("No findings.")
    missing = [r for r in result.results if r.status == "not-assessed"]
    if missing:
        lines.append("")
        lines.append(f"Not assessed ({len(missing)}):")
        for r in missing:
            lines.append(
                f"  {r.rule.id}: {r.message}"
                + (f" — supply {'; '.join(r.supply)}" if r.supply else "")
            )
    if result.effort:
        lines.append("")
        lines.append(
            f"Estimated bid effort: {result.effort['hours']} hours (£{result.effort['cost']:,})"
        )
    return "\n".join(lines) + "\n"


def _finding(r: RuleResult) -> list[str]:
    waived = f" (waived: {r.waived})" if r.waived else ""
    out = [f"{_MARK[r.severity]} {r.rule.id} {r.rule.title}{waived}", f"       {r.message}"]
    for ev in r.evidence[:3]:
        where = f"{ev.document} p{ev.page}" + (f" § {ev.section}" if ev.section else "")
        out.append(f"       {where}: “{ev.quote}”")
    out.append(f"       fix: {r.rule.fix}")
    return out


def _score(value: int | None) -> str:
    return "–" if value is None else str(value)
