"""Markdown for pull-request comments: score line, findings table, details, what was not assessed.

Every piece of document text is escaped: HTML is turned into entities and Markdown punctuation is
backslash-escaped, so a quote holding ``|``, ``<script>`` or backticks can neither break the
table nor inject markup. Symbols are plain Unicode shapes, not emoji.
"""

from __future__ import annotations

import html
import re
from typing import Any

from tendercheck import lazyre
from tendercheck.engine.model import RuleResult
from tendercheck.printable import printable
from tendercheck.report import Report
from tendercheck.report.baseline import STATE_WORDS
from tendercheck.report.findings import (
    LOW_COVERAGE,
    MAX_QUOTES,
    bidder_sections,
    bidder_verdict,
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

SYMBOL = {"error": "✗", "warning": "△", "info": "○"}  # not emoji: render the same everywhere
COMMENT_LIMIT = 65_000  # GitHub refuses comments over 65,536 characters

_ESCAPED = lazyre.compile(r"([\\`*_\[\]|~$])")
_LINE_START = lazyre.compile(r"^([-+#=]|\d+(?=[.)]))")
_MENTION = lazyre.compile(r"(^|[^\w@])@(?=[A-Za-z0-9])")


def escape_markdown(text: str) -> str:
    """Document text made safe for one line of Markdown (a table cell, a quote, a paragraph).

    Runs of white space become one space; file names go through ``printable`` first, so a
    newline in a name shows as ``\\n``."""
    text = printable(" ".join(str(text).split()))  # controls, bidi overrides: shown escaped
    text = html.escape(text, quote=False)
    text = _ESCAPED.sub(r"\\\1", text)
    # Only what could open a block at the start of a line: "- ", "# ", "1. ", "1) ".
    text = _LINE_START.sub(_escape_block_start, text)
    # "@name" would notify a GitHub user; a word joiner keeps it readable but inert.
    return _MENTION.sub("\\1@\u2060", text)


def _escape_block_start(match: re.Match[str]) -> str:
    mark = match.group(1)
    return mark + "\\" if mark[0].isdigit() else "\\" + mark  # 1\. but \-


def _html(text: str) -> str:
    """Text for inside an HTML element (a <summary>), where Markdown is not interpreted."""
    return html.escape(printable(" ".join(str(text).split())), quote=False)


def render_markdown(report: Report, limit: int | None = COMMENT_LIMIT) -> str:
    """The report as Markdown. ``limit`` caps the length (details are dropped first); None: no cap."""
    analysis, result = report.analysis, report.result
    estimated = estimated_pages(analysis)
    pack = analysis.pack
    head = [f"## tendercheck: {escape_markdown(printable(_subject(pack)))}", ""]
    if report.bidder:
        head += _bidder(report.bidder)
    head += _summary(report)
    found = failing(result)
    comparison = report.baseline
    if found and comparison is not None:
        head += [
            "",
            "| Severity | Rule | Finding | Location | Since the baseline |",
            "|---|---|---|---|---|",
        ]
        head += [
            _row(r, estimated) + f" {STATE_WORDS.get(comparison.state(r.rule.id) or '', '')} |"
            for r in found
        ]
    elif found:
        head += ["", "| Severity | Rule | Finding | Location |", "|---|---|---|---|"]
        head += [_row(r, estimated) for r in found]
    else:
        head += ["", "No findings."]
    if comparison is not None and comparison.fixed:
        head += ["", f"### Fixed since the baseline ({len(comparison.fixed)})", ""]
        head += [_fixed(f) for f in comparison.fixed]
    tail = _tail(report)
    details = [_details(r, estimated) for r in found]
    footer = ["", f"<sub>tendercheck {_html(report.version)}</sub>"]
    body = "\n".join(head)
    rest = "\n".join(tail + footer)
    kept: list[str] = []
    for block in details:
        if limit is not None and len(body) + len(rest) + sum(map(len, kept)) + len(block) > limit:
            break
        kept.append(block)
    omitted = len(details) - len(kept)
    if omitted:
        kept.append(
            f"\n*Details of {omitted} more finding{'s' if omitted != 1 else ''} left out to fit "
            "a comment; see the JSON or HTML report.*"
        )
    if kept:
        body += "\n\n### Details\n" + "".join(kept)
    return body + "\n" + rest + "\n"


def _subject(pack: Any) -> str:
    if len(pack.inputs) == 1:
        return pack.inputs[0]["path"].replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    if len(pack.documents) == 1:
        return pack.documents[0].name
    return f"{len(pack.documents)} documents"


def _summary(report: Report) -> list[str]:
    result, pack = report.result, report.analysis.pack
    overall = result.scores["overall"]
    counts = severity_counts(result)
    low = " — low coverage" if overall.coverage < LOW_COVERAGE else ""
    docs = len(pack.documents)
    line = (
        f"**Score {_score(overall)}** (coverage {overall.coverage:.0%}{low})"
        f" · {counts['error']} error{'s' if counts['error'] != 1 else ''}"
        f" · {counts['warning']} warning{'s' if counts['warning'] != 1 else ''}"
        f" · {counts['info']} info"
        f" · {docs} document{'s' if docs != 1 else ''}, {pack.pages} page{'s' if pack.pages != 1 else ''}"
    )
    out = [line]
    if report.baseline is not None:
        out += [
            "",
            f"Since the baseline ({escape_markdown(printable(report.baseline.path))}): "
            f"**{report.baseline.summary()}**",
        ]
    categories = [
        f"{c} {score_words(result.scores[c])}"
        + (" (low coverage)" if result.scores[c].coverage < LOW_COVERAGE else "")
        for c in scored_categories(result)
    ]
    if categories:
        out += ["", "Categories: " + " · ".join(categories)]
    effort = effort_line(result)
    if effort:
        out += ["", effort]
    return out


def _score(score: Any) -> str:
    return f"{score.score}/100" if score.score is not None else score_words(score)


def _row(r: RuleResult, estimated: set[str]) -> str:
    location = "—"
    if r.evidence:
        location = escape_markdown(printable(where(r.evidence[0], estimated)))
        if len(r.evidence) > 1:
            location += f" (+{len(r.evidence) - 1} more)"
    return (
        f"| {SYMBOL[r.severity]} {r.severity} | {escape_markdown(r.rule.id)} "
        f"| {escape_markdown(r.rule.title)} | {location} |"
    )


def _fixed(found: Any) -> str:
    """One line for a finding of the baseline that is gone: rule, title, where it was."""
    line = f"- ✓ **{escape_markdown(found.id)}** {escape_markdown(found.title or found.message)}"
    if found.evidence:
        ev = found.evidence[0]
        page = f" p.{ev['page']}" if ev.get("page") else ""
        line += f" — was at {escape_markdown(printable(ev['document'] + page))}"
    return line


def _details(r: RuleResult, estimated: set[str]) -> str:
    lines = [
        "",
        "",
        "<details>",
        f"<summary>{SYMBOL[r.severity]} {r.severity} · {_html(r.rule.id)}: "
        f"{_html(r.rule.title)}</summary>",
        "",
        escape_markdown(r.message),
    ]
    for ev in r.evidence[:MAX_QUOTES]:
        section = f", § {ev.section}" if ev.section else ""
        lines += [
            "",
            f"> {escape_markdown(ev.quote)}",
            ">",
            f"> — {escape_markdown(printable(where(ev, estimated)) + section)} "
            f"(quote {quote_hash(ev)})",
        ]
    if len(r.evidence) > MAX_QUOTES:
        more = len(r.evidence) - MAX_QUOTES
        lines += ["", f"*and {more} more quote{'s' if more != 1 else ''}*"]
    if r.rule.fix:
        lines += ["", f"**Fix:** {escape_markdown(r.rule.fix)}"]
    if r.rule.source:
        lines += ["", f"**Source:** {escape_markdown(r.rule.source)}"]
    if r.waived_quotes:
        lines += [
            "",
            "**Quotes waived:** "
            + "; ".join(
                escape_markdown(printable(waived_quote_text(r, q))) for q in r.waived_quotes
            ),
        ]
    lines += ["", f"**Waiver:** {escape_markdown(printable(waiver_keys(r)))}"]
    lines += ["", "</details>"]
    return "\n".join(lines)


def _tail(report: Report) -> list[str]:
    result = report.result
    out: list[str] = []
    missing = not_assessed(result)
    if missing:
        out += ["", f"### Not assessed ({len(missing)})", ""]
        for r in missing:
            supply = f" — supply {escape_markdown('; '.join(r.supply))}" if r.supply else ""
            out.append(
                f"- **{escape_markdown(r.rule.id)}** {escape_markdown(r.rule.title)}: "
                f"{escape_markdown(r.message)}{supply}"
            )
    skipped_waived = waived(result)
    if skipped_waived:
        out += ["", f"### Waived ({len(skipped_waived)})", ""]
        out += [
            f"- **{escape_markdown(r.rule.id)}** {escape_markdown(r.rule.title)}: "
            f"{escape_markdown(r.waived)}"
            for r in skipped_waived
        ]
    if result.unused_waivers:
        out += ["", f"### Waivers that matched nothing ({len(result.unused_waivers)})", ""]
        out += ["- " + escape_markdown(unused_waiver_text(w)) for w in result.unused_waivers]
    skipped = report.analysis.pack.skipped
    if skipped:
        out += ["", f"### Files not read ({len(skipped)})", ""]
        out += [
            f"- {escape_markdown(printable(s.name))}: {escape_markdown(s.reason)}" for s in skipped
        ]
    return out


def _bidder(bidder: dict[str, Any]) -> list[str]:
    out: list[str] = []
    label, organisation = bidder_verdict(bidder)
    who = f" for {escape_markdown(organisation)}" if organisation else ""
    if label:
        out += [f"### Verdict{who}: {escape_markdown(label)}", ""]
    elif organisation:
        out += [f"### Bid view{who}", ""]
    for heading, content in bidder_sections(bidder):
        if isinstance(content, str):
            out += [f"**{escape_markdown(heading)}:** {escape_markdown(content)}", ""]
            continue
        out += [f"**{escape_markdown(heading)}**", ""]
        numbered = heading.startswith("Questions")
        for n, item in enumerate(content, start=1):
            # A trailing backslash is a hard line break: each note on its own line, same item.
            texts = [escape_markdown(item.line), *(escape_markdown(n) for n in item.notes)]
            out.append((f"{n}. " if numbered else "- ") + "\\\n   ".join(texts))
            out += [f"   > {escape_markdown(q)}" for q in item.quotes[:MAX_QUOTES]]
        out.append("")
    return out
