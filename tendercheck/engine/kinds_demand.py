"""Generic check kinds over the demands a pack makes of suppliers, and the facts they read.

``demand``: a fact that is a demand on bidders (a yes/no fact, a list of demanded items, a
figure, a level), failing when it is demanded, unless an exemption holds (a fact, a phrase in
the pack, the demand's own quotes) or the contract is big enough for it. When the demand is not
found, the pack decides: a pass when nothing in it mentions the demand, not assessed when a
sentence looks like a demand the extractors did not read.

``fact_or_phrase``: a bad thing found by a fact, or by a phrase in the text.

Options (types and defaults) are declared in tendercheck/data/options.yaml under ``kinds:``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tendercheck.engine.checks import CheckKind, check_kind
from tendercheck.engine.context import CheckContext, run_test, validate_test
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.demands import money, usable
from tendercheck.engine.named_checks.evidence import (
    fact_evidence,
    item_evidence,
    sentences_quoting,
)
from tendercheck.engine.named_checks.fact_reading import (
    contract_annual,
    contract_total,
    need,
    need_threshold,
    not_demanded,
    peek,
    usable_fact,
)
from tendercheck.engine.named_checks.patterns import compile_any, mentions
from tendercheck.engine.options import with_defaults
from tendercheck.nlp import dates
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.model import Evidence

__all__ = ["DERIVED", "Compare", "Demand", "FactOrPhrase", "item_matches"]


def item_matches(item: Any, where: dict[str, Any], every: bool = True) -> bool:
    """Whether a demanded item has every field of ``where`` (with ``every=False``, any field):
    a value, or a list of values. An item given as plain text is read as ``{name: text}``."""
    if not isinstance(item, dict):
        item = {"name": item}
    found = (
        item.get(key) in (wanted if isinstance(wanted, list) else [wanted])
        for key, wanted in where.items()
    )
    return all(found) if every else any(found)


def _demanded_value(mode: str, value: Any, params: dict) -> bool:
    if mode == "fact_true":
        return bool(value)
    if mode == "fact_false":
        return value is False
    if mode == "equals":
        return str(value).lower() == str(params["equals"]).lower()
    if mode == "at_least":
        return float(value) >= float(params["at_least"])
    return False  # pragma: no cover - the choice is validated on load


@check_kind("demand")
class Demand(CheckKind):
    """Fails when the demand fact(s) ``fact`` (and ``also``) show a demand, by ``demanded``:

    - ``fact_true``: a yes/no fact is true; ``fact_false``: a fact saying something is allowed
      is false (each false one is named by ``labels``);
    - ``equals``: the value is ``equals`` (any case);
    - ``at_least``: the largest of the facts' figures is at least ``at_least`` (the figure is
      ``{number}``, named by the label of the fact that gave it);
    - ``items``: the list facts have items with every field of ``where`` and no field of
      ``unless_where`` (named ``{names}`` by their ``name_field`` and ``labels``, joined by
      ``names_joiner``, ``{count}`` of them; quoted where their ``quote`` is, else where the
      facts were read, with ``quote_names`` only the places naming them).

    A demand is no fail when a fact in ``exempt_facts`` is true, a phrase in
    ``exempt_patterns`` is in ``exempt_scope``, or every quote of the demand matches
    ``exempt_quotes``; with ``only_below`` (annual or total contract value) it fails only under
    ``limit``; with ``below_threshold_only`` it does not apply above the procurement threshold.
    """

    def validate_more(self, params):
        mode = with_defaults("demand", params)["demanded"]
        if mode in ("equals", "at_least") and mode not in params:
            return mode, f"give {mode} with demanded: {mode}"
        if "only_below" in params and "limit" not in params:
            return "limit", "give limit with only_below"
        return None

    def run(self, ctx: CheckContext, params: dict) -> Outcome:
        if params.get("below_threshold_only"):
            above = peek(ctx, "above_threshold")
            if above is True:
                return Outcome("not-applicable", detail=params["below_threshold_only"])
        mode = params["demanded"]
        demand = params["fact"]
        names = [demand, *params["also"]]
        values = {name: peek(ctx, name) for name in names}
        known = {name: v for name, v in values.items() if v is not None}
        if not known:
            subject = params.get("subject_fact")
            if subject is not None:
                if peek(ctx, subject):
                    need(ctx, demand)
                    return Outcome("not-assessed")
                return not_demanded(ctx, subject, params, params["what"])
            return not_demanded(ctx, demand, params, params["what"])
        args: dict[str, Any] = {}
        if mode == "items":
            found = self._items(ctx, params, known)
            if found is None:
                return Outcome("pass")
            evidence, args = found
        else:
            demanded = [n for n, v in known.items() if _demanded_value(mode, v, params)]
            if mode == "at_least":
                number = max(float(v) for v in known.values())
                top = next(n for n, v in known.items() if float(v) == number)
                args = {"number": int(number), "names": self._label(params, top)}
            else:
                args = {"names": ", ".join(self._label(params, n) for n in demanded)}
            if not demanded:
                unread = [n for n, v in values.items() if v is None]
                if (
                    params["unread_if_mentioned"]
                    and unread
                    and mentions(ctx, params["mention_patterns"], params["mention_unless"])
                ):
                    need(ctx, *unread)
                    return Outcome("not-assessed")
                return Outcome("pass", args=args)
            evidence = fact_evidence(ctx, *(known if mode == "at_least" else demanded))
        if any(peek(ctx, name) for name in params["exempt_facts"]):
            return Outcome("pass", args=args)
        scope = "pack"
        if params["exempt_patterns"]:
            pool = None
            if params["exempt_scope"] == "spec":
                pool = ctx.sentences("spec") or None
                scope = "specification" if pool else "pack"
            hits = mentions(ctx, params["exempt_patterns"], sentences=pool)
            if hits:
                return Outcome("pass", args={**args, "where": hits[0].text[:80]})
        args["scope"] = scope
        if params["exempt_quotes"]:
            trigger = compile_any(params["exempt_quotes"])
            if evidence and all(trigger.search(e.quote) for e in evidence):
                return Outcome("pass", args=args)
        if params.get("below_threshold_only") and peek(ctx, "above_threshold") is None:
            need_threshold(ctx)
            return Outcome("not-assessed")
        if "only_below" in params:
            value = (
                contract_annual(ctx) if params["only_below"] == "annual" else contract_total(ctx)
            )
            if value is None:
                return Outcome("not-assessed")
            limit = float(params["limit"])
            args.update(value=money(value), limit=money(limit))
            if value >= limit:
                return Outcome("pass", args=args)
        return Outcome("fail", evidence or ctx.evidence(), args=args)

    @staticmethod
    def _label(params: dict, key: Any) -> str:
        return str(params["labels"].get(key, key))

    def _items(
        self, ctx: CheckContext, params: dict, known: dict[str, Any]
    ) -> tuple[list[Evidence], dict[str, Any]] | None:
        """(evidence, args) for the demanded items of the list facts (``fact``, then each of
        ``also``; a value that is no list is one item), or None when none is demanded."""
        where, unless = params["where"], params["unless_where"]
        field = params["name_field"]
        failing: list[Any] = []
        named: list[str] = []
        for fact, value in known.items():
            items = value if isinstance(value, list) else [value] if value else []
            for item in items:
                if not item_matches(item, where) or (
                    unless and item_matches(item, unless, every=False)
                ):
                    continue
                failing.append(item)
                entry = item if isinstance(item, dict) else {"name": item}
                # An item with no name of its own is named by its fact (a site visit).
                name = self._label(params, entry.get(field) or fact)
                lots = entry.get("lots") if params["name_lots"] else None
                if lots:
                    name = f"{name} (Lot{'s' if len(lots) > 1 else ''} {', '.join(lots)})"
                named.append(name)
        if not failing:
            return None
        quotes = [i.get("quote", "") for i in failing if isinstance(i, dict)]
        evidence = sentences_quoting(ctx, quotes)
        if not evidence:
            every = fact_evidence(ctx, *known)
            if params["quote_names"]:
                # Quote the places that name the items, when some do.
                plain = [str(i.get(field)) for i in failing if isinstance(i, dict) and i.get(field)]
                evidence = [
                    e for e in every if any(n.lower() in e.quote.lower() for n in plain)
                ] or every
            else:
                evidence = every
        reader = params.get("prefer_reader")
        if reader:
            # Quote the clauses that demand them, not a mention ("Reference to ISO 20001 …").
            evidence = [e for e in evidence if reads(reader, e.clause)] or evidence
        names = params["names_joiner"].join(dict.fromkeys(named))
        return evidence, {"names": names, "count": len(failing)}


@check_kind("fact_or_phrase")
class FactOrPhrase(CheckKind):
    """Fails when the fact is true / non-empty, or a pattern matches a sentence (``unless``
    aside). Reading the whole text is a real test, so a pass needs no fact; with no text and no
    fact it is not assessed. With no patterns the fact alone decides (its extractor has read
    the whole text)."""

    def run(self, ctx: CheckContext, params: dict) -> Outcome:
        analysis = ctx.analysis
        evidence: list[Evidence] = []
        found: list[str] = []
        fact = usable_fact(ctx, params["fact"])
        pattern = compile_any(params["patterns"]) if params.get("patterns") else None
        unless = compile_any(params["unless"]) if params.get("unless") else None
        if fact is not None and fact.value:
            quotes = (
                [str(q.get("quote", q) if isinstance(q, dict) else q) for q in fact.value]
                if isinstance(fact.value, list)
                else []
            )
            evidence += item_evidence(analysis, fact, quotes, limit=10)
            for quote in quotes:
                match = pattern.search(quote) if pattern is not None else None
                clipped = " ".join(quote.split())
                found.append(
                    match.group(0).lower()
                    if match
                    else f"“{clipped[:60]}…”"
                    if len(clipped) > 60
                    else f"“{clipped}”"
                )
        for sentence in analysis.sentences if pattern is not None else ():
            match = pattern.search(sentence.text)
            if match is None or (unless is not None and unless.search(sentence.text)):
                continue
            ev = sentence.evidence()
            found.append(match.group(0).lower())
            if not any(e.doc_index == ev.doc_index and e.block == ev.block for e in evidence):
                evidence.append(ev)
        if fact is not None and fact.value and not found:
            found.append(params["fact"].replace("_", " "))
        args = {
            "count": len(evidence) or len(found),
            "phrases": "; ".join(dict.fromkeys(found[:8])),
        }
        if evidence or found:
            return Outcome("fail", evidence[: params["max_evidence"]], args=args)
        if not analysis.sentences and fact is None:
            ctx.missing.append(params["fact"])
            return Outcome("not-assessed")
        return Outcome("pass", args=args)


# --- compare: problems found by fact tests over facts and derived values ------------------------


def _window(ctx: _Values, params: dict):
    from tendercheck.engine.named_checks.tender_window import tender_window

    key = ("window", params["region"])
    if key not in ctx.derived:
        ctx.derived[key] = tender_window(ctx, {"region": params["region"]})
    return ctx.derived[key]


def _window_part(part: str):
    def derive(ctx: CheckContext, params: dict) -> Any:
        from tendercheck.engine.named_checks.tender_window import window_args

        window = _window(ctx, params)
        if window is None:
            return None
        if part == "working_days" and window.working_days is None:
            need(ctx, "issue_date", "submission_deadline")
            return None
        return window_args(window)[part] if part == "span" else getattr(window, part)

    return derive


def _pack_pages(ctx: CheckContext, params: dict) -> Any:
    return int(peek(ctx, "pack_pages") or ctx.analysis.pack.pages)


def _pages_per_10k(ctx: CheckContext, params: dict) -> Any:
    total = derived(ctx, params, "contract_total_value")
    if total is None:
        return None
    pages = derived(ctx, params, "pack_pages")
    return pages / (total / 10_000) if total > 0 else float("inf")


def _clarification(part: str):
    def derive(ctx: _Values, params: dict) -> Any:
        from tendercheck.engine.named_checks.tender_window import day_and_time, region_of

        clarification = ctx.value("clarification_deadline")
        submission = ctx.value("submission_deadline")
        if clarification is None or submission is None:
            return None
        if part == "clarification_text":
            return day_and_time(clarification)
        if part == "submission_text":
            return day_and_time(submission)
        c_day, s_day = dates.as_date(clarification), dates.as_date(submission)
        if c_day is None or s_day is None:
            return None
        c_at, s_at = _moment(clarification), _moment(submission)
        after = c_day > s_day or (c_at is not None and s_at is not None and c_at > s_at)
        if part == "after":
            return after
        working = 0 if after else dates.working_days_between(c_day, s_day, region_of(ctx, params))
        if part == "working_days":
            return working
        return f"{working} working day{'s' if working != 1 else ''}"

    return derive


def _moment(value: Any) -> dt.datetime | None:
    text = str(value)
    try:
        return dt.datetime.fromisoformat(text) if "T" in text else None
    except ValueError:
        return None


def _bid_words(ctx: CheckContext, params: dict) -> Any:
    """The words the scored written answers allow: the stated total, else the sum of the
    questions' word limits; missing (total_word_limit) when neither is found."""
    from tendercheck.engine.named_checks.pack_parts import scored_written_questions

    words = peek(ctx, "total_word_limit")
    if words:
        return int(words)
    questions = peek(ctx, "questions")
    if questions:
        limits = [
            int(q["word_limit"]) for q in scored_written_questions(questions) if q.get("word_limit")
        ]
        if limits:
            return sum(limits)
    need(ctx, "total_word_limit")
    return None


def _bid_words_per_10k(ctx: _Values, params: dict) -> Any:
    words = derived(ctx, params, "bid_words")
    annual = derived(ctx, params, "contract_annual_value")
    if words is None or annual is None:
        return None
    return words / (annual / 10_000) if annual > 0 else float("inf")


def _bid_word_allowance(ctx: _Values, params: dict) -> Any:
    annual = derived(ctx, params, "contract_annual_value")
    per_10k = params["figures"].get("words_per_10k")
    return None if annual is None or per_10k is None else annual / 10_000 * float(per_10k)


def _framework_start(ctx: CheckContext, params: dict) -> Any:
    """Whether the contract that starts is a framework or DPS: a DPS, or the words quoted for
    the start date (call-offs, not the framework, set when services begin)."""
    import re

    start = ctx.analysis.facts.get("contract_start")
    words = " ".join(e.quote for e in start.evidence) if start else ""
    return bool(peek(ctx, "dps") or re.search(r"framework|dynamic purchasing", words, re.I))


def _mobilisation_days(ctx: CheckContext, params: dict) -> Any:
    """Days from award to contract start, or a stated mobilisation period in weeks × 7;
    missing (award_date, contract_start) when neither is found."""
    award = dates.as_date(peek(ctx, "award_date"))
    start = dates.as_date(peek(ctx, "contract_start"))
    weeks = peek(ctx, "mobilisation_weeks")
    if award and start:
        return (start - award).days
    if weeks is not None:
        return round(float(weeks) * 7)
    need(ctx, "award_date", "contract_start")
    return None


# Values worked out from the facts, which a ``compare`` rule reads like facts (by name, in its
# fact tests and message). Each records the facts it lacks as missing.
DERIVED = {
    "contract_annual_value": lambda ctx, params: contract_annual(ctx),
    "contract_total_value": lambda ctx, params: contract_total(ctx),
    "contract_annual_text": lambda ctx, params: money(
        derived(ctx, params, "contract_annual_value")
    ),
    "contract_total_text": lambda ctx, params: money(derived(ctx, params, "contract_total_value")),
    "tender_days": _window_part("days"),
    "tender_working_days": _window_part("working_days"),
    "tender_span": _window_part("span"),
    "clarification_after_deadline": _clarification("after"),
    "clarification_working_days": _clarification("working_days"),
    "clarification_gap_text": _clarification("gap_text"),
    "clarification_text": _clarification("clarification_text"),
    "submission_text": _clarification("submission_text"),
    "bid_words": _bid_words,
    "bid_words_per_10k": _bid_words_per_10k,
    "bid_word_allowance": _bid_word_allowance,
    "pack_pages": _pack_pages,
    "framework_start": _framework_start,
    "mobilisation_days": _mobilisation_days,
    "mobilisation_gap_weeks": lambda ctx, params: (
        None if (d := derived(ctx, params, "mobilisation_days")) is None else d / 7
    ),
    "text_sentences": lambda ctx, params: len(ctx.analysis.sentences),
    "pages_per_10k": _pages_per_10k,
}


def derived(ctx: _Values, params: dict, name: str) -> Any:
    if name not in ctx.derived:
        ctx.derived[name] = DERIVED[name](ctx, params)
    return ctx.derived[name]


@dataclass
class _Values(CheckContext):
    """A check context whose fact tests read derived values by name as well as facts."""

    params: dict = field(default_factory=dict)
    derived: dict = field(default_factory=dict)
    stood_in: list[str] = field(default_factory=list)  # facts the text stood in for as true

    def value(self, name: str) -> Any:
        if name in DERIVED:
            return derived(self, self.params, name)
        if name in self.params.get("else_patterns", {}) and usable_fact(self, name) is None:
            return self.stand_in(name)
        return super().value(name)

    def stand_in(self, name: str) -> Any:
        """``else_patterns``: an unknown fact reads as true when a sentence matches one of its
        patterns (the sentence is quoted when the problem is said), false when none does."""
        patterns = self.params.get("else_patterns", {}).get(name)
        if patterns is None:
            return None
        key = ("stand_in", name)
        if key not in self.derived:
            self.derived[key] = mentions(self, patterns)
        if self.derived[key] and name not in self.stood_in:
            self.stood_in.append(name)
        return bool(self.derived[key])

    def stand_in_evidence(self, names: list[str]) -> list[Evidence]:
        quotes = self.params["else_quotes"]
        return [s.evidence() for n in names for s in self.derived[("stand_in", n)][:quotes]]


def _with_figures(test: Any, figures: dict) -> Any:
    """A fact test with ``value: {figure: NAME}`` replaced by the rule's figure."""
    if isinstance(test, list):
        return [_with_figures(t, figures) for t in test]
    if not isinstance(test, dict):
        return test
    if set(test) == {"figure"}:
        return figures[test["figure"]]
    return {k: _with_figures(v, figures) for k, v in test.items()}


@check_kind("compare")
class Compare(CheckKind):
    """Fails when any of ``problems`` holds: each is ``{when: FACT_TEST, says: TEXT}``, read in
    order (with ``first_only``, the first that holds is the only one said). A fact test reads
    facts and the derived values (``DERIVED``: contract_annual_value, contract_total_value,
    their ``_text`` forms, tender_days, tender_working_days, tender_span, pack_pages,
    pages_per_10k, and the clarification deadline's: clarification_after_deadline,
    clarification_working_days, clarification_gap_text, clarification_text, submission_text;
    the bid's words: bid_words, bid_words_per_10k of annual value, and bid_word_allowance, the
    annual value over £10,000 × the figure ``words_per_10k``; mobilisation_days from award to
    contract start, or the stated mobilisation weeks × 7, and mobilisation_gap_weeks;
    framework_start, whether the contract starting is a framework or DPS; text_sentences) by name, and
    ``value: {figure: NAME}`` reads the rule's ``figures``. ``unless`` is a test that, when it holds, makes the problems found no fail (a pass).
    ``needs`` names values that must be known before anything else is read; ``not_applicable_when`` a test that makes the rule not
    apply (``not_applicable_detail`` says why, and may read ``texts``; with ``needs_first: false``
    it is read before ``needs``; with ``unknown_applicability: stop``, a test that
    cannot be decided makes the rule not assessed). ``else_patterns`` lets the text stand in
    for a fact that is unknown: ``{tupe_information: [patterns]}`` reads it as true when a
    sentence matches (quoting up to ``else_quotes`` such sentences when a problem that read it
    is said), false when none does, and never missing. ``texts`` names message words chosen by
    tests: ``{who: [{when: TEST, says: TEXT}, ...]}`` gives ``{who}`` the first text whose test
    holds ("" when none does). ``not_assessed_when``: with no problem found (and none untested),
    a test that makes the rule not assessed, needing the facts ``not_assessed_needs`` names. A
    fail quotes at most ``max_fact_evidence`` places where facts were read, then the sentences
    that stood in; when it has nothing to quote, the sentences that stood in for the facts
    ``quote_when_none`` names. No problem, and one that could not be tested:
    not assessed. The message reads ``{problems}``, every figure and every value read; a fail
    quotes where the ``evidence`` facts were read (by default, the facts the tests read), up to
    ``max_evidence`` places when it is set."""

    def validate_more(self, params):
        figures = params.get("figures") or {}
        tests = [p.get("when") for p in params["problems"] if isinstance(p, dict)]
        if len(tests) != len(params["problems"]) or not all(tests):
            return "problems", "each problem is a table {when: a fact test, says: text}"
        named = [
            (key, params.get(key)) for key in ("not_applicable_when", "unless", "not_assessed_when")
        ]
        named += [(f"problems[{i}].when", test) for i, test in enumerate(tests)]
        for name, choices in (params.get("texts") or {}).items():
            for i, choice in enumerate(choices):
                if "when" not in choice or not isinstance(choice.get("says", ""), str):
                    return (
                        f"texts.{name}[{i}]",
                        "each text is a table {when: a fact test, says: text}",
                    )
                named.append((f"texts.{name}[{i}].when", choice["when"]))
        for path, test in named:
            if test is None:
                continue
            problem = validate_test(test, path) or _figure_problem(test, figures, path)
            if problem:
                return problem
        unknown = [n for n in params.get("show", []) if n not in DERIVED]
        if unknown:
            return "show", f"no derived value {unknown[0]!r} ({', '.join(DERIVED)})"
        return None

    def run(self, ctx: CheckContext, params: dict) -> Outcome:
        from tendercheck.engine import render_message

        values = _Values(ctx.analysis, ctx.rule, ctx.effort, ctx.used, ctx.missing, params)
        figures = dict(params["figures"])

        def lacking() -> bool:
            return bool([name for name in params["needs"] if values.value(name) is None])

        if params["needs_first"] and lacking():
            return Outcome("not-assessed")
        test = params.get("not_applicable_when")
        applicable = None if test is None else run_test(values, _with_figures(test, figures))
        if applicable is None and test is not None and params["unknown_applicability"] == "stop":
            return Outcome("not-assessed")
        if applicable:
            words = {**figures, **_texts(values, params, figures)}
            detail = render_message(params["not_applicable_detail"], words, ctx.analysis)
            return Outcome("not-applicable", detail=detail)
        if not params["needs_first"] and lacking():
            return Outcome("not-assessed")
        said: list[str] = []
        unknown = False
        stood_in: list[str] = []  # facts the text stood in for in the problems said
        for problem in params["problems"]:
            values.stood_in = []
            verdict = run_test(values, _with_figures(problem["when"], figures))
            if verdict is None:
                unknown = True
            elif verdict:
                said.append(problem.get("says", ""))
                stood_in += [n for n in values.stood_in if n not in stood_in]
                if params["first_only"]:
                    break
        test = params.get("unless")
        if said and test is not None and run_test(values, _with_figures(test, figures)):
            said, unknown = [], False
        test = params.get("not_assessed_when")
        quiet = not said and not unknown and test is not None
        if quiet and run_test(values, _with_figures(test, figures)):
            ctx.missing.extend(n for n in params["not_assessed_needs"] if n not in ctx.missing)
            return Outcome("not-assessed")
        chosen: dict[str, str] = {}
        if said or not unknown:
            for name in params["show"]:
                derived(values, params, name)
            chosen = _texts(values, params, figures)
        args = {**figures, **{k: v for k, v in values.derived.items() if isinstance(k, str)}}
        args.update(chosen)
        args["problems"] = params["joiner"].join(
            render_message(text, args, ctx.analysis) for text in said
        )
        if said:
            names = params["evidence"]
            evidence = fact_evidence(ctx, *names) if names else ctx.evidence()
            evidence = evidence[: params.get("max_fact_evidence")]
            evidence += [e for e in values.stand_in_evidence(stood_in) if e not in evidence]
            if not evidence:
                names = params["quote_when_none"]
                unread = [n for n in names if usable(ctx.analysis, n) is None]
                evidence = values.stand_in_evidence([n for n in unread if values.stand_in(n)])
            return Outcome("fail", evidence[: params.get("max_evidence")], args=args)
        if unknown:
            return Outcome("not-assessed", args=args)
        return Outcome("pass", args=args)


def _texts(values: _Values, params: dict, figures: dict) -> dict[str, str]:
    """``texts``: each name's first text whose test holds ("" when none does). Words for the
    message, not what the finding quotes: the facts they read are not marked used."""
    used = list(values.used)
    chosen = {
        name: next(
            (
                str(c.get("says", ""))
                for c in choices
                if run_test(values, _with_figures(c["when"], figures))
            ),
            "",
        )
        for name, choices in params["texts"].items()
    }
    values.used[:] = used
    return chosen


def _figure_problem(test: Any, figures: dict, path: str) -> tuple[str, str] | None:
    if isinstance(test, dict):
        if set(test) == {"figure"}:
            if test["figure"] not in figures:
                return path, f"no figure {test['figure']!r} in figures"
            return None
        for key, inner in test.items():
            problem = _figure_problem(inner, figures, f"{path}.{key}")
            if problem:
                return problem
    if isinstance(test, list):
        for i, inner in enumerate(test):
            problem = _figure_problem(inner, figures, f"{path}[{i}]")
            if problem:
                return problem
    return None
