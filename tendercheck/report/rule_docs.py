"""Rule documentation: `tendercheck rules explain ID` and the generated docs/rules.md.

Regenerate the docs with ``python -m tendercheck.report.rule_docs > docs/rules.md``; a test
fails when they are out of date.
"""

from __future__ import annotations

import json
from typing import Any

from tendercheck.engine.examples import example_text, supplied_note
from tendercheck.engine.model import CATEGORIES, Rule
from tendercheck.engine.options import describe_type, rule_declarations, rule_values


def rule_options(rule: Rule) -> list[tuple[str, str, str, str]]:
    """(option, type, default, this rule's value) for each option the rule's check declares
    (tendercheck/data/options.yaml); each can be set in [thresholds.RULE-ID]."""
    values = rule_values(rule.check, rule.params)
    out = []
    for key, spec in rule_declarations(rule.check, rule.params).items():
        default = (
            _shown(spec["default"])
            if "default" in spec
            else ("none (optional)" if spec.get("optional") else "none (the rule must set it)")
        )
        value = _shown(values[key]) if key in values else "not set"
        if key == "figures" and isinstance(values.get(key), dict):
            # Each figure is a threshold a user may change: show them all.
            value = json.dumps(values[key], ensure_ascii=False)
        out.append((key, describe_type(spec), default, value))
    return out


def _shown(value: Any) -> str:
    if isinstance(value, list) and (len(value) > 3 or any(len(str(v)) > 30 for v in value)):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict) and len(json.dumps(value)) > 60:
        return f"a table of {len(value)}"
    if isinstance(value, str) and len(value) > 40:
        return "a pattern" if any(c in value for c in "\\(|[") else value[:37] + "..."
    return json.dumps(value, ensure_ascii=False, default=str)


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
    options = rule_options(rule)
    if options:
        lines += ["", f"Options (set any in [thresholds.{rule.id}] in tendercheck.toml):"]
        lines += [
            f"  {key}: {kind}; default {default}; this rule {value}"
            for key, kind, default, value in options
        ]
    for kind in ("fail", "pass"):
        lines.append("")
        lines.append(f"Example that {'fails' if kind == 'fail' else 'passes'}:")
        for example in rule.examples[kind]:
            lines.append("  " + " ".join(example_text(example).split()))
            note = supplied_note(example)
            if note:
                lines.append("    " + note)
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
        out += [
            f"## {category}",
            "",
            "| ID | Severity | Kind | Title | Source |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| [{r.id}](#{r.id.lower()}) | {r.severity} | {r.check} | {r.title} | {r.source} |"
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
            options = rule_options(r)
            if options:
                out += [
                    f"- **Options** (`check: {r.check}`; set in `[thresholds.{r.id}]`):",
                    "",
                    "  | Option | Type | Default | This rule |",
                    "  |---|---|---|---|",
                ]
                out += [
                    f"  | `{key}` | {_cell(kind)} | {_cell(default)} | {_cell(value)} |"
                    for key, kind, default, value in options
                ]
                out.append("")
            for kind in ("fail", "pass"):
                for example in r.examples[kind]:
                    note = supplied_note(example)
                    suffix = f" ({note})" if note else ""
                    out.append(
                        f"- **Example ({kind}):** {' '.join(example_text(example).split())}{suffix}"
                    )
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


if __name__ == "__main__":
    from tendercheck.engine import load_rules

    print(rules_markdown(load_rules()), end="")
