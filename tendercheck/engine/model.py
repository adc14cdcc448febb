"""Rules, their results and the overall result: plain data shared by the engine and renderers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from tendercheck.nlp.model import Evidence

CATEGORIES = ("TIME", "EFFORT", "SUPPLIER", "SPEC", "OUTCOME", "SOCIAL", "MARKET")
SEVERITIES = ("error", "warning", "info")
STATUSES = ("pass", "fail", "not-assessed", "not-applicable")


@dataclass
class Rule:
    id: str
    title: str
    category: str
    severity: str
    check: str
    params: dict[str, Any]
    message: str
    why: str
    fix: str
    source: str
    examples: dict[str, list[Any]]
    pack: str = ""  # the file it was loaded from
    applies_when: Any = None  # a fact test; false -> not-applicable
    # a fact test; true -> not-assessed, the facts' notes saying why ("the pack is a notice")
    not_assessed_when: Any = None
    pass_message: str = ""
    test: str = ""  # the catalogue's test, in words (for `rules explain`)
    figure: str = ""
    help_url: str = ""

    @property
    def number(self) -> int:
        return int(self.id.rsplit("-", 1)[1])


@dataclass
class Outcome:
    """What a check returns; the engine turns it into a RuleResult."""

    status: str
    evidence: list[Evidence] = field(default_factory=list)
    args: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    severity: str | None = None  # a check may raise or lower the rule's severity (tiers)
    detail: str = ""  # extra words for not-applicable / not-assessed


def waiver_hash(quote: str) -> str:
    """A stable hash of matched text (never a page or line number) for waivers."""
    return hashlib.sha256(" ".join(quote.split()).lower().encode()).hexdigest()[:12]


def finding_waiver(result: RuleResult) -> tuple[str, str]:
    """(document, hash) a waiver of a whole finding names: its first quote's document and hash;
    for a finding with no quote (about the pack as a whole), any document ("*") and the hash of
    no text."""
    if result.evidence:
        return result.evidence[0].document, waiver_hash(result.evidence[0].quote)
    return "*", waiver_hash("")


@dataclass
class RuleResult:
    rule: Rule
    status: str
    severity: str
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    supply: list[str] = field(default_factory=list)  # how to supply each missing fact
    waived: str = ""  # the waiver reason, when a waiver matched
    # quotes a waiver took out of a failed finding (one place, by its quote hash): each quote's
    # evidence with its "hash" and the waiver's "reason"
    waived_quotes: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        out = {
            "id": self.rule.id,
            "title": self.rule.title,
            "category": self.rule.category,
            "severity": self.severity,
            "status": self.status,
            "message": self.message,
            "missing": list(self.missing),
            "evidence": [e.to_dict() for e in self.evidence],
            "fix": self.rule.fix,
            "source": self.rule.source,
        }
        if self.supply:
            out["supply"] = list(self.supply)
        if self.waived:
            out["waived"] = self.waived
        if self.status == "fail":
            # what a [[waivers]] table names: the whole finding (hash), or one quote (quote)
            for item, ev in zip(out["evidence"], self.evidence, strict=True):
                item["hash"] = waiver_hash(ev.quote)
            document, digest = finding_waiver(self)
            out["waiver"] = {"document": document, "hash": digest}
        if self.waived_quotes:
            out["waived_quotes"] = [dict(q) for q in self.waived_quotes]
        return out


@dataclass
class Score:
    score: int | None
    coverage: float
    assessed: int
    total: int

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "coverage": round(self.coverage, 2),
            "assessed": self.assessed,
            "rules": self.total,
        }


@dataclass
class Result:
    results: list[RuleResult]
    scores: dict[str, Score]  # "overall" and each category
    effort: dict[str, Any] | None = None
    unused_waivers: list[dict] = field(default_factory=list)

    def failed(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == "fail" and not r.waived]
