"""SARIF 2.1.0 for code-scanning tools: rules with help, one result per finding, stable fingerprints.

Tender documents are Word or PDF files, so a finding has no line and column. Each location names
the file (relative to the current folder when it lies inside it; a zip member is located at its
zip, with the member as a logical location), carries the page, section and quote as properties
and as a "section" logical location, and has no ``region``: SARIF reserves regions for text
positions, and a made-up line number would mislead more than it helps. Fingerprints use the rule,
the document name and a hash of the quoted words, never a page, so a result keeps its identity
when pages move.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from tendercheck.engine.model import Rule, RuleResult, finding_waiver, waiver_hash
from tendercheck.nlp.model import Evidence
from tendercheck.report import Report
from tendercheck.report.findings import (
    estimated_pages,
    finding_fingerprint,
    not_assessed,
    where,
)
from tendercheck.report.findings import fingerprint as fingerprint  # re-exported
from tendercheck.report.markdown import escape_markdown

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "tendercheck/v1"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
MAX_RELATED = 20  # more quotes than this add nothing a reader of a code-scanning alert can use
MIME_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "md": "text/markdown",
    "txt": "text/plain",
    "zip": "application/zip",
}


def render_sarif(report: Report, base_dir: str | os.PathLike | None = None) -> str:
    """The SARIF log as JSON text. ``base_dir`` (default: the current folder) anchors URIs."""
    log = sarif_log(report, base_dir)
    return json.dumps(log, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def sarif_log(report: Report, base_dir: str | os.PathLike | None = None) -> dict[str, Any]:
    analysis, result = report.analysis, report.result
    base = os.path.abspath(base_dir if base_dir is not None else os.getcwd())
    artifacts = _Artifacts(analysis.pack, base)
    rules: list[Rule] = []
    rule_index: dict[str, int] = {}
    for r in result.results:
        if r.rule.id not in rule_index:
            rule_index[r.rule.id] = len(rules)
            rules.append(r.rule)
    estimated = estimated_pages(analysis)
    results = [
        _result(r, rule_index[r.rule.id], artifacts, estimated)
        for r in result.results
        if r.status == "fail"
    ]
    comparison = report.baseline
    if comparison is not None:
        # SARIF 2.1.0 §3.27.24: once one result has a baselineState, every result has one.
        for item in results:
            item["baselineState"] = comparison.state(item["ruleId"]) or "new"
        results += [_absent(f, rule_index, artifacts, estimated) for f in comparison.fixed]
    overall = result.scores["overall"]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "tendercheck",
                "version": report.version,
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        "artifacts": artifacts.items,
        "results": results,
        "properties": {
            "score": overall.score,
            "coverage": round(overall.coverage, 2),
            "categories": {
                name: {"score": s.score, "coverage": round(s.coverage, 2)}
                for name, s in result.scores.items()
                if name != "overall"
            },
            "notAssessed": [
                {"ruleId": r.rule.id, "message": r.message, "supply": list(r.supply)}
                for r in not_assessed(result)
            ],
            "unusedWaivers": [dict(w) for w in result.unused_waivers],
        },
    }
    if comparison is not None:
        run["properties"]["baseline"] = {
            "path": comparison.path,
            "summary": comparison.summary(),
            **{k: comparison.to_dict()[k] for k in ("fixed", "new", "still_open")},
        }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _descriptor(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule.id,
        "name": rule_name(rule.title),
        "shortDescription": {"text": rule.title},
    }
    if rule.why.strip():
        out["fullDescription"] = {"text": _flat(rule.why)}
    parts = [("Why it matters", rule.why), ("How to fix it", rule.fix), ("Source", rule.source)]
    parts = [(label, _flat(text)) for label, text in parts if text and text.strip()]
    out["help"] = {
        "text": "\n\n".join(f"{label}: {text}" for label, text in parts) or rule.title,
        "markdown": "\n\n".join(f"**{label}:** {escape_markdown(text)}" for label, text in parts)
        or escape_markdown(rule.title),
    }
    if rule.help_url:
        out["helpUri"] = rule.help_url
    out["defaultConfiguration"] = {"level": LEVEL.get(rule.severity, "warning")}
    out["properties"] = {"category": rule.category, "tags": ["tendercheck", rule.category]}
    return out


def rule_name(title: str) -> str:
    """A PascalCase identifier from a rule title, as SARIF viewers expect for ``name``."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return name if name and not name[0].isdigit() else f"Rule{name}"


def _result(
    r: RuleResult, index: int, artifacts: _Artifacts, estimated: set[str]
) -> dict[str, Any]:
    evidence = list(r.evidence)
    if evidence:
        locations = [artifacts.location(ev, estimated) for ev in evidence[: MAX_RELATED + 1]]
    else:
        locations = [artifacts.first_input_location()]
    primary, related = locations[0], locations[1:]
    out: dict[str, Any] = {
        "ruleId": r.rule.id,
        "ruleIndex": index,
        "level": LEVEL.get(r.severity, "warning"),
        "message": {"text": r.message.strip() or r.rule.title},
        "locations": [primary],
    }
    if related:
        out["relatedLocations"] = [{"id": i, **loc} for i, loc in enumerate(related, start=1)]
    out["partialFingerprints"] = {FINGERPRINT_KEY: finding_fingerprint(r, artifacts.pack)}
    if r.waived:
        out["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": r.waived}
        ]
    document, digest = finding_waiver(r)
    out["properties"] = {
        "category": r.rule.category,
        # what a [[waivers]] table names to waive the finding whole (each location's quoteHash
        # waives that one quote)
        "waiverDocument": document,
        "waiverHash": digest,
    }
    if r.waived_quotes:
        out["properties"]["waivedQuotes"] = [dict(q) for q in r.waived_quotes]
    return out


def _absent(
    found: Any, rule_index: dict[str, int], artifacts: _Artifacts, estimated: set[str]
) -> dict[str, Any]:
    """A finding of the baseline that this run no longer has: baselineState "absent" (fixed)."""
    evidence = [
        Evidence(e["document"], e["page"], e["section"], e["quote"]) for e in found.evidence
    ]
    if evidence:
        locations = [artifacts.location(ev, estimated) for ev in evidence[: MAX_RELATED + 1]]
    else:
        locations = [artifacts.first_input_location()]
    out: dict[str, Any] = {"ruleId": found.id}
    if found.id in rule_index:
        out["ruleIndex"] = rule_index[found.id]
    # No longer a problem: kind "pass", whose level SARIF requires to be "none" (§3.27.9), so a
    # code-scanning tool that ignores baselineState does not raise it again.
    out["kind"] = "pass"
    out["level"] = "none"
    out["properties"] = {"severity": found.severity}
    out["message"] = {"text": f"Fixed since the baseline: {found.message or found.title}"}
    out["locations"] = locations[:1]
    if locations[1:]:
        out["relatedLocations"] = [{"id": i, **loc} for i, loc in enumerate(locations[1:], 1)]
    out["partialFingerprints"] = {FINGERPRINT_KEY: found.fingerprint}
    out["baselineState"] = "absent"
    return out


class _Artifacts:
    """The run's artifacts list, and artifactLocations that point into it."""

    def __init__(self, pack: Any, base: str):
        self.pack = pack
        self.base = base
        self.items: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}
        for doc in pack.documents:
            self._document(doc)

    def _add(self, uri: str, mime: str | None, role: str, parent: int | None = None) -> int:
        key = f"{parent}|{uri}"
        if key in self._index:
            return self._index[key]
        item: dict[str, Any] = {"location": {"uri": uri}}
        if parent is not None:
            item["parentIndex"] = parent
        if mime:
            item["mimeType"] = mime
        item["roles"] = [role]
        self._index[key] = len(self.items)
        self.items.append(item)
        return self._index[key]

    def _document(self, doc: Any) -> tuple[dict[str, Any], str | None]:
        """The artifactLocation of a document (its zip for a member), and the member name."""
        file_path, member = split_member(doc.path or doc.name, self.pack.inputs)
        uri = to_uri(file_path, self.base)
        mime = MIME_TYPES.get("zip" if member else doc.format)
        index = self._add(uri, mime, "analysisTarget")
        if member:
            self._add(
                url_quote(member, safe="/!"), MIME_TYPES.get(doc.format), "analysisTarget", index
            )
        return {"uri": uri, "index": index}, member

    def location(self, ev: Evidence, estimated: set[str]) -> dict[str, Any]:
        doc = _document_of(ev, self.pack.documents)
        logical: list[dict[str, Any]] = []
        properties: dict[str, Any] = {"document": ev.document}
        if doc is not None:
            artifact, member = self._document(doc)
            if member:
                logical.append(
                    {
                        "name": member.rsplit("!", 1)[-1].rsplit("/", 1)[-1],
                        "kind": "resource",
                        "fullyQualifiedName": member,
                    }
                )
        elif ev.document and os.path.isfile(ev.document):
            # A fact given in a sidecar or notice file: point at that file.
            artifact = self._file(ev.document, "userSpecifiedConfiguration")
        else:
            # A fact given on the command line: no file holds it.
            artifact = self.first_input_location()["physicalLocation"]["artifactLocation"]
            properties["suppliedBy"] = ev.document
        if ev.page > 0:
            properties["page"] = ev.page
            if ev.document in estimated:
                properties["pageEstimated"] = True
        if ev.section:
            properties["section"] = ev.section
            logical.append(
                {
                    "name": ev.section.rsplit(" > ", 1)[-1],
                    "kind": "section",
                    "fullyQualifiedName": f"{ev.document} > {ev.section}",
                    **({"properties": {"page": ev.page}} if ev.page > 0 else {}),
                }
            )
        properties["quote"] = ev.quote
        properties["quoteHash"] = waiver_hash(ev.quote)
        label = where(ev, estimated)
        if ev.page > 0 and ev.section:
            label += f", § {ev.section}"
        out: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact}}
        if logical:
            out["logicalLocations"] = logical
        out["message"] = {"text": f"{label}: “{ev.quote}”"}
        out["properties"] = properties
        return out

    def _file(self, path: str, role: str) -> dict[str, Any]:
        uri = to_uri(path, self.base)
        return {"uri": uri, "index": self._add(uri, None, role)}

    def first_input_location(self) -> dict[str, Any]:
        """Where a finding with no quote is reported: the first input the user gave."""
        if self.pack.inputs:
            item = self.pack.inputs[0]
            if item.get("format") == "dir":
                uri = to_uri(item["path"], self.base).rstrip("/") + "/"
                artifact = {"uri": uri, "index": self._add(uri, None, "directory")}
            else:
                artifact = self._file(item["path"], "analysisTarget")
        elif self.pack.documents:
            artifact, _ = self._document(self.pack.documents[0])
        else:
            artifact = {"uri": "."}
        return {"physicalLocation": {"artifactLocation": artifact}}


def _document_of(ev: Evidence, documents: list[Any]) -> Any:
    if 0 <= ev.doc_index < len(documents) and documents[ev.doc_index].name == ev.document:
        return documents[ev.doc_index]
    return next((d for d in documents if d.name == ev.document), None)


def split_member(path: str, inputs: list[dict]) -> tuple[str, str | None]:
    """'/x/pack.zip!Spec.docx' -> ('/x/pack.zip', 'Spec.docx'); a plain file -> (path, None).

    A '!' can be part of a file name, so a split is made only where the part before it is a
    zip the user gave, or names a zip (a zip inside a folder).
    """
    for item in inputs:
        if item.get("format") == "zip" and path.startswith(item["path"] + "!"):
            return item["path"], path[len(item["path"]) + 1 :]
    start = path.find("!")
    while start != -1:
        head = path[:start]
        if head.lower().endswith(".zip") or os.path.isfile(head):
            return head, path[start + 1 :]
        start = path.find("!", start + 1)
    return path, None


def to_uri(path: str, base: str) -> str:
    """A relative URI (forward slashes, percent-encoded) under ``base``, else a file:// URI."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        relative = os.pardir
    if relative == os.curdir:
        return "./"
    if relative.split(os.sep, 1)[0] == os.pardir:
        return Path(absolute).as_uri()
    return url_quote(Path(relative).as_posix(), safe="/")


def _flat(text: str) -> str:
    return " ".join(text.split())
