"""The references section of the HTML report: every source the rules cite, once, grouped into
law, policy notes and guidance, with links back to the rules that cite it.
"""

from __future__ import annotations

import re
from typing import Any

from tendercheck import lazyre
from tendercheck.engine.model import RuleResult
from tendercheck.report.sources import source_form, split_sources

ABBREVIATIONS = {
    "PA23": "Procurement Act 2023",
    "PCR15": "Public Contracts Regulations 2015",
    "PPN": "Procurement Policy Note",
    "SI": "Statutory Instrument",
}

# Groups by the kind of a known source (tendercheck/data/sources.yaml); a source a user's rule
# pack cites that is not known there is placed by the pattern.
REFERENCE_GROUPS = (
    ("Law and regulations", "law", lazyre.compile(r"^(PA23|PCR15|SI\b)|\b(Act|Regulations)\b")),
    ("Policy notes and government guidance", "policy", lazyre.compile(r"^PPN\b")),
    ("Published guidance and evidence", "guidance", lazyre.compile(r"")),
)


def _natural(text: str) -> list:
    """Sort key putting 's.8' before 's.68'."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text.casefold())]


def references(results: list[RuleResult], anchors: dict[str, str]) -> list[dict[str, Any]]:
    """Each cited source once, grouped (law, policy notes, guidance), with the rules citing it."""
    groups: dict[str, list[dict[str, Any]]] = {title: [] for title, _, _ in REFERENCE_GROUPS}
    titled: set[str] = set()
    for entry in _sources(results, anchors):
        form = source_form(entry["source"])
        if form is not None:
            title = next(t for t, kind, _ in REFERENCE_GROUPS if kind == form.kind)
            # The full title once per source (the first citation of it), and not where the
            # abbreviations above already give it (PA23, PPN...).
            abbreviated = entry["source"].split(" ", 1)[0] in ABBREVIATIONS
            if not abbreviated and form.title not in titled and form.title != entry["source"]:
                entry["title"] = form.title
                titled.add(form.title)
        else:
            title = next(t for t, _, p in REFERENCE_GROUPS if p.search(entry["source"]))
        groups[title].append(entry)
    return [{"title": t, "sources": entries} for t, entries in groups.items() if entries]


def _sources(results: list[RuleResult], anchors: dict[str, str]) -> list[dict[str, Any]]:
    """Each cited source once (split at ';'), with the rules that cite it, sorted by name."""
    cited: dict[str, dict[str, Any]] = {}
    for r in results:
        for name in split_sources(r.rule.source or ""):
            entry = cited.setdefault(
                name.casefold(), {"source": name, "title": "", "rules": [], "urls": []}
            )
            if r.rule.id not in [x["id"] for x in entry["rules"]]:
                entry["rules"].append({"id": r.rule.id, "anchor": anchors[r.rule.id]})
            # cited by a finding (print leaves out sources only passing rules cite)
            entry["finding"] = entry.get("finding", False) or (r.status == "fail" and not r.waived)
            if r.rule.help_url and r.rule.help_url not in entry["urls"]:
                entry["urls"].append(r.rule.help_url)
    return [cited[k] for k in sorted(cited, key=_natural)]
