"""evaluate: run the rule packs over an Analysis and score the result.

Public entry points: :func:`load_rules` and :func:`evaluate`. Checks return outcomes; this module
applies configuration (select/ignore, severity overrides, thresholds), applicability, waivers and
messages in one place, so no check does it for itself.
"""

from __future__ import annotations

import string
from typing import Any

from tendercheck.engine.checks import CHECK_KINDS
from tendercheck.engine.config import Config, ConfigError
from tendercheck.engine.context import CheckContext, run_test
from tendercheck.engine.loader import load_rules
from tendercheck.engine.model import (
    CATEGORIES,
    Result,
    Rule,
    RuleResult,
    Score,
    finding_waiver,
    waiver_hash,
)
from tendercheck.engine.options import option_problem, rule_declarations, rule_values
from tendercheck.nlp.model import Analysis

__all__ = [
    "Config",
    "evaluate",
    "evaluate_rule",
    "finding_waiver",
    "load_rules",
    "waiver_hash",
]

# How much a rule weighs in a score. Info rules (good practice missed, strengths such as
# SOCIAL-06) weigh nothing: they are listed, but neither lower a score nor alone make one.
SEVERITY_WEIGHT = {"error": 3, "warning": 2, "info": 0}
LOW_COVERAGE = 0.5

# How a user supplies a fact the documents lack (for not-assessed results): the command-line
# option, where there is one, and the tender.toml key (tendercheck/data/tender.schema.json).
OPTION_FLAGS = {
    "contract_value_total": "--value",
    "contract_value_annual": "--annual-value",
    "contract_duration_months": "--duration-months",
    "issue_date": "--issued",
    "submission_deadline": "--deadline",
    "authority_type": "--authority",
    "contract_type": "--contract-type",
}
# Facts that are places in the documents, not values a user could state.
NOT_SUPPLIED = {
    "spec_start": "add the specification to the pack (none was found: no heading or section "
    "reads as the specification)",
}


def supply_hint(fact: str) -> str:
    from tendercheck.schema import schema

    props = schema("tender")["properties"]
    keys = [key for key, spec in props.items() if spec.get("x-fact", key) == fact]
    if not keys:
        return NOT_SUPPLIED.get(
            fact,
            "read only from the documents, and none of them states it; no tender.toml key sets it",
        )
    hint = f"'{keys[0]}' in tender.toml ({props[keys[0]]['x-expect']})"
    flag = OPTION_FLAGS.get(fact)
    return f"{flag} or {hint}" if flag else hint


def evaluate(
    analysis: Analysis, rules: list[Rule], config: Config | None = None, jobs: int = 1
) -> Result:
    """Every enabled rule over the analysis (in ``jobs`` processes), waivers, effort, scores."""
    from tendercheck.engine.effort import estimate_effort
    from tendercheck.parallel import fork_map

    config = config or Config()
    _check_thresholds(rules, config)
    enabled = [rule for rule in rules if config.enabled(rule.id)]
    results = fork_map(_evaluate_one, enabled, jobs, (analysis, config))
    unused = _apply_waivers(results, config, {d.name for d in analysis.pack.documents})
    effort = estimate_effort(analysis, config.effort)
    return Result(results=results, scores=score(results), effort=effort, unused_waivers=unused)


def _evaluate_one(shared: tuple[Analysis, Config], rule: Rule) -> RuleResult:
    analysis, config = shared
    return evaluate_rule(analysis, rule, config)


def evaluate_rule(analysis: Analysis, rule: Rule, config: Config | None = None) -> RuleResult:
    config = config or Config()
    params = rule_params(rule, config)
    ctx = CheckContext(analysis=analysis, rule=rule, effort=dict(config.effort))
    if rule.not_assessed_when is not None and run_test(ctx, rule.not_assessed_when) is True:
        # the pack cannot show what the rule judges (a tender notice alone has no specification)
        return _result(
            rule, "not-assessed", config, ctx, {}, detail=_because(ctx, rule.not_assessed_when)
        )
    if rule.applies_when is not None:
        applies = run_test(ctx, rule.applies_when)
        if applies is False:
            return _result(
                rule, "not-applicable", config, ctx, {}, detail=_why_not(ctx, rule.applies_when)
            )
        if applies is None:
            return _result(rule, "not-assessed", config, ctx, {})
    outcome = CHECK_KINDS[rule.check].run(ctx, params)
    for name in outcome.missing:
        if name not in ctx.missing:
            ctx.missing.append(name)
    evidence = outcome.evidence if outcome.status == "fail" else []
    result = _result(
        rule,
        outcome.status,
        config,
        ctx,
        {**params, **outcome.args},
        detail=outcome.detail,
        severity=outcome.severity,
    )
    result.evidence = evidence
    note = _lots_note(analysis, evidence)
    if note and "lot" not in result.message.lower():
        result.message = f"{result.message} {note}"
    return result


def _lots_note(analysis: Analysis, evidence: list) -> str:
    """ "This applies to Lots 1a and 1b only." when every quoted clause names the same lots, fewer
    than the pack has: a finding about one lot's terms is no finding about the others."""
    clauses = [e.clause for e in evidence if getattr(e, "clause", None) is not None]
    if not clauses or len(clauses) < len(evidence):
        return ""
    lots = {c.lots for c in clauses}
    count = analysis.value("lots")
    if len(lots) != 1 or not isinstance(count, int):
        return ""
    (named,) = lots
    if not named or len(named) >= count:
        return ""
    joined = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return f"This applies to Lot{'s' if len(named) > 1 else ''} {joined} only."


def _result(
    rule: Rule,
    status: str,
    config: Config,
    ctx: CheckContext,
    args: dict[str, Any],
    detail: str = "",
    severity: str | None = None,
) -> RuleResult:
    severity = config.severity.get(rule.id) or severity or rule.severity
    missing = list(ctx.missing) if status == "not-assessed" else []
    if status == "fail":
        message = render_message(rule.message, args, ctx.analysis)
    elif status == "pass":
        message = (
            render_message(rule.pass_message, args, ctx.analysis)
            if rule.pass_message
            else "No problem found."
        )
    elif status == "not-assessed":
        if missing:
            message = (
                "Not assessed: needs "
                + ", ".join(missing)
                + (
                    " (a placeholder in the document)"
                    if _any_placeholder(ctx.analysis, missing)
                    else ""
                )
            )
        else:
            message = "Not assessed" + (f": {detail}" if detail else ".")
    else:
        message = "Not applicable" + (f": {detail}" if detail else ".")
    return RuleResult(
        rule=rule,
        status=status,
        severity=severity,
        message=message,
        missing=missing,
        supply=[f"{m}: {supply_hint(m)}" for m in missing],
    )


def _any_placeholder(analysis: Analysis, names: list[str]) -> bool:
    return any(analysis.facts.get(n) is not None and analysis.facts[n].placeholder for n in names)


class _Args(dict):
    """Message arguments: check args first, then fact values; unknown names stay visible."""

    def __init__(self, args: dict[str, Any], analysis: Analysis):
        super().__init__({k: _readable(v) for k, v in args.items()})
        self.analysis = analysis

    def __missing__(self, key: str) -> Any:
        value = self.analysis.value(key)
        return "?" if value is None else _readable(value)


def _readable(value: Any) -> Any:
    """Lists read as words in messages ("paper, usb"), not as Python lists."""
    if isinstance(value, (list, tuple, set)):
        items = sorted(value) if isinstance(value, set) else value
        return ", ".join(str(v).replace("_", " ") for v in items)
    return value


def render_message(template: str, args: dict[str, Any], analysis: Analysis) -> str:
    values = _Args(args, analysis)
    try:
        return string.Formatter().vformat(template, (), values).strip()
    except (ValueError, TypeError, IndexError, KeyError):
        # A figure of an unexpected type: show the template's words rather than fail the run.
        return " ".join(template.replace("{", "").replace("}", "").split())


def tunable(rule: Rule) -> dict[str, Any]:
    """The options a user may set in [thresholds.RULE-ID], with the rule's values: every option
    declared for its check (tendercheck/data/options.yaml)."""
    values = rule_values(rule.check, rule.params)
    return {key: values.get(key) for key in rule_declarations(rule.check, rule.params)}


def rule_params(rule: Rule, config: Config) -> dict[str, Any]:
    overrides = config.thresholds.get(rule.id, {})
    if rule.check == "python":
        return {**rule.params, "options": {**(rule.params.get("options") or {}), **overrides}}
    params = {**rule.params, **overrides}
    if isinstance(overrides.get("figures"), dict) and isinstance(rule.params.get("figures"), dict):
        # A compare rule's figures are set one by one: [thresholds.X] figures = {max_days = 60}
        params["figures"] = {**rule.params["figures"], **overrides["figures"]}
    return params


def _check_thresholds(rules: list[Rule], config: Config) -> None:
    """Every [thresholds.RULE-ID] option is one the rule declares, of the declared type."""
    from tendercheck.schema import suggest

    by_id = {r.id: r for r in rules}
    for rule_id, overrides in config.thresholds.items():
        rule = by_id.get(rule_id)
        if rule is None:
            raise ConfigError(
                config.path, f"thresholds.{rule_id}: no such rule ({suggest(rule_id, by_id)})"
            )
        decl = rule_declarations(rule.check, rule.params)
        for key, value in overrides.items():
            if key not in decl:
                raise ConfigError(
                    config.path,
                    f"thresholds.{rule_id}.{key}: {rule_id} has no option {key!r} "
                    f"({suggest(key, decl) if decl else 'it has none'})",
                )
            problem = option_problem(decl[key], value)
            if problem:
                raise ConfigError(config.path, f"thresholds.{rule_id}.{key}: {problem}")
        _check_figures(rule, overrides.get("figures"), config)
        # What one option's type cannot say (a clause reader that exists, a figure a test
        # names): the kind's own checks, over the rule's options as configured.
        if overrides and rule.check != "python":
            problem = CHECK_KINDS[rule.check].validate_more(rule_params(rule, config))
            if problem:
                raise ConfigError(config.path, f"thresholds.{rule_id}.{problem[0]}: {problem[1]}")


def _check_figures(rule: Rule, figures: Any, config: Config) -> None:
    """A compare rule's figures set in [thresholds.RULE] keep the kind of the pack's own: a
    number stays a number (``max_places = "twenty"`` is an error, not a test that never holds)."""
    from tendercheck.schema import shown

    own = rule.params.get("figures")
    if not isinstance(figures, dict) or not isinstance(own, dict):
        return
    for name, value in figures.items():
        if name not in own:
            continue  # a new figure: the tests that name it are checked by validate_more
        was, number = own[name], (int, float)
        if isinstance(was, number) and not isinstance(was, bool):
            ok, kind = isinstance(value, number) and not isinstance(value, bool), "a number"
        else:
            ok, kind = isinstance(value, type(was)), f"like {shown(was)}"
        if not ok:
            raise ConfigError(
                config.path,
                f"thresholds.{rule.id}.figures.{name}: must be {kind}, not {shown(value)}",
            )


def _apply_waivers(
    results: list[RuleResult], config: Config, documents: set[str] | frozenset[str] = frozenset()
) -> list[dict]:
    """Each [[waivers]] table: with ``hash``, the failed finding of its rule that quotes text with
    that hash in its document is waived whole; with ``quote``, only that quote is taken out of
    the finding, which stays open with the rest (waived when none is left). A finding with no
    quote is waived by the hash of no text, in "*" or any of the pack's documents."""
    unused = []
    for waiver in config.waivers:
        matched = False
        for result in results:
            if result.rule.id != waiver["rule"] or result.status != "fail":
                continue
            here = (waiver["document"],) if waiver["document"] != "*" else None
            if "quote" in waiver:
                kept = []
                for ev in result.evidence:
                    if (here is None or ev.document in here) and waiver["quote"] == waiver_hash(
                        ev.quote
                    ):
                        result.waived_quotes.append(
                            {**ev.to_dict(), "hash": waiver["quote"], "reason": waiver["reason"]}
                        )
                    else:
                        kept.append(ev)
                if len(kept) < len(result.evidence):
                    matched = True
                    result.evidence = kept
                    if not kept:
                        result.waived = waiver["reason"]
                continue
            if result.evidence:
                hit = any(
                    (here is None or ev.document in here)
                    and waiver["hash"] == waiver_hash(ev.quote)
                    for ev in result.evidence
                )
            else:
                hit = waiver["hash"] == waiver_hash("") and (here is None or here[0] in documents)
            if hit:
                result.waived = waiver["reason"]
                matched = True
        if not matched:
            unused.append(waiver)
    return unused


def score(results: list[RuleResult]) -> dict[str, Score]:
    """Per category and overall: 100 × the weight of the assessed rules that did not fail (a
    waived failure does not count) over the weight of all assessed rules; None when no rule
    with weight was assessed. Coverage: assessed rules over the rules that apply."""
    scores: dict[str, Score] = {}
    groups: dict[str, list[RuleResult]] = {c: [] for c in CATEGORIES}
    for r in results:
        groups.setdefault(r.rule.category, []).append(r)
    groups["overall"] = list(results)
    for name, members in groups.items():
        relevant = [r for r in members if r.status != "not-applicable"]
        assessed = [r for r in relevant if r.status in ("pass", "fail")]
        weight = sum(SEVERITY_WEIGHT[r.severity] for r in assessed)
        failed = sum(
            SEVERITY_WEIGHT[r.severity] for r in assessed if r.status == "fail" and not r.waived
        )
        value = None if not weight else round(100 * (1 - failed / weight))
        coverage = len(assessed) / len(relevant) if relevant else 0.0
        scores[name] = Score(value, coverage, len(assessed), len(relevant))
    return scores


def _because(ctx: CheckContext, test: dict) -> str:
    """Why a rule is not assessed: the notes of the facts its ``not_assessed_when`` reads."""
    notes = [
        ctx.analysis.facts[name].note
        for name in _test_facts(test)
        if name in ctx.analysis.facts and ctx.analysis.facts[name].note
    ]
    return "; ".join(dict.fromkeys(notes)) or "the pack cannot show it"


def _why_not(ctx: CheckContext, test: dict) -> str:
    """'does not apply here', naming the facts that decided it ("procedure: prequalification")."""
    shown = []
    for name in _test_facts(test):
        fact = ctx.analysis.facts.get(name)
        if fact is not None and not fact.placeholder and isinstance(fact.value, str | bool | int):
            shown.append(f"{name}: {fact.value}")
    return "does not apply here" + (f" ({'; '.join(shown)})" if shown else "")


def _test_facts(test: dict) -> list[str]:
    """The facts a fact test reads, in order."""
    names: list[str] = []

    def walk(t: dict) -> None:
        for key in ("all", "any"):
            for inner in t.get(key, []):
                walk(inner)
        if "not" in t:
            walk(t["not"])
        if "fact" in t and t["fact"] not in names:
            names.append(t["fact"])

    walk(test)
    return names
