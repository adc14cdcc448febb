"""Generic check kinds over list facts and the readings behind a fact (issue 13):

- ``fact_count``: the items of a list fact matching a description, counted against a limit
  (EFFORT-03: scored written questions with no word or page limit).
- ``conflicting_values``: the documents give one fact different values (TIME-05: two
  submission deadlines, or two issue dates).
- ``demand_count``: the demands on every bidder that a pack makes, counted by their quotes,
  read from demand facts or, when none was produced, from the clauses that make them (EFFORT-05:
  copies of evidence with the tender).

Their options, with types and defaults, are declared in tendercheck/data/options.yaml under
``kinds:``.
"""

from __future__ import annotations

from typing import Any

from tendercheck.engine.checks import CheckKind, check_kind
from tendercheck.engine.context import OPERATORS, CheckContext, run_test
from tendercheck.engine.items import holds_any, item_text
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.evidence import fact_evidence, sentences_quoting
from tendercheck.engine.named_checks.fact_reading import need, peek
from tendercheck.engine.named_checks.patterns import compile_any, mentions
from tendercheck.nlp import dates
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.model import Evidence, Fact

__all__ = ["ConflictingValues", "DemandCount", "FactCount"]


# --- fact_count --------------------------------------------------------------------------------


def _label(item: Any, width: int) -> str:
    if isinstance(item, dict):
        found = item.get("id") or item.get("name") or item.get("text") or item.get("quote")
        return str(item if found is None else found)[:width]
    return str(item)[:width]


@check_kind("fact_count")
class FactCount(CheckKind):
    """Counts the items of a list fact that match ``where`` (every field equal to its value)
    and ``lacks`` (each field missing, empty or zero), among the items no field of ``skip``
    excludes (field: the values that exclude it); fails when ``count op value`` holds.

    EFFORT-03 counts the scored written questions with no word or page limit; the kind fits any
    list fact of items with fields (KPIs without a target, certifications demanded at bid stage,
    questions over a weighting). A fact not found is not assessed, unless ``absent_is: empty``
    or the ``empty_when`` fact test holds (a price-only award has no questions to limit): then
    it counts none. Arguments: count, items (the labels of the counted items, each its id, name,
    text or quote cut to ``label_width``; ``max_names`` of them joined by ``names_joiner``, "…"
    after them when there are more). A fail quotes the sentences holding the items' quotes (or
    text), else where the fact was read.
    """

    def run(self, ctx, params):
        fact = ctx.analysis.facts.get(params["fact"])
        if fact is None or fact.value is None or fact.placeholder:
            if params.get("absent_is") == "empty" or self._empty(ctx, params):
                return Outcome("pass", args={"count": 0, "items": ""})
            ctx.missing.append(params["fact"])
            return Outcome("not-assessed")
        ctx.used.append(fact)
        items = fact.value if isinstance(fact.value, list) else [fact.value]
        where, lacks, skip = params["where"], params["lacks"], params["skip"]
        counted = [
            i
            for i in items
            if isinstance(i, dict)
            and not holds_any(i, skip)
            and all(i.get(k) == v for k, v in where.items())
            and not any(i.get(k) for k in lacks)
        ]
        count = len(counted)
        most = params["max_names"]
        labels = [_label(i, params["label_width"]) for i in counted]
        named = params["names_joiner"].join(labels[:most]) + (" …" if len(labels) > most else "")
        args = {"count": count, "items": named}
        if not OPERATORS[params["op"]](count, params["value"]):
            return Outcome("pass", args=args)
        evidence = sentences_quoting(ctx, [item_text(i) for i in counted]) or fact_evidence(
            ctx, params["fact"]
        )
        return Outcome("fail", evidence, args=args)

    @staticmethod
    def _empty(ctx: CheckContext, params: dict) -> bool:
        """Whether ``empty_when`` holds; the facts it reads are not the rule's to ask for."""
        test = params.get("empty_when")
        if test is None:
            return False
        return run_test(CheckContext(ctx.analysis, ctx.rule, ctx.effort), test) is True


# --- conflicting_values ------------------------------------------------------------------------


def _distinct(facts: list[Fact], compare: str) -> list[Fact]:
    """The documents' readings that give different values: with ``compare: dates``, different
    days, or different times on the one day (a reading that is no date is left out); with
    ``as_written``, values that differ as written (case and spacing aside). Fewer than two: []."""
    groups: dict[Any, list[Fact]] = {}
    for fact in facts:
        if fact.source != "document" or fact.value is None or fact.placeholder:
            continue
        if compare == "dates":
            key: Any = dates.as_date(fact.value)
            if key is None:
                continue
        else:
            key = " ".join(str(fact.value).split()).lower()
        groups.setdefault(key, []).append(fact)
    out: list[Fact] = [group[0] for group in groups.values()]
    if compare == "dates" and len(groups) == 1:
        times: dict[str, Fact] = {}
        for fact in next(iter(groups.values())):
            text = str(fact.value)
            if "T" in text:
                times.setdefault(text[11:16], fact)
        if len(times) > 1:
            out = list(times.values())
    return out if len(out) > 1 else []


@check_kind("conflicting_values")
class ConflictingValues(CheckKind):
    """Fails when the documents give one of ``facts`` more than one value: every reading of
    the fact from the documents is compared (``compare: dates``: a different day, or a
    different time on the same day; ``as_written``: a different value), not only the one
    chosen.

    TIME-05 reads the submission deadline and the issue date; the kind fits any fact a pack
    states in several places (the contract value, its duration, the clarification deadline).
    ``misread_as`` names, for a fact, another fact whose value a reading may be a misreading of
    (a "deadline" that is the clarification deadline): such readings are left out. No conflict
    is a pass when every fact in ``needs`` is known, else not assessed. Arguments: conflicts
    (each worded by ``wording`` with count, label, from ``labels``, and values), joined by "; ".
    """

    def validate_more(self, params):
        for key in ("labels", "misread_as"):
            for name, value in (params.get(key) or {}).items():
                if not isinstance(value, str):
                    return f"{key}.{name}", "must be text"
        return None

    def run(self, ctx, params):
        from tendercheck.engine.named_checks.tender_window import day_and_time

        found: list[str] = []
        evidence: list[Evidence] = []
        for name in params["facts"]:
            readings = ctx.analysis.candidates.get(name, [])
            other = params["misread_as"].get(name)
            misread = peek(ctx, other) if other else None
            if misread is not None:
                readings = [f for f in readings if str(f.value) != str(misread)]
            distinct = _distinct(readings, params["compare"])
            if not distinct:
                continue
            show = day_and_time if params["compare"] == "dates" else str
            found.append(
                params["wording"].format(
                    count=len(distinct),
                    label=params["labels"].get(name, name.replace("_", " ")),
                    values=", ".join(show(f.value) for f in distinct),
                )
            )
            for fact in distinct:
                evidence.extend(e for e in fact.evidence[:2] if e not in evidence)
        if found:
            return Outcome("fail", evidence, args={"conflicts": "; ".join(found)})
        if [name for name in params["needs"] if ctx.fact(name) is None]:
            return Outcome("not-assessed")
        return Outcome("pass")


# --- demand_count ------------------------------------------------------------------------------


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _item_quote(item: Any) -> str:
    return str(item.get("quote", "") if isinstance(item, dict) else item)


@check_kind("demand_count")
class DemandCount(CheckKind):
    """Counts the demands a pack makes of every bidder, by their quotes, and fails at
    ``min_count``: each item of the list facts ``facts``, and each item of ``filtered_facts``
    whose quote matches ``patterns`` and no ``unless`` pattern (the same quote counted once).
    When none of those facts was produced, the sentences matching ``patterns`` (no ``unless``)
    that the clause model reads as ``reader`` (a demand of every bidder at bid stage, not a
    duty under the contract or a request to the winner) are counted instead.

    EFFORT-05 counts copies of evidence demanded with the tender (the facts
    evidence_at_bid_stage and attachments_demanded); the kind fits any demand a fact lists and a
    phrase can find (policies, forms to upload, references). With no facts and no text: not
    assessed. Arguments: count, examples (the first ``max_examples`` quotes, each cut to
    ``clip`` characters).
    """

    def validate_more(self, params):
        from tendercheck.nlp.clauses import vocabulary

        readers = sorted(vocabulary()["readers"])
        if "reader" in params and params["reader"] not in readers:
            return "reader", f"no clause reader {params['reader']!r} (one of {', '.join(readers)})"
        return None

    def run(self, ctx, params):
        lists = {name: peek(ctx, name) for name in params["facts"]}
        filtered = {name: peek(ctx, name) for name in params["filtered_facts"]}
        evidence: list[Evidence]
        if all(v is None for v in (*lists.values(), *filtered.values())):
            if not ctx.analysis.sentences:
                need(ctx, *params["facts"])
                return Outcome("not-assessed")
            hits = mentions(ctx, params["patterns"], params["unless"])
            hits = [s for s in hits if reads(params["reader"], s.clause)]
            quotes = [s.text for s in hits]
            evidence = [s.evidence() for s in hits[:10]]
        else:
            quotes = [_item_quote(i) for v in lists.values() for i in v or []]
            wanted = compile_any(params["patterns"])
            skip = compile_any(params["unless"]) if params["unless"] else None
            for value in filtered.values():
                for item in value or []:
                    quote = _item_quote(item)
                    if wanted.search(quote) and not (skip and skip.search(quote)):
                        quotes.append(quote)
            quotes = list(dict.fromkeys(" ".join(q.split()) for q in quotes if q.strip()))
            evidence = sentences_quoting(ctx, quotes) or fact_evidence(ctx, *params["facts"])
        count = len(quotes)
        shown = quotes[: params["max_examples"]]
        args = {
            "count": count,
            "examples": "; ".join(f"“{_clip(q, params['clip'])}”" for q in shown),
        }
        if count >= params["min_count"]:
            return Outcome("fail", evidence, args=args)
        return Outcome("pass", args=args)
