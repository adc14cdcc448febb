"""What the evaluation extractors share: word and page limits, award-criteria categories, lots,
the guidance and example filters, and an index of table rows for quoting evidence.
"""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.model import Evidence, Sentence
from tendercheck.nlp.numbers import NUMBER_WORDS
from tendercheck.nlp.prefilter import compile_filtered

_N = r"(\d{1,2}(?:,\d{3})|\d{1,6})"

# Pre-filtered: each runs only on a text holding its words ("word", ...), as prefilter.py
# derives them; a text without them cannot match.
WORD_LIMIT_RES = [
    lazyre.lazy(
        compile_filtered,
        r"\b(?:maximum|max\.?|no more than|not (?:to )?exceed(?:ing)?|up to|limit(?:ed)? "
        r"(?:of|to)|a total of|under)\s*(?:of\s*)?(?:\[\s*)?" + _N + r"(?:\s*\])?\s*words?\b",
        re.I,
    ),
    lazyre.lazy(
        compile_filtered,
        r"\bword\s*(?:count|limit)\s*(?:of|:|is|=|-)?\s*(?:\[\s*)?" + _N + r"\b(?!\s*%)",
        re.I,
    ),
    lazyre.lazy(
        compile_filtered,
        r"\b" + _N + r"\s*(?:-\s*)?words?\s*(?:maximum|max\b|limit|per\b|\(word limit\))",
        re.I,
    ),
    lazyre.lazy(
        compile_filtered, r"\bfree text\s*(?:box\s*)?\(?\s*" + _N + r"\s*\(?(?:word|words)\b", re.I
    ),
    lazyre.lazy(
        compile_filtered, r"\b(?:permitted|allowed) word count of\s*" + _N + r"\s*words", re.I
    ),
    # "in 500 words or fewer", "500 words each", "a 750-word limit", "(300 words)"
    lazyre.lazy(
        compile_filtered,
        r"\b(?:in|within|using)\s+" + _N + r"\s*words?\s+or\s+(?:fewer|less)\b",
        re.I,
    ),
    lazyre.lazy(
        compile_filtered, r"\b" + _N + r"\s*words?\s*(?:or\s+(?:fewer|less)|each|at\s+most)\b", re.I
    ),
    lazyre.lazy(
        compile_filtered, r"\b" + _N + r"[- ]word\s+(?:limit|maximum|answer|response)\b", re.I
    ),
    lazyre.lazy(
        compile_filtered,
        r"\(\s*(?:max(?:imum|\.)?\s*)?" + _N + r"\s*words?\s*(?:max(?:imum|\.)?\s*)?\)",
        re.I,
    ),
    # "(40%, 800 words)": a limit beside the weight in a question's parentheses
    lazyre.lazy(
        compile_filtered, r"\(\s*\d{1,3}(?:\.\d+)?\s*%\s*[,;]\s*" + _N + r"\s*words?\s*\)", re.I
    ),
]
PAGE_LIMIT_RE = lazyre.lazy(
    compile_filtered,
    r"\b(?:no more than|maximum(?: of)?|max\.?|up to|not (?:to )?exceed(?:ing)?|limit(?:ed)? to)\s*"
    r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s*"
    r"(?:x\s*)?(?:single[- ]sided\s*|double[- ]sided\s*)?(?:sides?|pages?)\b"
    r"|\bpage limit\s*(?:of|:|is)?\s*(\d{1,2})\b"
    r"|\b(\d{1,2})\s*(?:sides?|pages?)\s*(?:of A4\s*)?(?:maximum|max\b|limit)",
    re.I,
)
PCT_CELL_RE = lazyre.compile(r"^\s*(\d{1,3}(?:\.\d+)?)\s*%\s*$")
ID_CELL_RE = lazyre.compile(
    r"^\s*(?:Q\s?)?([A-Z]{1,4}\s?\d{1,3}(?:\.\d{1,2})*|\d{1,2}(?:\.\d{1,2}){1,2})\.?\s*$"
)
LOT_RE = lazyre.compile(
    r"\blots?\s*((?:\d{1,2}[a-z]?)(?:\s*(?:,|/|and|&|or|to|-)\s*(?:lots?\s*)?\d{1,2}[a-z]?\b)*)",
    re.I,
)
ALL_LOTS_RE = lazyre.compile(r"\ball lots\b", re.I)
PLACEHOLDER_RE = lazyre.compile(r"\[[^\]]*\]|\bX{2,}\b|\binsert\b|£\s?x{2,}|\bTBC\b|\bTBA\b", re.I)
# Guidance and worked examples about weightings ("a minimum weighting of 10% should be
# applied"); candidates.GUIDANCE_RE is the wider one for supplier demands.
EVALUATION_GUIDANCE_RE = lazyre.compile(
    r"\b(?:should be applied|minimum weighting|e\.g\.|for example|for instance|example of how|"
    r"such as|typically|recommend(?:ed|s)?|guidance|ppn\s?\d|procurement policy note|"
    r"will receive|worked example|would receive|i\.e\.)",
    re.I,
)
EXAMPLE_TABLE_RE = lazyre.compile(
    r"\byour (?:weighted )?(?:mark|score)\b|\bexample\b|\bbidder [a-c]\b", re.I
)

# Award-criteria categories, in the order they are tried.
SV_LABEL = lazyre.compile(
    r"\bsocial value\b|\bcommunity benefits?\b|\bsocial and environmental\b|\blocal benefits?\b",
    re.I,
)
PRICE_LABEL = lazyre.compile(
    r"\b(?:price|pricing|cost|costs|commercial|financial offer|fees?|"
    r"tender sum|whole life cost)\b",
    re.I,
)
QUALITY_LABEL = lazyre.compile(
    r"\b(?:quality|technical|methodology|method|approach|delivery|experience|capability|"
    r"capacity|resourc\w*|staffing|team|management|implementation|mobilisation|innovation|"
    r"sustainability|environment\w*|added value|service|proposal|understanding|skills|"
    r"qualitative|risk|knowledge|plan|description|proposal|method statement|answers?|responses?)\b",
    re.I,
)
WEIGHT_WORD_RE = lazyre.compile(
    r"\b(?:weight\w*|split|account(?:s|ing)? for"
    # "of the overall score", not "of the overall budget"
    r"|of the (?:total|overall)\b(?!\s+(?:budget|value|cost|price|spend|contract|amount))"
    r"|award criteria|evaluat\w+|scor\w+|marks?|economically advantageous"
    r"|award\w*\b[^.]{0,80}\b(?:based on|on the basis of))\b",
    re.I,
)


def criteria_category(label: str) -> str | None:
    if SV_LABEL.search(label):
        return "social_value"
    if PRICE_LABEL.search(label) and not re.search(
        r"\bvalue for money\b|financial standing", label, re.I
    ):
        return "price"
    if QUALITY_LABEL.search(label):
        return "quality"
    return None


def lot_key(text: str) -> str | None:
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


def whole_number(text: str) -> int:
    return int(text.replace(",", ""))


def word_limit(text: str) -> tuple[int, int, str] | None:
    """The first word limit in ``text``: (words, start, matched text). A limit on a box for a
    piece of data ("Organisation name (free text box, 200 word limit)") is not an answer's."""
    best = None
    for rx in WORD_LIMIT_RES:
        m = rx.search(text)
        if m and (best is None or m.start() < best[1]):
            best = (whole_number(m.group(1)), m.start(), m.group(0))
    if best and best[0] < 10:  # "up to 3 words" is not an answer limit
        return None
    if best and _limits_a_data_field(text, best[1]):
        return None
    return best


def _data_field_re() -> re.Pattern[str]:
    global _DATA_FIELD
    if _DATA_FIELD is None:
        from tendercheck.data import data_yaml

        words = sorted(data_yaml("questions.yaml")["data_fields"], key=len, reverse=True)
        alts = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
        # the field's words, then at most a bracket, "free text box" and a comma before the limit
        _DATA_FIELD = re.compile(
            rf"\b(?:{alts})\s*(?:\(\s*)?(?:(?:free\s+)?text\s*(?:box|field)?\s*[,:;-]?\s*)?$",
            re.IGNORECASE,
        )
    return _DATA_FIELD


_DATA_FIELD: re.Pattern[str] | None = None


def _limits_a_data_field(text: str, start: int) -> bool:
    """Whether the words just before a limit at ``start`` name a data field, in the limit's
    own cell or clause."""
    field = re.split(r"\s\|\s|[.;:]\s", text[max(0, start - 80) : start])[-1]
    return bool(_data_field_re().search(field))


def page_limit(text: str) -> tuple[float, int, str] | None:
    m = PAGE_LIMIT_RE.search(text)
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    value = NUMBER_WORDS.get(raw.lower()) if not raw.isdigit() else int(raw)
    if not value:
        return None
    return float(value), m.start(), m.group(0)


class RowIndex:
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


_INDEX_CACHE: dict[int, tuple[Context, RowIndex]] = {}


def row_index(ctx: Context) -> RowIndex:
    cached = _INDEX_CACHE.get(id(ctx))
    if cached is None or cached[0] is not ctx:
        _INDEX_CACHE.clear()
        cached = (ctx, RowIndex(ctx))
        _INDEX_CACHE[id(ctx)] = cached
    return cached[1]


def quote_evidence(sentence: Sentence, quote: str | None = None) -> Evidence:
    if quote:
        i = sentence.text.find(quote)
        if i >= 0:
            return sentence.evidence(quote, i)
    return sentence.evidence()


def context_before(doc, index: int, limit: int = 3) -> str:
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
