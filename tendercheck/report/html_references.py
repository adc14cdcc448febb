"""The references section of the HTML report: every source the rules cite, once, grouped into
law, policy notes and guidance, with links back to the rules that cite it.
"""

from __future__ import annotations

import re
from typing import Any

from tendercheck.engine.model import RuleResult

ABBREVIATIONS = {
    "PA23": "Procurement Act 2023",
    "PCR15": "Public Contracts Regulations 2015",
    "PPN": "Procurement Policy Note",
    "SI": "Statutory Instrument",
}

REFERENCE_GROUPS = (
    ("Law and regulations", re.compile(r"^(PA23|PCR15|SI\b)|\b(Act|Regulations)\b")),
    ("Procurement Policy Notes", re.compile(r"^PPN\b")),
    ("Guidance and evidence", re.compile(r"")),
)


def _natural(text: str) -> list:
    """Sort key putting 's.8' before 's.68'."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text.casefold())]


def references(results: list[RuleResult], anchors: dict[str, str]) -> list[dict[str, Any]]:
    """Each cited source once, grouped (law, policy notes, guidance), with the rules citing it."""
    groups: dict[str, list[dict[str, Any]]] = {title: [] for title, _ in REFERENCE_GROUPS}
    for entry in _sources(results, anchors):
        title = next(t for t, pattern in REFERENCE_GROUPS if pattern.search(entry["source"]))
        groups[title].append(entry)
    return [{"title": t, "sources": entries} for t, entries in groups.items() if entries]


def _sources(results: list[RuleResult], anchors: dict[str, str]) -> list[dict[str, Any]]:
    """Each cited source once (split at ';'), with the rules that cite it, sorted by name."""
    cited: dict[str, dict[str, Any]] = {}
    for r in results:
        for part in _split_sources(r.rule.source or ""):
            name = " ".join(part.split())
            if not name:
                continue
            entry = cited.setdefault(name.casefold(), {"source": name, "rules": [], "urls": []})
            if r.rule.id not in [x["id"] for x in entry["rules"]]:
                entry["rules"].append({"id": r.rule.id, "anchor": anchors[r.rule.id]})
            if r.rule.help_url and r.rule.help_url not in entry["urls"]:
                entry["urls"].append(r.rule.help_url)
    return [cited[k] for k in sorted(cited, key=_natural)]


def _split_sources(text: str) -> list[str]:
    """'PA23 s.54; seed guidance (a; b)' -> ['PA23 s.54', 'seed guidance (a; b)']."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == ";" and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]
