"""The HTML report's view model: the Report turned into plain data in reading order.

Everything the template shows is computed here (sorting, grouping, percentages, the pack map's
geometry), so the template only lays it out and escapes it.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from tendercheck.engine import LOW_COVERAGE, SEVERITY_WEIGHT, waiver_hash
from tendercheck.engine.model import CATEGORIES, SEVERITIES, RuleResult
from tendercheck.nlp.model import Evidence
from tendercheck.report import Report
from tendercheck.report.findings import (
    config_lines,
    finding_waiver,
    score_words,
    waived_quote_text,
)
from tendercheck.report.html_bidder import bidder_view
from tendercheck.report.html_references import ABBREVIATIONS, references
from tendercheck.report.html_values import Shown, label, money, scalar, show, timestamp

CATEGORY_TITLES = {
    "TIME": "Timescales are realistic",
    "EFFORT": "Bid effort is proportionate to contract value",
    "SUPPLIER": "What is asked of suppliers is proportionate",
    "SPEC": "The specification is easy to find and to understand",
    "OUTCOME": "The requirement matches the desired outcome",
    "SOCIAL": "Social value is considered, relevant and proportionate",
    "MARKET": "Small suppliers can compete on fair terms",
}
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
SOURCE_WORDS = {
    "document": "read from the documents",
    "option": "given on the command line",
    "sidecar": "given in tender.toml",
    "notice": "read from the published notice",
    "derived": "worked out from other facts",
}
# Facts grouped for the facts section, in the order of the analysis stage's contract.
FACT_GROUPS = (
    (
        "Timeline and value",
        "issue_date clarification_deadline submission_deadline award_date contract_start "
        "tender_period_days tender_period_working_days holiday_working_days_lost "
        "contract_value_total contract_value_annual contract_duration_months "
        "contract_extension_months contract_max_duration_months authority_type contract_type "
        "regime above_threshold lots lots_reason sme_suitable vcse_suitable",
    ),
    (
        "What suppliers must have",
        "min_turnover min_turnover_multiple min_turnover_basis accounts_years_required "
        "audited_accounts_required accounts_alternative years_trading_required insurance "
        "insurance_at_bid_stage insurance_sole_trader_exempt certifications brands_named "
        "experience_demands modern_slavery_statement_required carbon_reduction_plan_required "
        "cyber_essentials payment_performance_test consortia_allowed subcontracting_allowed "
        "reliance_on_others_allowed bonds_guarantees pre_qualification_stage "
        "selection_questionnaire",
    ),
    (
        "Contract terms",
        "payment_terms_days payment_flow_down payment_by_results payment_in_arrears "
        "payment_upfront tupe incumbent tupe_information current_contract_value unpaid_work "
        "penalties paper_submission document_fees framework_places shortlist_max dps "
        "mobilisation_weeks",
    ),
    (
        "Evaluation and specification",
        "questions question_count total_word_limit weightings weightings_kind weightings_by_lot "
        "award_method presentations site_visit attachments_demanded attachment_count "
        "evidence_at_bid_stage pricing_schedule_items social_value_asks "
        "social_value_question_count social_value_measures social_value_toms "
        "apprenticeship_quota vcse_supply_chain_invited spec_start outcome_statements "
        "requirement_statements kpis market_engagement sme_vcse_suitability",
    ),
)
MAX_QUOTES = 3


def build_view(report: Report, top_fixes: int = 5) -> dict[str, Any]:
    analysis, result = report.analysis, report.result
    pack = analysis.pack
    results = list(result.results)
    anchors = {r.rule.id: "rule-" + r.rule.id.lower() for r in results}
    return {
        "title": _pack_title(pack),
        "documents": [d.name for d in pack.documents],
        "pages": pack.pages,
        "version": report.version,
        "generated": report.generated,
        "config_lines": config_lines(report.config),
        "bidder": bidder_view(report.bidder) if report.bidder is not None else None,
        "summary": _summary(result, anchors, top_fixes),
        "map": _pack_map(analysis),
        "findings": _findings(results, anchors, report.baseline),
        "baseline": _baseline(report.baseline),
        "unused_waivers": list(result.unused_waivers),
        "facts": _facts(analysis),
        "effort": _effort(result.effort),
        "not_assessed": _not_assessed(results),
        "placeholders": [_quote(e) for e in analysis.placeholders],
        "quote_limit": MAX_QUOTES,
        "skipped": [{"name": s.name, "reason": s.reason, "error": s.error} for s in pack.skipped],
        "references": references(results, anchors),
        "abbreviations": sorted(ABBREVIATIONS.items()),
    }


def _pack_title(pack: Any) -> str:
    names = [PurePath(str(i.get("path", ""))).name for i in pack.inputs if i.get("path")]
    if not names:
        names = [d.name for d in pack.documents]
    if not names:
        return "an empty pack"
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"


# --- summary -----------------------------------------------------------------------------------


def _score(score: Any) -> dict[str, Any]:
    coverage = round(score.coverage * 100)
    return {
        "score": score.score,
        "words": score_words(score),
        "coverage": coverage,
        "assessed": score.assessed,
        "total": score.total,
        "low_coverage": score.coverage < LOW_COVERAGE,
    }


def _summary(result: Any, anchors: dict[str, str], top_fixes: int) -> dict[str, Any]:
    failed = _by_severity([r for r in result.results if r.status == "fail" and not r.waived])
    # Top fixes are fixes to barriers: the findings that count against the score (errors and
    # warnings). A good-practice note or a strength not shown (info) is listed with the
    # findings, never offered as a fix to make first.
    barriers = [r for r in failed if SEVERITY_WEIGHT.get(r.severity, 0) > 0]
    categories = [
        {"id": c, "title": CATEGORY_TITLES.get(c, c), **_score(result.scores[c])}
        for c in _categories(result.results)
        if c in result.scores
    ]
    return {
        "how": how_scores_work(),
        "overall": _score(result.scores["overall"]),
        "categories": categories,
        "counts": {s: sum(r.severity == s for r in failed) for s in SEVERITIES},
        "failed": len(failed),
        "waived": sum(1 for r in result.results if r.status == "fail" and r.waived),
        "not_assessed": sum(1 for r in result.results if r.status == "not-assessed"),
        "fixes": [
            {
                "id": r.rule.id,
                "anchor": anchors[r.rule.id],
                "severity": r.severity,
                "title": r.rule.title,
                "fix": r.rule.fix,
            }
            for r in barriers[:top_fixes]
        ],
        "more_fixes": max(0, len(barriers) - top_fixes),
        "notes": len(failed) - len(barriers),
    }


def how_scores_work() -> str:
    """The two sentences beside the score, made from the engine's own weights and threshold."""
    counted = " and ".join(
        f"{'an' if s[0] in 'aeiou' else 'a'} {s} weighs {w}"
        for s, w in SEVERITY_WEIGHT.items()
        if w
    )
    unweighted = " and ".join(s for s, w in SEVERITY_WEIGHT.items() if not w)
    aside = (
        f"; {unweighted} rules (good practice and strengths) are listed but do not count"
        if unweighted
        else ""
    )
    return (
        "Each score is out of 100: the share, by weight, of the assessed rules that passed, "
        f"where {counted}{aside}. Coverage is the share of the rules that apply to this pack "
        "that could be assessed (a rule needing a fact the documents do not give is not "
        f"assessed); under {round(LOW_COVERAGE * 100)}% the score is marked low."
    )


def _categories(results: list[RuleResult]) -> list[str]:
    extra = sorted({r.rule.category for r in results} - set(CATEGORIES))
    present = {r.rule.category for r in results}
    return [c for c in CATEGORIES if c in present] + extra


def _by_severity(results: list[RuleResult]) -> list[RuleResult]:
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(
        results,
        key=lambda r: (
            SEVERITY_RANK.get(r.severity, 9),
            order.get(r.rule.category, 99),
            r.rule.id,
        ),
    )


# --- the map of the pack -----------------------------------------------------------------------


def _pack_map(analysis: Any) -> dict[str, Any]:
    documents = analysis.pack.documents
    total = sum(max(d.pages, 1) for d in documents) or 1
    spec = analysis.value("spec_start")
    spec = spec if isinstance(spec, dict) else None
    segments, before = [], 0
    for number_, doc in enumerate(documents, 1):
        pages = max(doc.pages, 1)
        is_spec = bool(spec and spec.get("document") == doc.name)
        segments.append(
            {
                "number": number_,
                "name": doc.name,
                "pages": doc.pages,
                "estimated": doc.pages_estimated,
                "notes": list(doc.notes),
                "first_page": before + 1,
                "x": round(before / total * 100, 3),
                "width": round(pages / total * 100, 3),
                "share": _percent(pages / total),
                "has_spec": is_spec,
            }
        )
        before += pages
    marker = None
    if spec and (spec.get("fraction") is not None or spec.get("page") is not None):
        fraction = spec.get("fraction")
        if fraction is None:
            fraction = _fraction_from_page(segments, spec, total)
        fraction = min(max(float(fraction), 0.0), 1.0)
        spec_doc = next((seg for seg in segments if seg["has_spec"]), None)
        where = f"page {spec.get('page')}" if spec.get("page") is not None else "here"
        if spec_doc and len(segments) > 1:
            where = f"document {spec_doc['number']}, {where}"
        page, document = spec.get("page"), spec.get("document") or ""
        place = " of ".join(x for x in (f"page {page}" if page is not None else "", document) if x)
        marker = {
            "label": f"Specification starts: {where}",
            "place": place or "an unknown page",
            "in_document": f"starts on page {page}" if page is not None else "starts here",
            "x": round(fraction * 100, 3),
            "before": _percent(fraction),
            "document": spec.get("document") or "",
            "page": spec.get("page"),
            "heading": spec.get("heading") or "",
            "anchor_end": fraction > 0.5,
        }
    return {"segments": segments, "total_pages": analysis.pack.pages, "marker": marker}


def _fraction_from_page(segments: list[dict], spec: dict, total: int) -> float:
    for seg in segments:
        if seg["name"] == spec.get("document"):
            return (seg["first_page"] - 1 + (spec.get("page") or 1) - 1) / total
    return 0.0


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100)}%"


# --- findings ----------------------------------------------------------------------------------


def _quote(ev: Evidence | dict) -> dict[str, Any]:
    if isinstance(ev, dict):
        return {
            "quote": str(ev.get("quote", "")),
            "document": str(ev.get("document", "")),
            "page": ev.get("page"),
            "section": str(ev.get("section") or ""),
        }
    return {
        "quote": ev.quote,
        "document": ev.document,
        "page": ev.page,
        "section": ev.section,
        "kind": _clause_kind(ev.clause),
    }


def _clause_kind(clause) -> str:
    """What the quoted clause is, where that changes how it reads: a contract's own terms (a
    duty once the contract runs, not a bidding barrier), a later call-off's, a form's field."""
    if clause is None:
        return ""
    if clause.later_call_off:
        return "a call-off document"
    return {"terms": "contract terms", "form": "a form to complete"}.get(clause.part, "")


def _quotes(evidence: list) -> list[dict[str, Any]]:
    """Each quote once, in order (two facts or checks often cite the same sentence)."""
    out, seen = [], set()
    for ev in evidence:
        q = _quote(ev)
        key = (q["document"], q["page"], q["quote"])
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out


def _finding(r: RuleResult, anchors: dict[str, str], baseline: Any = None) -> dict[str, Any]:
    quotes = [{**q, "hash": waiver_hash(q["quote"])} for q in _quotes(r.evidence)]
    document, digest = finding_waiver(r)
    state = baseline.state(r.rule.id) if baseline is not None else None
    return {
        "state": {"new": "new", "unchanged": "still-open"}.get(state or "", ""),
        "id": r.rule.id,
        "anchor": anchors[r.rule.id],
        "title": r.rule.title,
        "severity": r.severity,
        "message": r.message,
        "quotes": quotes[:MAX_QUOTES],
        "more_quotes": quotes[MAX_QUOTES:],
        "why": r.rule.why,
        "fix": r.rule.fix,
        "source": r.rule.source,
        "help_url": r.rule.help_url,
        "waived": r.waived,
        "waiver": {"rule": r.rule.id, "document": document, "hash": digest},
        "waived_quotes": [waived_quote_text(r, q) for q in r.waived_quotes],
    }


def _findings(
    results: list[RuleResult], anchors: dict[str, str], baseline: Any = None
) -> list[dict[str, Any]]:
    out = []
    for category in _categories(results):
        members = [r for r in results if r.rule.category == category]
        failed = _by_severity([r for r in members if r.status == "fail"])
        out.append(
            {
                "id": category,
                "anchor": "category-" + category.lower(),
                "title": CATEGORY_TITLES.get(category, category),
                "findings": [_finding(r, anchors, baseline) for r in failed if not r.waived],
                "waived": [_finding(r, anchors, baseline) for r in failed if r.waived],
                "counts": {
                    status: sum(r.status == status for r in members)
                    for status in ("pass", "fail", "not-assessed", "not-applicable")
                },
                "others": [
                    {
                        "id": r.rule.id,
                        "anchor": anchors[r.rule.id],
                        "title": r.rule.title,
                        "status": r.status,
                    }
                    for r in members
                    if r.status != "fail"
                ],
            }
        )
    return out


def _baseline(comparison: Any) -> dict[str, Any] | None:
    """The re-check against an earlier report: its counts, and the findings now fixed."""
    if comparison is None:
        return None
    return {
        "path": PurePath(comparison.path).name,
        "generated": timestamp(comparison.generated) or "",
        "summary": comparison.summary(),
        "counts": dict(comparison.counts),
        "fixed": [
            {
                "id": f.id,
                "title": f.title or f.message,
                "severity": f.severity,
                "quotes": _quotes(f.evidence)[:1],
            }
            for f in comparison.fixed
        ],
    }


# --- facts, effort, not assessed, references ---------------------------------------------------


def _facts(analysis: Any) -> list[dict[str, Any]]:
    facts = analysis.facts
    context = {"weightings_kind": analysis.value("weightings_kind")}
    placed: set[str] = set()
    groups = []
    for title, names in FACT_GROUPS:
        members = [n for n in names.split() if n in facts]
        placed.update(members)
        groups.append((title, members))
    groups.append(("Other facts", sorted(set(facts) - placed)))
    out = []
    for title, names in groups:
        rows = []
        for name in names:
            fact = facts[name]
            conflicts = [c for c in analysis.conflicts(name) if repr(c.value) != repr(fact.value)]
            rows.append(
                {
                    "name": name,
                    "label": label(name),
                    "value": (
                        Shown(text="a placeholder, not a figure")
                        if fact.placeholder
                        else show(fact.value, name, context)
                    ),
                    "source": SOURCE_WORDS.get(fact.source, fact.source),
                    "note": fact.note,
                    "evidence": _quotes(fact.evidence),
                    "conflicts": [
                        {
                            "value": show(c.value, name, context),
                            "evidence": _quotes(c.evidence[:1]),
                        }
                        for c in conflicts
                    ],
                }
            )
        if rows:
            out.append({"title": title, "anchor": "facts-" + _slug(title), "rows": rows})
    return out


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def _effort(effort: dict | None) -> dict[str, Any] | None:
    if not effort:
        return None
    rows = [
        {
            "item": str(row.get("item", "")),
            "quantity": scalar(row.get("quantity"), "quantity")
            if row.get("quantity") is not None
            else "",
            "hours": scalar(row.get("hours"), "count"),
            "basis": str(row.get("basis", "")),
        }
        for row in effort.get("breakdown") or []
    ]
    parameters = [(k, scalar(v, k)) for k, v in (effort.get("parameters") or {}).items()]
    return {
        "hours": scalar(effort.get("hours"), "count"),
        "days": scalar(effort.get("days"), "count") if effort.get("days") is not None else "",
        "cost": money(effort["cost"]) if effort.get("cost") is not None else "",
        "day_rate": money(effort["day_rate"]) if effort.get("day_rate") is not None else "",
        "rows": rows,
        "assumptions": [str(a) for a in effort.get("assumptions") or []],
        "parameters": parameters,
        "note": str(effort.get("note") or ""),
    }


def _not_assessed(results: list[RuleResult]) -> list[dict[str, Any]]:
    out = []
    for r in results:
        if r.status != "not-assessed":
            continue
        reason = r.message.removeprefix("Not assessed").lstrip(":. ").strip()
        out.append(
            {
                "id": r.rule.id,
                "title": r.rule.title,
                "anchor": "rule-" + r.rule.id.lower(),
                "missing": [f"{label(m)} ({m})" for m in r.missing],
                "reason": reason,
                "supply": list(r.supply),
            }
        )
    return out
