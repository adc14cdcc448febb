"""Reports for the formatter tests: real ones from the fixtures (built once per process) and small
hand-built ones whose every field the test controls (hostile quotes, zip members, waivers).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from tendercheck.documents.model import Document, TenderPack
from tendercheck.engine import score
from tendercheck.engine.model import Result, Rule, RuleResult
from tendercheck.nlp.model import Analysis, Evidence
from tendercheck.report import Report

from .helpers import CORPUS, FIXTURES, analysed

REPO = FIXTURES.parent
REPORT_SCHEMA = REPO / "docs" / "report-schema.json"
SARIF_SCHEMA = REPO.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
GENERATED = "2023-11-14T22:13:20+00:00"  # SOURCE_DATE_EPOCH=1700000000
HOSTILE = "Use `rm -rf` | <script>alert(1)</script> **now** [x](http://evil) </details> @octocat"


@functools.cache
def _rules():
    from tendercheck.engine import load_rules

    return load_rules()


@functools.cache
def _evaluated(paths: tuple[str, ...]):
    from tendercheck.engine import evaluate

    analysis = analysed(*paths)  # shared with the other modules that read these files
    return analysis, evaluate(analysis, _rules())


def real_report(*paths: str | Path, bidder: dict | None = None) -> Report:
    """The report for real files (fixture names are looked up in fixtures/)."""
    resolved = tuple(str(p if Path(p).is_absolute() else FIXTURES / p) for p in paths)
    analysis, result = _evaluated(resolved)
    return Report(analysis, result, version="9.9.9", generated=GENERATED, bidder=bidder)


def corpus_document(name: str) -> Path | None:
    path = CORPUS / name
    return path if path.is_file() else None


def make_rule(rule_id: str = "SPEC-90", severity: str = "error", **fields: Any) -> Rule:
    values: dict[str, Any] = {
        "id": rule_id,
        "title": f"Test rule {rule_id} <b>bold</b>",
        "category": rule_id.split("-")[0],
        "severity": severity,
        "check": "python",
        "params": {},
        "message": "",
        "why": "Because small suppliers cannot bid.",
        "fix": "Say what you want, plainly.",
        "source": "PA23 s.12(4)",
        "examples": {"fail": [], "pass": []},
    }
    values.update(fields)
    return Rule(**values)


def hand_report(
    results: list[RuleResult],
    documents: list[Document] | None = None,
    inputs: list[dict] | None = None,
    bidder: dict | None = None,
    effort: dict | None = None,
    unused_waivers: list[dict] | None = None,
) -> Report:
    if documents is None:
        documents = [
            Document(name="Spec.docx", format="docx", pages=12, path="packs/tender.zip!Spec.docx")
        ]
    if inputs is None:
        inputs = [{"path": "packs/tender.zip", "format": "zip"}]
    pack = TenderPack(inputs=inputs, documents=documents)
    result = Result(
        results=results,
        scores=score(results),
        effort=effort,
        unused_waivers=list(unused_waivers or []),
    )
    return Report(Analysis(pack=pack), result, version="9.9.9", generated=GENERATED, bidder=bidder)


def evidence(quote: str = HOSTILE, page: int = 3, document: str = "Spec.docx", **kw: Any):
    values = {"section": "Scope > Cleaning | `rooms`", "doc_index": 0}
    values.update(kw)
    return Evidence(document=document, page=page, quote=quote, **values)


def failing(rule: Rule, *evidence_items: Evidence, message: str = "", waived: str = ""):
    return RuleResult(
        rule=rule,
        status="fail",
        severity=rule.severity,
        message=message or f"{rule.id} failed: {HOSTILE}",
        evidence=list(evidence_items),
        waived=waived,
    )


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
