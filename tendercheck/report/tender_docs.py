"""docs/tender-toml.md: every key a tender.toml may hold, its type and an example, generated from
``tendercheck/data/tender.schema.json``.

Regenerate with ``python -m tendercheck.report.tender_docs > docs/tender-toml.md``; a test fails
when the file is out of date.
"""

from __future__ import annotations

from tendercheck.schema import schema


def tender_toml_markdown() -> str:
    spec = schema("tender")
    props = spec["properties"]
    out = [
        "# tender.toml: facts the documents do not state",
        "",
        "Generated from `tendercheck/data/tender.schema.json` by "
        "`python -m tendercheck.report.tender_docs > docs/tender-toml.md`; do not edit by hand.",
        "",
        "A rule that cannot be judged says *Not assessed* and names the facts it needs, with the "
        "tender.toml key that supplies each. Put a `tender.toml` inside the pack folder or beside "
        "the document and run the check again: a value given here wins over what the documents "
        "say, and the report marks it *given in tender.toml*. Every key is checked; a key that is "
        "not below, or a value of the wrong type, stops the run with one line naming the file and "
        "the key (exit 2).",
        "",
        "```toml",
        "# tender.toml",
        'value = "£180,000"',
        "duration_months = 36",
        "issued = 2026-01-05",
        'deadline = "2026-02-06T12:00"',
        "tupe = true",
        "incumbent = true",
        "payment_by_results = false",
        'kpis = [{text = "90% of clients report feeling less isolated", kind = "outcome"}]',
        'questions = [{id = "Q1", text = "Describe your approach", word_limit = 500, '
        "weighting = 40}]",
        "audited_accounts_required = false",
        "accounts_years_required = 2",
        'bonds_guarantees = ["performance_bond"]',
        'presentations = [{kind = "interview", mandatory = true}]',
        "```",
        "",
        "Demands the documents mention but do not state plainly (audited accounts, years of "
        "accounts, experience, a modern slavery statement, Cyber Essentials, certifications and "
        "brands named without an equivalent, consortia and sub-contracting, bonds and "
        "guarantees, a pre-qualification stage, presentations, written policies and minimum "
        "financial ratios) can be stated here; the checks and the bidder view read them as they "
        "read the same demand found in the documents, and a finding quotes tender.toml. "
        '`false`, `0`, `"none"`, an empty list `[]` or an empty table `{}` says the tender makes '
        "no such demand.",
        "",
        "Dates are `YYYY-MM-DD` (a TOML date or text); a deadline may add a time, "
        '`"YYYY-MM-DDTHH:MM"`. Amounts are pounds: a number, or text such as `"£1.2m"` or '
        '`"250k"`.',
        "",
        "| Key | Type | Fact | Meaning | Example |",
        "|---|---|---|---|---|",
    ]
    for key in sorted(props):
        item = props[key]
        fact = item.get("x-fact", key)
        out.append(
            f"| `{key}` | {_cell(item['x-expect'])} | {'' if fact == key else f'`{fact}`'} "
            f"| {_cell(item['description'])} | `{_cell(item['x-example'])}` |"
        )
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


if __name__ == "__main__":  # pragma: no cover
    print(tender_toml_markdown(), end="")
