"""Rule documentation: `tendercheck rules explain ID` and the generated docs/rules.md.

Regenerate the docs with ``python -m tendercheck.report.rule_docs > docs/rules.md``; a test
fails when they are out of date.
"""

from __future__ import annotations

from tendercheck.engine.examples import example_facts, example_text
from tendercheck.engine.model import CATEGORIES, Rule


def explain_rule(rule: Rule) -> str:
    lines = [
        f"{rule.id}: {rule.title}",
        f"category {rule.category}, severity {rule.severity}, check {rule.check}",
        "",
    ]
    for label, text in (
        ("Why", rule.why),
        ("Test", rule.test),
        ("Figure", rule.figure),
        ("Fix", rule.fix),
        ("Source", rule.source),
    ):
        if text:
            lines.append(f"{label}: {text}")
    for kind in ("fail", "pass"):
        lines.append("")
        lines.append(f"Example that {'fails' if kind == 'fail' else 'passes'}:")
        for example in rule.examples[kind]:
            lines.append("  " + " ".join(example_text(example).split()))
            facts = example_facts(example)
            if facts:
                lines.append("    with facts: " + ", ".join(f"{k}={v}" for k, v in facts.items()))
    return "\n".join(lines)


def rules_markdown(rules: list[Rule]) -> str:
    out = [
        "# tendercheck rules",
        "",
        "Generated from the rule packs in `rules/` by "
        "`python -m tendercheck.report.rule_docs > docs/rules.md`; do not edit by hand.",
        "",
    ]
    for category in CATEGORIES:
        members = [r for r in rules if r.category == category]
        if not members:
            continue
        out += [f"## {category}", "", "| ID | Severity | Title | Source |", "|---|---|---|---|"]
        out += [
            f"| [{r.id}](#{r.id.lower()}) | {r.severity} | {r.title} | {r.source} |"
            for r in members
        ]
        out.append("")
        for r in members:
            out += [f"### {r.id}", "", f"**{r.title}** ({r.severity})", ""]
            for label, text in (
                ("Why", r.why),
                ("Test", r.test),
                ("Figure", r.figure),
                ("Fix", r.fix),
                ("Source", r.source),
            ):
                if text:
                    out.append(f"- **{label}:** {' '.join(text.split())}")
            for kind in ("fail", "pass"):
                for example in r.examples[kind]:
                    facts = example_facts(example)
                    suffix = (
                        f" (facts: {', '.join(f'{k}={v}' for k, v in facts.items())})"
                        if facts
                        else ""
                    )
                    out.append(
                        f"- **Example ({kind}):** {' '.join(example_text(example).split())}{suffix}"
                    )
            out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    from tendercheck.engine import load_rules

    print(rules_markdown(load_rules()), end="")
