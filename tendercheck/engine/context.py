"""What a check reads: the CheckContext over the shared Analysis, text scopes (all, spec,
questions...), and fact tests ({fact, op, value} | all | any | not) used by rules and checks.
Unary ops: present, absent, nonempty, true, false, and unknown (not found, or a placeholder).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tendercheck.engine.model import Rule
from tendercheck.nlp.model import Analysis, Evidence, Fact, Sentence

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "eq": operator.eq,
    "ne": operator.ne,
}
UNARY_OPS = ("present", "absent", "true", "false", "nonempty", "unknown")
SCOPES = ("all", "spec", "questions", "not_spec", "headings")


@dataclass
class CheckContext:
    analysis: Analysis
    rule: Rule
    effort: dict[str, float] = field(default_factory=dict)  # the config's [effort] parameters
    used: list[Fact] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def fact(self, name: str) -> Fact | None:
        fact = self.analysis.facts.get(name)
        if fact is None or fact.value is None or fact.placeholder:
            if name not in self.missing:
                self.missing.append(name)
            return None
        if fact not in self.used:
            self.used.append(fact)
        return fact

    def value(self, name: str) -> Any:
        fact = self.fact(name)
        return None if fact is None else fact.value

    def evidence(self) -> list[Evidence]:
        out: list[Evidence] = []
        for fact in self.used:
            for ev in fact.evidence:
                if ev not in out:
                    out.append(ev)
        return out

    def sentences(self, scope: str = "all") -> list[Sentence]:
        return select_scope(self.analysis, scope)

    def stand_in(self, name: str) -> Any:
        """What stands in for an unknown fact in a fact test (None: nothing; the fact is
        missing). A ``compare`` check reads its ``else_patterns`` here."""
        return None


def select_scope(analysis: Analysis, scope: str) -> list[Sentence]:
    sentences = analysis.sentences
    if scope == "all":
        return sentences
    if scope == "headings":
        return [s for s in sentences if s.kind == "heading"]
    spec = analysis.facts.get("spec_start")
    spec_doc, spec_block = None, None
    if spec is not None and isinstance(spec.value, dict) and spec.evidence:
        spec_doc = spec.evidence[0].doc_index
        spec_block = spec.evidence[0].block
    if scope in ("spec", "not_spec"):

        def in_spec(s: Sentence) -> bool:
            if spec_doc is None:
                return False
            if s.doc_index != spec_doc:
                return False
            return s.block >= spec_block

        if scope == "spec":
            return [s for s in sentences if in_spec(s)]
        return [s for s in sentences if not in_spec(s)]
    if scope == "questions":
        questions = analysis.facts.get("questions")
        keys = set()
        if questions is not None:
            keys = {(e.doc_index, e.block) for e in questions.evidence}
        return [s for s in sentences if (s.doc_index, s.block) in keys]
    raise ValueError(scope)


# --- fact tests: {fact, op, value} | {all: [...]} | {any: [...]} | {not: {...}} ---------------


def validate_test(test: Any, path: str = "test") -> tuple[str, str] | None:
    if not isinstance(test, dict):
        return path, "a fact test is a mapping"
    if "all" in test or "any" in test:
        key = "all" if "all" in test else "any"
        if not isinstance(test[key], list) or not test[key]:
            return f"{path}.{key}", "must be a non-empty list"
        for i, sub in enumerate(test[key]):
            problem = validate_test(sub, f"{path}.{key}[{i}]")
            if problem:
                return problem
        return None
    if "not" in test:
        return validate_test(test["not"], f"{path}.not")
    unknown = set(test) - {"fact", "op", "value", "key", "default"}
    if unknown:
        return f"{path}.{sorted(unknown)[0]}", "unknown key in fact test"
    if "fact" not in test or "op" not in test:
        return path, "a fact test needs 'fact' and 'op'"
    if test["op"] not in OPERATORS and test["op"] not in UNARY_OPS and test["op"] != "in":
        return f"{path}.op", f"unknown operator {test['op']!r}"
    if test["op"] in OPERATORS and "value" not in test:
        return f"{path}.value", "a comparison needs a value"
    return None


def run_test(ctx: CheckContext, test: dict) -> bool | None:
    """True / False, or None when a fact it needs is missing."""
    if "all" in test:
        results = [run_test(ctx, t) for t in test["all"]]
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    if "any" in test:
        results = [run_test(ctx, t) for t in test["any"]]
        if any(r is True for r in results):
            return True
        return None if any(r is None for r in results) else False
    if "not" in test:
        inner = run_test(ctx, test["not"])
        return None if inner is None else not inner
    op = test["op"]
    name = test["fact"]
    if op == "unknown":  # not found (or a placeholder): unlike absent, a false value is known
        fact = ctx.analysis.facts.get(name)
        return fact is None or fact.value is None or fact.placeholder
    if op in ("present", "absent", "nonempty"):
        fact = ctx.analysis.facts.get(name)
        value = None if fact is None or fact.placeholder else fact.value
        if value is None:
            value = ctx.stand_in(name)
        if "key" in test and isinstance(value, dict):
            value = value.get(test["key"])
        has = value not in (None, False, [], {}, "")
        real = fact is not None and fact.value is not None and not fact.placeholder
        if has and real and fact not in ctx.used:
            ctx.used.append(fact)
        return has if op in ("present", "nonempty") else not has
    value = ctx.value(name)
    if value is not None and "key" in test:
        value = value.get(test["key"]) if isinstance(value, dict) else None
    if value is None:
        if "default" in test:
            value = test["default"]
            if name in ctx.missing:
                ctx.missing.remove(name)
        else:
            return None
    if op == "true":
        return bool(value)
    if op == "false":
        return not value
    if op == "in":
        return value in test["value"]
    try:
        return OPERATORS[op](value, test["value"])
    except TypeError:
        dates = _as_dates(value, test["value"])
        return None if dates is None else OPERATORS[op](*dates)


def _as_dates(a: Any, b: Any) -> tuple[dt.date, dt.date] | None:
    """A date and a date written as text (facts keep dates as "2024-03-05"; a pack or a
    tender.toml writes 2021-01-01) compared as dates; None when either is no date."""
    out = []
    for x in (a, b):
        if isinstance(x, dt.datetime):
            x = x.date()
        elif isinstance(x, str):
            try:
                x = dt.date.fromisoformat(x.strip()[:10])
            except ValueError:
                return None
        if not isinstance(x, dt.date):
            return None
        out.append(x)
    return out[0], out[1]
