"""Named checks for the SPEC rules about the specification's place, wording and questions:
SPEC-01 (position), SPEC-03 (vague wording), SPEC-08 (scored questions); SPEC-09 runs on the
spec_overlap kind (:mod:`tendercheck.engine.kinds_pack`).

SPEC-04/05/06 (plain language, acronyms) are in :mod:`.spec_language`.
"""

from __future__ import annotations

from typing import Any

from tendercheck.engine.checks import named_check
from tendercheck.engine.context import CheckContext
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.evidence import item_evidence
from tendercheck.engine.named_checks.fact_reading import number
from tendercheck.engine.named_checks.pack_parts import questions, spec_sentences
from tendercheck.engine.named_checks.patterns import compile_any
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.model import Analysis, Evidence

# --- SPEC-01 ----------------------------------------------------------------------------------


@named_check("spec_position")
def spec_position(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SPEC-01: the specification starts late in its document, the pack, or behind many clauses.

    Python because it is particular to this rule: three positions of one located heading
    (page, share of the pack's pages, clauses before it) each with its own wording, a page
    tier that raises the severity, and a specification issued as its own document exempt from
    the share test, which also needs the pack's page count (not a fact)."""
    fact = ctx.fact("spec_start")
    if fact is None:
        return Outcome("not-assessed", detail="no specification was found (see SPEC-02)")
    value = fact.value if isinstance(fact.value, dict) else {}
    page = value.get("page")
    fraction = value.get("fraction")
    clauses = value.get("clauses_before")
    own_document = page is not None and page <= 1 and len(ctx.analysis.pack.documents) > 1
    reasons: list[str] = []
    severity = None
    if page is not None and page > options["page_error"]:
        reasons.append(f"it starts on page {page}")
        severity = "error"
    elif page is not None and page > options["page_warning"]:
        reasons.append(f"it starts on page {page}")
    pack_pages = ctx.analysis.pack.pages or 0
    if (
        fraction is not None
        and not own_document
        and fraction > options["fraction"]
        and pack_pages > options["fraction_min_pages"]
    ):
        reasons.append(f"{fraction:.0%} of the pack's pages come before it")
    if clauses is not None and clauses > options["clauses"]:
        reasons.append(f"{clauses} clauses of terms and conditions come before it")
    if not reasons:
        if page is None and fraction is None and clauses is None:
            return Outcome("not-assessed", detail="the specification's position is not known")
        return Outcome("pass", args={"heading": _named_spec(value.get("heading"))})
    return Outcome(
        "fail",
        ctx.evidence(),
        severity=severity,
        args={
            "heading": _named_spec(value.get("heading")),
            "reasons": "; ".join(reasons),
        },
    )


# --- SPEC-03 ----------------------------------------------------------------------------------


@named_check("vague_wording")
def vague_wording(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SPEC-03: vague phrases denser than a threshold in the spec, or any placeholder anywhere.

    Density is measured over the specification; when none was found, over the whole pack.

    Python because it is particular to this rule: it is two tests reported as one finding
    (every vague phrase counted, not every sentence, over the specification's section or the
    pack; and every placeholder anywhere, merging the analysis's placeholders with the rule's
    own patterns in the clauses that read placeholders, without counting a span twice).
    """
    vague = compile_any(options["patterns"])
    holders = (
        compile_any(options["placeholder_patterns"]) if options["placeholder_patterns"] else None
    )
    spec = spec_sentences(ctx.analysis)
    scope_words = "the specification"
    sentences = spec
    if not sentences:
        sentences = ctx.analysis.sentences
        scope_words = "the pack (no specification was found)"
    hits: list[Evidence] = []
    phrases: list[str] = []
    for sentence in sentences:
        found = [m.group(0).lower() for m in vague.finditer(sentence.text)]
        if found:  # every phrase counts: "any other duties as required ... from time to time" is 3
            hits.append(sentence.evidence())
            phrases.extend(found)
    words = sum(len(s.text.split()) for s in sentences)
    density = len(phrases) * 1000 / words if words else 0.0
    vague_fail = len(phrases) >= options["min_count"] and density > options["per_1000_words"]

    placeholders: list[Evidence] = list(ctx.analysis.placeholders)
    seen = {(e.doc_index, e.block, e.quote.lower()) for e in placeholders}
    # the spans already found, by block: a new match is checked against its own block's only
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for p in placeholders:
        spans.setdefault((p.doc_index, p.block), []).append((p.start, p.end))
    if holders is not None:
        for sentence in ctx.analysis.sentences:
            if not reads("placeholders", sentence.clause):
                continue  # a form's fields, a call-off template, guidance's own examples
            for match in holders.finditer(sentence.text):
                ev = sentence.evidence(match.group(0), match.start())
                key = (ev.doc_index, ev.block, ev.quote.lower())
                block_spans = spans.setdefault((ev.doc_index, ev.block), [])
                if key not in seen and not any(a <= ev.start < b for a, b in block_spans):
                    seen.add(key)
                    placeholders.append(ev)
                    block_spans.append((ev.start, ev.end))
    if not words and not placeholders:
        return Outcome("not-assessed", detail="no text to read")
    args = {
        "count": len(phrases),
        "density": density,
        "scope": scope_words,
        "phrases": ", ".join(dict.fromkeys(phrases[:20])) or "none",
        "placeholders": len(placeholders),
        "placeholder_quotes": ", ".join(dict.fromkeys(e.quote for e in placeholders[:6])) or "none",
    }
    parts = []
    if placeholders:
        parts.append(
            f"{len(placeholders)} unfilled placeholder{'s' if len(placeholders) != 1 else ''} "
            f"({args['placeholder_quotes']})"
        )
    if vague_fail:
        parts.append(
            f"{len(phrases)} vague phrase{'s' if len(phrases) != 1 else ''} in {scope_words} "
            f"({density:.1f} per 1,000 words, above {options['per_1000_words']:g}: "
            f"{args['phrases']})"
        )
    args["findings"] = "; ".join(parts)
    if not parts:
        return Outcome("pass", args=args)
    limit = options["max_evidence"]
    evidence = placeholders[:limit] + (
        hits[: max(0, limit - len(placeholders))] if vague_fail else []
    )
    return Outcome("fail", evidence, args=args)


# --- SPEC-08 ----------------------------------------------------------------------------------


def _question_label(q: dict, width: int = 40) -> str:
    if q.get("id"):
        return str(q["id"])
    text = " ".join(str(q.get("text") or "").split())
    return f"“{text[:width]}…”" if len(text) > width else f"“{text}”"


def _partly_weighted(unweighted: list[dict], scored: list[dict]) -> str:
    labels = ", ".join(_question_label(q) for q in unweighted[:6])
    return f"{len(unweighted)} of {len(scored)} scored questions carry no weighting ({labels})"


def _unweighted_fail(analysis: Analysis, unweighted: list[dict], problem: str) -> Outcome:
    """A fail pointing at the scored questions that carry no weighting."""
    return Outcome(
        "fail",
        item_evidence(
            analysis,
            analysis.facts.get("questions"),
            [str(q.get("text") or "") for q in unweighted],
        ),
        args={"problem": problem},
    )


@named_check("award_criteria_weighted")
def award_criteria_weighted(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SPEC-08: award criteria or scored questions with no weighting, ranking or scoring method.

    A weighting left as a placeholder ("[insert figure %]") counts as not stated.

    Python because it is particular to this rule: award weightings, a ranking, per-question
    weightings and a scoring method each can satisfy PA23 s.23(3), partly weighted questions
    are a finding of their own, and one question under a weighted quality criterion carries
    that weight.
    """
    analysis = ctx.analysis
    method = analysis.value("award_method")
    weightings = analysis.facts.get("weightings")
    kind = analysis.value("weightings_kind")
    items = questions(analysis)
    scored = [q for q in items or [] if q.get("scored") is not False and q.get("topic") != "price"]
    scoring = compile_any(options["scoring_method_patterns"])
    scoring_hit = next((s for s in analysis.sentences if scoring.search(s.text)), None)

    if weightings is not None and weightings.placeholder:
        return Outcome(
            "fail",
            list(weightings.evidence[:5]),
            args={
                "problem": "the award weightings are left as a placeholder "
                f"({weightings.evidence[0].quote if weightings.evidence else 'unfilled'})"
            },
        )
    stated = (
        weightings is not None
        and isinstance(weightings.value, dict)
        and any(number(v) is not None for v in weightings.value.values())
    )
    ranked = kind == "rank"
    if stated or ranked:
        unweighted = [q for q in scored if number(q.get("weighting")) is None]
        quality = number(weightings.value.get("quality")) if stated else None
        if len(scored) == 1 and unweighted and quality:
            # One quality question under a weighted quality criterion carries that weight.
            return Outcome("pass")
        if scored and len(unweighted) == len(scored) and scoring_hit is None:
            return _unweighted_fail(
                analysis,
                unweighted,
                f"none of the {len(scored)} scored questions carries a weighting "
                "or a scoring method",
            )
        if unweighted and len(unweighted) < len(scored):
            return _unweighted_fail(analysis, unweighted, _partly_weighted(unweighted, scored))
        return Outcome("pass")
    if method == "price_only":
        return Outcome("pass", detail="award on price alone")
    if options.get("placeholder_patterns"):
        holder = compile_any(options["placeholder_patterns"])
        for sentence in analysis.sentences:
            if not reads("placeholders", sentence.clause):
                continue
            match = holder.search(sentence.text)
            if match:
                return Outcome(
                    "fail",
                    [sentence.evidence(match.group(0), match.start())],
                    args={
                        "problem": "the award weightings are left as a placeholder "
                        f"({match.group(0)})"
                    },
                )
    if scored:
        weighted = [q for q in scored if number(q.get("weighting")) is not None]
        if len(weighted) == len(scored):
            return Outcome("pass")
        unweighted = [q for q in scored if number(q.get("weighting")) is None]
        if weighted:
            problem = _partly_weighted(unweighted, scored)
        elif scoring_hit is not None:
            problem = (
                f"the {len(scored)} scored questions have a scoring scale but no weighting "
                "of the award criteria is stated"
            )
        else:
            problem = f"no weighting, ranking or scoring method is stated for the {len(scored)} scored questions"
        return _unweighted_fail(analysis, unweighted, problem)
    ctx.missing.append("weightings")
    return Outcome("not-assessed", detail="no award criteria or scored questions were found")


def _named_spec(heading: str | None) -> str:
    """'The specification ("4 SPECIFICATION")': its heading quoted, not made the sentence's
    subject ("4 SPECIFICATION is hard to find")."""
    heading = (heading or "").strip()
    if not heading or heading.lower() in ("specification", "the specification"):
        return "The specification"
    return f"The specification (“{heading}”)"
