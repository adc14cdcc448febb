"""Named checks for the SOCIAL rules particular to one rule."""

from __future__ import annotations

from typing import Any

from tendercheck.engine.checks import named_check
from tendercheck.engine.context import CheckContext
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.evidence import item_evidence
from tendercheck.engine.named_checks.pack_parts import questions, spec_sentences
from tendercheck.engine.named_checks.patterns import compile_any, first_match
from tendercheck.engine.named_checks.text import WORD, overlap, sentence_terms, text_terms
from tendercheck.nlp.model import Evidence

# --- SOCIAL-04 --------------------------------------------------------------------------------


@named_check("social_value_proportion")
def social_value_proportion(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SOCIAL-04: TOMs, apprenticeship quotas or many social value questions on a small contract.

    Python because it is particular to this rule: judged only under a contract value (with its
    own not-applicable wording), passed outright when the pack asks for no social value at all
    (read from the text, not a fact), and the question count falls back to counting the
    questionnaire's social value questions when no count was stated."""
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
    """SOCIAL-05: the social value asks share (almost) no content words with the specification.

    Python because it is particular to this rule: the asks are pooled from two facts (the asks
    and the social value questions), the specification's own social value sentences are left
    out of the comparison, and the measure is a stemmed lexical overlap (see SPEC-09 for the
    per-question form)."""
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
