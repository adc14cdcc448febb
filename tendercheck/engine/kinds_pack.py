"""Generic check kinds that compare parts of the pack by the content words they share (issue 13).

- ``spec_overlap``: items (scored questions, social value asks) whose content words are (almost)
  absent from the specification, judged one by one (SPEC-09) or pooled (SOCIAL-05).
- ``item_match``: items of one list (stated outcomes, prescriptive conditions) that share too
  few content words with every item of another (questions, KPIs, payment terms; outcomes):
  OUTCOME-03 and OUTCOME-06.

Both read "content words": stemmed words less stop words, numbers and the rule's generic bid
words (:mod:`tendercheck.engine.named_checks.text`). Their options, with types and defaults,
are declared in tendercheck/data/options.yaml under ``kinds:``. Items come from a list of
sources (the ``sources`` option type): ``{fact, where, skip, patterns}`` reads the items of a
list fact (``where`` keeps table items whose fields hold one of the given values, ``skip``
drops them, ``patterns`` keeps items whose words match one) and ``{patterns}`` alone reads the
pack's sentences that match one.
"""

from __future__ import annotations

from typing import Any

from tendercheck.engine.checks import CheckKind, check_kind
from tendercheck.engine.context import CheckContext
from tendercheck.engine.items import holds_all, holds_any, item_text
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.evidence import item_evidence
from tendercheck.engine.named_checks.pack_parts import spec_sentences
from tendercheck.engine.named_checks.patterns import compile_any, first_match
from tendercheck.engine.named_checks.text import WORD, norm, overlap, sentence_terms, text_terms
from tendercheck.nlp.model import Fact, Sentence

# --- reading items ------------------------------------------------------------------------------


class Side:
    """The items read from a list of sources, the fact each came from, and the facts to name
    when the side could not be read: all of ``needs`` (by default every fact source) absent and
    no item read from a fact. ``dedupe``: the same words from anywhere count once."""

    def __init__(self, ctx: CheckContext, sources: list[dict], needs: list[str], dedupe: bool):
        self.items: list[Any] = []
        self.origin: list[Fact | None] = []
        self.facts: list[Fact] = []
        self.absent: list[str] = []  # fact sources not produced (or left as placeholders)
        seen: set[str] = set()
        from_facts = False
        for source in sources:
            pattern = compile_any(source["patterns"]) if source.get("patterns") else None
            if "fact" not in source:
                found = [(s.text, None) for s in ctx.analysis.sentences if pattern.search(s.text)]
            else:
                fact = ctx.analysis.facts.get(source["fact"])
                if fact is None or fact.placeholder or not isinstance(fact.value, list):
                    self.absent.append(source["fact"])
                    continue
                self.facts.append(fact)
                if fact not in ctx.used:
                    ctx.used.append(fact)
                where, skip = source.get("where") or {}, source.get("skip") or {}
                found = [
                    (i, fact)
                    for i in fact.value
                    if item_text(i)
                    and holds_all(i, where)
                    and not holds_any(i, skip)
                    and (pattern is None or pattern.search(item_text(i)))
                ]
                from_facts = from_facts or bool(found)
            for item, origin in found:
                text = item_text(item)
                if not text or (dedupe and text in seen):
                    continue
                seen.add(text)
                self.items.append(item)
                self.origin.append(origin)
        named = needs or [s["fact"] for s in sources if "fact" in s]
        unread = all(n in self.absent for n in named) and not from_facts
        self.missing = [n for n in named if n in self.absent] if unread else []

    @property
    def texts(self) -> list[str]:
        return [item_text(i) for i in self.items]


def _label(quote: str, width: int) -> str:
    quote = " ".join(quote.split())
    return f"“{quote[:width]}…”" if len(quote) > width else f"“{quote}”"


# --- item_match ---------------------------------------------------------------------------------


@check_kind("item_match")
class ItemMatch(CheckKind):
    """Items (``items`` sources) sharing fewer than ``min_shared`` content words (or all they
    have, when fewer) with every target (``targets`` sources) fail: a stated outcome no question,
    KPI or payment term takes up (OUTCOME-03); a prescriptive condition no stated outcome needs
    (OUTCOME-06). Items with no content words are not judged; the same words count once.

    ``not_applicable_without`` names the side whose emptiness makes the rule moot: read and
    empty, the rule is not applicable (``not_applicable_detail``) whatever the other side holds.
    Otherwise a side that could not be read (``items_need`` / ``targets_need``) leaves it not
    assessed, naming those facts. Arguments: count (unmatched), total (items), items (labels of
    the first ``max_listed``)."""

    def run(self, ctx, params):
        items = Side(ctx, params["items"], params["items_need"], dedupe=True)
        targets = Side(ctx, params["targets"], params["targets_need"], dedupe=True)
        premise = items if params["not_applicable_without"] == "items" else targets
        if not premise.missing and not premise.items:
            return Outcome("not-applicable", detail=params["not_applicable_detail"])
        missing = items.missing + targets.missing
        if missing:
            ctx.missing.extend(m for m in missing if m not in ctx.missing)
            return Outcome("not-assessed")
        generic = params["generic_words"]
        target_terms = [text_terms(t, generic) for t in targets.texts]
        unmatched: list[int] = []
        for n, text in enumerate(items.texts):
            terms = text_terms(text, generic)
            need = min(params["min_shared"], len(terms))
            if need and not any(len(terms & t) >= need for t in target_terms):
                unmatched.append(n)
        quotes = [items.texts[n] for n in unmatched]
        listed = quotes[: params["max_listed"]]
        args = {
            "count": len(unmatched),
            "total": len(items.items),
            "items": "; ".join(_label(q, params["label_width"]) for q in listed),
        }
        if not unmatched:
            return Outcome("pass", args=args)
        limit = params["max_evidence"]
        evidence = item_evidence(ctx.analysis, None, quotes, limit=limit)
        if not evidence:  # no quote is in the text (supplied facts): where those facts were read
            for n in unmatched:
                origin = items.origin[n]
                evidence += [ev for ev in (origin.evidence if origin else []) if ev not in evidence]
            evidence = evidence[:limit]
        return Outcome("fail", evidence, args=args)


# --- spec_overlap -------------------------------------------------------------------------------


@check_kind("spec_overlap")
class SpecOverlap(CheckKind):
    """Items (``items`` sources) whose content words are found in the specification at a share
    under ``min_overlap`` fail: judged one by one (``judge: each``: scored questions, SPEC-09;
    items with fewer than ``min_terms`` content words are not judged) or pooled (``judge:
    together``: the social value asks, SOCIAL-05). The specification's sentences matching
    ``reference_unless`` are left out, and with ``leave_out_items`` so are the blocks the item
    facts were read from and sentences repeating an item (a questionnaire inside the
    specification must not match itself).

    No items: with ``mentioned_by``, not applicable (``none_detail``) when no sentence of the
    pack matches it, else not assessed naming the first fact source; without, not assessed when
    a fact source is absent, else not applicable. Arguments, each: count, total (judged), floor,
    items (labels with their shares); together: share, floor, shared (the items' words also in
    the specification)."""

    def run(self, ctx, params):
        analysis = ctx.analysis
        side = Side(ctx, params["items"], [], dedupe=False)
        first = next((s["fact"] for s in params["items"] if "fact" in s), None)
        if not side.items and params["mentioned_by"]:
            mentioned = first_match(analysis, compile_any(params["mentioned_by"]))
            if mentioned is None and analysis.sentences:
                return Outcome("not-applicable", detail=params["none_detail"])
            ctx.missing.extend([first] if first else [])
            return Outcome("not-assessed")
        spec = spec_sentences(analysis)
        missing = (["spec_start"] if not spec else []) + ([] if side.items else side.absent)
        if missing:
            ctx.missing.extend(missing)
            return Outcome("not-assessed")
        if not side.items:
            return Outcome("not-applicable", detail=params["none_detail"])
        generic = params["generic_words"]
        reference = sentence_terms(_reference(spec, params, side), generic)
        if not reference:
            return Outcome(
                "not-assessed", detail="the specification has no content words to compare"
            )
        fact = analysis.facts.get(first) if first else None
        if params["judge"] == "together":
            return _together(ctx, params, side.texts, reference, fact)
        return _each(ctx, params, side.items, reference, fact)


def _reference(spec: list[Sentence], params: dict, side: Side) -> list[Sentence]:
    """The specification's sentences the items are compared with, in one pass."""
    unless = compile_any(params["reference_unless"]) if params["reference_unless"] else None
    blocks: set[tuple[int, int]] = set()
    repeated: set[str] = set()
    if params["leave_out_items"]:
        blocks = {(e.doc_index, e.block) for f in side.facts for e in f.evidence}
        repeated = {norm(t) for t in side.texts}  # once, not once per sentence
    return [
        s
        for s in spec
        if not (unless and unless.search(s.text))
        and (s.doc_index, s.block) not in blocks
        and not (repeated and norm(s.text) in repeated)
    ]


def _too_short(params: dict) -> Outcome:
    return Outcome("not-assessed", detail=f"the {params['items_called']} are too short to compare")


def _together(ctx, params, texts: list[str], reference: set[str], fact) -> Outcome:
    generic = params["generic_words"]
    terms = set().union(*(text_terms(t, generic) for t in texts))
    if len(terms) < params["min_terms"]:
        return _too_short(params)
    share = overlap(terms, reference)
    shared = terms & reference
    words = [w.lower() for t in texts for w in WORD.findall(t)]
    shown = [w for w in dict.fromkeys(words) if text_terms(w, generic) & shared]
    args = {
        "share": share,
        "floor": params["min_overlap"],
        "shared": ", ".join(shown[: params["max_listed"]]) or "none",
    }
    if share >= params["min_overlap"]:
        return Outcome("pass", args=args)
    evidence = item_evidence(ctx.analysis, fact, texts, limit=params["max_evidence"])
    return Outcome("fail", evidence, args=args)


def _each(ctx, params, items: list, reference: set[str], fact) -> Outcome:
    generic = params["generic_words"]
    floor = params["min_overlap"]
    low: list[tuple[Any, float]] = []
    judged = 0
    for item in items:
        terms = text_terms(item_text(item), generic)
        if len(terms) < params["min_terms"]:
            continue
        judged += 1
        share = overlap(terms, reference)
        if share < floor:
            low.append((item, share))
    if not judged:
        return _too_short(params)
    width = params["label_width"]
    labels = [
        f"{(i.get('id') if isinstance(i, dict) else None) or item_text(i)[:width] + '…'}"
        f" ({share:.0%})"
        for i, share in low
    ]
    args = {
        "count": len(low),
        "total": judged,
        "floor": floor,
        "items": "; ".join(labels[: params["max_listed"]]),
    }
    if not low:
        return Outcome("pass", args=args)
    quotes = [item_text(i) for i, _ in low]
    evidence = item_evidence(ctx.analysis, fact, quotes, limit=params["max_evidence"])
    return Outcome("fail", evidence, args=args)
