"""Generic check kinds: what most rules are made of, configured by parameters in the packs.

A check reads the shared Analysis through a CheckContext and returns an Outcome (status,
evidence spans, message arguments, missing facts). The engine does the rest: severity, waivers,
messages, scores. Kinds: fact_test, fact_ratio, phrase, readability, conditional, python (a
named check registered with @named_check); signal, weighting, item_share and item_text are in
:mod:`tendercheck.engine.kinds_text`; demand, compare and fact_or_phrase in
:mod:`tendercheck.engine.kinds_demand`; fact_count, conflicting_values and demand_count in
:mod:`tendercheck.engine.kinds_fact`; spec_overlap and item_match in
:mod:`tendercheck.engine.kinds_pack`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tendercheck.engine.context import (
    OPERATORS,
    CheckContext,
    run_test,
    validate_test,
)
from tendercheck.engine.model import Outcome
from tendercheck.engine.options import check_values, declared
from tendercheck.nlp.model import Evidence

__all__ = ["CHECK_KINDS", "NAMED_CHECKS", "CheckContext", "check_kind", "named_check"]

# --- check kinds ------------------------------------------------------------------------------


class CheckKind:
    """A kind of check; its parameters (types, defaults) are declared in
    tendercheck/data/options.yaml, and the loader fills in the defaults."""

    name = ""

    def validate(self, params: dict, trusted: bool = False) -> tuple[str, str] | None:
        problem = check_values(declared(self.name) or {}, params, compile_patterns=not trusted)
        return problem or self.validate_more(params)

    def validate_more(self, params: dict) -> tuple[str, str] | None:
        return None

    def run(self, ctx: CheckContext, params: dict) -> Outcome:  # pragma: no cover - abstract
        raise NotImplementedError


CHECK_KINDS: dict[str, CheckKind] = {}


def check_kind(name: str):
    def register(cls):
        cls.name = name
        CHECK_KINDS[name] = cls()
        return cls

    return register


def _levels_outcome(
    ctx: CheckContext, params: dict, failing: Callable[[dict], bool | None]
) -> Outcome:
    """Shared by checks with severity tiers: the first level that holds sets the severity."""
    levels = params.get("levels")
    if levels:
        unknown = False
        for level in levels:
            verdict = failing(level)
            if verdict:
                return Outcome("fail", ctx.evidence(), severity=level.get("severity"))
            if verdict is None:
                unknown = True
        return Outcome("not-assessed" if unknown else "pass", ctx.evidence())
    verdict = failing(params)
    if verdict is None:
        return Outcome("not-assessed")
    return Outcome("fail" if verdict else "pass", ctx.evidence())


@check_kind("fact_test")
class FactTest(CheckKind):
    """Fails when the test holds: ``fails_when: {fact: payment_terms_days, op: gt, value: 30}``."""

    def validate_more(self, params):
        return validate_test(params["fails_when"], "fails_when")

    def run(self, ctx, params):
        return _levels_outcome(
            ctx, params, lambda level: run_test(ctx, level.get("fails_when", params["fails_when"]))
        )


@check_kind("fact_ratio")
class FactRatio(CheckKind):
    """Fails when numerator / denominator compares true: ``op: gt, value: 2``, or by levels."""

    def validate_more(self, params):
        if "levels" not in params and ("op" not in params or "value" not in params):
            return "op", "give op and value, or levels"
        return None

    def run(self, ctx, params):
        top = ctx.value(params["numerator"])
        bottom = ctx.value(params["denominator"])
        if top is None or bottom is None:
            return Outcome("not-assessed")
        if not bottom:
            return Outcome("not-assessed", detail=f"{params['denominator']} is zero")
        ratio = float(top) / float(bottom)
        outcome = _levels_outcome(
            ctx,
            params,
            lambda level: OPERATORS[level.get("op", params.get("op"))](
                ratio, level.get("value", params.get("value"))
            ),
        )
        outcome.args.update(ratio=ratio, numerator=top, denominator=bottom)
        return outcome


@check_kind("phrase")
class Phrase(CheckKind):
    """Phrases (regular expressions, case-insensitive) present in, or absent from, a scope.

    ``mode: present`` fails when any sentence matches (and no ``unless`` pattern is in the same
    sentence); ``per_1000_words`` sets a density threshold instead. ``mode: absent`` fails when
    nothing matches.
    """

    def run(self, ctx, params):
        pattern = re.compile("|".join(f"(?:{p})" for p in params["patterns"]), re.I)
        unless = params.get("unless")
        unless_re = re.compile("|".join(f"(?:{p})" for p in unless), re.I) if unless else None
        scope = params["scope"]
        sentences = ctx.sentences(scope)
        if scope == "spec" and not sentences:
            ctx.missing.append("spec_start")
            return Outcome("not-assessed")
        hits: list[Evidence] = []
        matched: list[str] = []
        for sentence in sentences:
            match = pattern.search(sentence.text)
            if match is None or (unless_re and unless_re.search(sentence.text)):
                continue
            hits.append(sentence.evidence())
            matched.append(match.group(0))
        words = sum(len(s.text.split()) for s in sentences) or 1
        density = len(hits) * 1000 / words
        args = {
            "count": len(hits),
            "density": density,
            "phrases": ", ".join(dict.fromkeys(m.lower() for m in matched[:8])),
        }
        limit = params["max_evidence"]
        if params["mode"] == "absent":
            return Outcome("pass" if hits else "fail", hits[:limit], args=args)
        if "per_1000_words" in params:
            failed = density > params["per_1000_words"]
        else:
            failed = len(hits) >= params["min_count"]
        return Outcome("fail" if failed else "pass", hits[:limit] if failed else [], args=args)


_SCOPE_WORDS = {
    "spec_and_questions": "the specification and questions",
    "spec": "the specification",
    "questions": "the questions",
    "all": "the pack",
    "not_spec": "the pack outside the specification",
    "headings": "the headings",
}


def _contents(ev: Evidence) -> bool:
    return ev.clause is not None and ev.clause.part == "contents"


def _contents_entry(sentence) -> bool:
    """A contents entry ("7. Lot 1a Specification 20"): no one reads it as prose, so it is
    neither measured nor quoted."""
    return sentence.clause is not None and sentence.clause.part == "contents"


@check_kind("readability")
class Readability(CheckKind):
    """Plain language over a scope: fails when sentences average over ``avg_words_max`` words,
    more than ``long_share_max`` of them run over ``long_words`` words, or the Flesch reading
    ease is under ``flesch_min`` (any of those given). Paragraphs and list items are read;
    ``spec_and_questions`` reads the specification's section and the scored questions'
    sentences together (the text a bidder must understand to answer)."""

    def validate_more(self, params):
        if not any(k in params for k in ("avg_words_max", "long_share_max", "flesch_min")):
            return "avg_words_max", "give avg_words_max, long_share_max or flesch_min"
        return None

    def run(self, ctx, params):
        from tendercheck.engine.named_checks.evidence import quote_evidence
        from tendercheck.engine.named_checks.pack_parts import (
            question_texts,
            questions,
            spec_sentences,
        )
        from tendercheck.engine.named_checks.text import split_sentences
        from tendercheck.engine.readability import measure

        scope = params["scope"]
        located: list[tuple[str, Evidence | None]] = []
        if scope == "spec_and_questions":
            spec = spec_sentences(ctx.analysis)
            for s in spec or []:
                if s.kind in ("paragraph", "list_item") and not _contents_entry(s):
                    located.append((s.text, s.evidence()))
            for question in question_texts(ctx.analysis, scored_only=True) or []:
                located += [(part, None) for part in split_sentences(question)]
            asked = ctx.analysis.facts.get("questions")
            # where the questions were read: a question's words are quoted from there
            sources = {e.doc_index for e in asked.evidence} if asked is not None else set()
            if spec is None and questions(ctx.analysis) is None:
                ctx.missing.extend(["spec_start", "questions"])
                return Outcome(
                    "not-assessed", detail="neither a specification nor questions were found"
                )
        else:
            for s in ctx.sentences(scope):
                if s.kind in ("paragraph", "list_item") and not _contents_entry(s):
                    located.append((s.text, s.evidence()))
            sources = set()
        minimum = params["min_sentences"]
        if len(located) < minimum:
            if scope == "spec" and "spec_start" not in ctx.analysis.facts:
                ctx.missing.append("spec_start")
            return Outcome(
                "not-assessed", detail=f"fewer than {minimum} sentences in {_SCOPE_WORDS[scope]}"
            )
        long_words = params["long_words"]
        metrics = measure([text for text, _ in located], long_words)
        reasons = []
        if "avg_words_max" in params and metrics["avg_sentence_words"] > params["avg_words_max"]:
            reasons.append(
                f"sentences average {metrics['avg_sentence_words']:.1f} words "
                f"(plain English: {params['avg_words_max']} or fewer)"
            )
        if "long_share_max" in params and metrics["long_sentence_share"] > params["long_share_max"]:
            reasons.append(
                f"{metrics['long_sentence_share']:.0%} of sentences run over {long_words} words "
                f"(limit {params['long_share_max']:.0%})"
            )
        if "flesch_min" in params and metrics["flesch"] < params["flesch_min"]:
            reasons.append(
                f"Flesch reading ease is {metrics['flesch']:.0f} "
                f"(below {params['flesch_min']}: graduate-level reading)"
            )
        args = {**metrics, "reasons": "; ".join(reasons), "long_words": long_words}
        if not reasons:
            return Outcome("pass", args=args)
        evidence: list[Evidence] = []
        for text, ev in sorted(located, key=lambda item: -len(item[0].split())):
            ev = ev or quote_evidence(ctx.analysis, text, sources)
            # a contents entry is long but no one reads it as prose: never the evidence
            if ev is not None and ev not in evidence and not _contents(ev):
                evidence.append(ev)
            if len(evidence) == 3:
                break
        return Outcome("fail", evidence, args=args)


@check_kind("conditional")
class Conditional(CheckKind):
    """If ``if`` holds then ``then`` must hold: fails when if is true and then is false."""

    def validate_more(self, params):
        return validate_test(params["if"], "if") or validate_test(params["then"], "then")

    def run(self, ctx, params):
        condition = run_test(ctx, params["if"])
        if condition is None:
            return Outcome("not-assessed")
        if not condition:
            return Outcome("not-applicable", detail="the condition does not hold")
        consequence = run_test(ctx, params["then"])
        if consequence is None:
            return Outcome("not-assessed")
        return Outcome("pass" if consequence else "fail", ctx.evidence())


NAMED_CHECKS: dict[str, Callable[[CheckContext, dict], Outcome]] = {}


def named_check(name: str):
    """Register a Python check for what data can't say: ``check: python, params: {function}``."""

    def register(func):
        NAMED_CHECKS[name] = func
        return func

    return register


@check_kind("python")
class Python(CheckKind):
    """A named check: ``params: {function: NAME, options: {...}}``; the options are declared
    per named check in tendercheck/data/options.yaml."""

    def validate(self, params, trusted=False):
        from tendercheck.engine import named  # noqa: F401  (registers the named checks)
        from tendercheck.schema import suggest

        unknown = set(params) - {"function", "options"}
        if unknown:
            return sorted(unknown)[0], "unknown parameter (a named check takes function, options)"
        if "function" not in params:
            return "function", "missing required parameter"
        name = str(params["function"])
        if name not in NAMED_CHECKS:
            return "function", f"no named check {name!r} ({suggest(name, sorted(NAMED_CHECKS))})"
        options = params.get("options") or {}
        if not isinstance(options, dict):
            return "options", "must be a table of the named check's options"
        decl = declared("python", name)
        if decl is None:
            return "function", f"named check {name!r} declares no options in options.yaml"
        return check_values(decl, options, "options.", compile_patterns=not trusted)

    def run(self, ctx, params):
        return NAMED_CHECKS[params["function"]](ctx, params.get("options") or {})


# The kinds in their own modules register themselves on import.
from tendercheck.engine import (  # noqa: E402,F401
    kinds_demand,
    kinds_fact,
    kinds_pack,
    kinds_text,
)
