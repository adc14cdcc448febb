"""Named checks for the SOCIAL rules particular to one rule."""

from __future__ import annotations

from typing import Any

from tendercheck.engine.checks import named_check
from tendercheck.engine.context import CheckContext
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.pack_parts import questions
from tendercheck.engine.named_checks.patterns import compile_any, first_match
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
