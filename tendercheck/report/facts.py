"""`tendercheck facts`: the facts found, with where each came from."""

from __future__ import annotations

import json

from tendercheck.nlp.model import Analysis, Fact
from tendercheck.printable import printable as p


def render_facts(analysis: Analysis, fmt: str = "text") -> str:
    if fmt == "json":
        body = {
            "facts": analysis.facts_dict(),
            "placeholders": [e.to_dict() for e in analysis.placeholders],
        }
        return json.dumps(body, indent=2, ensure_ascii=False, allow_nan=False, default=str) + "\n"
    lines = []
    for name in sorted(analysis.facts):
        fact = analysis.facts[name]
        lines.append(
            f"{name}: {p(_value(fact))}  [{fact.source}, confidence {fact.confidence:.2f}]"
        )
        for ev in fact.evidence[:3]:
            where = f"{ev.document} p{ev.page}" + (f" § {ev.section}" if ev.section else "")
            lines.append(f"    {p(where)}: “{p(ev.quote)}”")
        for other in analysis.conflicts(name):
            if other is fact or other.value == fact.value:
                continue
            ev = other.evidence[0] if other.evidence else None
            at = f" ({ev.document} p{ev.page}: “{ev.quote}”)" if ev else ""
            lines.append(f"    CONFLICT: also {p(repr(other.value))}{p(at)}")
    if analysis.placeholders:
        lines.append(f"placeholders: {len(analysis.placeholders)}")
        for ev in analysis.placeholders[:20]:
            lines.append(f"    {p(ev.document)} p{ev.page}: “{p(ev.quote)}”")
    if not lines:
        lines.append("no facts found")
    return "\n".join(lines) + "\n"


def _value(fact: Fact) -> str:
    if fact.placeholder:
        return "(placeholder in the document)"
    if isinstance(fact.value, (dict, list)):
        return json.dumps(fact.value, ensure_ascii=False, default=str)
    return str(fact.value)
