"""The JSON report (schema tendercheck-report/1): a public, versioned interface.

DESIGN.md gives the contract; docs/report-schema.json is its JSON Schema and docs/json-report.md
documents every field. Fields may be added within version 1; none may be removed or change type.
"""

from __future__ import annotations

import json
from typing import Any

from tendercheck.report import Report
from tendercheck.report.findings import plain

SCHEMA = "tendercheck-report/1"


def report_dict(report: Report) -> dict[str, Any]:
    analysis, result = report.analysis, report.result
    pack = analysis.pack
    inputs = []
    for item in pack.inputs:
        inputs.append(
            {
                **item,
                "documents": [
                    {
                        "name": d.name,
                        "pages": d.pages,
                        "pages_estimated": d.pages_estimated,
                        **({"notes": list(d.notes)} if d.notes else {}),
                    }
                    for d in pack.documents
                    if _belongs(d.path, item["path"])
                ],
            }
        )
    scores = {
        "overall": result.scores["overall"].score,
        "coverage": round(result.scores["overall"].coverage, 2),
        "categories": {k: v.to_dict() for k, v in result.scores.items() if k != "overall"},
    }
    out = {
        "schema": SCHEMA,
        "tool": {"name": "tendercheck", "version": report.version},
        "inputs": inputs,
        "skipped": [s.to_dict() for s in pack.skipped],
        "facts": analysis.facts_dict(),
        "placeholders": [e.to_dict() for e in analysis.placeholders],
        "rules": [_rule(r, report.baseline) for r in result.results],
        "scores": scores,
        "effort": result.effort,
        "unused_waivers": result.unused_waivers,
    }
    if report.generated:
        out["generated"] = report.generated
    if report.config is not None:
        out["config"] = report.config
    if report.bidder is not None:
        out["bidder"] = plain(report.bidder)
    if report.baseline is not None:
        out["baseline"] = report.baseline.to_dict()
    return out


BASELINE_STATE = {"new": "new", "unchanged": "still-open"}


def _rule(r: Any, baseline: Any) -> dict[str, Any]:
    """A rule's entry; with --baseline, a failed one says whether it is new or still open."""
    out = r.to_dict()
    if baseline is not None and baseline.state(r.rule.id):
        out["baseline"] = BASELINE_STATE[baseline.state(r.rule.id)]
    return out


def _belongs(doc_path: str, input_path: str) -> bool:
    return (
        doc_path == input_path
        or doc_path.startswith(input_path.rstrip("/") + "/")
        or doc_path.startswith(input_path + "!")
    )


def render_json(report: Report) -> str:
    # allow_nan=False: NaN and Infinity are not JSON; inputs are checked so none gets this far.
    body = json.dumps(
        report_dict(report), indent=2, ensure_ascii=False, allow_nan=False, default=str
    )
    return body + "\n"
