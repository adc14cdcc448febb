"""Terminal output: the bid verdict first (bidder view), then scores, findings with evidence and
fixes, and what was not assessed. Colour only when asked (the CLI asks on a terminal, and not
when NO_COLOR is set); the words carry the meaning, colour only helps the eye.

Every piece of text that comes from a document, a file name, a profile or a rule pack passes
through :func:`~tendercheck.printable.printable`, so it can neither act on the terminal nor start
a line of its own; only the styling added here is real.
"""

from __future__ import annotations

from typing import Any

import click

from tendercheck.engine.model import RuleResult
from tendercheck.printable import printable as p
from tendercheck.report import Report
from tendercheck.report.baseline import STATE_WORDS
from tendercheck.report.findings import (
    LOW_COVERAGE,
    MAX_QUOTES,
    bidder_sections,
    bidder_verdict,
    config_lines,
    effort_line,
    estimated_pages,
    failing,
    not_assessed,
    quote_hash,
    score_words,
    scored_categories,
    severity_counts,
    unused_waiver_text,
    waived,
    waived_quote_text,
    waiver_keys,
    where,
)

_MARK = {"error": "ERROR", "warning": "WARN ", "info": "INFO "}
_SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "cyan"}
_VERDICT_COLOUR = {"bid": "green", "partner": "yellow", "no-bid": "red", "cant-tell": "yellow"}
INDENT = "       "


class _Style:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, **styles: Any) -> str:
        text = p(text)
        return click.style(text, **styles) if self.color else text

    def score(self, score: Any) -> str:
        text = score_words(score)
        value = score.score
        if value is None:
            return self(text, dim=True)
        colour = "green" if value >= 80 else "yellow" if value >= 50 else "red"
        return self(text, fg=colour, bold=True)


def render_text(report: Report, color: bool = False) -> str:
    style = _Style(color)
    analysis, result = report.analysis, report.result
    lines: list[str] = []
    if report.bidder:
        lines += _bidder(report.bidder, style)
        lines.append("")
    overall = result.scores["overall"]
    counts = severity_counts(result)
    low = style(", low coverage", fg="yellow") if overall.coverage < LOW_COVERAGE else ""
    lines += [
        f"tendercheck: {len(analysis.pack.documents)} document(s), {analysis.pack.pages} page(s)",
        f"score {style.score(overall)} (coverage {overall.coverage:.0%}{low})  "
        + "  ".join(f"{c} {style.score(result.scores[c])}" for c in scored_categories(result)),
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info",
        *(
            [f"since the baseline {p(report.baseline.path)}: {report.baseline.summary()}"]
            if report.baseline is not None
            else []
        ),
        *config_lines(report.config),
        *(
            f"reading note: {p(d.name)}: {p(note)}"
            for d in analysis.pack.documents
            for note in d.notes
        ),
        "",
    ]
    estimated = estimated_pages(analysis)
    found = failing(result)
    for r in found:
        lines.extend(
            _finding_line(r, style)
            if report.bidder
            else _finding(r, estimated, style, report.baseline)
        )
    if not found:
        lines.append(style("No findings.", fg="green"))
    if report.baseline is not None and report.baseline.fixed:
        lines += [
            "",
            style(f"Fixed since the baseline ({len(report.baseline.fixed)}):", fg="green"),
        ]
        for f in report.baseline.fixed:
            lines.append(f"  {style(f.id, bold=True)} {p(f.title)}")
            lines += [
                f"{INDENT}{style(_place(e), dim=True)}: “{p(e['quote'])}”" for e in f.evidence[:1]
            ]
    skipped_waived = waived(result)
    if skipped_waived:
        lines += ["", f"Waived ({len(skipped_waived)}):"]
        lines += [
            f"  {style(r.rule.id, bold=True)} {p(r.rule.title)}: {p(r.waived)}"
            for r in skipped_waived
        ]
    quotes = [(r, q) for r in found for q in r.waived_quotes]
    if quotes:
        lines += ["", f"Quotes waived in open findings ({len(quotes)}):"]
        lines += [f"  {p(waived_quote_text(r, q))}" for r, q in quotes]
    if result.unused_waivers:
        lines += [
            "",
            style(f"Waivers that matched nothing ({len(result.unused_waivers)}):", fg="yellow"),
        ]
        lines += [f"  {p(unused_waiver_text(w))}" for w in result.unused_waivers]
    if report.bidder:
        # the bidder's view: the findings as one line each, not the officer's report again
        # (its effort at the officer's day rate, its "supply this in tender.toml" list)
        return "\n".join(lines + _files_not_read(analysis) + [_OFFICER_NOTE]) + "\n"
    missing = not_assessed(result)
    if missing:
        lines += ["", f"Not assessed ({len(missing)}):"]
        for r in missing:
            lines.append(
                f"  {style(r.rule.id, bold=True)}: {p(r.message)}"
                + (f" — supply {p('; '.join(r.supply))}" if r.supply else "")
            )
    lines += _files_not_read(analysis)
    effort = effort_line(result)
    if effort:
        lines += ["", p(effort)]
    return "\n".join(lines) + "\n"


def _place(evidence: dict[str, Any]) -> str:
    """Where an earlier report's quote was: 'Spec.docx p.6'."""
    page = f" p.{evidence['page']}" if evidence.get("page") else ""
    return f"{evidence['document']}{page}"


_OFFICER_NOTE = (
    "\nFor the buyer's full report (each finding's evidence and fix, what could not be "
    "assessed), run without --as bidder."
)


def _files_not_read(analysis) -> list[str]:
    skipped = analysis.pack.skipped
    if not skipped:
        return []
    return [
        "",
        f"Files not read ({len(skipped)}):",
        *(f"  {p(s.name)}: {p(s.reason)}" for s in skipped),
    ]


def _finding_line(r: RuleResult, style: _Style) -> list[str]:
    colour = _SEVERITY_COLOUR.get(r.severity)
    return [
        f"{style(_MARK.get(r.severity, r.severity), fg=colour, bold=True)} "
        f"{style(r.rule.id, bold=True)} {p(r.rule.title)}"
    ]


def _finding(r: RuleResult, estimated: set[str], style: _Style, baseline: Any) -> list[str]:
    colour = _SEVERITY_COLOUR.get(r.severity)
    state = baseline.state(r.rule.id) if baseline is not None else None
    mark = f" {style('[' + STATE_WORDS[state] + ']', bold=True)}" if state else ""
    out = [
        f"{style(_MARK.get(r.severity, r.severity), fg=colour, bold=True)} "
        f"{style(r.rule.id, bold=True)} {p(r.rule.title)}{mark}",
        f"{INDENT}{p(r.message)}",
    ]
    for ev in r.evidence[:MAX_QUOTES]:
        section = f" § {ev.section}" if ev.section else ""
        out.append(
            f"{INDENT}{style(where(ev, estimated) + section, dim=True)}: “{p(ev.quote)}” "
            + style(f"(quote {quote_hash(ev)})", dim=True)
        )
    if len(r.evidence) > MAX_QUOTES:
        out.append(f"{INDENT}… and {len(r.evidence) - MAX_QUOTES} more")
    if r.rule.fix:
        out.append(f"{INDENT}{style('fix:', fg='green')} {p(r.rule.fix)}")
    out.append(f"{INDENT}{style('waiver:', dim=True)} {p(waiver_keys(r))}")
    return out


def _bidder(bidder: dict[str, Any], style: _Style) -> list[str]:
    out: list[str] = []
    label, organisation = bidder_verdict(bidder)
    if label:
        colour = _VERDICT_COLOUR.get(str(bidder.get("verdict")))
        who = f" for {organisation}" if organisation else ""
        out.append(f"Verdict{p(who)}: {style(label.upper(), fg=colour, bold=True)}")
    elif organisation:
        out.append(f"Bid view for {p(organisation)}")
    for heading, content in bidder_sections(bidder):
        if isinstance(content, str):
            out.append(f"{p(heading)}: {p(content)}")
            continue
        out.append(f"{p(heading)}:")
        numbered = heading.startswith("Questions")
        for n, item in enumerate(content, start=1):
            out.append(f"  {n}. {p(item.line)}" if numbered else f"  - {p(item.line)}")
            out += [f"      {p(note)}" for note in item.notes]
            out += [f"      {style(q, dim=True)}" for q in item.quotes[:MAX_QUOTES]]
    return out
