"""Generic check kinds: what most rules are made of, configured by parameters in the packs.

A check reads the shared Analysis through a CheckContext and returns an Outcome (status,
evidence spans, message arguments, missing facts). The engine does the rest: severity, waivers,
messages, scores. Kinds: fact_test, fact_ratio, fact_count, phrase, readability, conditional,
python (a named check registered with @named_check).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tendercheck.engine.context import (
    OPERATORS,
    SCOPES,
    CheckContext,
    run_test,
    validate_test,
)
from tendercheck.engine.model import Outcome
from tendercheck.nlp.model import Evidence, Fact

__all__ = ["CHECK_KINDS", "NAMED_CHECKS", "CheckContext", "check_kind", "named_check"]

# --- check kinds ------------------------------------------------------------------------------


class CheckKind:
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    def validate(self, params: dict) -> tuple[str, str] | None:
        for key in self.required:
            if key not in params:
                return key, "missing required parameter"
        for key in params:
            if key not in self.required and key not in self.optional:
                return key, "unknown parameter"
        return self.validate_more(params)

    def validate_more(self, params: dict) -> tuple[str, str] | None:
        return None

    def run(self, ctx: CheckContext, params: dict) -> Outcome:  # pragma: no cover - abstract
        raise NotImplementedError


CHECK_KINDS: dict[str, CheckKind] = {}


def check_kind(name: str):
    def register(cls):
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

    required = ("fails_when",)
    optional = ("levels",)

    def validate_more(self, params):
        return validate_test(params["fails_when"], "fails_when")

    def run(self, ctx, params):
        return _levels_outcome(
            ctx, params, lambda level: run_test(ctx, level.get("fails_when", params["fails_when"]))
        )


@check_kind("fact_ratio")
class FactRatio(CheckKind):
    """Fails when numerator / denominator compares true: ``op: gt, value: 2``, or by levels."""

    required = ("numerator", "denominator")
    optional = ("op", "value", "levels")

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


@check_kind("fact_count")
class FactCount(CheckKind):
    """Counts items of a list fact matching ``where`` (field: value; null matches missing)."""

    required = ("fact", "op", "value")
    optional = ("where", "absent_is")

    def run(self, ctx, params):
        fact = ctx.analysis.facts.get(params["fact"])
        if fact is None or fact.value is None:
            if params.get("absent_is") == "empty":
                items: list = []
            else:
                ctx.missing.append(params["fact"])
                return Outcome("not-assessed")
        else:
            items = list(fact.value)
            ctx.used.append(fact)
        where = params.get("where") or {}
        matching = [
            i for i in items if isinstance(i, dict) and all(i.get(k) == v for k, v in where.items())
        ]
        count = len(matching) if where else len(items)
        failed = OPERATORS[params["op"]](count, params["value"])
        evidence = _item_evidence(ctx, fact, matching) if failed and fact else []
        return Outcome(
            "fail" if failed else "pass",
            evidence,
            args={"count": count, "items": "; ".join(_item_label(i) for i in matching[:5])},
        )


def _item_label(item: Any) -> str:
    if isinstance(item, dict):
        return str(
            item.get("id") or item.get("name") or item.get("text") or item.get("quote") or item
        )[:80]
    return str(item)[:80]


def _item_evidence(ctx: CheckContext, fact: Fact, items: list) -> list[Evidence]:
    """Evidence for the matching items: items carry a quote; find its sentence."""
    out: list[Evidence] = []
    for item in items[:10]:
        quote = item.get("quote") or item.get("text") if isinstance(item, dict) else None
        if not quote:
            continue
        probe = " ".join(str(quote).split())[:60]
        for sentence in ctx.analysis.sentences:
            if probe and probe in " ".join(sentence.text.split()):
                out.append(sentence.evidence())
                break
    return out or list(fact.evidence[:10])


@check_kind("phrase")
class Phrase(CheckKind):
    """Phrases (regular expressions, case-insensitive) present in, or absent from, a scope.

    ``mode: present`` fails when any sentence matches (and no ``unless`` pattern is in the same
    sentence); ``per_1000_words`` sets a density threshold instead. ``mode: absent`` fails when
    nothing matches.
    """

    required = ("patterns",)
    optional = ("mode", "scope", "unless", "per_1000_words", "min_count", "max_evidence")

    def validate_more(self, params):
        if params.get("mode", "present") not in ("present", "absent"):
            return "mode", "present or absent"
        if params.get("scope", "all") not in SCOPES:
            return "scope", f"one of {', '.join(SCOPES)}"
        for key in ("patterns", "unless"):
            for pattern in params.get(key) or []:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    return key, f"bad regular expression {pattern!r}: {exc}"
        return None

    def run(self, ctx, params):
        pattern = re.compile("|".join(f"(?:{p})" for p in params["patterns"]), re.I)
        unless = params.get("unless")
        unless_re = re.compile("|".join(f"(?:{p})" for p in unless), re.I) if unless else None
        scope = params.get("scope", "all")
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
        limit = params.get("max_evidence", 10)
        if params.get("mode", "present") == "absent":
            return Outcome("pass" if hits else "fail", hits[:limit], args=args)
        if "per_1000_words" in params:
            failed = density > params["per_1000_words"]
        else:
            failed = len(hits) >= params.get("min_count", 1)
        return Outcome("fail" if failed else "pass", hits[:limit] if failed else [], args=args)


@check_kind("readability")
class Readability(CheckKind):
    """A readability metric over a scope: avg_sentence_words, long_sentence_share, flesch."""

    required = ("metric", "op", "value")
    optional = ("scope", "long_words", "min_sentences")

    def validate_more(self, params):
        if params["metric"] not in ("avg_sentence_words", "long_sentence_share", "flesch"):
            return "metric", "avg_sentence_words, long_sentence_share or flesch"
        return None

    def run(self, ctx, params):
        from tendercheck.engine.readability import measure

        scope = params.get("scope", "all")
        sentences = [s for s in ctx.sentences(scope) if s.kind in ("paragraph", "list_item")]
        if len(sentences) < params.get("min_sentences", 5):
            if scope == "spec" and "spec_start" not in ctx.analysis.facts:
                ctx.missing.append("spec_start")
            return Outcome(
                "not-assessed",
                detail=f"fewer than {params.get('min_sentences', 5)} sentences in scope",
            )
        metrics = measure([s.text for s in sentences], params.get("long_words", 25))
        value = metrics[params["metric"]]
        failed = OPERATORS[params["op"]](value, params["value"])
        evidence = []
        if failed:
            longest = sorted(sentences, key=lambda s: -len(s.text.split()))[:3]
            evidence = [s.evidence() for s in longest]
        return Outcome("fail" if failed else "pass", evidence, args={**metrics, "value": value})


@check_kind("conditional")
class Conditional(CheckKind):
    """If ``if`` holds then ``then`` must hold: fails when if is true and then is false."""

    required = ("if", "then")

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
    required = ("function",)
    optional = ("options",)

    def validate_more(self, params):
        from tendercheck.engine import named  # noqa: F401  (registers the named checks)

        if params["function"] not in NAMED_CHECKS:
            from tendercheck.schema import suggest

            name = str(params["function"])
            return "function", f"no named check {name!r} ({suggest(name, sorted(NAMED_CHECKS))})"
        return None

    def run(self, ctx, params):
        return NAMED_CHECKS[params["function"]](ctx, params.get("options") or {})
