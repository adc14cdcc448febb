"""Named checks for the SOCIAL rules, and ``signal``: a fact or phrase that should be present."""

from __future__ import annotations

from typing import Any

from tendercheck.engine.checks import named_check
from tendercheck.engine.context import CheckContext
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.evidence import item_evidence, sentence_quote
from tendercheck.engine.named_checks.fact_reading import number
from tendercheck.engine.named_checks.pack_parts import questions, spec_sentences
from tendercheck.engine.named_checks.patterns import compile_any, first_match
from tendercheck.engine.named_checks.text import WORD, overlap, sentence_terms, text_terms
from tendercheck.nlp.model import Evidence

# --- signal: something good that should be there (MARKET-01, MARKET-08, SOCIAL-06) ------------


@named_check("signal")
def signal(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """Passes when a fact says so or the text shows it; fails (absence is the finding) otherwise.

    Options: ``facts_true`` (pass when truthy), ``facts_stated`` (pass when given at all, even
    false: "not suitable for SMEs" is still stated), ``patterns`` (text that shows it),
    ``require`` (a matching sentence must also match one of these), ``negations`` (a matching
    sentence that denies it does not count), ``reasons`` (a denial with a reason passes).
    """
    analysis = ctx.analysis
    for name in options["facts_stated"]:
        fact = analysis.facts.get(name)
        if fact is not None and not fact.placeholder and fact.value is not None:
            said = "yes" if fact.value is True else "no" if fact.value is False else str(fact.value)
            quote = (
                sentence_quote(analysis, fact.evidence[0])
                if fact.evidence
                else f"{name.replace('_', ' ')}: {said}"
            )
            return Outcome("pass", args={"quote": quote.rstrip(".")})
    for name in options["facts_true"]:
        fact = analysis.facts.get(name)
        if fact is not None and not fact.placeholder and fact.value:
            quote = (
                sentence_quote(analysis, fact.evidence[0])
                if fact.evidence
                else (fact.value.get("quote") if isinstance(fact.value, dict) else None)
                or f"{name} (supplied)"
            )
            return Outcome("pass", args={"quote": str(quote).rstrip(".")})
    pattern = compile_any(options["patterns"])
    required = compile_any(options["require"]) if options.get("require") else None
    negation = compile_any(options["negations"]) if options.get("negations") else None
    reason = compile_any(options["reasons"]) if options.get("reasons") else None
    denials: list[Evidence] = []
    for sentence in analysis.sentences:
        match = pattern.search(sentence.text)
        if match is None or (required is not None and not required.search(sentence.text)):
            continue
        if negation is not None and negation.search(sentence.text):
            if reason is not None and reason.search(sentence.text):
                return Outcome("pass", args={"quote": sentence.evidence().quote.rstrip(".")})
            denials.append(sentence.evidence())
            continue
        return Outcome("pass", args={"quote": sentence.evidence().quote.rstrip(".")})
    if not analysis.sentences:
        return Outcome("not-assessed", detail="no text to read")
    return Outcome("fail", denials[:5])


# --- SOCIAL-02 --------------------------------------------------------------------------------


def _ppn_applies(analysis, options: dict[str, Any]) -> bool:
    """PPN 06/20 (now PPN 002) binds central government's above-threshold procurements issued
    from its start date; before it, or below threshold, 10% is a benchmark."""
    import datetime as dt

    issued = analysis.value("issue_date")
    if isinstance(issued, dt.datetime):
        issued = issued.date()
    start = dt.date.fromisoformat(str(options["mandatory_from"]))
    if isinstance(issued, dt.date) and issued < start:
        return False
    return analysis.value("above_threshold") is not False


@named_check("social_value_weighting")
def social_value_weighting(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SOCIAL-02: social value weighted below the floor (overall, per lot, or by its questions).

    Severity: warning for central government (PPN 002 is mandatory there), info for others and
    when the authority type is not known (a benchmark, not a duty).
    """
    analysis = ctx.analysis
    floor = options["min_percent"]
    mandatory = analysis.value("authority_type") == "central" and _ppn_applies(analysis, options)
    severity = options["severity_central"] if mandatory else options["severity_other"]
    basis = "mandatory minimum for central government" if mandatory else "PPN 002 benchmark"
    weights = analysis.facts.get("weightings")
    if analysis.value("weightings_kind") == "rank":
        return Outcome("not-assessed", detail="the award criteria are ranked, not weighted")
    items = questions(analysis) or []
    sv_questions = [
        q for q in items if q.get("topic") == "social_value" and q.get("scored") is not False
    ]
    from_questions = sum(number(q.get("weighting")) or 0.0 for q in sv_questions)
    known = weights is not None and not weights.placeholder and isinstance(weights.value, dict)
    if not known and not from_questions:
        ctx.missing.append("weightings")
        return Outcome("not-assessed", detail="the weighting is a placeholder" if weights else "")
    overall: float | None = None
    evidence: list[Evidence] = []
    if known:
        ctx.used.append(weights)
        values = weights.value
        overall = number(values.get("social_value"))
        if overall is None and any(number(values.get(k)) is not None for k in ("price", "quality")):
            overall = 0.0  # price and quality weighted, social value not among them
        evidence = list(weights.evidence[:4])
    if from_questions and (overall is None or from_questions > overall):
        overall = from_questions
        evidence = (
            item_evidence(
                analysis,
                analysis.facts.get("questions"),
                [str(q.get("text") or "") for q in sv_questions],
                limit=4,
            )
            or evidence
        )
    low: list[str] = []
    if overall is not None and overall < floor:
        low.append(f"social value is weighted at {overall:g}% of the total")
    by_lot = analysis.value("weightings_by_lot")
    if isinstance(by_lot, dict):
        for lot, values in by_lot.items():
            if not isinstance(values, dict):
                continue
            sv = number(values.get("social_value"))
            if sv is None and any(number(values.get(k)) is not None for k in ("price", "quality")):
                sv = 0.0
            if sv is not None and sv < floor and sv != overall:
                low.append(f"{lot}: {sv:g}%")
    if overall is None and not low:
        return Outcome("not-assessed", detail="no social value weighting is stated")
    args = {"weight": overall, "floor": floor, "basis": basis}
    if not low:
        return Outcome("pass", args=args)
    args["problem"] = "; ".join(low)
    return Outcome("fail", evidence, severity=severity, args=args)


# --- SOCIAL-04 --------------------------------------------------------------------------------


@named_check("social_value_proportion")
def social_value_proportion(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SOCIAL-04: TOMs, apprenticeship quotas or many social value questions on a small contract."""
    analysis = ctx.analysis
    value = ctx.value("contract_value_total")
    if value is None:
        return Outcome("not-assessed")
    if value >= options["max_value"]:
        return Outcome(
            "not-applicable", detail=f"the contract is worth £{options['max_value']:,.0f} or more"
        )
    asks = analysis.facts.get("social_value_asks")
    mentions = first_match(analysis, compile_any(options["social_value_patterns"]))
    if (asks is None or not asks.value) and mentions is None and analysis.sentences:
        return Outcome("pass", args={"problem": "no social value is asked for"})
    reasons: list[str] = []
    unknown: list[str] = []
    evidence: list[Evidence] = []
    for name, words in (
        ("social_value_toms", "a monetised TOMs (Themes, Outcomes and Measures) calculation"),
        ("apprenticeship_quota", "an apprenticeship quota"),
    ):
        fact = analysis.facts.get(name)
        if fact is None or fact.value is None or fact.placeholder:
            unknown.append(name)
        elif fact.value:
            reasons.append(words)
            evidence += fact.evidence[:2]
    count = analysis.value("social_value_question_count")
    if count is None and questions(analysis) is not None:
        count = sum(
            1
            for q in questions(analysis)
            if q.get("topic") == "social_value" and q.get("scored") is not False
        )
    if count is None:
        unknown.append("social_value_question_count")
    elif count > options["max_questions"]:
        reasons.append(f"{count} social value questions (more than {options['max_questions']})")
        fact = analysis.facts.get("social_value_question_count")
        evidence += fact.evidence[:3] if fact else []
    args = {"value": value, "problem": "; ".join(reasons)}
    if reasons:
        return Outcome("fail", evidence or ([mentions] if mentions else []), args=args)
    if unknown:
        ctx.missing.extend(unknown)
        return Outcome("not-assessed")
    return Outcome("pass", args=args)


# --- SOCIAL-05 --------------------------------------------------------------------------------


@named_check("social_value_relevance")
def social_value_relevance(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SOCIAL-05: the social value asks share (almost) no content words with the specification."""
    analysis = ctx.analysis
    sv_pattern = compile_any(options["social_value_patterns"])
    asks_fact = analysis.facts.get("social_value_asks")
    asks = [
        str(a)
        for a in (
            asks_fact.value if asks_fact is not None and isinstance(asks_fact.value, list) else []
        )
    ]
    asks += [
        str(q.get("text") or "")
        for q in questions(analysis) or []
        if q.get("topic") == "social_value" and q.get("text")
    ]
    asks = [a for a in dict.fromkeys(asks) if a]
    if not asks:
        if first_match(analysis, sv_pattern) is None and analysis.sentences:
            return Outcome("not-applicable", detail="no social value is asked for")
        ctx.missing.append("social_value_asks")
        return Outcome("not-assessed")
    spec = spec_sentences(analysis)
    if not spec:
        ctx.missing.append("spec_start")
        return Outcome("not-assessed")
    generic = options["generic_words"]
    reference = sentence_terms([s for s in spec if not sv_pattern.search(s.text)], generic)
    terms = set().union(*(text_terms(a, generic) for a in asks))
    if not reference or len(terms) < options["min_terms"]:
        return Outcome("not-assessed", detail="too few words to compare")
    share = overlap(terms, reference)
    shared = terms & reference
    words = [w.lower() for a in asks for w in WORD.findall(a)]
    shown = [w for w in dict.fromkeys(words) if text_terms(w, generic) & shared]
    args = {
        "share": share,
        "floor": options["min_overlap"],
        "shared": ", ".join(shown[:8]) or "none",
    }
    if share >= options["min_overlap"]:
        return Outcome("pass", args=args)
    return Outcome("fail", item_evidence(analysis, asks_fact, asks, limit=5), args=args)
