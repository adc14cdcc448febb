"""Evaluation facts: questions, word and page limits, weightings, award method, bid-stage asks
and social value.

Facts (names are the contract with the rule packs):

- ``questions``: list of {"id", "text", "word_limit", "page_limit", "weighting", "scored",
  "topic", "lot"}; ``weighting`` is percent of the total score, ``topic`` one of quality /
  social_value / price / other.
- ``question_count``: scored questions that are not the price (emitted only when there is one).
- ``total_word_limit``: sum of the word limits of scored written answers (None when none stated).
- ``weightings``: {"price", "quality", "social_value"} in percent of the total; when lots differ,
  only the keys every lot agrees on, with ``weightings_by_lot`` {lot key: {...}}.
- ``weightings_kind``: "percent" | "points" | "rank".
- ``award_method``: "price_only" | "quality_price" | "most_advantageous".
- ``presentations``: list of {"kind": presentation|interview|demonstration, "mandatory"}.
- ``site_visit``: {"mandatory": bool}.
- ``attachments_demanded``: list of {"item", "quote"}; ``attachment_count``: int.
- ``evidence_at_bid_stage``: list of quotes ("must provide a copy ... with your tender").
- ``pricing_schedule_items``: rows of a pricing schedule table.
- ``social_value_asks`` (quotes), ``social_value_question_count``, ``social_value_measures``,
  ``social_value_toms``, ``apprenticeship_quota`` (bools, emitted when social value is asked),
  ``vcse_supply_chain_invited`` (bool; False when nothing invites it).

Figures the document only quotes (guidance, worked examples, placeholders) are not taken.
This module combines the readers in questions, weightings, bid_demands and social_value.
"""

from __future__ import annotations

from collections.abc import Iterable

from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.extractors.bid_demands import (
    attachment_facts,
    presentation_facts,
    pricing_schedule_facts,
)
from tendercheck.nlp.extractors.evaluation_patterns import page_limit, word_limit
from tendercheck.nlp.extractors.questions import question_topic, read_questions
from tendercheck.nlp.extractors.social_value import social_value_facts
from tendercheck.nlp.extractors.weightings import award_method_facts, weighting_facts
from tendercheck.nlp.model import Fact

__all__ = ["evaluation_facts", "page_limit", "word_limit"]


def _public(q: dict) -> dict:
    return {k: v for k, v in q.items() if not k.startswith("_")}


@extractor
def evaluation_facts(ctx: Context) -> Iterable[Fact]:
    questions = read_questions(ctx)
    weighting_found = list(weighting_facts(ctx, questions))
    weightings: dict | None = None
    for fact in weighting_found:
        if fact.name in ("weightings", "weightings_by_lot") and not fact.placeholder and fact.value:
            weightings = fact.value if fact.name == "weightings" else (weightings or {"_": 1})
    # Questions whose scoring the text leaves open are scored when the pack weights its award
    # criteria (a quality questionnaire behind a weighted evaluation), otherwise not.
    # A question in a selection questionnaire (or a form's field) is pass/fail or for
    # information: only questions in the evaluation part can be scored by default.
    for q in questions:
        clause = getattr(q.get("_evidence"), "clause", None)
        unscored_part = clause is not None and clause.part in ("selection", "form")
        if unscored_part and q.get("weighting") is None:
            q["scored"] = False  # a selection question or a form's field, with no weight of its own
        if q["scored"] is None:
            q["scored"] = bool(weightings)
            q["topic"] = (
                question_topic(q["text"], scored=q["scored"])
                if q["topic"] == "other"
                else q["topic"]
            )
    if questions:
        # De-duplicate (the same question repeated per lot table).
        seen: dict[tuple, dict] = {}
        for q in questions:
            key = (q["id"], q["text"].lower()[:120], q["lot"] if q["id"] is None else None)
            if key not in seen:
                seen[key] = q
        unique = list(seen.values())
        evidence = [q["_evidence"] for q in unique if q.get("_evidence") is not None]
        yield Fact(
            "questions", [_public(q) for q in unique], evidence=evidence[:20], confidence=0.7
        )
        scored = [q for q in unique if q["scored"] and q["topic"] != "price"]
        if scored:
            yield Fact(
                "question_count",
                len({(q["id"], q["text"].lower()[:120]) for q in scored}),
                evidence=[q["_evidence"] for q in scored if q.get("_evidence")][:20],
                confidence=0.7,
            )
            limits = [q for q in scored if q["word_limit"]]
            if limits:
                yield Fact(
                    "total_word_limit",
                    sum(q["word_limit"] for q in limits),
                    evidence=[q["_evidence"] for q in limits if q.get("_evidence")][:20],
                    confidence=0.7,
                    note=f"{len(limits)} of {len(scored)} scored questions state a word limit",
                )
    yield from weighting_found
    if weightings and "_" in weightings:
        weightings = None
    yield from award_method_facts(ctx, weightings)
    yield from presentation_facts(ctx)
    yield from attachment_facts(ctx)
    yield from pricing_schedule_facts(ctx)
    yield from social_value_facts(ctx, questions)
