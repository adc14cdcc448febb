"""Markdown for pull-request comments: summary, findings table, details, and safe escaping."""

from __future__ import annotations

import re

import pytest

from tendercheck.engine.model import RuleResult
from tendercheck.report import render
from tendercheck.report.markdown import escape_markdown, render_markdown

from .report_helpers import evidence, failing, hand_report, make_rule, real_report

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@pytest.fixture(scope="module")
def cleaning_md() -> str:
    return render(real_report("council-cleaning-itt.docx"), "md")


def hostile_report(**kw):
    results = [
        failing(make_rule("SPEC-90"), evidence(), evidence(quote="`a` | b", page=4)),
        failing(make_rule("SUPPLIER-91", severity="warning"), evidence(quote="x"), waived="Agreed"),
        RuleResult(
            make_rule("TIME-93", severity="warning"),
            "not-assessed",
            "warning",
            "Not assessed: needs submission_deadline",
            missing=["submission_deadline"],
            supply=["submission_deadline: --deadline or 'deadline' in tender.toml"],
        ),
    ]
    return hand_report(results, **kw)


def table_rows(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("| ") and "---" not in line]


def test_heading_and_one_line_score_summary(cleaning_md: str) -> None:
    lines = cleaning_md.splitlines()
    assert lines[0] == "## tendercheck: council-cleaning-itt.docx"
    summary = lines[2]
    assert re.fullmatch(
        r"\*\*Score \d+/100\*\* \(coverage \d+%\) · \d+ errors? · \d+ warnings? · \d+ info"
        r" · 1 document, 40 pages",
        summary,
    ), summary
    assert "Categories: TIME " in cleaning_md


def test_findings_table_has_severity_rule_title_location(cleaning_md: str) -> None:
    rows = table_rows(cleaning_md)
    assert rows[0] == "| Severity | Rule | Finding | Location |"
    supplier = next(r for r in rows if "| SUPPLIER-01 |" in r)
    assert supplier == (
        "| ✗ error | SUPPLIER-01 | Minimum turnover above twice the annual contract value "
        "| council-cleaning-itt.docx p.6 |"
    )
    paper = next(r for r in rows if "| EFFORT-06 |" in r)
    assert paper.startswith("| △ warning | EFFORT-06 |")
    assert re.search(r"council-cleaning-itt\.docx p\.1 \(\+\d+ more\) \|$", paper)
    info = next(r for r in rows if "| MARKET-01 |" in r)
    assert info.startswith("| ○ info | MARKET-01 |") and info.endswith("| — |")
    # most severe first
    severities = [r.split(" | ")[0] for r in rows[1:]]
    order = {"| ✗ error": 0, "| △ warning": 1, "| ○ info": 2}
    assert [order[s] for s in severities] == sorted(order[s] for s in severities)
    for row in rows:
        assert len(UNESCAPED_PIPE.findall(row)) == 5, row


def test_no_emoji_in_the_output(cleaning_md: str) -> None:
    for emoji in ("❌", "⚠", "ℹ", "✅", "✔", "✖", "🔴", "🟡", "\ufe0f"):
        assert emoji not in cleaning_md
    assert all(ord(ch) < 0x1F000 for ch in cleaning_md)


def test_details_per_finding_with_message_quote_and_fix(cleaning_md: str) -> None:
    report = real_report("council-cleaning-itt.docx")
    finding = next(r for r in report.result.results if r.rule.id == "SUPPLIER-01")
    block = cleaning_md.split(
        "<summary>✗ error · SUPPLIER-01: Minimum turnover above twice the annual contract value"
        "</summary>"
    )[1].split("</details>")[0]
    assert escape_markdown(finding.message) in block
    assert "> Tenderers must have a minimum annual turnover of £5,000,000" in block
    assert (
        "> — council-cleaning-itt.docx p.6, § SELECTION CRITERIA &gt; Economic and financial "
        "standing" in block
    )
    assert f"**Fix:** {escape_markdown(finding.rule.fix)}" in block
    assert cleaning_md.count("<details>") == cleaning_md.count("</details>")
    assert cleaning_md.count("<details>") == len(report.result.failed())


def test_not_assessed_waived_and_unused_waivers_are_listed() -> None:
    md = render_markdown(
        hostile_report(
            unused_waivers=[
                {"rule": "SPEC-01", "document": "A.docx", "hash": "abc123", "reason": "old"}
            ]
        )
    )
    section = md.split("### Not assessed (1)")[1]
    assert (
        "- **TIME-93** Test rule TIME-93 &lt;b&gt;bold&lt;/b&gt;: Not assessed: needs "
        "submission\\_deadline — supply submission\\_deadline: --deadline or 'deadline' in "
        "tender.toml" in section
    )
    assert "### Waived (1)" in md and "- **SUPPLIER-91**" in md and ": Agreed" in md
    assert "### Waivers that matched nothing (1)" in md
    assert "SPEC-01 in A.docx (hash abc123): old" in md
    # a waived finding is not in the table
    assert not any("SUPPLIER" in row for row in table_rows(md))


def test_escape_markdown_neutralises_markup() -> None:
    assert escape_markdown("a | b") == "a \\| b"
    assert escape_markdown("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    assert escape_markdown("`code` *em* _u_ [l](u) ~s~ $m$") == (
        "\\`code\\` \\*em\\* \\_u\\_ \\[l\\](u) \\~s\\~ \\$m\\$"
    )
    assert escape_markdown("# Heading") == "\\# Heading"
    assert escape_markdown("1. First") == "1\\. First"
    assert escape_markdown("- item\nnext") == "\\- item next"
    assert escape_markdown("a & b") == "a &amp; b"
    assert escape_markdown("email bids@council.gov.uk") == "email bids@council.gov.uk"
    assert escape_markdown("ping @octocat") == "ping @\u2060octocat"


def test_hostile_document_text_cannot_break_the_table_or_inject_html() -> None:
    md = render_markdown(hostile_report())
    assert "<script" not in md and "<b>" not in md
    assert "</details>" not in md.replace("\n</details>", "")  # only our own closing tags
    rows = table_rows(md)
    row = next(r for r in rows if "| SPEC-90 |" in r)
    assert len(UNESCAPED_PIPE.findall(row)) == 5
    assert not re.search(r"(?<!\\)`", md)
    assert "> Use \\`rm -rf\\` \\| &lt;script&gt;alert(1)&lt;/script&gt; \\*\\*now\\*\\*" in md
    assert "<summary>✗ error · SPEC-90: Test rule SPEC-90 &lt;b&gt;bold&lt;/b&gt;</summary>" in md


def test_rendered_html_has_one_table_with_four_columns_and_no_live_markup() -> None:
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py not installed")
    html = (
        markdown_it.MarkdownIt("commonmark")
        .enable("table")
        .render(render_markdown(hostile_report()))
    )
    assert html.count("<table>") == 1
    header = html.split("<thead>")[1].split("</thead>")[0]
    assert header.count("<th>") == 4
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    for row in body.split("<tr>")[1:]:
        assert row.count("<td>") == 4, row
    assert "<script" not in html and "<b>" not in html and "<code>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="http://evil"' not in html
    assert html.count("<details>") == 1 and html.count("</details>") == 1


def test_a_long_report_drops_details_to_fit_a_comment(cleaning_md: str) -> None:
    report = real_report("council-cleaning-itt.docx")
    short = render_markdown(report, limit=len(cleaning_md) // 2)
    assert len(short) <= len(cleaning_md) // 2 + 200
    assert table_rows(short) == table_rows(cleaning_md)  # the table is always whole
    assert short.count("<details>") < cleaning_md.count("<details>")
    assert re.search(r"\*Details of \d+ more findings? left out to fit a comment", short)
    assert "left out" not in cleaning_md
    unlimited = render_markdown(report, limit=None)
    assert unlimited == cleaning_md or len(cleaning_md) <= 65_000


def test_clean_report_says_no_findings() -> None:
    md = render_markdown(
        hand_report([RuleResult(make_rule("SPEC-90"), "pass", "error", "No problem found.")])
    )
    assert "No findings." in md
    assert "**Score 100/100** (coverage 100%) · 0 errors · 0 warnings · 0 info" in md
    assert "| Severity |" not in md


def test_low_coverage_is_labelled() -> None:
    md = render_markdown(
        hand_report(
            [
                RuleResult(make_rule("SPEC-90"), "pass", "error", "ok"),
                RuleResult(make_rule("SPEC-91"), "not-assessed", "error", "Not assessed"),
                RuleResult(make_rule("SPEC-92"), "not-assessed", "error", "Not assessed"),
            ]
        )
    )
    assert "(coverage 33% — low coverage)" in md
    assert "SPEC 100 (low coverage)" in md


def test_bidder_verdict_comes_before_the_score() -> None:
    bidder = {
        "verdict": "partner",
        "organisation": "Acme | Co",
        "reasons": [
            "Turnover below the | minimum",
            {"reason": "Insurance", "detail": "Needs £10m"},
        ],
        "eligibility_gaps": [
            {
                "requirement": "Minimum turnover",
                "tender": "£5,000,000",
                "organisation": "£400,000",
                "quote": "Tenderers must have <b>£5m</b>",
            }
        ],
        "clarification_questions": ["Will you accept a consortium?"],
    }
    md = render_markdown(hostile_report(bidder=bidder))
    assert md.index("### Verdict for Acme") < md.index("**Score ")
    assert "- Turnover below the \\| minimum" in md
    assert "- Insurance\\\n   Needs £10m\n" in md  # a hard line break keeps the note in the item
    assert "- Minimum turnover — tender: £5,000,000; organisation: £400,000" in md
    assert "   > “Tenderers must have &lt;b&gt;£5m&lt;/b&gt;”" in md
    assert "### Verdict for Acme \\| Co: Bid with a partner" in md
    assert "1. Will you accept a consortium?" in md
