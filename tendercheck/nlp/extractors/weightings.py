"""Weightings of the award criteria (price / quality / social value, by lot) and the award method."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.nlp import tables
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.extractors.evaluation_patterns import (
    EVALUATION_GUIDANCE_RE,
    EXAMPLE_TABLE_RE,
    ID_CELL_RE,
    PCT_CELL_RE,
    PLACEHOLDER_RE,
    WEIGHT_WORD_RE,
    context_before,
    criteria_category,
    lot_key,
    quote_evidence,
    row_index,
)
from tendercheck.nlp.model import Evidence, Fact

_PAIR_AFTER = lazyre.compile(
    r"\b(social value|community benefits?|quality|technical(?: merit)?|price|pricing|cost|commercial"
    r"|(?:written |short )?(?:description|experience|method statements?|proposal|approach"
    r"|methodology|answers|responses))"
    r"\s*(?:element|criteri(?:on|a)|score)?\s*(?:\((?:Q|questions?\s*)[^()]{0,20}\)\s*)?"
    # the part of the evaluation it belongs to: "Pricing for this section is 80% of the overall
    # score", "price in this lot counts for 40%"
    r"(?:(?:for|in|within|on)\s+(?:this|the|each|that|these)\s+(?:section|lot|stage|part"
    r"|element|round)s?\s+)?"
    r"(?:[:=–—-]|\(|at|is|of|(?:will\s+)?(?:counts?|accounts?)\s+for"
    r"|(?:will\s+)?(?:carr(?:y|ies)|(?:be\s+|is\s+)?worth)|for)?\s*"
    r"(?:the\s+(?:remaining|other|final|balance of(?: the)?)\s+)?(\d{1,3}(?:\.\d+)?)\s*"
    r"(%|per ?cent\b|points?\b|marks?\b)",
    re.I,
)
# "Price carries the remaining 40%": one figure that completes the others stated elsewhere.
_REMAINDER_RE = lazyre.compile(r"\b(?:the\s+)?(?:remaining|remainder|balance of)\b", re.I)
_PAIR_BEFORE = lazyre.compile(
    r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*(%|per ?cent\b|points?\b|marks?\b)\s*(?:weighting\s*)?"
    r"(?:of the (?:marks|score|points|total)\s*)?"
    r"(?:for|to|on|allocated to|awarded (?:for|to))?\s*(?:the\s*|your\s*)?"
    r"(social value|community benefits?|quality|technical|price|pricing|cost|commercial|"
    r"(?:written |short )?(?:description|proposal|method statement|answers?|responses?)"
    r"(?: (?:of|to) (?:the|your) (?:work|questions?|services?))?)\b",
    re.I,
)
_LINE_RE = lazyre.compile(
    r"^\s*([A-Za-z][A-Za-z &/,'’-]{1,50}?)\s*[:=–—-]?\s*(\d{1,3}(?:\.\d+)?)\s*"
    r"(%|points?|marks?)\s*\.?\s*$",
    re.I,
)
_TITLE_ROW_RE = lazyre.compile(
    r"^\s*([A-Za-z][A-Za-z &/,'’()-]{1,60}?)\s*[–—:-]\s*(\d{1,3}(?:\.\d+)?)\s*%\s*$"
)
_OUT_OF_RE = lazyre.compile(r"\bout of (\d{2,4})\b|\btotal of (\d{2,4}) (?:points|marks)\b", re.I)
_RANK_RE = lazyre.compile(
    r"\b(?:in (?:descending )?order of (?:importance|priority)|ranked in order)\b", re.I
)
_WEIGHT_PLACEHOLDER_RE = lazyre.compile(
    r"\[[^\]]*(?:%|figure|weight|percent)[^\]]*\]|\bX{1,3}\s?%|\binsert\s*%", re.I
)


class _WeightSet:
    def __init__(self, kind: str, lot: str | None, source: str, confidence: float) -> None:
        self.kind = kind  # percent | points
        self.lot = lot
        self.source = source
        self.confidence = confidence
        self.items: list[tuple[str, float]] = []  # (category, value)
        self.evidence: list[Evidence] = []
        self.total: float | None = None

    def add(self, category: str | None, value: float, ev: Evidence | None) -> None:
        self.items.append((category or "quality", value))
        if ev is not None and ev not in self.evidence:
            self.evidence.append(ev)

    @property
    def sum(self) -> float:
        return sum(v for _, v in self.items)

    def complete(self) -> bool:
        total = self.total or (100.0 if self.kind == "percent" else self.sum)
        return bool(self.items) and abs(self.sum - total) <= 0.6

    def as_percent(self, only_named: bool = False) -> dict[str, float]:
        total = self.total or (100.0 if self.kind == "percent" else self.sum) or 100.0
        out: dict[str, float] = {}
        for cat, value in self.items:
            out[cat] = out.get(cat, 0.0) + value
        factor = 100.0 / total
        result = {k: round(v * factor, 2) for k, v in out.items()}
        if only_named:
            result.pop("quality", None)
        return {k: (int(v) if float(v).is_integer() else v) for k, v in result.items()}


def _weight_sets(ctx: Context, questions: list[dict]) -> list[_WeightSet]:
    sets: list[_WeightSet] = []
    idx = row_index(ctx)
    for d, doc in enumerate(ctx.pack.documents):
        title_set = _WeightSet("percent", None, "table titles", 0.85)
        line_set: _WeightSet | None = None
        last_lot_text = ""
        for b, block in enumerate(doc.blocks):
            if block.kind == "table" and block.rows:
                line_set = _close(line_set, sets)
                before = context_before(doc, b)
                if EXAMPLE_TABLE_RE.search(" ".join(block.rows[0])) or re.search(
                    r"\bexample\b", before, re.I
                ):
                    continue
                _table_weights(ctx, idx, d, b, block, before, sets, title_set)
                continue
            text = block.text.strip()
            m = _LINE_RE.match(text) if len(text) < 70 else None
            if m and criteria_category(m.group(1)) and not PLACEHOLDER_RE.search(text):
                if line_set is None:
                    kind = "percent" if m.group(3) == "%" else "points"
                    line_set = _WeightSet(kind, lot_key(last_lot_text), "lines", 0.85)
                sents = idx.blocks.get((d, b), [])
                line_set.add(
                    criteria_category(m.group(1)),
                    float(m.group(2)),
                    quote_evidence(sents[0]) if sents else None,
                )
                continue
            line_set = _close(line_set, sets)
            if text:
                last_lot_text = text
        _close(line_set, sets)
        if title_set.items and title_set.complete():
            sets.append(title_set)
    # Prose: "Quality 60% / Price 40%", "60% quality and 40% price".
    for s in ctx.sentences:
        if s.kind == "table" or len(s.text) > 600:
            continue
        if not reads("tender_figures", s.clause) or (s.clause and s.clause.force == "conditional"):
            continue  # another procurement's, or "for any direct award we would weight price…"
        low = s.text.lower()
        if "%" not in low and "point" not in low and "mark" not in low and "per cent" not in low:
            continue
        if not any(
            k in low
            for k in (
                "quality",
                "price",
                "social value",
                "cost",
                "commercial",
                "technical",
                "community benefit",
                "pricing",
            )
        ):
            continue
        if EVALUATION_GUIDANCE_RE.search(s.text) or _WEIGHT_PLACEHOLDER_RE.search(s.text):
            continue
        if _LINE_RE.match(s.text.strip()) and not _REMAINDER_RE.search(s.text):
            continue  # a one-line block, already read above (a lone remainder is not kept there)
        found = [(m, 1, 2, 3) for m in _PAIR_AFTER.finditer(s.text)]
        found += [(m, 3, 1, 2) for m in _PAIR_BEFORE.finditer(s.text)]
        pairs = [(m.group(a), m.group(b), m.group(c), m.group(0)) for m, a, b, c in found]
        if not pairs:
            continue
        pairs += _described_weights(s.text, [(m.start(), m.end()) for m, *_ in found], pairs)
        if (
            len(pairs) < 2
            and not WEIGHT_WORD_RE.search(s.text)
            and not _REMAINDER_RE.search(s.text)
        ):
            continue
        kind = "percent" if pairs[0][2].strip().startswith(("%", "per")) else "points"
        ws = _WeightSet(kind, lot_key(s.text), "prose", 0.75 if len(pairs) > 1 else 0.55)
        out_of = _OUT_OF_RE.search(s.text)
        if out_of and kind == "points":
            ws.total = float(out_of.group(1) or out_of.group(2))
        seen = set()
        for label, value, _unit, quote in pairs:
            cat = criteria_category(label)
            if cat in seen:
                continue
            seen.add(cat)
            ws.add(cat, float(value), quote_evidence(s, quote))
        sets.append(ws)
    # Per-question weights rolled up by topic, one set per table (per lot when tables are by lot),
    # or one for the document when its question tables are split by category (SV / quality / price).
    by_table: dict[tuple, _WeightSet] = {}
    seen: set[tuple] = set()
    for q in questions:
        if q.get("weighting") is None:
            continue
        if q.get("_table"):
            lot = q.get("_table_lot")
            key = (q["_table"][0], lot) if lot is None else (q["_table"], lot)
        elif q.get("_doc") is not None:
            lot = q.get("lot")
            key = ("prose", q["_doc"], lot)  # "Q1 … (40%, 800 words)" in a document's list
        else:
            continue
        if (key, q["id"], q["text"]) in seen:
            continue
        seen.add((key, q["id"], q["text"]))
        ws = by_table.setdefault(key, _WeightSet("percent", lot, "questions", 0.8))
        topic = q["topic"] if q["topic"] in ("quality", "price", "social_value") else "quality"
        ws.add(topic, q["weighting"], q["_evidence"])
    sets.extend(by_table.values())
    return sets


# A weight in brackets after the criterion it weighs, that criterion described rather than
# named: "on price (60%) and on how well your plan fits the way our wards work (40%)".
_BRACKETED_WEIGHT = lazyre.compile(r"\(\s*(\d{1,3}(?:\.\d+)?)\s*%\s*\)")
_DESCRIPTION_START = lazyre.compile(r".*(?:[,;:]|\band(?:\s+on)?\b|\bon\b|\bthen\b)\s*", re.I)


def _described_weights(
    text: str, spans: list[tuple[int, int]], pairs: list[tuple[str, str, str, str]]
) -> list[tuple[str, str, str, str]]:
    """Bracketed weights after a described criterion, beside a named one ("price (60%)"), kept
    only when the criterion reads as one (criteria_category) and the weights make 100%."""
    extra = []
    for m in _BRACKETED_WEIGHT.finditer(text):
        if any(lo <= m.start() < hi for lo, hi in spans):
            continue  # the bracket of a named pair
        lo = max([hi for _, hi in spans if hi <= m.start()] + [0])
        lo = max([x.end() for x in _BRACKETED_WEIGHT.finditer(text, 0, m.start())] + [lo])
        label = text[lo : m.start()]
        cut = _DESCRIPTION_START.match(label)
        label = label[cut.end() :] if cut else label
        if not criteria_category(label):
            return []
        extra.append((label.strip(), m.group(1), "%", m.group(0)))
    if not extra or any(not p[2].strip().startswith("%") for p in pairs):
        return []
    total = sum(float(v) for _, v, _, _ in pairs + extra)
    return extra if abs(total - 100) < 0.01 else []


def _close(line_set: _WeightSet | None, sets: list[_WeightSet]) -> None:
    if line_set is not None and len(line_set.items) >= 2:
        sets.append(line_set)
    return None


def _table_weights(ctx, idx, d, b, block, before, sets, title_set) -> None:
    rows = block.rows
    typed = _typed_table(idx, d, b, rows, before)
    if typed is not None:
        if typed.items:
            sets.append(typed)
        return
    header = " ".join(rows[0]).lower()
    ws = _WeightSet("percent", lot_key(before), "criteria table", 0.9)
    has_id = False
    for r, row in enumerate(rows):
        cells = [c.strip() for c in row]
        nonempty = [c for c in cells if c]
        sent = idx.row(d, b, r)
        ev = quote_evidence(sent) if sent else None
        if len(nonempty) == 1:
            m = _TITLE_ROW_RE.match(nonempty[0])
            if m and criteria_category(m.group(1)):
                title_set.add(criteria_category(m.group(1)), float(m.group(2)), ev)
            continue
        if any(ID_CELL_RE.match(c) for c in nonempty[:2]):
            has_id = True
        pcts = [c for c in nonempty if PCT_CELL_RE.match(c)]
        labels = [c for c in nonempty if not PCT_CELL_RE.match(c)]
        if len(pcts) != 1 or not labels or len(labels) > 2:
            continue
        label = labels[-1] if len(labels) > 1 and lot_key(labels[0]) else labels[0]
        if len(label) > 80 or re.search(r"\btotal\b|\bmaximum\b", label, re.I):
            continue
        if PLACEHOLDER_RE.search(" ".join(nonempty)):
            continue
        ws.add(criteria_category(label), float(PCT_CELL_RE.match(pcts[0]).group(1)), ev)
    if has_id:
        return  # a question table: its weights are read per question
    if not ws.items:
        marked = _marks_table(idx, d, b, rows, before)
        if marked is not None:
            sets.append(marked)
        return
    if len(ws.items) >= 2 and ws.complete():
        sets.append(ws)
    elif ws.items and ("weight" in header or "%" in header):
        ws.confidence = 0.6
        ws.source = "partial table"
        sets.append(ws)


def _typed_table(idx, d, b, rows, before) -> _WeightSet | None:
    """An award-criteria table read by its "type" column (an OCDS notice's awardCriteria:
    "type | name | description", then "quality | Methodology | 80", "price |  | 20"): each row's
    kind from that column (tendercheck/data/tables.yaml criterion_types; a quality row named
    social value is social value), its weight from the one column of figures. Figures that sum
    to 100 (or carry "%") are percent, to 1,000 points out of 1,000; fewer than 100 list only
    some criteria (a notice that gives one quality criterion of several): a partial set, of
    which only the named kinds are kept. None when the table has no such column (the other
    readers then try it); an empty set when it has one but its figures are no weights (a sum
    over 100, a range), so no other reader takes them."""
    found = next(
        (
            (h, i)
            for h, head in enumerate(rows[:3])
            for i, cell in enumerate(head)
            if tables.cell_role(cell) == "type"
        ),
        None,
    )
    if found is None:
        return None
    h, type_col = found
    body = [(r, [c.strip() for c in rows[r]]) for r in range(h + 1, len(rows))]
    body = [(r, cells) for r, cells in body if any(cells)]
    if len(body) < 2 or not all(
        type_col < len(cells) and tables.criterion_type(cells[type_col]) for _, cells in body
    ):
        return None
    width = min(len(cells) for _, cells in body)
    figure_cols = [
        i
        for i in range(width)
        if i != type_col and all(tables.number_cell(cells[i]) for _, cells in body)
    ]
    empty = _WeightSet("percent", None, "criteria table", 0.0)
    if not figure_cols:
        return empty
    col = figure_cols[-1]
    figures = [tables.number_cell(cells[col]) for _, cells in body]
    if any(unit not in (None, "%") for _, unit in figures):
        return empty
    total = sum(v for v, _ in figures)
    ws = _WeightSet("percent", lot_key(before), "criteria table", 0.85)
    if abs(total - 1000.0) <= 1.0 and not any(unit for _, unit in figures):
        ws.kind, ws.total = "points", 1000.0
    elif total > 100.6:
        return empty
    elif total < 99.4:
        ws.source, ws.confidence = "partial table", 0.6
    for (r, cells), (figure, _) in zip(body, figures, strict=True):
        sent = idx.row(d, b, r)
        if sent is not None and not reads("tender_figures", sent.clause):
            return empty  # another procurement's table, or a worked example
        kind = tables.criterion_type(cells[type_col])
        named = " ".join(c for i, c in enumerate(cells) if i not in (type_col, col))
        if kind == "quality" and criteria_category(named) == "social_value":
            kind = "social_value"
        ws.add(kind, figure, quote_evidence(sent) if sent else None)
    if len({c for c, _ in ws.items}) < 2:
        return empty
    return ws


def _marks_table(idx, d, b, rows, before) -> _WeightSet | None:
    """A criteria table whose weight column (by its header, tendercheck/data/tables.yaml) holds
    marks or points, or bare figures: each row's criterion and figure, the total row's figure
    (else "out of N" just before the table, else the rows' sum) as the whole. Only a table that
    weighs more than one kind of criterion (a quality-only table's marks are a share of quality)."""
    header_idx, cols = tables.header(rows)
    if header_idx is None or "weight" not in cols:
        return None
    col = cols["weight"]
    skip = {cols[k] for k in ("id", "limit", "pages", "type", "marking") if k in cols}
    percent = tables.percent_column(rows[header_idx][col])
    ws = _WeightSet("percent" if percent else "points", lot_key(before), "criteria table", 0.85)
    total = None
    for r in range(header_idx + 1, len(rows)):
        cells = [c.strip() for c in rows[r]]
        figure = tables.number_cell(cells[col]) if col < len(cells) else None
        if figure is None:
            continue
        if "question" in cols and cols["question"] < len(cells) and cells[cols["question"]]:
            label = cells[cols["question"]]
        else:
            label = max(
                (c for i, c in enumerate(cells) if c and i != col and i not in skip),
                key=len,
                default="",
            )
        if not label or PLACEHOLDER_RE.search(label):
            continue
        if tables.is_total(label):
            total = max(total or 0.0, figure[0])
            continue
        sent = idx.row(d, b, r)
        if sent is not None and not reads("tender_figures", sent.clause):
            return None  # another procurement's table, or a worked example
        ws.add(criteria_category(label), figure[0], quote_evidence(sent) if sent else None)
    if len({c for c, _ in ws.items}) < 2:
        return None
    if not percent:
        out_of = _OUT_OF_RE.search(before)
        ws.total = total or (float(out_of.group(1) or out_of.group(2)) if out_of else None)
    return ws if ws.complete() else None


def weighting_facts(ctx: Context, questions: list[dict]) -> Iterator[Fact]:
    sets = _weight_sets(ctx, questions)
    complete = [ws for ws in sets if ws.complete()] or _joined(sets)
    partial = [ws for ws in sets if not ws.complete()]
    chosen: list[tuple[_WeightSet, dict[str, float]]] = []
    if complete:
        for ws in complete:
            chosen.append((ws, ws.as_percent()))
    else:
        # Incomplete sets (one lot's question table): keep only the categories named outright.
        for ws in partial:
            named = ws.as_percent(only_named=True)
            if named and ws.source in ("partial table", "questions", "prose"):
                chosen.append((ws, named))
    if not chosen:
        yield from _weighting_placeholders(ctx)
        if any(
            _RANK_RE.search(s.text) and re.search(r"criteri", s.text, re.I)
            for s in ctx.sentences
            if "order of" in s.text or "ranked" in s.text
        ):
            s = next(s for s in ctx.sentences if _RANK_RE.search(s.text))
            yield Fact("weightings_kind", "rank", evidence=[s.evidence()], confidence=0.6)
        return
    kind = chosen[0][0].kind
    by_lot: dict[str, dict[str, float]] = {}
    evidence: list[Evidence] = []
    for ws, values in chosen:
        evidence.extend(e for e in ws.evidence if e not in evidence)
        key = ws.lot or "all"
        by_lot.setdefault(key, {})
        for k, v in values.items():
            by_lot[key].setdefault(k, v)
    confidence = max(ws.confidence for ws, _ in chosen)
    lots = [k for k in by_lot if k != "all"]
    if len(by_lot) == 1:
        top = next(iter(by_lot.values()))
    else:
        # Keys every lot agrees on; "all" entries (e.g. social value for all lots) count too.
        shared = dict(by_lot.get("all", {}))
        keys = set.intersection(*(set(by_lot[k]) for k in lots)) if lots else set()
        for k in keys:
            vals = {by_lot[lot][k] for lot in lots}
            if len(vals) == 1:
                shared.setdefault(k, vals.pop())
        top = shared
        yield Fact(
            "weightings_by_lot",
            {k: v for k, v in by_lot.items() if k != "all"},
            evidence=evidence[:8],
            confidence=confidence,
        )
    if top:
        yield Fact("weightings", top, evidence=evidence[:8], confidence=confidence)
    yield Fact("weightings_kind", kind, evidence=evidence[:1], confidence=confidence)


def _joined(sets: list[_WeightSet]) -> list[_WeightSet]:
    """Two partial percent sets of one lot that name different criteria and together make 100%:
    the questions' own weights ("Q1 (40%)", "Q2 (20%)") and "price carries the remaining 40%"."""
    partial = [
        ws
        for ws in sets
        if ws.kind == "percent"
        and not ws.complete()
        and ws.source in ("questions", "prose")
        and ws.items
    ]
    for i, a in enumerate(partial):
        for b in partial[i + 1 :]:
            if a.lot != b.lot or {c for c, _ in a.items} & {c for c, _ in b.items}:
                continue
            if abs(a.sum + b.sum - 100.0) <= 0.6:
                joined = _WeightSet("percent", a.lot, "joined", min(a.confidence, b.confidence))
                for ws in (a, b):
                    joined.items.extend(ws.items)
                    joined.evidence.extend(e for e in ws.evidence if e not in joined.evidence)
                return [joined]
    return []


def _weighting_placeholders(ctx: Context) -> Iterator[Fact]:
    for s in ctx.sentences:
        low = s.text.lower()
        if not ("quality" in low or "price" in low or "weight" in low or "%" in low):
            continue
        m = _WEIGHT_PLACEHOLDER_RE.search(s.text)
        if m and re.search(r"quality|price|weight|score", s.text, re.I):
            yield Fact(
                "weightings",
                None,
                evidence=[s.evidence(m.group(0), m.start())],
                confidence=0.5,
                placeholder=True,
                note="the weighting is left as a placeholder",
            )
            return


# Award method

_MEAT_RE = lazyre.compile(
    r"\bmost (?:economically )?advantage(?:ous|s) (?:tender|bid|offer)\b|\bMEAT\b|"
    r"\bbest price[- ]quality ratio\b",
    re.I,
)
_PRICE_ONLY_RE = lazyre.compile(
    r"\b(?:lowest (?:price|cost|tender price)(?: only)? (?:basis|tender)|"
    r"(?:awarded|evaluated|assessed) (?:solely |purely )?on (?:the basis of )?"
    r"(?:the )?(?:lowest )?price(?: only| alone)?|price only|lowest price)\b",
    re.I,
)


def award_method_facts(ctx: Context, weightings: dict | None) -> Iterator[Fact]:
    for s, m in ctx.search(_MEAT_RE):
        if EVALUATION_GUIDANCE_RE.search(s.text) and "should" in s.text.lower():
            continue
        yield Fact(
            "award_method",
            "most_advantageous",
            evidence=[s.evidence(m.group(0), m.start())],
            confidence=0.8,
        )
        return
    for s, m in ctx.search(_PRICE_ONLY_RE):
        if EVALUATION_GUIDANCE_RE.search(s.text) or re.search(
            r"\bpoints? going to the lowest|receive|score\b", s.text, re.I
        ):
            continue
        if re.search(r"award|evaluat|assess", s.text, re.I):
            yield Fact(
                "award_method",
                "price_only",
                evidence=[s.evidence(m.group(0), m.start())],
                confidence=0.7,
            )
            return
    if weightings:
        price = weightings.get("price")
        if price is not None and price >= 99.5:
            yield Fact("award_method", "price_only", confidence=0.7, note="price is weighted 100%")
        elif price is not None and weightings.get("quality"):
            yield Fact(
                "award_method", "quality_price", confidence=0.7, note="read from the weightings"
            )
