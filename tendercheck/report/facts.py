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
        head, items = _readable(fact)
        lines.append(f"{name}: {p(head)}  [{fact.source}, confidence {fact.confidence:.2f}]")
        lines.extend(f"    - {p(item)}" for item in items)
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


# the words that name an item of a list fact, first found first
_ITEM_NAMES = ("name", "item", "id", "kpi", "text", "kind", "type")


def _readable(fact: Fact) -> tuple[str, list[str]]:
    """The value as words for a terminal: one line, and one line per item of a list of
    records (certifications, questions, attachments), never JSON."""
    if fact.placeholder:
        return "(placeholder in the document)", []
    value = fact.value
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return f"{len(value)} item(s)", [_record(v) for v in value]
    return _plain(value), []


def _record(item) -> str:
    if not isinstance(item, dict):
        return _plain(item)
    key = next((k for k in _ITEM_NAMES if item.get(k) not in (None, "")), None)
    head = _plain(item[key]) if key else ""
    rest = "; ".join(
        f"{k.replace('_', ' ')}: {_plain(v)}"
        for k, v in item.items()
        if k != key and v not in (None, "", [], {})
    )
    return head + (f" ({rest})" if head and rest else rest)


def _plain(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, dict):
        return "; ".join(
            f"{k.replace('_', ' ')}: {_plain(v)}" for k, v in value.items() if v is not None
        )
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value) if value else "none"
    return str(value)
