"""Generic check kinds over the pack's text and its list and table facts (issue 13): what the
SOCIAL, SPEC and OUTCOME rules are made of, configured by parameters in the packs.

- ``signal``: something good that should be there, shown by a fact or by a sentence of the pack;
  absence is the finding (a strength when present).
- ``weighting``: one award criterion's weighting (quality, social value) against a floor, in
  the whole award and in each lot, optionally added up from the scored questions of a topic.
- ``item_share``: the share of a list fact's items (requirements, KPIs) matching ``where``
  against a limit.
- ``item_text``: list items (scored questions) whose text asks too much: too many matches of a
  counted pattern, or too many words.

Their options, with types and defaults, are declared in tendercheck/data/options.yaml under
``kinds:``. The ``readability`` kind (plain language over the specification and questions) is
in :mod:`tendercheck.engine.checks`.
"""

from __future__ import annotations

import re
from typing import Any

from tendercheck.engine.checks import CheckKind, check_kind
from tendercheck.engine.context import OPERATORS, CheckContext, run_test, validate_test
from tendercheck.engine.items import holds_all, holds_any, item_text
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.evidence import item_evidence, sentence_quote
from tendercheck.engine.named_checks.fact_reading import list_fact, number
from tendercheck.engine.named_checks.pack_parts import questions
from tendercheck.engine.named_checks.patterns import compile_any
from tendercheck.nlp.model import Evidence

# --- signal ------------------------------------------------------------------------------------


@check_kind("signal")
class Signal(CheckKind):
    """Passes when a fact says so or the text shows it; fails (absence is the finding) otherwise.

    ``facts_true`` (pass when truthy), ``facts_stated`` (pass when given at all, even false:
    "not suitable for SMEs" is still stated), ``patterns`` (text that shows it), ``require`` (a
    matching sentence must also match one of these), ``negations`` (a matching sentence that
    denies it does not count), ``reasons`` (a denial with a reason passes). The pass quotes the
    sentence as ``{quote}``.
    """

    def run(self, ctx, params):
        return signal(ctx, params)


def signal(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    analysis = ctx.analysis
    for name in params["facts_stated"]:
        fact = analysis.facts.get(name)
        if fact is not None and not fact.placeholder and fact.value is not None:
            said = "yes" if fact.value is True else "no" if fact.value is False else str(fact.value)
            quote = (
                sentence_quote(analysis, fact.evidence[0])
                if fact.evidence
                else f"{name.replace('_', ' ')}: {said}"
            )
            return Outcome("pass", args={"quote": quote.rstrip(".")})
    for name in params["facts_true"]:
        fact = analysis.facts.get(name)
        if fact is not None and not fact.placeholder and fact.value:
            quote = (
                sentence_quote(analysis, fact.evidence[0])
                if fact.evidence
                else (fact.value.get("quote") if isinstance(fact.value, dict) else None)
                or f"{name} (supplied)"
            )
            return Outcome("pass", args={"quote": str(quote).rstrip(".")})
    pattern = compile_any(params["patterns"])
    required = compile_any(params["require"]) if params.get("require") else None
    negation = compile_any(params["negations"]) if params.get("negations") else None
    reason = compile_any(params["reasons"]) if params.get("reasons") else None
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


# --- weighting ---------------------------------------------------------------------------------


def _criterion_weight(values: dict, params: dict[str, Any]) -> float | None:
    """The criterion's weighting in a weightings table; when it is not stated, per ``unstated``:
    ``zero`` (the ``others`` are weighted, they make up the whole, and it is not among them: a
    table listing only some criteria, "price 40" of a notice that names one quality criterion of
    several, leaves the rest unknown), ``remainder`` (100 less the ``others``, when the first of
    them is stated), ``none``."""
    weight = number(values.get(params["criterion"]))
    if weight is not None:
        return weight
    others = params["others"]
    if params["unstated"] == "zero":
        stated = [w for w in (number(v) for v in values.values()) if w is not None]
        whole = sum(stated) >= 99.5
        return 0.0 if whole and any(number(values.get(k)) is not None for k in others) else None
    if params["unstated"] == "remainder" and others and number(values.get(others[0])) is not None:
        return max(0.0, 100.0 - sum(number(values.get(k)) or 0.0 for k in others))
    return None


@check_kind("weighting")
class Weighting(CheckKind):
    """One award criterion's weighting (percent of the total) below ``min_percent``, overall or
    in a lot; a ranking has no number to compare (not assessed).

    ``criterion`` is its key in the ``weightings`` table; ``unstated`` says what a table without
    it means; ``question_topic`` adds up the weightings of the scored questions on that topic
    (a response form's "SV01 Social Value 10%") and uses them when larger; ``price_only`` is the
    problem reported when the award is on price alone. ``severities`` picks the severity: the
    first level whose ``when`` fact test holds (or that has none); its other keys become message
    arguments. Arguments: weight, floor, problem, and the level's.
    """

    def validate_more(self, params):
        for i, level in enumerate(params.get("severities") or []):
            if "severity" not in level:
                return f"severities[{i}]", "a level needs a severity"
            if "when" in level:
                problem = validate_test(level["when"], f"severities[{i}].when")
                if problem:
                    return problem
        return None

    def run(self, ctx, params):
        analysis = ctx.analysis
        floor = params["min_percent"]
        name = params["name"]
        if params.get("price_only") is not None:
            method = analysis.facts.get("award_method")
            if method is not None and method.value == "price_only":
                ctx.used.append(method)
                return Outcome(
                    "fail", list(method.evidence[:3]), args={"problem": params["price_only"]}
                )
        if analysis.value("weightings_kind") == "rank":
            return Outcome("not-assessed", detail="the award criteria are ranked, not weighted")
        weights = analysis.facts.get("weightings")
        topic = params.get("question_topic")
        on_topic = [
            q
            for q in (questions(analysis) or [] if topic else [])
            if q.get("topic") == topic and q.get("scored") is not False
        ]
        from_questions = sum(number(q.get("weighting")) or 0.0 for q in on_topic)
        known = weights is not None and not weights.placeholder and isinstance(weights.value, dict)
        if not known and not from_questions:
            ctx.missing.append("weightings")
            return Outcome(
                "not-assessed", detail="the weighting is a placeholder" if weights else ""
            )
        overall: float | None = None
        evidence: list[Evidence] = []
        if known:
            ctx.used.append(weights)
            overall = _criterion_weight(weights.value, params)
            evidence = ctx.evidence()[: params["max_evidence"]]
        if from_questions and (overall is None or from_questions > overall):
            overall = from_questions
            evidence = (
                item_evidence(
                    analysis,
                    analysis.facts.get("questions"),
                    [str(q.get("text") or "") for q in on_topic],
                    limit=params["max_evidence"],
                )
                or evidence
            )
        low: list[str] = []
        if overall is not None and overall < floor:
            low.append(params["overall_wording"].format(name=name, weight=overall))
        by_lot = analysis.value("weightings_by_lot")
        if isinstance(by_lot, dict):
            for lot, values in by_lot.items():
                weight = _criterion_weight(values, params) if isinstance(values, dict) else None
                if weight is not None and weight < floor and weight != overall:
                    low.append(params["lot_wording"].format(name=name, weight=weight, lot=lot))
        if overall is None and not low:
            return Outcome("not-assessed", detail=f"the {name} weighting is not stated")
        args: dict[str, Any] = {"weight": overall, "floor": floor}
        if not low:
            return Outcome("pass", args=args)
        args["problem"] = "; ".join(low) + params["closing_wording"].format(floor=floor)
        severity = None
        for level in params.get("severities") or []:
            if "when" not in level or run_test(ctx, level["when"]):
                severity = level["severity"]
                args.update({k: v for k, v in level.items() if k not in ("severity", "when")})
                break
        return Outcome("fail", evidence, severity=severity, args=args)


# --- item_share --------------------------------------------------------------------------------


@check_kind("item_share")
class ItemShare(CheckKind):
    """The share of a list fact's items matching ``where`` compared with ``value`` by ``op``
    (fails when the comparison holds): "over 80% of the requirements prescribe inputs or
    methods", "no KPI measures an outcome" (share eq 0).

    Fewer than ``min_items`` items: not assessed; none at all: ``empty`` says. The evidence is
    the ``evidence_of`` items (matching, or the others). Arguments: count (matching), total,
    share, limit.
    """

    def run(self, ctx, params):
        fact, items = list_fact(ctx, params["fact"])
        if items is None:
            ctx.missing.append(params["fact"])
            return Outcome("not-assessed")
        called = params["items_called"]
        if not items and params["empty"] == "not-applicable":
            return Outcome("not-applicable", detail=f"no {called} were found")
        judged = [i for i in items if isinstance(i, dict)]
        if len(judged) < params["min_items"]:
            return Outcome(
                "not-assessed", detail=f"fewer than {params['min_items']} {called} to judge"
            )
        matching = [i for i in judged if holds_all(i, params["where"])]
        share = len(matching) / len(judged)
        args = {
            "share": share,
            "count": len(matching),
            "total": len(judged),
            "limit": params["value"],
        }
        if not OPERATORS[params["op"]](share, params["value"]):
            return Outcome("pass", args=args)
        shown = (
            matching
            if params["evidence_of"] == "matching"
            else [i for i in judged if not holds_all(i, params["where"])]
        )
        evidence = item_evidence(
            ctx.analysis, fact, [item_text(i) for i in shown], limit=params["max_evidence"]
        )
        return Outcome("fail", evidence, args=args)


# --- item_text ---------------------------------------------------------------------------------


@check_kind("item_text")
class ItemText(CheckKind):
    """Items of a list fact (scored questions) whose text asks too much: more matches of a
    ``counts`` pattern than its ``max`` (``{pattern, max, says}``, ``says`` worded with
    ``{n}``), or more than ``max_words`` words. Items without text, or whose field holds a
    value ``skip`` lists, are not judged; none left: not applicable. Arguments: count (flagged),
    total (judged), items (labels with the reasons)."""

    def validate_more(self, params):
        for name, spec in params["counts"].items():
            if not isinstance(spec, dict) or {"pattern", "max", "says"} - set(spec):
                return f"counts.{name}", "a count is a table {pattern, max, says}"
            try:
                re.compile(str(spec["pattern"]))
            except re.error as exc:
                return f"counts.{name}.pattern", f"bad regular expression: {exc}"
        return None

    def run(self, ctx, params):
        fact, items = list_fact(ctx, params["fact"])
        if items is None:
            ctx.missing.append(params["fact"])
            return Outcome("not-assessed")
        judged = [
            i
            for i in items
            if isinstance(i, dict) and i.get("text") and not holds_any(i, params["skip"])
        ]
        if not judged:
            return Outcome("not-applicable", detail=f"no {params['items_called']} were found")
        counts = [
            (re.compile(str(spec["pattern"]), re.I), spec["max"], str(spec["says"]))
            for spec in params["counts"].values()
        ]
        flagged: list[tuple[dict, str]] = []
        for item in judged:
            text = str(item["text"])
            why = []
            for pattern, most, says in counts:
                n = len(pattern.findall(text))
                if n > most:
                    why.append(says.format(n=n))
            words = len(text.split())
            if "max_words" in params and words > params["max_words"]:
                why.append(f"{words} words")
            if why:
                flagged.append((item, ", ".join(why)))
        width = params["label_width"]
        labels = [f"{i.get('id') or str(i['text'])[:width] + '…'} ({why})" for i, why in flagged]
        args = {"count": len(flagged), "total": len(judged), "items": "; ".join(labels[:6])}
        if not flagged:
            return Outcome("pass", args=args)
        evidence = item_evidence(
            ctx.analysis, fact, [str(i["text"]) for i, _ in flagged], limit=params["max_evidence"]
        )
        return Outcome("fail", evidence, args=args)
