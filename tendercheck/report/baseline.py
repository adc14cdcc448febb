"""Re-checking against an earlier report (``--baseline old.json``): new, still open and fixed.

The earlier report is one of ours: a JSON report (``tendercheck-report/1``) or a SARIF log that
tendercheck wrote. A finding is matched on its fingerprint, the one SARIF's
``partialFingerprints`` carry (the rule, the document's name and the quoted words, never a page;
see :func:`~tendercheck.report.findings.fingerprint`), so a finding keeps its identity when pages
move, and a finding whose quoted words change is the old one fixed and a new one found.

- *new*: failed now, not in the baseline;
- *still open*: failed now and in the baseline;
- *fixed*: in the baseline, not failed now (listed, since the new run no longer has them).

Waived findings are neither new nor fixed: a baseline finding waived now is not called fixed, and
a waived finding in the baseline is not an open one. Anything that is not a report of ours, or is
cut short or corrupt, is an InputError naming the file (exit 2), before any checking is done.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tendercheck.errors import InputError
from tendercheck.report.findings import finding_fingerprint, fingerprint

JSON_SCHEMA = "tendercheck-report/1"
SARIF_KEY = "tendercheck/v1"  # the partialFingerprints key (sarif.FINGERPRINT_KEY)
SEVERITY_OF_LEVEL = {"error": "error", "warning": "warning", "note": "info", "none": "info"}
STATE_WORDS = {"new": "new", "unchanged": "still open"}


@dataclass
class BaselineFinding:
    """A finding of the earlier report, as much of it as a reader needs to see it was fixed."""

    fingerprint: str
    id: str
    title: str
    severity: str
    message: str
    evidence: list[dict[str, Any]] = field(default_factory=list)  # document, page, section, quote


@dataclass
class Baseline:
    path: str
    kind: str  # "json" or "sarif"
    generated: str | None
    findings: dict[str, BaselineFinding]  # by fingerprint; open (not waived) findings only


@dataclass
class Comparison:
    """The current run against a baseline: a state for each current finding, and the fixed."""

    path: str
    generated: str | None
    states: dict[str, str]  # rule ID of a current failed finding -> "new" | "unchanged"
    fixed: list[BaselineFinding]
    counts: dict[str, int]  # "fixed", "new", "unchanged" (waived findings not counted)

    def state(self, rule_id: str) -> str | None:
        return self.states.get(rule_id)

    def summary(self) -> str:
        """'3 fixed, 1 new, 5 still open'."""
        c = self.counts
        return f"{c['fixed']} fixed, {c['new']} new, {c['unchanged']} still open"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "generated": self.generated,
            "fixed": self.counts["fixed"],
            "new": self.counts["new"],
            "still_open": self.counts["unchanged"],
            "fixed_findings": [
                {
                    "id": f.id,
                    "title": f.title,
                    "severity": f.severity,
                    "message": f.message,
                    "evidence": f.evidence,
                    "fingerprint": f.fingerprint,
                }
                for f in self.fixed
            ],
        }


def load_baseline(path: str | Path, max_bytes: int | None = None) -> Baseline:
    """An earlier JSON or SARIF report of ours, or an InputError naming the file."""
    from tendercheck.documents.limits import DEFAULT_LIMITS

    name = str(path)
    limit = max_bytes if max_bytes is not None else DEFAULT_LIMITS.max_file_bytes
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except IsADirectoryError as exc:
        raise InputError(name, "is a folder, not an earlier report (--baseline)") from exc
    except OSError as exc:
        raise InputError(name, f"cannot be read as a baseline ({exc.strerror or exc})") from exc
    if len(raw) > limit:
        raise InputError(name, f"is too large for a baseline report (over {limit:,} bytes)")
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_not_json)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputError(
            name, f"is not a tendercheck JSON or SARIF report (not valid JSON: {_short(exc)})"
        ) from exc
    try:
        if isinstance(data, dict) and data.get("schema") == JSON_SCHEMA:
            return Baseline(name, "json", _text(data.get("generated")) or None, _from_json(data))
        if isinstance(data, dict) and _is_our_sarif(data):
            return Baseline(name, "sarif", None, _from_sarif(data))
    except KeyError as exc:
        raise InputError(name, f"is a damaged tendercheck report (no {_short(exc)})") from exc
    except (TypeError, ValueError, AttributeError, IndexError) as exc:
        raise InputError(name, f"is a damaged tendercheck report ({_short(exc)})") from exc
    raise InputError(
        name,
        "is not a tendercheck JSON or SARIF report (--baseline takes a report written by "
        "'tendercheck -f json' or '-f sarif')",
    )


def compare(report: Any, baseline: Baseline) -> Comparison:
    """Each current failed finding new or still open; the baseline's findings now gone, fixed."""
    pack = report.analysis.pack
    states: dict[str, str] = {}
    now: set[str] = set()
    counts = {"fixed": 0, "new": 0, "unchanged": 0}
    for r in report.result.results:
        if r.status != "fail":
            continue
        print_ = finding_fingerprint(r, pack)
        now.add(print_)
        state = "unchanged" if print_ in baseline.findings else "new"
        states[r.rule.id] = state
        if not r.waived:
            counts[state] += 1
    fixed = [f for fp, f in baseline.findings.items() if fp not in now]
    counts["fixed"] = len(fixed)
    return Comparison(baseline.path, baseline.generated, states, fixed, counts)


# --- reading the two formats ---------------------------------------------------------------------


def _from_json(data: dict[str, Any]) -> dict[str, BaselineFinding]:
    rules = data["rules"]
    if not isinstance(rules, list):
        raise ValueError("'rules' is not a list")
    first = _first_input_name(data)
    found: dict[str, BaselineFinding] = {}
    for rule in rules:
        if not isinstance(rule, dict):
            raise ValueError("a rule is not an object")
        if rule.get("status") != "fail" or rule.get("waived"):
            continue
        rule_id = _text(rule.get("id"), "a rule's id")
        evidence = [_evidence(e) for e in rule.get("evidence") or []]
        if evidence:
            print_ = fingerprint(rule_id, evidence[0]["document"], evidence[0]["quote"])
        else:
            print_ = fingerprint(rule_id, first, "")
        found[print_] = BaselineFinding(
            print_,
            rule_id,
            _text(rule.get("title"), "a rule's title"),
            _severity(rule.get("severity")),
            _text(rule.get("message"), "a rule's message"),
            evidence,
        )
    return found


def _first_input_name(data: dict[str, Any]) -> str:
    """As findings.first_input_name: the first input's name, else the first document's."""
    inputs = data.get("inputs") or []
    if inputs and isinstance(inputs[0], dict) and inputs[0].get("path"):
        return Path(str(inputs[0]["path"])).name
    for item in inputs:
        for doc in item.get("documents") or []:
            return str(doc.get("name", ""))
    return ""


def _is_our_sarif(data: dict[str, Any]) -> bool:
    runs = data.get("runs")
    if not (isinstance(data.get("version"), str) and isinstance(runs, list) and runs):
        return False
    return all(
        isinstance(run, dict)
        and isinstance(run.get("tool"), dict)
        and isinstance(run["tool"].get("driver"), dict)
        and run["tool"]["driver"].get("name") == "tendercheck"
        for run in runs
    )


def _from_sarif(data: dict[str, Any]) -> dict[str, BaselineFinding]:
    found: dict[str, BaselineFinding] = {}
    for run in data["runs"]:
        titles = {
            r["id"]: _text((r.get("shortDescription") or {}).get("text"))
            for r in run["tool"]["driver"].get("rules") or []
        }
        for result in run.get("results") or []:
            if result.get("baselineState") == "absent" or result.get("suppressions"):
                continue  # fixed before that run, or waived
            print_ = _text(result["partialFingerprints"][SARIF_KEY], "a fingerprint")
            locations = [*(result.get("locations") or []), *(result.get("relatedLocations") or [])]
            evidence = [
                _evidence(loc["properties"])
                for loc in locations
                if isinstance(loc.get("properties"), dict) and "quote" in loc["properties"]
            ]
            rule_id = _text(result["ruleId"], "a result's ruleId")
            found[print_] = BaselineFinding(
                print_,
                rule_id,
                titles.get(rule_id, ""),
                SEVERITY_OF_LEVEL.get(str(result.get("level")), "warning"),
                _text((result.get("message") or {}).get("text"), "a result's message"),
                evidence,
            )
    return found


def _evidence(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValueError("a quote is not an object")
    page = item.get("page")
    return {
        "document": _text(item.get("document"), "a quote's document"),
        "page": page if isinstance(page, int) and not isinstance(page, bool) else 0,
        "section": _text(item.get("section"), "a quote's section"),
        "quote": _text(item.get("quote"), "a quote"),
    }


def _severity(value: Any) -> str:
    return value if value in ("error", "warning", "info") else "warning"


def _text(value: Any, what: str = "a field") -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{what} is {type(value).__name__}, not text")
    return value


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not a JSON number")


def _short(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
