"""Evaluation facts: questions, word and page limits, weightings, award method, bid-stage asks
and social value.

Facts (names are the contract with the rule packs):

- ``questions``: list of {"id", "text", "word_limit", "page_limit", "weighting", "scored",
  "topic", "lot"}; ``weighting`` is percent of the total score, ``topic`` one of quality /
  social_value / price / other.
- ``question_count``: scored questions that are not the price (emitted only when there is one).
- ``total_word_limit``: sum of the word limits of scored written answers (None when none stated).
- ``weightings``: {"price", "quality", "social_value"} in percent of the total; when lots differ,
  only the keys every lot agrees on, with ``weightings_by_lot`` {lot key: {...}}.
- ``weightings_kind``: "percent" | "points" | "rank".
- ``award_method``: "price_only" | "quality_price" | "most_advantageous".
- ``presentations``: list of {"kind": presentation|interview|demonstration, "mandatory"}.
- ``site_visit``: {"mandatory": bool}.
- ``attachments_demanded``: list of {"item", "quote"}; ``attachment_count``: int.
- ``evidence_at_bid_stage``: list of quotes ("must provide a copy ... with your tender").
- ``pricing_schedule_items``: rows of a pricing schedule table.
- ``social_value_asks`` (quotes), ``social_value_question_count``, ``social_value_measures``,
  ``social_value_toms``, ``apprenticeship_quota`` (bools, emitted when social value is asked),
  ``vcse_supply_chain_invited`` (bool; False when nothing invites it).

Figures the document only quotes (guidance, worked examples, placeholders) are not taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.model import Evidence, Fact, Sentence

# --------------------------------------------------------------------------------------------
# Shared patterns

_NUM_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_N = r"(\d{1,2}(?:,\d{3})|\d{1,6})"

WORD_LIMIT_RES = [
    re.compile(
        r"\b(?:maximum|max\.?|no more than|not (?:to )?exceed(?:ing)?|up to|limit(?:ed)? "
        r"(?:of|to)|a total of|under)\s*(?:of\s*)?(?:\[\s*)?" + _N + r"(?:\s*\])?\s*words?\b",
        re.I,
    ),
    re.compile(
        r"\bword\s*(?:count|limit)\s*(?:of|:|is|=|-)?\s*(?:\[\s*)?" + _N + r"\b(?!\s*%)", re.I
    ),
    re.compile(
        r"\b" + _N + r"\s*(?:-\s*)?words?\s*(?:maximum|max\b|limit|per\b|\(word limit\))", re.I
    ),
    re.compile(r"\bfree text\s*(?:box\s*)?\(?\s*" + _N + r"\s*\(?(?:word|words)\b", re.I),
    re.compile(r"\b(?:permitted|allowed) word count of\s*" + _N + r"\s*words", re.I),
]
PAGE_LIMIT_RE = re.compile(
    r"\b(?:no more than|maximum(?: of)?|max\.?|up to|not (?:to )?exceed(?:ing)?|limit(?:ed)? to)\s*"
    r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s*"
    r"(?:x\s*)?(?:single[- ]sided\s*|double[- ]sided\s*)?(?:sides?|pages?)\b"
    r"|\bpage limit\s*(?:of|:|is)?\s*(\d{1,2})\b"
    r"|\b(\d{1,2})\s*(?:sides?|pages?)\s*(?:of A4\s*)?(?:maximum|max\b|limit)",
    re.I,
)
PCT_CELL_RE = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)\s*%\s*$")
ID_CELL_RE = re.compile(
    r"^\s*(?:Q\s?)?([A-Z]{1,4}\s?\d{1,3}(?:\.\d{1,2})*|\d{1,2}(?:\.\d{1,2}){1,2})\.?\s*$"
)
LOT_RE = re.compile(
    r"\blots?\s*((?:\d{1,2}[a-z]?)(?:\s*(?:,|/|and|&|or|to|-)\s*(?:lots?\s*)?\d{1,2}[a-z]?\b)*)",
    re.I,
)
ALL_LOTS_RE = re.compile(r"\ball lots\b", re.I)
PLACEHOLDER_RE = re.compile(r"\[[^\]]*\]|\bX{2,}\b|\binsert\b|£\s?x{2,}|\bTBC\b|\bTBA\b", re.I)
GUIDANCE_RE = re.compile(
    r"\b(?:should be applied|minimum weighting|e\.g\.|for example|for instance|example of how|"
    r"such as|typically|recommend(?:ed|s)?|guidance|ppn\s?\d|procurement policy note|"
    r"will receive|worked example|would receive|i\.e\.)",
    re.I,
)
EXAMPLE_TABLE_RE = re.compile(
    r"\byour (?:weighted )?(?:mark|score)\b|\bexample\b|\bbidder [a-c]\b", re.I
)

# Award-criteria categories, in the order they are tried.
SV_LABEL = re.compile(
    r"\bsocial value\b|\bcommunity benefits?\b|\bsocial and environmental\b", re.I
)
PRICE_LABEL = re.compile(
    r"\b(?:price|pricing|cost|costs|commercial|financial offer|fees?|"
    r"tender sum|whole life cost)\b",
    re.I,
)
QUALITY_LABEL = re.compile(
    r"\b(?:quality|technical|methodology|method|approach|delivery|experience|capability|"
    r"capacity|resourc\w*|staffing|team|management|implementation|mobilisation|innovation|"
    r"sustainability|environment\w*|added value|service|proposal|understanding|skills|"
    r"qualitative|risk|knowledge|plan|description|proposal|method statement|answers?|responses?)\b",
    re.I,
)
WEIGHT_WORD_RE = re.compile(
    r"\b(?:weight\w*|split|account(?:s|ing)? for|of the (?:total|overall)"
    r"|award criteria|evaluat\w+|scor\w+|marks?)\b",
    re.I,
)


def _category(label: str) -> str | None:
    if SV_LABEL.search(label):
        return "social_value"
    if PRICE_LABEL.search(label) and not re.search(
        r"\bvalue for money\b|financial standing", label, re.I
    ):
        return "price"
    if QUALITY_LABEL.search(label):
        return "quality"
    return None


def _lot_key(text: str) -> str | None:
    ids: list[str] = []
    for m in LOT_RE.finditer(text):
        for i in re.findall(r"\d{1,2}[a-z]?", m.group(1), re.I):
            if i.lower() not in ids:
                ids.append(i.lower())
    if ids:
        return "/".join(ids)
    if ALL_LOTS_RE.search(text):
        return "all"
    return None


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def word_limit(text: str) -> tuple[int, int, str] | None:
    """The first word limit in ``text``: (words, start, matched text)."""
    best = None
    for rx in WORD_LIMIT_RES:
        m = rx.search(text)
        if m and (best is None or m.start() < best[1]):
            best = (_int(m.group(1)), m.start(), m.group(0))
    if best and best[0] < 10:  # "up to 3 words" is not an answer limit
        return None
    return best


def page_limit(text: str) -> tuple[float, int, str] | None:
    m = PAGE_LIMIT_RE.search(text)
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    value = _NUM_WORDS.get(raw.lower()) if not raw.isdigit() else int(raw)
    if not value:
        return None
    return float(value), m.start(), m.group(0)


class _Index:
    """Sentences by (document, block, row) so table rows can quote their evidence."""

    def __init__(self, ctx: Context) -> None:
        self.rows: dict[tuple[int, int, int], Sentence] = {}
        self.blocks: dict[tuple[int, int], list[Sentence]] = {}
        for s in ctx.sentences:
            if s.kind == "table":
                self.rows[(s.doc_index, s.block, s.row)] = s
            self.blocks.setdefault((s.doc_index, s.block), []).append(s)

    def row(self, doc: int, block: int, row: int) -> Sentence | None:
        return self.rows.get((doc, block, row))


_INDEX_CACHE: dict[int, tuple[Context, _Index]] = {}


def _index(ctx: Context) -> _Index:
    cached = _INDEX_CACHE.get(id(ctx))
    if cached is None or cached[0] is not ctx:
        _INDEX_CACHE.clear()
        cached = (ctx, _Index(ctx))
        _INDEX_CACHE[id(ctx)] = cached
    return cached[1]


def _ev(sentence: Sentence, quote: str | None = None) -> Evidence:
    if quote:
        i = sentence.text.find(quote)
        if i >= 0:
            return sentence.evidence(quote, i)
    return sentence.evidence()


def _context_before(doc, index: int, limit: int = 3) -> str:
    """Text of the few non-table blocks just before a block (for lot names, "example")."""
    out = []
    j = index - 1
    while j >= 0 and len(out) < limit:
        b = doc.blocks[j]
        if b.kind != "table":
            out.append(b.text)
        elif out:
            break
        j -= 1
    return " ".join(reversed(out))


# --------------------------------------------------------------------------------------------
# Weightings

_PAIR_AFTER = re.compile(
    r"\b(social value|community benefits?|quality|technical(?: merit)?|price|pricing|cost|commercial)"
    r"\s*(?:element|criteri(?:on|a)|score)?\s*(?:[:=–—-]|\(|at|is|of)?\s*(\d{1,3}(?:\.\d+)?)\s*"
    r"(%|per ?cent\b|points?\b|marks?\b)",
    re.I,
)
_PAIR_BEFORE = re.compile(
    r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*(%|per ?cent\b|points?\b|marks?\b)\s*(?:weighting\s*)?"
    r"(?:of the (?:marks|score|points|total)\s*)?"
    r"(?:for|to|on|allocated to|awarded (?:for|to))?\s*(?:the\s*|your\s*)?"
    r"(social value|community benefits?|quality|technical|price|pricing|cost|commercial|"
    r"(?:written |short )?(?:description|proposal|method statement|answers?|responses?)"
    r"(?: (?:of|to) (?:the|your) (?:work|questions?|services?))?)\b",
    re.I,
)
_LINE_RE = re.compile(
    r"^\s*([A-Za-z][A-Za-z &/,'’-]{1,50}?)\s*[:=–—-]?\s*(\d{1,3}(?:\.\d+)?)\s*"
    r"(%|points?|marks?)\s*\.?\s*$",
    re.I,
)
_TITLE_ROW_RE = re.compile(
    r"^\s*([A-Za-z][A-Za-z &/,'’()-]{1,60}?)\s*[–—:-]\s*(\d{1,3}(?:\.\d+)?)\s*%\s*$"
)
_OUT_OF_RE = re.compile(r"\bout of (\d{2,4})\b|\btotal of (\d{2,4}) (?:points|marks)\b", re.I)
_RANK_RE = re.compile(
    r"\b(?:in (?:descending )?order of (?:importance|priority)|ranked in order)\b", re.I
)
_WEIGHT_PLACEHOLDER_RE = re.compile(
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
    idx = _index(ctx)
    for d, doc in enumerate(ctx.pack.documents):
        title_set = _WeightSet("percent", None, "table titles", 0.85)
        line_set: _WeightSet | None = None
        last_lot_text = ""
        for b, block in enumerate(doc.blocks):
            if block.kind == "table" and block.rows:
                line_set = _close(line_set, sets)
                before = _context_before(doc, b)
                if EXAMPLE_TABLE_RE.search(" ".join(block.rows[0])) or re.search(
                    r"\bexample\b", before, re.I
                ):
                    continue
                _table_weights(ctx, idx, d, b, block, before, sets, title_set)
                continue
            text = block.text.strip()
            m = _LINE_RE.match(text) if len(text) < 70 else None
            if m and _category(m.group(1)) and not PLACEHOLDER_RE.search(text):
                if line_set is None:
                    kind = "percent" if m.group(3) == "%" else "points"
                    line_set = _WeightSet(kind, _lot_key(last_lot_text), "lines", 0.85)
                sents = idx.blocks.get((d, b), [])
                line_set.add(
                    _category(m.group(1)), float(m.group(2)), _ev(sents[0]) if sents else None
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
        if GUIDANCE_RE.search(s.text) or _WEIGHT_PLACEHOLDER_RE.search(s.text):
            continue
        if _LINE_RE.match(s.text.strip()):
            continue  # a one-line block, already read above
        pairs = [
            (m.group(1), m.group(2), m.group(3), m.group(0)) for m in _PAIR_AFTER.finditer(s.text)
        ]
        pairs += [
            (m.group(3), m.group(1), m.group(2), m.group(0)) for m in _PAIR_BEFORE.finditer(s.text)
        ]
        if not pairs:
            continue
        if len(pairs) < 2 and not WEIGHT_WORD_RE.search(s.text):
            continue
        kind = "percent" if pairs[0][2].strip().startswith(("%", "per")) else "points"
        ws = _WeightSet(kind, _lot_key(s.text), "prose", 0.75 if len(pairs) > 1 else 0.55)
        out_of = _OUT_OF_RE.search(s.text)
        if out_of and kind == "points":
            ws.total = float(out_of.group(1) or out_of.group(2))
        seen = set()
        for label, value, _unit, quote in pairs:
            cat = _category(label)
            if cat in seen:
                continue
            seen.add(cat)
            ws.add(cat, float(value), _ev(s, quote))
        sets.append(ws)
    # Per-question weights rolled up by topic, one set per table (per lot when tables are by lot),
    # or one for the document when its question tables are split by category (SV / quality / price).
    by_table: dict[tuple, _WeightSet] = {}
    seen: set[tuple] = set()
    for q in questions:
        if q.get("weighting") is None or not q.get("_table"):
            continue
        lot = q.get("_table_lot")
        key = (q["_table"][0], lot) if lot is None else (q["_table"], lot)
        if (key, q["id"], q["text"]) in seen:
            continue
        seen.add((key, q["id"], q["text"]))
        ws = by_table.setdefault(key, _WeightSet("percent", lot, "questions", 0.8))
        topic = q["topic"] if q["topic"] in ("quality", "price", "social_value") else "quality"
        ws.add(topic, q["weighting"], q["_evidence"])
    sets.extend(by_table.values())
    return sets


def _close(line_set: _WeightSet | None, sets: list[_WeightSet]) -> None:
    if line_set is not None and len(line_set.items) >= 2:
        sets.append(line_set)
    return None


def _table_weights(ctx, idx, d, b, block, before, sets, title_set) -> None:
    rows = block.rows
    header = " ".join(rows[0]).lower()
    ws = _WeightSet("percent", _lot_key(before), "criteria table", 0.9)
    has_id = False
    for r, row in enumerate(rows):
        cells = [c.strip() for c in row]
        nonempty = [c for c in cells if c]
        sent = idx.row(d, b, r)
        ev = _ev(sent) if sent else None
        if len(nonempty) == 1:
            m = _TITLE_ROW_RE.match(nonempty[0])
            if m and _category(m.group(1)):
                title_set.add(_category(m.group(1)), float(m.group(2)), ev)
            continue
        if any(ID_CELL_RE.match(c) for c in nonempty[:2]):
            has_id = True
        pcts = [c for c in nonempty if PCT_CELL_RE.match(c)]
        labels = [c for c in nonempty if not PCT_CELL_RE.match(c)]
        if len(pcts) != 1 or not labels or len(labels) > 2:
            continue
        label = labels[-1] if len(labels) > 1 and _lot_key(labels[0]) else labels[0]
        if len(label) > 80 or re.search(r"\btotal\b|\bmaximum\b", label, re.I):
            continue
        if PLACEHOLDER_RE.search(" ".join(nonempty)):
            continue
        ws.add(_category(label), float(PCT_CELL_RE.match(pcts[0]).group(1)), ev)
    if has_id:
        return  # a question table: its weights are read per question
    if len(ws.items) >= 2 and ws.complete():
        sets.append(ws)
    elif ws.items and ("weight" in header or "%" in header):
        ws.confidence = 0.6
        ws.source = "partial table"
        sets.append(ws)


def _weightings(ctx: Context, questions: list[dict]) -> Iterator[Fact]:
    sets = _weight_sets(ctx, questions)
    complete = [ws for ws in sets if ws.complete()]
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


# --------------------------------------------------------------------------------------------
# Questions

_Q_LABEL_RE = re.compile(
    r"\b(?:label(?:led)? (?:your )?response (?:as )?|question\s*|Q\s?)(\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?)\b",
    re.I,
)
_PASS_FAIL_RE = re.compile(
    r"pass\s*/\s*fail|a pass will|will (?:be )?(?:fail|pass)|not scored|"
    r"non-scored|unscored|for information only",
    re.I,
)
_SCORED_RE = re.compile(r"\bscored\b|\bweight(?:ed|ing)\b|\bmarks?\b|\bpoints\b|\d\s*%", re.I)
_SCORED_SECTION_RE = re.compile(
    r"quality|award criteria|method statement|scored|technical "
    r"(?:submission|response|questions)|evaluation questions",
    re.I,
)
_EACH_ANSWER_RE = re.compile(
    r"\b(?:each|every|all|per|any)\s+(?:\w+\s+)?(?:answers?|responses?|"
    r"questions?|method statements?|submissions?)\b",
    re.I,
)
_SUBCRIT_RE = re.compile(
    r"sub-?criteri(?:a|on)\s*\(?([a-h])\)?\s*(?:and|to|-)\s*\(?([a-h])\)?", re.I
)


def _topic(text: str, title: str = "", qid: str | None = None, scored: bool = True) -> str:
    for source in (title, qid or ""):
        if source:
            if qid and source == qid:
                prefix = re.match(r"[A-Z]+", qid.upper())
                p = prefix.group(0) if prefix else ""
                if p in ("SV", "SOC", "CB"):
                    return "social_value"
                if p in ("CO", "PR", "PC", "COM", "FIN"):
                    return "price"
                if p in ("QU", "MA", "TE", "TQ", "Q", "QA", "M"):
                    return "quality"
                continue
            cat = _category(source)
            if cat:
                return cat
    if SV_LABEL.search(text):
        return "social_value"
    if (
        re.search(r"\b(?:pricing schedule|price|pricing approach|commercial)\b", text, re.I)
        and len(text) < 120
    ):
        return "price"
    return "quality" if scored else "other"


def _questions(ctx: Context) -> list[dict]:
    idx = _index(ctx)
    questions: list[dict] = []
    table_rows: set[tuple[int, int]] = set()
    for d, doc in enumerate(ctx.pack.documents):
        for b, block in enumerate(doc.blocks):
            if block.kind != "table" or not block.rows:
                continue
            before = _context_before(doc, b)
            if EXAMPLE_TABLE_RE.search(" ".join(block.rows[0])) or re.search(
                r"\bexample\b", before, re.I
            ):
                table_rows.add((d, b))
                continue
            found = _table_questions(idx, d, b, block, before, questions)
            if found:
                table_rows.add((d, b))
    # Detail tables giving a word limit "per sub-criterion" for a question named in a summary.
    _detail_word_limits(ctx, idx, questions, table_rows)
    # Prose: "Please label response as 4.1, no more than 400 words".
    for s in ctx.sentences:
        if s.kind == "table" and (s.doc_index, s.block) in table_rows:
            continue
        low = s.text.lower()
        if "word" not in low and "page" not in low and "side" not in low:
            continue
        wl = word_limit(s.text)
        pl = page_limit(s.text) if not wl else None
        if not wl and not pl:
            continue
        if re.search(r"\bfor example\b|\be\.g\.", s.text[: (wl or pl)[1]], re.I):
            continue
        m = _Q_LABEL_RE.search(s.text)
        qid = m.group(1) if m else None
        section = " > ".join(s.section)
        if qid is None and _EACH_ANSWER_RE.search(s.text):
            # "Each answer is limited to 1,000 words": a default for the questions, not a question.
            for q in questions:
                if q["_table"] and q["word_limit"] is None and q["page_limit"] is None and wl:
                    q["word_limit"] = wl[0]
                if q["_table"] and q["page_limit"] is None and q["word_limit"] is None and pl:
                    q["page_limit"] = pl[0]
            continue
        scored: bool | None
        if _PASS_FAIL_RE.search(s.text) or re.search(
            r"non-scored|unscored|not scored|pass\s*/\s*fail", section, re.I
        ):
            scored = False
        elif _SCORED_RE.search(s.text):
            scored = True
        else:
            scored = None  # decided by whether the pack weights its award criteria
        weight = None
        questions.append(
            {
                "id": qid,
                "text": s.text.strip()[:400],
                "word_limit": wl[0]
                if wl and "placeholder" not in s.text
                else (wl[0] if wl else None),
                "page_limit": pl[0] if pl else None,
                "weighting": weight,
                "scored": scored,
                "topic": _topic(s.text, scored=scored),
                "lot": _lot_key(s.text),
                "_evidence": s.evidence((wl or pl)[2], (wl or pl)[1]),
                "_table": False,
            }
        )
    return questions


def _table_questions(idx, d, b, block, before, questions) -> bool:
    rows = block.rows
    header_idx = None
    cols: dict[str, int] = {}
    for r, row in enumerate(rows[:3]):
        low = [c.strip().lower() for c in row]
        if any(
            c in ("id", "ref", "ref.", "no", "no.", "question no", "question number") for c in low
        ) or any(c.startswith(("question weighting", "weighting", "%", "weight")) for c in low):
            header_idx = r
            for i, c in enumerate(low):
                if c in ("id", "ref", "ref.", "no", "no.", "question no", "question number"):
                    cols["id"] = i
                elif c == "%" or "weight" in c:
                    cols["weight"] = i
                elif c.startswith(("question type", "type", "response")):
                    cols["type"] = i
                elif c.startswith(("marking", "scoring")):
                    cols["marking"] = i
                elif "word" in c:
                    cols["words"] = i
                elif "page" in c:
                    cols["pages"] = i
            break
    header_question = header_idx is not None and any(
        c.strip().lower().startswith("question") for c in rows[header_idx]
    )
    title = ""
    for row in rows[: (header_idx or 0) + 1]:
        nonempty = [c for c in row if c.strip()]
        if len(nonempty) == 1:
            title = nonempty[0]
    # Headerless: accept only tables whose rows start with a question ID and state a word limit.
    if header_idx is None and not any(
        ID_CELL_RE.match(next((c for c in row if c.strip()), "")) and word_limit(" ".join(row))
        for row in rows
    ):
        return False
    found = False
    for r, row in enumerate(rows):
        if header_idx is not None and r <= header_idx:
            continue
        cells = [c.strip() for c in row]
        nonempty = [c for c in cells if c]
        if len(nonempty) < 2:
            continue
        qid = None
        if "id" in cols and cols["id"] < len(cells) and ID_CELL_RE.match(cells[cols["id"]]):
            qid = cells[cols["id"]]
        elif ID_CELL_RE.match(nonempty[0]):
            qid = nonempty[0]
        weight_text = (
            cells[cols["weight"]] if "weight" in cols and cols["weight"] < len(cells) else ""
        )
        if not weight_text:
            weight_text = next((c for c in nonempty if PCT_CELL_RE.match(c)), "")
        wm = PCT_CELL_RE.match(weight_text)
        weight = float(wm.group(1)) if wm else None
        lot_cell = next(
            (c for c in nonempty if len(c) < 40 and (LOT_RE.match(c) or ALL_LOTS_RE.match(c))), None
        )
        skip = {qid, weight_text, lot_cell}
        for key in ("type", "marking", "words", "pages"):
            if key in cols and cols[key] < len(cells):
                skip.add(cells[cols[key]])
        if re.search(
            r"non-scored|unscored|not scored|pass\s*/\s*fail", " ".join(block.section), re.I
        ):
            skip_scoring = True
        else:
            skip_scoring = False
        texts = [c for c in nonempty if c not in skip and not PCT_CELL_RE.match(c)]
        if not texts:
            continue
        text = max(texts, key=len)
        if (
            re.search(r"\b(?:total|maximum (?:overall )?(?:quality )?score)\b", text, re.I)
            and len(text) < 80
        ):
            continue
        if qid is None and not header_question and not word_limit(text):
            continue  # an award-criteria table ("Quality | 30%"), not a question
        if PLACEHOLDER_RE.fullmatch(text.strip()) or re.match(r"insert", text, re.I):
            continue
        marking = " ".join(
            cells[cols[k]] for k in ("marking", "type") if k in cols and cols[k] < len(cells)
        )
        scored: bool | None
        if weight:
            scored = True
        elif _PASS_FAIL_RE.search(marking + " " + text) or weight_text.upper() in (
            "N/A",
            "NA",
            "0%",
        ):
            scored = False
        elif re.search(r"\bscored\b|\bmarks?\b", text, re.I):
            scored = True
        else:
            scored = None  # decided once the pack's weightings are known
        if skip_scoring and not weight:
            scored = False
        wl = word_limit(text)
        pl = page_limit(text)
        words_cell = cells[cols["words"]] if "words" in cols and cols["words"] < len(cells) else ""
        pages_cell = cells[cols["pages"]] if "pages" in cols and cols["pages"] < len(cells) else ""
        if not wl and re.fullmatch(r"\s*(\d{1,2},\d{3}|\d{2,6})\s*(?:words)?\s*", words_cell):
            wl = (_int(words_cell.split()[0]), 0, words_cell)
        elif not wl and words_cell:
            wl = word_limit(words_cell) or (
                word_limit(words_cell + " words") if re.search(r"\d", words_cell) else None
            )
        if not pl and re.fullmatch(
            r"\s*\d{1,2}\s*(?:pages?|sides?)?(?: of A4)?\s*", pages_cell, re.I
        ):
            pl = (float(re.match(r"\s*(\d+)", pages_cell).group(1)), 0, pages_cell)
        sent = idx.row(d, b, r)
        lot = _lot_key(lot_cell) if lot_cell else _lot_key(before)
        questions.append(
            {
                "id": qid,
                "text": text[:400],
                "word_limit": wl[0] if wl else None,
                "page_limit": pl[0] if pl else None,
                "weighting": weight,
                "scored": scored,
                "topic": _topic(text, title, qid, scored),
                "lot": lot,
                "answer": _answer_kind(marking, text),
                "_evidence": _ev(sent) if sent else None,
                "_table": (d, b),
                "_table_lot": _lot_key(before),
            }
        )
        found = True
    return found


def _answer_kind(marking: str, text: str) -> str:
    low = (marking + " " + text[-60:]).lower()
    if "upload" in low:
        return "upload"
    if "check box" in low or "yes/no" in low or "tick" in low:
        return "choice"
    return "written"


def _detail_word_limits(ctx, idx, questions, table_rows) -> None:
    named = [
        q for q in questions if q["_table"] and q["word_limit"] is None and len(q["text"]) < 80
    ]
    if not named:
        return
    for d, doc in enumerate(ctx.pack.documents):
        for b, block in enumerate(doc.blocks):
            if block.kind != "table" or not block.rows or (d, b) in table_rows:
                continue
            text = block.text
            wl = word_limit(text)
            if not wl:
                continue
            best = None
            for r, row in enumerate(block.rows[:2]):
                row_text = " ".join(row).lower()
                for q in named:
                    if q["text"].lower() in row_text:
                        key = (r, len(q["text"]))
                        if best is None or key > best[0]:
                            best = (key, q)
            if best is None:
                continue
            q = best[1]
            words = wl[0]
            if re.search(r"per sub-?criteri", wl[2] + text[wl[1] : wl[1] + 80], re.I):
                m = _SUBCRIT_RE.search(text)
                if m:
                    words *= ord(m.group(2).lower()) - ord(m.group(1).lower()) + 1
            q["word_limit"] = words
            table_rows.add((d, b))
            named.remove(q)
            if not named:
                return


# --------------------------------------------------------------------------------------------
# Award method, presentations, site visits, attachments, evidence, pricing schedule

_MEAT_RE = re.compile(
    r"\bmost (?:economically )?advantage(?:ous|s) (?:tender|bid|offer)\b|\bMEAT\b|"
    r"\bbest price[- ]quality ratio\b",
    re.I,
)
_PRICE_ONLY_RE = re.compile(
    r"\b(?:lowest (?:price|cost|tender price)(?: only)? (?:basis|tender)|"
    r"(?:awarded|evaluated|assessed) (?:solely |purely )?on (?:the basis of )?"
    r"(?:the )?(?:lowest )?price(?: only| alone)?|price only|lowest price)\b",
    re.I,
)
_PRES_RE = re.compile(r"\b(presentations?|interviews?|demonstrations?|demos?)\b", re.I)
_PRES_CONTEXT = re.compile(
    r"\b(?:tender(?:er)?s?|bidders?|suppliers?|shortlisted|applicants?|"
    r"you|your)\b",
    re.I,
)
_MANDATORY_RE = re.compile(
    r"\b(?:must|will be required|are required|is required|mandatory|compulsory|"
    r"shall attend|will be invited|will attend|will need to|expected to)\b",
    re.I,
)
_OPTIONAL_RE = re.compile(
    r"\b(?:may|might|reserve[s]? the right|if required|where necessary|optional|"
    r"if appropriate|if needed|wish to)\b",
    re.I,
)
_SITE_RE = re.compile(
    r"\bsite visits?\b|\bvisit the site\b|\bsite inspections?\b|\bsite tours?\b", re.I
)
_NOT_PROCESS = re.compile(
    r"entitled to interview any such person|interview any such|"
    r"press|media|television|radio|publicity|marketing",
    re.I,
)

_ATTACH_ITEMS = [
    ("CVs", re.compile(r"\bCV[’']?s?\b|curricul(?:um|a) vitae", re.I)),
    ("case studies", re.compile(r"\bcase stud(?:y|ies)\b", re.I)),
    (
        "sample report",
        re.compile(r"\b(?:sample|example|previous)(?: relevant)?(?: research)? report\b", re.I),
    ),
    (
        "accounts",
        re.compile(
            r"\b(?:audited|published|annual|statutory|filed) (?:financial )?accounts\b|"
            r"\bfinancial statements\b",
            re.I,
        ),
    ),
    (
        "references",
        re.compile(
            r"\b(?:(?:client|customer|two|three|written|satisfactory|trade|"
            r"bank(?:er['’]?s)?)\s+references?|referees|reference letters?|"
            r"letters? of reference|references from)\b",
            re.I,
        ),
    ),
    (
        "insurance certificate",
        re.compile(
            r"\b(?:insurance certificates?|certificates? of insurance|"
            r"evidence of (?:your )?insurance)\b",
            re.I,
        ),
    ),
    (
        "certificate",
        re.compile(
            r"\bISO\s?\d{4,5}(?:-\d)?\b(?=[^.]{0,40}certific)|"
            r"\b(?:insurance|accreditation|registration) certificates?\b",
            re.I,
        ),
    ),
    (
        "policy",
        re.compile(r"\b(?:[A-Za-z&]+(?:,? (?:and|&) [A-Za-z]+)? ){1,3}polic(?:y|ies)\b", re.I),
    ),
    ("method statement", re.compile(r"\bmethod statements?\b", re.I)),
    ("carbon reduction plan", re.compile(r"\bcarbon reduction plans?\b", re.I)),
    ("modern slavery statement", re.compile(r"\bmodern slavery statement\b", re.I)),
]
_DEMAND_RE = re.compile(
    r"\b(?:please (?:also )?(?:include|provide|attach|enclose|submit|upload|supply)|"
    r"(?:must|should|shall|will need to|are required to|is required to) (?:also )?"
    r"(?:include|provide|attach|enclose|submit|upload|supply|send)|"
    r"(?:include|provide|attach|enclose|submit|upload|supply) (?:a |the |your )?cop(?:y|ies) of|"
    r"confirm (?:that )?you have included|upload (?:a|your|the|one|either)|provide your|"
    r"(?:copy|copies) of (?:your|the|all)[^.]{0,60} (?:must|should) be (?:provided|submitted|enclosed|"
    r"attached|included))",
    re.I,
)
_NOT_BID_STAGE = re.compile(
    r"\b(?:on request|upon request|if requested|when requested|prior to "
    r"(?:contract|award|commencement)|successful (?:bidder|tenderer|supplier)|"
    r"before (?:contract|award)|after award|at award|within \d+ days of award|"
    r"during the (?:contract|term)|shall provide the (?:management )?reports)\b",
    re.I,
)
_WITH_TENDER_RE = re.compile(
    r"\b(?:with|in|as part of) (?:your|the) (?:tender|bid|submission|response|"
    r"proposal)|\bat (?:tender|bid) stage|\bwith your tender\b|enclose",
    re.I,
)


_STOP_WORDS = {
    "of",
    "your",
    "the",
    "a",
    "an",
    "copy",
    "copies",
    "provide",
    "include",
    "submit",
    "upload",
    "attach",
    "enclose",
    "and",
    "any",
    "all",
    "relevant",
    "its",
    "their",
    "our",
    "written",
    "current",
    "signed",
    "with",
    "please",
    "also",
}


def _award_method(ctx: Context, weightings: dict | None) -> Iterator[Fact]:
    for s, m in ctx.search(_MEAT_RE):
        if GUIDANCE_RE.search(s.text) and "should" in s.text.lower():
            continue
        yield Fact(
            "award_method",
            "most_advantageous",
            evidence=[s.evidence(m.group(0), m.start())],
            confidence=0.8,
        )
        return
    for s, m in ctx.search(_PRICE_ONLY_RE):
        if GUIDANCE_RE.search(s.text) or re.search(
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


_PRES_ASK_RE = re.compile(
    r"\b(?:invit\w+|requir\w+|asked|expected|need|shortlisted \w+)\s+(?:[\w-]+\s+){0,5}?(?:to\s+)?"
    r"(?:attend|give|make|deliver|provide|present|participate in|take part in)?\s*(?:an?\s+|the\s+)?"
    r"(?:\w+\s+)?(presentations?|interviews?|demonstrations?|demos?)\b"
    r"|\b(presentations?|interviews?|demonstrations?)\s+(?:will|may|shall)\s+(?:be\s+)?"
    r"(?:held|form part|take place|required|invited|scored|evaluated|be part|used)"
    r"|\binvit\w+\s+to\s+(present)\b"
    r"|\b(interview|invite)\s+(?:shortlisted\s+)?(?:tenderers|bidders|suppliers|applicants)"
    r"|\b(?:tenderer|bidder|supplier)\s+(interviews?|presentations?|demonstrations?)\b"
    r"|\b(presentations?|interviews?|demonstrations?)\s+(?:stage|session)s?\b",
    re.I,
)


def _presentations(ctx: Context) -> Iterator[Fact]:
    kinds: dict[str, tuple[bool, Evidence]] = {}
    site: tuple[bool, Evidence] | None = None
    for s in ctx.sentences:
        low = s.text.lower()
        if (
            "present" not in low
            and "interview" not in low
            and "demo" not in low
            and "site" not in low
        ):
            continue
        if _NOT_PROCESS.search(s.text):
            continue
        if s.text.lstrip().startswith("[") or re.search(r"\[note", low):
            continue  # template instructions to the buyer
        for m in _PRES_ASK_RE.finditer(s.text):
            word = next(g for g in m.groups() if g).lower()
            if word == "invite":
                continue
            kind = (
                "presentation"
                if word.startswith("present")
                else "interview"
                if word.startswith("interview")
                else "demonstration"
            )
            if re.search(r"\bstakeholder interviews?\b|\bmanagement reports?\b|present its", low):
                continue
            mandatory = bool(_MANDATORY_RE.search(s.text)) and not _OPTIONAL_RE.search(s.text)
            prev = kinds.get(kind)
            if prev is None or (mandatory and not prev[0]):
                kinds[kind] = (mandatory, s.evidence(m.group(0), m.start()))
        sm = _SITE_RE.search(s.text)
        if sm and (_PRES_CONTEXT.search(s.text) or re.search(r"mandatory|compulsory|attend", low)):
            mandatory = bool(
                re.search(
                    r"\b(?:mandatory|compulsory|must attend|required to attend|"
                    r"must visit|will be required)\b",
                    low,
                )
            )
            if site is None or (mandatory and not site[0]):
                site = (mandatory, s.evidence(sm.group(0), sm.start()))
    if kinds:
        yield Fact(
            "presentations",
            [{"kind": k, "mandatory": v[0]} for k, v in kinds.items()],
            evidence=[v[1] for v in kinds.values()],
            confidence=0.7,
        )
    if site is not None:
        yield Fact("site_visit", {"mandatory": site[0]}, evidence=[site[1]], confidence=0.7)


def _attachments(ctx: Context) -> Iterator[Fact]:
    items: dict[str, tuple[str, Evidence]] = {}
    at_bid: list[tuple[str, Evidence]] = []
    for s in ctx.sentences:
        low = s.text.lower()
        if not any(
            k in low
            for k in (
                "provide",
                "include",
                "attach",
                "enclose",
                "submit",
                "upload",
                "supply",
                "send",
                "copy",
                "copies",
            )
        ):
            continue
        d = _DEMAND_RE.search(s.text)
        if not d or _NOT_BID_STAGE.search(s.text) or (GUIDANCE_RE.search(s.text) and "e.g." in low):
            continue
        if re.search(
            r"\bnot (?:be )?(?:required|necessary|appropriate)|do not (?:submit|attach|send)|"
            r"no attachments",
            low,
        ):
            continue
        tail = s.text[max(0, d.start() - 40) :]
        for name, rx in _ATTACH_ITEMS:
            m = rx.search(tail)
            if not m:
                continue
            item = name
            if name in ("policy", "certificate"):
                words = m.group(0).lower().split()
                while words and words[0] in _STOP_WORDS:
                    words.pop(0)
                item = " ".join(words)
                if name == "certificate" and item.startswith("iso"):
                    item = item.upper() + " certificate"
                if name == "policy" and len(words) < 2:
                    item = "policy"
                if name == "policy" and re.search(
                    r"\b(?:this|our|the council['’]?s?|authority['’]?s?|"
                    r"british council|relevant|following|these|"
                    r"applicable)\b",
                    item,
                ):
                    continue
            if item not in items:
                items[item] = (
                    s.text.strip()[:300],
                    s.evidence(m.group(0), tail and s.text.find(m.group(0))),
                )
        if _WITH_TENDER_RE.search(s.text) and re.search(
            r"\bcop(?:y|ies)\b|upload|enclose|evidence", low
        ):
            at_bid.append((s.text.strip()[:300], s.evidence()))
    if items:
        yield Fact(
            "attachments_demanded",
            [{"item": k, "quote": v[0]} for k, v in items.items()],
            evidence=[v[1] for v in items.values()][:10],
            confidence=0.65,
        )
        yield Fact(
            "attachment_count",
            len(items),
            evidence=[v[1] for v in items.values()][:10],
            confidence=0.6,
        )
    if at_bid:
        seen: list[str] = []
        for q, _ in at_bid:
            if q not in seen:
                seen.append(q)
        yield Fact(
            "evidence_at_bid_stage", seen, evidence=[e for _, e in at_bid][:10], confidence=0.6
        )


def _pricing_schedule(ctx: Context) -> Iterator[Fact]:
    idx = _index(ctx)
    for d, doc in enumerate(ctx.pack.documents):
        for b, block in enumerate(doc.blocks):
            if block.kind != "table" or not block.rows or len(block.rows) < 2:
                continue
            section = " ".join(block.section).lower()
            header = " ".join(block.rows[0]).lower()
            if not (
                re.search(
                    r"pricing schedule|price schedule|schedule of rates|pricing matrix|"
                    r"price breakdown|cost breakdown|pricing proposal",
                    section + " " + header,
                )
                and re.search(r"price|rate|cost|£|total|charge", header)
            ):
                continue
            if EXAMPLE_TABLE_RE.search(header):
                continue
            items = sum(
                1
                for row in block.rows[1:]
                if any(c.strip() for c in row[:1])
                and not re.search(r"\btotal\b", " ".join(row), re.I)
            )
            if items:
                sent = idx.row(d, b, 0)
                yield Fact(
                    "pricing_schedule_items",
                    items,
                    evidence=[sent.evidence()] if sent else [],
                    confidence=0.6,
                )
                return


# --------------------------------------------------------------------------------------------
# Social value

_SV_TERM = re.compile(
    r"\bsocial value\b|\bcommunity benefits?\b|\bsocial,? economic and "
    r"environmental (?:well-?being|benefits?)\b",
    re.I,
)
_SV_ASK = re.compile(
    r"\b(?:please|describe|explain|how will you|how you will|demonstrate|provide|"
    r"commit|do you|set out|outline|tell us|detail|confirm|select|must)\b",
    re.I,
)
_SV_MEASURE = re.compile(
    r"\b(?:outcomes?|measures?|measurable|kpis?|key performance|report(?:ing|s)?|"
    r"monitor(?:ing)?|evidence of delivery|targets?|metrics?|model sub-criteria|"
    r"reporting metrics)\b",
    re.I,
)
_SV_TOMS = re.compile(
    r"\b(?:national )?TOMs\b|themes,? outcomes,? and measures|social value portal|"
    r"\bSVP\b|proxy values?|monetis\w+|social value calculator|£\s?social value",
    re.I,
)
_APPRENTICE = re.compile(r"\bapprentice(?:s|ships?)?\b", re.I)
_QUOTA = re.compile(
    r"\b(?:at least|minimum of|no fewer than|a minimum|quota|target of)\s*\d+|"
    r"\b\d+\s*(?:%|per cent)?\s*(?:new )?apprentice|apprentice\w*[^.]{0,40}\b(?:at least|"
    r"minimum|quota|\d+ per £)",
    re.I,
)
_VCSE_TERM = re.compile(
    r"\b(?:VCSEs?|voluntary(?:,| and) community|social enterprises?|SMEs?|small "
    r"(?:and medium[- ]sized )?(?:businesses|enterprises|organisations|firms)|local "
    r"(?:suppliers|businesses|organisations|charities))\b",
    re.I,
)
_SUPPLY_CHAIN = re.compile(
    r"\bsupply chains?\b|\bsub-?contract\w*\b|\bsupply-chain\b|\bpartner(?:s|ing|ship)? with\b",
    re.I,
)
_INVITE = re.compile(
    r"\b(?:encourag\w+|welcome[sd]?|invit\w+|opportunit\w+|support\w*|involv\w+|"
    r"use of|engag\w+|work(?:ing)? with|include|maximi[sz]e)\b",
    re.I,
)


def _social_value(ctx: Context, questions: list[dict]) -> Iterator[Fact]:
    asks: list[tuple[str, Evidence]] = []
    measures: Evidence | None = None
    toms: Evidence | None = None
    quota: Evidence | None = None
    for s in ctx.sentences:
        low = s.text.lower()
        in_sv = bool(_SV_TERM.search(s.text))
        if not in_sv and "apprentice" not in low and "toms" not in low:
            continue
        if (
            in_sv
            and _SV_ASK.search(s.text)
            and not GUIDANCE_RE.search(s.text)
            and (
                re.search(r"\byou(?:r)?\b|\bbidders?\b|\bsuppliers?\b|\btender", low)
                or s.kind == "table"
            )
            and not re.search(r"\bact 2012\b|is governed", low)
        ):
            asks.append((s.text.strip()[:300], s.evidence()))
        if measures is None and in_sv:
            m = _SV_MEASURE.search(s.text)
            if m:
                measures = s.evidence(m.group(0), m.start())
        if toms is None:
            m = _SV_TOMS.search(s.text)
            if m and (in_sv or "toms" in low):
                toms = s.evidence(m.group(0), m.start())
        if quota is None and _APPRENTICE.search(s.text):
            m = _QUOTA.search(s.text)
            if m and not GUIDANCE_RE.search(s.text):
                quota = s.evidence(m.group(0), m.start())
    sv_questions = []
    for q in questions:
        if (
            q["topic"] == "social_value"
            and q["scored"]
            and all((q["id"], q["text"]) != (o["id"], o["text"]) for o in sv_questions)
        ):
            sv_questions.append(q)
    for q in sv_questions:
        if q.get("_evidence") is not None and all(q["text"][:300] != a for a, _ in asks):
            asks.append((q["text"][:300], q["_evidence"]))
    if asks:
        yield Fact(
            "social_value_asks",
            [a for a, _ in asks],
            evidence=[e for _, e in asks][:10],
            confidence=0.7,
        )
        yield Fact(
            "social_value_measures",
            measures is not None,
            evidence=[measures] if measures else [e for _, e in asks][:1],
            confidence=0.6,
            note="" if measures else "social value asked with no outcomes, measures or reporting",
        )
        yield Fact(
            "social_value_toms",
            toms is not None,
            evidence=[toms] if toms else [e for _, e in asks][:1],
            confidence=0.6,
        )
        yield Fact(
            "apprenticeship_quota",
            quota is not None,
            evidence=[quota] if quota else [e for _, e in asks][:1],
            confidence=0.6,
        )
    elif quota is not None:
        yield Fact("apprenticeship_quota", True, evidence=[quota], confidence=0.6)
    if sv_questions:
        yield Fact(
            "social_value_question_count",
            len(sv_questions),
            evidence=[q["_evidence"] for q in sv_questions if q.get("_evidence")][:10],
            confidence=0.7,
        )
    invited = _vcse_invited(ctx)
    if invited is not None:
        yield Fact("vcse_supply_chain_invited", True, evidence=[invited], confidence=0.65)
    else:
        yield Fact(
            "vcse_supply_chain_invited",
            False,
            confidence=0.5,
            note="no invitation to involve local VCSEs or SMEs in the supply chain was found",
        )


def _vcse_invited(ctx: Context) -> Evidence | None:
    for s in ctx.sentences:
        low = s.text.lower()
        if "supply" not in low and "contract" not in low and "partner" not in low:
            continue
        if re.search(
            r"\bare you an?\b|\bdefinition\b|\bmeans\b|\bif you are an? (?:sme|vcse)", low
        ):
            continue
        for v in _VCSE_TERM.finditer(s.text):
            lo, hi = max(0, v.start() - 100), v.end() + 100
            window = s.text[lo:hi]
            if _SUPPLY_CHAIN.search(window) and _INVITE.search(window):
                return s.evidence(v.group(0), v.start())
    return None


# --------------------------------------------------------------------------------------------
# The extractor


def _public(q: dict) -> dict:
    return {k: v for k, v in q.items() if not k.startswith("_")}


@extractor
def evaluation_facts(ctx: Context) -> Iterable[Fact]:
    questions = _questions(ctx)
    weighting_facts = list(_weightings(ctx, questions))
    weightings: dict | None = None
    for fact in weighting_facts:
        if fact.name in ("weightings", "weightings_by_lot") and not fact.placeholder and fact.value:
            weightings = fact.value if fact.name == "weightings" else (weightings or {"_": 1})
    # Questions whose scoring the text leaves open are scored when the pack weights its award
    # criteria (a quality questionnaire behind a weighted evaluation), otherwise not.
    for q in questions:
        if q["scored"] is None:
            q["scored"] = bool(weightings)
            q["topic"] = (
                _topic(q["text"], scored=q["scored"]) if q["topic"] == "other" else q["topic"]
            )
    if questions:
        # De-duplicate (the same question repeated per lot table).
        seen: dict[tuple, dict] = {}
        for q in questions:
            key = (q["id"], q["text"].lower()[:120], q["lot"] if q["id"] is None else None)
            if key not in seen:
                seen[key] = q
        unique = list(seen.values())
        evidence = [q["_evidence"] for q in unique if q.get("_evidence") is not None]
        yield Fact(
            "questions", [_public(q) for q in unique], evidence=evidence[:20], confidence=0.7
        )
        scored = [q for q in unique if q["scored"] and q["topic"] != "price"]
        if scored:
            yield Fact(
                "question_count",
                len({(q["id"], q["text"].lower()[:120]) for q in scored}),
                evidence=[q["_evidence"] for q in scored if q.get("_evidence")][:20],
                confidence=0.7,
            )
            limits = [q for q in scored if q["word_limit"]]
            if limits:
                yield Fact(
                    "total_word_limit",
                    sum(q["word_limit"] for q in limits),
                    evidence=[q["_evidence"] for q in limits if q.get("_evidence")][:20],
                    confidence=0.7,
                    note=f"{len(limits)} of {len(scored)} scored questions state a word limit",
                )
    yield from weighting_facts
    if weightings and "_" in weightings:
        weightings = None
    yield from _award_method(ctx, weightings)
    yield from _presentations(ctx)
    yield from _attachments(ctx)
    yield from _pricing_schedule(ctx)
    yield from _social_value(ctx, questions)
