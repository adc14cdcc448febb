"""The bid-effort model (RULES.md, EFFORT): hours to write a bid from what the pack asks for.

No published hours-per-question figure exists; the rates are data (tendercheck/data/effort.yaml),
every one configurable under [effort] in the config, and the breakdown, with the rate behind
each line, is part of the result.
"""

from __future__ import annotations

from typing import Any

from tendercheck.engine.named_checks.pack_parts import scored_written_questions
from tendercheck.nlp.model import Analysis


def _model() -> dict[str, Any]:
    from tendercheck.data import data_yaml

    return data_yaml("effort.yaml")


_MODEL = _model()
# The rates (tendercheck/data/effort.yaml), each configurable under [effort]
DEFAULTS: dict[str, float] = {
    k: v for k, v in _MODEL.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
}
METHOD_STATEMENT = tuple(p.lower() for p in _MODEL.get("method_statement_phrases", ()))


def estimate_effort(
    analysis: Analysis,
    overrides: dict[str, Any] | None = None,
    lots: list[str] | None = None,
    lots_unknown: bool = False,
) -> dict[str, Any]:
    """Hours to bid. ``lots``: the lots a bidder bids for; what the pack asks only for other
    lots (Lot 1's ISO certificates, for a Lot 3 bidder) is left out. ``lots_unknown``: a bidder
    who has not said which lots it bids for: only what every lot asks is counted, and the
    estimate is a lower bound when some questions are for particular lots."""
    p = {**DEFAULTS, **(overrides or {})}
    breakdown: list[dict[str, Any]] = []
    assumptions: list[str] = []

    def add(item: str, quantity: float, hours: float, basis: str) -> None:
        if hours > 0:
            breakdown.append(
                {"item": item, "quantity": quantity, "hours": round(hours, 1), "basis": basis}
            )

    questions = analysis.value("questions", []) or []
    for_some_lots = 0
    if lots_unknown:
        common = _for_lots(questions, ["\0"])  # only those for every lot
        for_some_lots = len(questions) - len(common)
        questions = common
    else:
        questions = _for_lots(questions, lots)
    if for_some_lots:
        assumptions.append(
            f"{for_some_lots} question(s) for particular lots are not counted: say which lots "
            "you bid for ('lots' in your profile) to count yours, so this estimate is a lower "
            "bound."
        )
    written, choice = _written_and_choice(questions)
    words = 0
    unlimited = heavy_words = 0
    methods = 0
    for q in written:
        if q.get("word_limit"):
            n = int(q["word_limit"])
        elif q.get("page_limit"):
            n = int(float(q["page_limit"]) * p["words_per_page"])
        else:
            unlimited += 1
            n = int(p["words_per_unlimited_question"])
        words += n
        if _weight(q) >= p["heavy_question_weight"]:
            heavy_words += n
        if _method_statement(q.get("text")):
            methods += 1
    if not written and analysis.value("total_word_limit"):
        words = int(analysis.value("total_word_limit"))
    if unlimited:
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
    add(
        "planning each written question",
        len(written),
        len(written) * p["hours_per_question"],
        f"{p['hours_per_question']:g} hour(s) a question: read it and how it is marked, plan",
    )
    if heavy_words:
        add(
            "another review of the heavily weighted answers",
            heavy_words,
            heavy_words / p["words_per_hour"] * p["heavy_question_review_factor"],
            f"{heavy_words:,} words in questions worth {p['heavy_question_weight']:g}% of the "
            f"marks or more, +{p['heavy_question_review_factor']:.0%} of their writing time",
        )
    attachments = analysis.value("attachments_demanded", []) or []
    if lots or lots_unknown:
        mine = set(lots or ())
        attachments = [
            a
            for a in attachments
            if not (isinstance(a, dict) and a.get("lots")) or mine & set(a["lots"])
        ]
    methods += sum(
        1 for a in attachments if _method_statement(a.get("item") if isinstance(a, dict) else a)
    )
    add(
        "method statements and plans",
        methods,
        methods * p["hours_per_method_statement"],
        f"{p['hours_per_method_statement']:g} hours each, beyond any words counted above",
    )
    add(
        "yes/no, tick-box and upload questions",
        len(choice),
        len(choice) * p["hours_per_choice_question"],
        f"{p['hours_per_choice_question']:g} hours each",
    )
    if not words:
        assumptions.append(
            "No written questions were found in the pack, so no writing time is "
            "included: this estimate is a lower bound."
        )
    notice = analysis.facts.get("notice_only")
    notice_only = notice is not None and notice.value is True
    if notice_only:
        assumptions.append(
            f"{notice.note[0].upper()}{notice.note[1:]}: the work they ask for is not counted, "
            "so this estimate is a lower bound."
        )
    unread = [sk.name for sk in analysis.pack.skipped]
    if unread:
        assumptions.append(
            f"{len(unread)} file(s) of the pack could not be read ({', '.join(unread[:3])}"
            + (", …" if len(unread) > 3 else "")
            + "): any work they ask for is not counted, so this estimate is a lower bound."
        )
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
        # False: a lower bound (no writing could be estimated, or files were not read)
        "complete": bool(words) and not unread and not for_some_lots and not notice_only,
        "parameters": p,
        "note": "No published hours-per-question figure exists: this is a documented, "
        "configurable model, not a measurement.",
    }


def for_some_lots(analysis: Analysis) -> int:
    """How many of the pack's questions are for particular lots, not every lot."""
    questions = analysis.value("questions", []) or []
    return len(questions) - len(_for_lots(questions, ["\0"]))


def _for_lots(questions: list, lots: list[str] | None) -> list:
    """The questions a bidder for ``lots`` answers: those for every lot and for its own."""
    if not lots:
        return list(questions)
    mine = set(lots)
    out = []
    for q in questions:
        lot = q.get("lot") if isinstance(q, dict) else None
        if not lot or str(lot).lower() == "all" or mine & set(str(lot).split("/")):
            out.append(q)
    return out


def _written_and_choice(questions: list) -> tuple[list[dict], list[dict]]:
    """Questions answered in words (scored ones, and pass/fail ones with a word or page limit),
    and the rest (yes/no, tick-box, upload, pass/fail with no limit); price questions are the
    pricing schedule's."""
    scored = {id(q) for q in scored_written_questions(questions)}
    written, choice = [], []
    for q in questions:
        if not isinstance(q, dict) or q.get("topic") == "price":
            continue
        limited = q.get("word_limit") or q.get("page_limit")
        if id(q) in scored or (limited and q.get("answer", "written") == "written"):
            written.append(q)
        else:
            choice.append(q)
    return written, choice


def _weight(question: dict) -> float:
    try:
        return float(question.get("weighting") or 0)
    except (TypeError, ValueError):
        return 0.0


def _method_statement(text: Any) -> bool:
    low = str(text or "").lower()
    return any(phrase in low for phrase in METHOD_STATEMENT)


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
