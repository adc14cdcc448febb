"""The bid-effort model (RULES.md, EFFORT): hours to write a bid from what the pack asks for.

No published hours-per-question figure exists; the defaults below are the catalogue's, every one
configurable under [effort] in the config, and the breakdown is part of the result.
"""

from __future__ import annotations

from typing import Any

from tendercheck.engine.named_checks.pack_parts import scored_written_questions
from tendercheck.nlp.model import Analysis

DEFAULTS: dict[str, float] = {
    "words_per_hour": 250,
    "research_review_factor": 0.5,
    "words_per_unlimited_question": 1000,  # assumed when a scored question has no limit
    "hours_per_attachment": 2,
    "hours_per_presentation": 16,
    "hours_per_site_visit": 4,
    "hours_selection_questionnaire": 8,
    "pricing_hours_min": 4,
    "pricing_hours_max": 12,
    "pricing_rows_for_max": 50,
    "pages_per_hour": 10,
    # contract terms, definitions and a framework's call-off documents: read for risks, not
    # answered, so skimmed
    "skim_pages_per_hour": 40,
    "day_rate": 350,
    "hours_per_day": 7.5,
}


def estimate_effort(
    analysis: Analysis,
    overrides: dict[str, Any] | None = None,
    lots: list[str] | None = None,
) -> dict[str, Any]:
    """Hours to bid. ``lots``: the lots a bidder bids for; what the pack asks only for other
    lots (Lot 1's ISO certificates, for a Lot 3 bidder) is left out."""
    p = {**DEFAULTS, **(overrides or {})}
    breakdown: list[dict[str, Any]] = []
    assumptions: list[str] = []

    def add(item: str, quantity: float, hours: float, basis: str) -> None:
        if hours > 0:
            breakdown.append(
                {"item": item, "quantity": quantity, "hours": round(hours, 1), "basis": basis}
            )

    questions = scored_written_questions(analysis.value("questions", []) or [])
    words = 0
    unlimited = 0
    for q in questions:
        if q.get("word_limit"):
            words += int(q["word_limit"])
        elif q.get("page_limit"):
            words += int(float(q["page_limit"]) * 500)
        else:
            unlimited += 1
    if not questions and analysis.value("total_word_limit"):
        words = int(analysis.value("total_word_limit"))
    if unlimited:
        words += unlimited * int(p["words_per_unlimited_question"])
        assumptions.append(
            f"{unlimited} scored question(s) with no word or page limit counted "
            f"as {int(p['words_per_unlimited_question'])} words each"
        )
    if words:
        writing = words / p["words_per_hour"] * (1 + p["research_review_factor"])
        add(
            "written answers",
            words,
            writing,
            f"{words:,} words at {p['words_per_hour']:g} words/hour, "
            f"+{p['research_review_factor']:.0%} research and review",
        )
    if not words:
        assumptions.append(
            "No scored written questions were found in the pack, so no writing time is "
            "included: this estimate is a lower bound."
        )
    attachments = analysis.value("attachments_demanded", []) or []
    if lots:
        mine = set(lots)
        attachments = [
            a
            for a in attachments
            if not (isinstance(a, dict) and a.get("lots")) or mine & set(a["lots"])
        ]
    add(
        "attachments",
        len(attachments),
        len(attachments) * p["hours_per_attachment"],
        f"{p['hours_per_attachment']:g} hours each (policy, certificate, CV, case study)"
        + (" for your lots" if lots else ""),
    )
    presentations = analysis.value("presentations", []) or []
    add(
        "presentations, interviews, demonstrations",
        len(presentations),
        len(presentations) * p["hours_per_presentation"],
        f"{p['hours_per_presentation']:g} hours each",
    )
    site = analysis.value("site_visit")
    if isinstance(site, dict) and site.get("mandatory"):
        add(
            "mandatory site visit",
            1,
            p["hours_per_site_visit"],
            f"{p['hours_per_site_visit']:g} hours",
        )
    if analysis.value("selection_questionnaire"):
        add(
            "selection questionnaire",
            1,
            p["hours_selection_questionnaire"],
            f"{p['hours_selection_questionnaire']:g} hours",
        )
    rows = analysis.value("pricing_schedule_items")
    if rows:
        share = min(1.0, float(rows) / p["pricing_rows_for_max"])
        hours = p["pricing_hours_min"] + share * (p["pricing_hours_max"] - p["pricing_hours_min"])
        add(
            "pricing schedule",
            rows,
            hours,
            f"{p['pricing_hours_min']:g}–{p['pricing_hours_max']:g} hours by size",
        )
    read, skim = _pages_to_read(analysis)
    add(
        "reading the pack",
        read,
        read / p["pages_per_hour"],
        f"{p['pages_per_hour']:g} pages/hour",
    )
    add(
        "skimming contract terms and call-off documents",
        skim,
        skim / p["skim_pages_per_hour"],
        f"{p['skim_pages_per_hour']:g} pages/hour (read for risks, nothing to answer)",
    )
    hours = sum(item["hours"] for item in breakdown)
    cost = hours / p["hours_per_day"] * p["day_rate"]
    return {
        "hours": round(hours, 1),
        "days": round(hours / p["hours_per_day"], 1),
        "cost": round(cost),
        "day_rate": p["day_rate"],
        "breakdown": breakdown,
        "assumptions": assumptions,
        "complete": bool(words),  # False: a lower bound, the writing could not be estimated
        "parameters": p,
        "note": "No published hours-per-question figure exists: this is a documented, "
        "configurable model, not a measurement.",
    }


def _pages_to_read(analysis: Analysis) -> tuple[int, int]:
    """Pages to read closely, and pages to skim: documents that are contract terms or
    definitions as a whole, and a framework's or DPS's call-off documents (clause model)."""
    skimmed: set[int] = set()
    seen: set[int] = set()
    for s in analysis.sentences:
        if s.doc_index in seen or s.clause is None:
            continue
        seen.add(s.doc_index)
        if s.clause.later_call_off or s.clause.document_part in ("terms", "definitions"):
            skimmed.add(s.doc_index)
    docs = analysis.pack.documents
    skim = sum(d.pages for i, d in enumerate(docs) if i in skimmed)
    return analysis.pack.pages - skim, skim
