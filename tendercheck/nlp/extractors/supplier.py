"""Supplier requirements: turnover, accounts, insurance, certifications, experience, policies,
consortia and sub-contracting, guarantees, and the selection stage.

Plain regular expressions over sentence text, each behind a cheap keyword check so the whole
module is one pass over the sentences. A figure the document only quotes (a statutory minimum,
a size threshold, a worked example, guidance to buyers) is never taken as the tender's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.model import Evidence, Fact, Sentence
from tendercheck.nlp.money import Money, find_money
from tendercheck.nlp.vocabulary import BRANDS, CERTIFICATIONS, INSURANCE_TYPES

# ---------------------------------------------------------------------------------------------
# Shared helpers (terms.py imports these)

WORD_NUMBERS = {
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
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
}
NUM = r"(?:\d{1,3}|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"

# Worked examples and illustrations: their figures are never the tender's own.
EXAMPLE_RE = re.compile(
    r"\b(?:for example|for instance|e\.g\.|eg\b|example:|worked example|by way of example"
    r"|illustrat(?:ion|ive))",
    re.IGNORECASE,
)
# Guidance to buyers or statements of the law ("must not exceed", "cannot be set at").
GUIDANCE_RE = re.compile(
    r"\b(?:cannot|can ?not|must not|should not|may not|shall not|not be set|not exceed|"
    r"duly justified|it is not appropriate|you should allow|you may ask|you may request|"
    r"you may choose|you may use|buyers? (?:should|must|may))\b",
    re.IGNORECASE,
)
CONDITIONAL_RE = re.compile(
    r"\((?:if|where) (?:applicable|used|relevant)\)|\bif applicable\b", re.IGNORECASE
)


def to_number(text: str) -> int | None:
    text = text.lower().strip()
    if text.isdigit():
        return int(text)
    return WORD_NUMBERS.get(text)


def quote_of(
    sentence: Sentence, start: int = 0, end: int | None = None, limit: int = 300
) -> Evidence:
    """Evidence quoting the sentence, or a window around [start, end) when it is long."""
    text = sentence.text
    if len(text) <= limit:
        return sentence.evidence(text, 0)
    end = start if end is None else end
    lo = max(0, min(start, len(text)) - 100)
    hi = min(len(text), max(end, lo) + 180)
    # widen to word boundaries
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return sentence.evidence(text[lo:hi].strip(), lo)


def sentence_windows(
    sentences: list[Sentence], i: int, before: int = 1, after: int = 1
) -> list[Sentence]:
    """Neighbouring sentences of the same document."""
    doc = sentences[i].doc_index
    lo, hi = max(0, i - before), min(len(sentences), i + after + 1)
    return [s for s in sentences[lo:hi] if s.doc_index == doc]


@dataclass
class Found:
    """Candidates for one fact while scanning: value, confidence and evidence."""

    items: list[tuple[object, float, Evidence]] = field(default_factory=list)

    def add(self, value: object, confidence: float, evidence: Evidence) -> None:
        self.items.append((value, confidence, evidence))

    def __bool__(self) -> bool:
        return bool(self.items)

    def facts(self, name: str, limit: int = 8) -> Iterator[Fact]:
        """One candidate per distinct value (strongest first), up to ``limit``."""
        by_value: dict[str, tuple[object, float, list[Evidence]]] = {}
        for value, conf, ev in self.items:
            key = repr(value)
            if key in by_value:
                v, c, evs = by_value[key]
                if len(evs) < 3:
                    evs.append(ev)
                by_value[key] = (v, max(c, conf), evs)
            else:
                by_value[key] = (value, conf, [ev])
        for value, conf, evs in list(by_value.values())[:limit]:
            yield Fact(name, value, evidence=evs, confidence=conf, placeholder=value is None)

    def best_bool(self, name: str, prefer: bool = True) -> Iterator[Fact]:
        """A single boolean: ``prefer`` wins when any candidate has it.

        A None value (the document says "TBC") is reported as a placeholder only when nothing
        else was found.
        """
        real = [it for it in self.items if it[0] is not None]
        chosen = [it for it in real if it[0] is prefer] or real or self.items
        if not chosen:
            return
        conf = max(c for _, c, _ in chosen)
        value = chosen[0][0]
        yield Fact(
            name,
            value,
            evidence=[e for _, _, e in chosen[:3]],
            confidence=conf,
            placeholder=value is None,
        )


# ---------------------------------------------------------------------------------------------
# Turnover

_TURNOVER_SKIP = re.compile(
    r"slavery|section 54|relevant commercial organisation|small compan|medium[- ]sized|"
    r"\bsmes?\b|micro|employees|balance sheet|\bassets\b|forecast|statement of (?:the |your )?"
    r"(?:annual )?turnover|per annum \(central|central government contracts|€",
    re.IGNORECASE,
)
_MULTIPLE_RE = re.compile(
    r"(?P<mult>twice|double|two times|three times|thrice|one and a half times|"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?:x|×|times))\s+(?P<what>[^.;]{0,80}?"
    r"(?:value|price|cost|worth|spend|budget)\b)",
    re.IGNORECASE,
)
_MULT_WORDS = {
    "twice": 2.0,
    "double": 2.0,
    "two times": 2.0,
    "three times": 3.0,
    "thrice": 3.0,
    "one and a half times": 1.5,
}
_TURNOVER_LINK = re.compile(
    r"turnover[^.;|]{0,60}?(?:of|at least|minimum of|in excess of|exceeding|not less than|"
    r"over|above|greater than|more than|:|=|\|)\s*(?:£|GBP|\d)"
    r"|(?:minimum|min\.?|required)[^.;|]{0,25}turnover[^.;|£]{0,30}$",
    re.IGNORECASE,
)
_TURNOVER_DEMAND = re.compile(
    r"\b(?:minimum|at least|must|required?|requirement|shall|need to|should have|"
    r"not less than|in excess of|threshold|no less than|up to)\b",
    re.IGNORECASE,
)
_STATUTORY_TURNOVER = {36e6, 10.2e6, 5.1e6, 50e6, 43e6, 12.5e6, 6.5e6, 632e3}


def _turnover(s: Sentence, low: str, out: dict[str, Found]) -> None:
    text = s.text
    if _TURNOVER_SKIP.search(text) or EXAMPLE_RE.search(text) or GUIDANCE_RE.search(text):
        return
    m = _MULTIPLE_RE.search(text)
    if m and m.start() > low.find("turnover") - 200:
        word = m.group("mult").lower()
        mult = _MULT_WORDS.get(word)
        if mult is None and m.group("num"):
            mult = float(m.group("num"))
        if mult and 0.5 <= mult <= 10:
            what = m.group("what").lower()
            if re.search(r"annual|per annum|yearly|a year|each year|per year", what):
                basis = "annual"
            elif re.search(r"total|whole[- ]life|lifetime|overall|aggregate", what):
                basis = "total"
            elif re.search(r"annual|per annum|yearly", low):
                basis = "annual"
            else:
                basis = "total"
            ev = quote_of(s, m.start(), m.end())
            out["min_turnover_multiple"].add(mult, 0.85, ev)
            out["min_turnover_basis"].add(basis, 0.75, ev)
            return  # an amount in the same sentence is the contract value, not the turnover
    if not _TURNOVER_DEMAND.search(text):
        return
    for money in find_money(text):
        before = text[max(0, money.start - 90) : money.start]
        after = text[money.end : money.end + 40].lower()
        linked = "turnover" in before.lower() and _TURNOVER_LINK.search(before + money.text)
        linked = linked or ("turnover" in after[:25] and "£" in money.text)
        if not linked:
            continue
        if "or more" in after[:12] and "confirm" in low:
            continue  # "confirm if your turnover is £36m or more": a question, not a floor
        ev = quote_of(s, money.start, money.end)
        if money.placeholder:
            out["min_turnover"].add(None, 0.3, ev)
            continue
        if money.value is None or money.value in _STATUTORY_TURNOVER or money.value < 1000:
            continue
        out["min_turnover"].add(money.value, 0.8, ev)
        return


# ---------------------------------------------------------------------------------------------
# Accounts and trading history

_ACCOUNTS_YEARS = re.compile(
    rf"(?:last|past|previous|most recent|latest)\s+(?P<n>{NUM})\s*(?:\(\d+\)\s*)?"
    r"(?:full\s+|financial\s+|complete\s+|trading\s+)*years?['’]?\s*(?:of\s+)?"
    r"(?:audited\s+|published\s+|filed\s+|full\s+|statutory\s+|annual\s+)*"
    r"(?:accounts|financial statements|financial accounts|annual reports?)"
    rf"|(?:accounts|financial statements)[^.;]{{0,40}}?(?:for|covering|from)\s+(?:each of\s+)?"
    rf"(?:the\s+)?(?:last|past|previous|most recent|latest)\s+(?P<n2>{NUM})\s*(?:\(\d+\)\s*)?"
    r"(?:full\s+|financial\s+|trading\s+)*years"
    rf"|covering\s+a\s+(?P<n3>{NUM})[\s-]+year\s+period"
    rf"|(?:last|past|previous)\s+(?P<n4>{NUM})\s+(?:full\s+|financial\s+|trading\s+)*years,?"
    r"[^.;]{0,60}\baccounts\b",
    re.IGNORECASE,
)
_PERIOD_RE = re.compile(rf"covering\s+a\s+(?P<n3>{NUM})[\s-]+year\s+period", re.IGNORECASE)
_AUDITED_DEMAND = re.compile(
    r"audited\s+(?:annual\s+|statutory\s+|financial\s+)*(?:accounts|financial statements)"
    r"|(?:accounts|financial statements)\s+(?:which|that|must|should)\s+(?:have been|be|are)\s+"
    r"(?:independently\s+)?audited",
    re.IGNORECASE,
)
_AUDITED_IF_LAW = re.compile(
    r"audited\s+(?:if|where|when)\s+(?:required|applicable|available)|"
    r"(?:if|where)\s+(?:you are\s+)?(?:required|obliged)\s+(?:by law\s+)?to\s+(?:have them\s+)?audit",
    re.IGNORECASE,
)
_UNAUDITED_OK = re.compile(
    r"\bunaudited\b[^.]{0,60}(?:accept|may|can|will do|is fine)|(?:may|can) (?:send|provide|"
    r"submit) unaudited|(?:do not|don't|does not|not) (?:need|required?) (?:to (?:have|provide) )?"
    r"audited",
    re.IGNORECASE,
)
_NO_ROUTE = re.compile(
    r"will be excluded|will fail|will be rejected|will not be (?:considered|"
    r"accepted)|(?:is|are) not accepted|not (?:be )?accept",
    re.IGNORECASE,
)
_NOT_DEMAND = re.compile(
    r"\b(?:if you (?:are unable|cannot|can ?not|do not|don't)|unable to provide|"
    r"if (?:you|your organisation) (?:does|do) not have|where .{0,20}not available|not required)\b",
    re.IGNORECASE,
)
_ACCOUNTS_ALT = re.compile(
    r"\bif you (?:are unable to|cannot|can ?not|do not|don't)\s+(?:provide|submit|produce|have)"
    r"[^.]{0,80}(?:accounts|financial statements)"
    r"|\b(?:unable to provide|not able to provide|cannot provide)[^.]{0,40}(?:accounts|financial)"
    r"|\balternative (?:means|information|evidence|forms? of evidence)[^.]{0,60}"
    r"(?:financial|economic|standing|status)"
    r"|\bmanagement accounts\b|\bcharity accruals accounts\b"
    r"|\b(?:newly (?:formed|established|incorporated|created)|new(?:ly)? start(?:-?up)?s?|"
    r"start-?ups?|recently formed)\b[^.]{0,80}(?:accounts|financial|turnover|trading)"
    r"|(?:accounts|financial|turnover|trading)[^.]{0,80}\b(?:newly (?:formed|established)|"
    r"start-?ups?|new organisations?|recently formed)\b",
    re.IGNORECASE,
)
_YEARS_TRADING = re.compile(
    rf"(?:trading|in business|been established|been operating|operated)\s+for\s+(?:at least\s+|"
    rf"a minimum of\s+|minimum of\s+|no less than\s+|not less than\s+|more than\s+|over\s+)?"
    rf"(?P<n>{NUM})\s*(?:\(\d+\)\s*)?(?:full\s+)?years"
    rf"|(?:minimum of\s+|at least\s+)?(?P<n2>{NUM})\s*(?:\(\d+\)\s*)?(?:full\s+)?years['’]?\s+"
    r"(?:of\s+)?(?:continuous\s+)?trading(?:\s+history|\s+record|\s+accounts)?",
    re.IGNORECASE,
)


def _accounts(s: Sentence, low: str, out: dict[str, Found]) -> None:
    text = s.text
    example = bool(EXAMPLE_RE.search(text))
    guidance = bool(GUIDANCE_RE.search(text)) or example
    if "account" in low or "financial statement" in low or "year period" in low:
        if not guidance:
            m = _PERIOD_RE.search(text) or _ACCOUNTS_YEARS.search(text)
            if m:
                groups = m.groupdict()
                n = to_number(
                    groups.get("n")
                    or groups.get("n2")
                    or groups.get("n3")
                    or groups.get("n4")
                    or ""
                )
                if n and 1 <= n <= 10:
                    conf = 0.85 if groups.get("n3") else 0.8
                    out["accounts_years_required"].add(n, conf, quote_of(s, m.start(), m.end()))
        m2 = _AUDITED_IF_LAW.search(text) or _UNAUDITED_OK.search(text)
        if m2:
            out["audited_accounts_required"].add(False, 0.7, quote_of(s, m2.start(), m2.end()))
        else:
            m2 = _AUDITED_DEMAND.search(text)
            if (
                m2
                and not guidance
                and not _NOT_DEMAND.search(text[: m2.start()])
                and (_DEMAND_VERB.search(text) or s.kind in ("list_item", "table"))
            ):
                out["audited_accounts_required"].add(True, 0.75, quote_of(s, m2.start(), m2.end()))
        m3 = _ACCOUNTS_ALT.search(text)
        if m3 and _NO_ROUTE.search(text):
            out["accounts_alternative"].add(False, 0.8, quote_of(s, m3.start(), m3.end()))
        elif m3:
            out["accounts_alternative"].add(True, 0.75, quote_of(s, m3.start(), m3.end()))
    if "year" in low and (
        "trading" in low or "business" in low or "establish" in low or "operat" in low
    ):
        m = _YEARS_TRADING.search(text)
        if m and not guidance and not re.search(r"past|within the last|excluded", low):
            n = to_number(m.group("n") or m.group("n2"))
            if n and 1 <= n <= 20:
                out["years_trading_required"].add(n, 0.75, quote_of(s, m.start(), m.end()))


# ---------------------------------------------------------------------------------------------
# Insurance


def _phrase_regex(phrase: str) -> str:
    out = []
    for ch in phrase:
        if ch in "'’":
            out.append("['’]?")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


_INS_PHRASES = sorted(
    ((p, kind) for kind, phrases in INSURANCE_TYPES.items() for p in phrases),
    key=lambda pk: len(pk[0]),
    reverse=True,
)
_INS_KIND = {}
for _p, _k in _INS_PHRASES:
    _INS_KIND[re.sub(r"['’\s]", "", _p.lower())] = _k
INSURANCE_RE = re.compile(
    r"\b(?:" + "|".join(_phrase_regex(p) for p, _ in _INS_PHRASES) + r")",
    re.IGNORECASE,
)
_INS_ABBREV = re.compile(r"\b(?P<ab>EL|PL|PI)\b(?=\s*(?:insurance|cover)?\s*[:=\-–|]?\s*£)")
_ABBREV_KIND = {
    "EL": "employers_liability",
    "PL": "public_liability",
    "PI": "professional_indemnity",
}
_STATUTORY_RE = re.compile(
    r"legal(?:ly)? (?:requirement|minimum|required|obligation)|statutory|required by law|"
    r"\bby law\b|the law requires|compulsory insurance\) regulations|regulations 1998|"
    r"that required by law|legal requirement",
    re.IGNORECASE,
)
_INS_DEMAND_CONTEXT = re.compile(
    r"insurance cover|levels? of (?:insurance|cover)|following insurances?|insurance requirements?"
    r"|required insurances?|hold (?:the following )?insurance|insurance.{0,40}(?:required|must)",
    re.IGNORECASE,
)
_SOLE_TRADER_RE = re.compile(
    r"(?:except|excluding|other than|not (?:applicable|apply|required)|exempt|does not apply|"
    r"doesn't apply|unless)[^.]{0,40}sole traders?|sole traders?[^.]{0,30}(?:are |is )?"
    r"(?:exempt|excluded|not required)",
    re.IGNORECASE,
)
_BID_STAGE_TRUE = re.compile(
    r"(?:provide|submit|enclose|include|upload|attach|supply)[^.]{0,80}(?:cop(?:y|ies)|"
    r"certificates?|evidence|proof|schedules?)[^.]{0,80}insurance[^.]{0,80}"
    r"(?:with|as part of|in) (?:your|the) (?:tender|bid|submission|response|sq|pqq|application)"
    r"|insurance[^.]{0,80}(?:cop(?:y|ies)|certificates?|evidence|proof)[^.]{0,60}"
    r"(?:must|should|shall) be (?:provided|submitted|enclosed|included|uploaded|attached)"
    r"[^.]{0,30}(?:with|as part of|in) (?:your|the) (?:tender|bid|submission|response)"
    r"|insurance[^.]{0,120}(?:must|should|shall) (?:already )?be (?:held|in place)[^.]{0,40}"
    r"(?:at|by) (?:the )?(?:time of )?(?:tender|bid|submission|the closing date|the deadline|"
    r"the tender deadline)"
    r"|(?:must|should) (?:currently |already )(?:hold|have)[^.]{0,80}insurance"
    r"|\|\s*(?:with (?:the |your )?(?:tender|bid|submission)|at (?:tender|bid) (?:stage|submission))"
    r"\s*(?:\||$)",
    re.IGNORECASE,
)
_BID_STAGE_FALSE = re.compile(
    r"prior to (?:the )?(?:commencement|award|contract (?:start|award|commencement)|start)"
    r"|(?:on|upon|at|following|after) (?:contract )?award|by (?:the )?(?:contract )?"
    r"(?:start|commencement)(?: date)?|if (?:you are )?(?:successful|awarded)|"
    r"commit(?:ment)? to (?:obtain|obtaining|put)|prepared to obtain|will have in place|"
    r"or will have|self[- ]certify|before (?:the )?(?:contract )?(?:starts?|commencement|award)|"
    r"at contract award stage|if awarded|from (?:the )?(?:contract )?(?:start|commencement)|"
    r"\|\s*(?:by |before |from |at )?(?:the )?(?:framework|contract|service) (?:start|commencement)"
    r"(?: date)?\s*(?:\||$)|(?:by|before|from) (?:the )?framework (?:start|commencement)|"
    r"before (?:starting|commencing|the start of) (?:work|the (?:contract|services|work))",
    re.IGNORECASE,
)
_BID_STAGE_NOT_NEEDED = re.compile(
    r"(?:do not|don't|does not|not) (?:need|required?|have) to (?:hold|have|send|provide|submit)"
    r"[^.]{0,40}(?:insurances?|cover|certificates?)[^.]{0,60}(?:when you (?:bid|tender|apply)|"
    r"(?:with|in) your (?:bid|tender|quote|quotation|response|submission)|at (?:bid|tender) stage)"
    r"|(?:do not|don't|does not|not) (?:need|required?) to (?:hold|have|send|provide)[^.]{0,40}"
    r"insurance",
    re.IGNORECASE,
)
_INS_MIN = 100_000
_INS_WORDS = re.compile(r"insurance|liability|indemnity", re.IGNORECASE)


@dataclass
class _InsuranceState:
    amounts: dict[str, tuple[float, Evidence]] = field(default_factory=dict)
    statutory: dict[str, tuple[float, Evidence]] = field(default_factory=dict)
    placeholders: dict[str, Evidence] = field(default_factory=dict)
    asked: bool = False
    el_seen: list[int] = field(default_factory=list)


def _insurance_mentions(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in INSURANCE_RE.finditer(text):
        key = re.sub(r"['’\s]", "", m.group(0).lower())
        kind = _INS_KIND.get(key)
        if kind:
            found.append((m.start(), m.end(), kind))
    for m in _INS_ABBREV.finditer(text):
        found.append((m.start(), m.end(), _ABBREV_KIND[m.group("ab")]))
    found.sort()
    return found


def _insurance(s: Sentence, idx: int, out: dict[str, Found], st: _InsuranceState) -> None:
    text = s.text
    if _INS_DEMAND_CONTEXT.search(text):
        st.asked = True
    mentions = _insurance_mentions(text)
    if not mentions:
        return
    if EXAMPLE_RE.search(text) or GUIDANCE_RE.search(text):
        return
    statutory = bool(_STATUTORY_RE.search(text))
    monies = [m for m in find_money(text)]
    for k, (start, end, kind) in enumerate(mentions):
        if kind == "employers_liability":
            st.el_seen.append(idx)
        seg_end = mentions[k + 1][0] if k + 1 < len(mentions) else len(text)
        seg_end = min(seg_end, end + 150)
        chosen: Money | None = None
        for money in monies:
            if end <= money.start < seg_end:
                chosen = money
                break
        if chosen is None:
            # "£10m public liability": an amount just before the type
            prev_end = mentions[k - 1][1] if k else 0
            for money in monies:
                if prev_end <= money.start and money.end <= start and start - money.end <= 25:
                    chosen = money
        if chosen is None and k + 1 < len(mentions):
            gap = text[end : mentions[k + 1][0]].strip(" ,/&").lower()
            if gap in ("", "and", "or", "and/or", "insurance and", "insurance,"):
                nxt_end = mentions[k + 2][0] if k + 2 < len(mentions) else len(text)
                for money in monies:
                    if mentions[k + 1][1] <= money.start < min(nxt_end, mentions[k + 1][1] + 150):
                        if re.match(r"\s*(?:each|both|respectively)", text[money.end :]):
                            chosen = money
                        break
        if chosen is None:
            continue
        ev = quote_of(s, start, chosen.end)
        if chosen.placeholder:
            st.placeholders.setdefault(kind, ev)
            continue
        if chosen.value is None or chosen.value < _INS_MIN:
            continue
        if statutory:
            st.statutory.setdefault(kind, (chosen.value, ev))
        else:
            st.amounts.setdefault(kind, (chosen.value, ev))


def _insurance_flags(
    sentences: list[Sentence], i: int, low: str, out: dict[str, Found], st: _InsuranceState
) -> None:
    s = sentences[i]
    if "sole trader" in low:
        m = _SOLE_TRADER_RE.search(s.text)
        if m and any(j >= i - 3 for j in st.el_seen[-3:]):
            out["insurance_sole_trader_exempt"].add(True, 0.8, quote_of(s, m.start(), m.end()))
    if "insurance" in low or "cover" in low or "liability" in low or "in place" in low:
        m = _BID_STAGE_NOT_NEEDED.search(s.text)
        if m:
            out["insurance_at_bid_stage"].add(False, 0.8, quote_of(s, m.start(), m.end()))
            return
        if GUIDANCE_RE.search(s.text) or EXAMPLE_RE.search(s.text):
            return
        near_insurance = (
            "insurance" in low
            or "of cover" in low
            or any("insurance" in part.lower() for part in s.section)
            or any(_INS_WORDS.search(n.text) for n in sentence_windows(sentences, i, 2, 0))
        )
        if not near_insurance:
            return
        m = _BID_STAGE_TRUE.search(s.text)
        if m:
            out["insurance_at_bid_stage"].add(True, 0.75, quote_of(s, m.start(), m.end()))
            return
        m = _BID_STAGE_FALSE.search(s.text)
        if m:
            out["insurance_at_bid_stage"].add(False, 0.75, quote_of(s, m.start(), m.end()))


def _insurance_facts(st: _InsuranceState, out: dict[str, Found]) -> Iterator[Fact]:
    amounts = {k: v for k, v in st.amounts.items()}
    conf = 0.85
    note = ""
    if not amounts and not st.placeholders and st.statutory and st.asked:
        # The only figure given is the statutory one, stated against the question that asks
        # for that cover (RM6264 SQ Q140): take it as the level asked, with less confidence.
        amounts = dict(st.statutory)
        conf = 0.6
        note = "the level stated is the statutory minimum"
    if amounts:
        value = {k: v for k, (v, _) in amounts.items()}
        evidence = [ev for _, ev in amounts.values()]
        yield Fact("insurance", value, evidence=evidence, confidence=conf, note=note)
        if "employers_liability" in value and not out["insurance_sole_trader_exempt"]:
            yield Fact(
                "insurance_sole_trader_exempt",
                False,
                evidence=[amounts["employers_liability"][1]],
                confidence=0.55,
            )
    elif st.placeholders:
        yield Fact(
            "insurance",
            None,
            evidence=list(st.placeholders.values()),
            confidence=0.5,
            placeholder=True,
            note="insurance levels left as placeholders",
        )


# ---------------------------------------------------------------------------------------------
# Certifications and brands


def _name_regex(names: Iterable[str]) -> str:
    return "|".join(_phrase_regex(n) for n in sorted(set(names), key=len, reverse=True))


_CERT_CANON = {re.sub(r"[\s'’]", "", c.lower()): c for c in CERTIFICATIONS}
_CERT_CANON["safecontractor"] = "SafeContractor"
# Names that are also ordinary words: matched only when capitalised.
_CERT_WORDLIKE = {
    "Acclaim",
    "Achilles",
    "Avetta",
    "Quality Mark",
    "Matrix Standard",
    "Gas Safe",
    "Trusted Charity",
    "Disability Confident",
    "SMAS",
}
CERT_RE = re.compile(
    r"\b(?:BS\s+EN\s+)?ISO(?:/IEC)?\s?(?P<iso>\d{4,5})(?P<part>-\d{1,2})?(?::\d{4})?\b"
    r"|\b(?P<name>"
    + _name_regex(c for c in CERTIFICATIONS if not c.upper().startswith(("ISO", "BS EN ISO")))
    + r")(?P<plus>\s*(?:\+|plus\b))?",
    re.IGNORECASE,
)
_EQUIV_RE = re.compile(
    r"or (?:an? )?(?:recognised |accepted |acceptable )?equivalent|or equivalent|"
    r"equivalent (?:standards?|schemes?|certifications?|accreditations?|bodies|evidence|"
    r"qualifications?)[^.]{0,60}(?:accepted|considered)|or (?:a )?(?:similar|comparable) "
    r"(?:scheme|standard|accreditation)|(?:other|alternative) (?:evidence|schemes?)[^.]{0,40}"
    r"(?:accepted|considered)",
    re.IGNORECASE,
)
_CERT_DEMAND = re.compile(
    r"\b(?:must|shall|required?|requirement|mandatory|essential|need to|needs to|"
    r"provide|upload|submit|hold|holds|accredited|certified|registered|compliant|"
    r"evidence|pass/fail|minimum)\b",
    re.IGNORECASE,
)
_CERT_OPTIONAL = re.compile(
    r"\b(?:desirable|preferred|preferable|advantage|advantageous|optional|welcome|"
    r"not (?:required|mandatory|essential)|do(?:es)? (?:you|your organisation) (?:have|hold)|"
    r"are you|please indicate|if you (?:have|hold)|are you prepared|if the buyer requires)\b",
    re.IGNORECASE,
)
BRAND_RE = re.compile(r"\b(?:" + _name_regex(BRANDS) + r")\b") if BRANDS else None
_BRAND_CONTEXT = re.compile(
    r"\b(?:must|shall|required?|will need to|needs? to|is to)\b[^.]{0,30}\b(?:use|using|be "
    r"compatible with|integrate with|run on|be (?:based|hosted) on|supply|provide|install)\b",
    re.IGNORECASE,
)
_BRAND_SKIP = re.compile(
    r"\b(?:tender|bid|submission|submit|clarification|response|portal|docusign|e-?mail|"
    r"format|upload|file|attachment|template|proposal)\b",
    re.IGNORECASE,
)


def _cert_name(m: re.Match[str]) -> str | None:
    if m.group("iso"):
        return f"ISO {m.group('iso')}" + (m.group("part") or "")
    raw = m.group("name")
    canon = _CERT_CANON.get(re.sub(r"[\s'’]", "", raw.lower()), raw)
    if canon in _CERT_WORDLIKE and not raw[:1].isupper():
        return None
    if canon == "SMAS" and raw != "SMAS":
        return None
    if canon.lower() == "cyber essentials" and m.group("plus"):
        canon = "Cyber Essentials Plus"
    return canon


@dataclass
class _CertState:
    certs: dict[str, dict] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    cyber: dict[str, Evidence] = field(default_factory=dict)
    brands: dict[str, dict] = field(default_factory=dict)
    brand_evidence: dict[str, Evidence] = field(default_factory=dict)


def _certifications(sentences: list[Sentence], i: int, st: _CertState) -> None:
    s = sentences[i]
    text = s.text
    matches = [(m, _cert_name(m)) for m in CERT_RE.finditer(text)]
    matches = [(m, n) for m, n in matches if n]
    if not matches or EXAMPLE_RE.search(text) or GUIDANCE_RE.search(text):
        return
    if re.search(r"\bnot used\b", text, re.IGNORECASE):
        return
    equivalent = bool(_EQUIV_RE.search(text))
    if not equivalent and i + 1 < len(sentences):
        nxt = sentences[i + 1]
        if nxt.doc_index == s.doc_index and re.search(
            r"standard|scheme|certif|accredit", nxt.text, re.IGNORECASE
        ):
            equivalent = bool(_EQUIV_RE.search(nxt.text))
    demand = bool(_CERT_DEMAND.search(text)) or s.kind == "table"
    optional = bool(_CERT_OPTIONAL.search(text))
    if not demand and not optional:
        # a bare heading or list item ("ISO 9001 (mandatory)" is caught above): look at the
        # sentence before, which often introduces the list ("Standards and Certificates:")
        prev = sentences[i - 1] if i else None
        introduced = (
            prev is not None
            and prev.doc_index == s.doc_index
            and re.search(r"certif|accredit|standards?\b", prev.text, re.IGNORECASE)
        )
        if not introduced and not (s.kind in ("list_item", "paragraph") and len(text) < 80):
            return
        demand = True
    required = demand and not optional
    for m, name in matches:
        entry = st.certs.setdefault(
            name, {"name": name, "equivalent_accepted": False, "required": False}
        )
        entry["equivalent_accepted"] = entry["equivalent_accepted"] or equivalent
        entry["required"] = entry["required"] or required
        st.evidence.setdefault(name, quote_of(s, m.start(), m.end()))
        if name.lower().startswith("cyber essentials") and not re.search(
            r"\bnot (?:required|mandatory)\b", text, re.IGNORECASE
        ):
            level = "plus" if name.endswith("Plus") else "basic"
            st.cyber.setdefault(level, quote_of(s, m.start(), m.end()))


_BRAND_GENERIC = re.compile(
    r"\b(?P<b1>[A-Z][A-Za-z0-9&]+(?:\s[A-Z][A-Za-z0-9&]+)?)[- ]branded\b"
    r"|(?:shall|must|will) be (?:carried out|undertaken|done|cleaned|supplied|provided|fitted)"
    r"\s+(?:using|with)\s+(?P<b2>[A-Z][A-Za-z0-9&]+)\s+(?:machines?|equipment|products?|"
    r"software|systems?|units?|devices?)"
    r"|(?:must|shall) (?:use|be) (?:only )?(?P<b3>[A-Z][A-Za-z0-9&]+)\s+(?:brand|make|"
    r"manufactured|products?|machines?|equipment)\b"
)
_BRAND_NOT = {
    "The",
    "This",
    "All",
    "Any",
    "Our",
    "Council",
    "Authority",
    "Contractor",
    "Supplier",
    "Provider",
    "Own",
    "Approved",
    "Suitable",
    "Appropriate",
    "Branded",
}


def _brands(s: Sentence, st: _CertState) -> None:
    text = s.text
    generic = "brand" in text.lower() or "using" in text or " use " in text
    if generic and not EXAMPLE_RE.search(text) and not _BRAND_SKIP.search(text):
        equivalent = bool(_EQUIV_RE.search(text))
        for m in _BRAND_GENERIC.finditer(text):
            name = m.group("b1") or m.group("b2") or m.group("b3")
            if not name or name.split()[0] in _BRAND_NOT:
                continue
            entry = st.brands.setdefault(name, {"name": name, "equivalent_accepted": False})
            entry["equivalent_accepted"] = entry["equivalent_accepted"] or equivalent
            st.brand_evidence.setdefault(name, quote_of(s, m.start(), m.end()))
    if BRAND_RE is None:
        return
    m = BRAND_RE.search(text)
    if not m or _BRAND_SKIP.search(text) or EXAMPLE_RE.search(text):
        return
    if not _BRAND_CONTEXT.search(text):
        return
    equivalent = bool(_EQUIV_RE.search(text))
    for m in BRAND_RE.finditer(text):
        name = m.group(0)
        entry = st.brands.setdefault(name, {"name": name, "equivalent_accepted": False})
        entry["equivalent_accepted"] = entry["equivalent_accepted"] or equivalent
        st.brand_evidence.setdefault(name, quote_of(s, m.start(), m.end()))


# ---------------------------------------------------------------------------------------------
# Experience, policies, consortia, guarantees, selection stage

_AUTHORITY = (
    r"(?:council|authority|trust|department|buyer|board|university|agency|"
    r"commissioner|partnership|(?:contracting|commissioning) (?:authority|body))"
)
_EXPERIENCE_PATTERNS = [
    (
        "previous_contract_with_authority",
        re.compile(
            r"(?:previous(?:ly)?|prior|existing|current(?:ly)?|past)\s+(?:contracts?|experience|"
            r"work(?:ed|ing)?|relationship|supplier)[^.]{0,40}?\b(?:with|for|to)\s+(?:the|this|our)\s+"
            + _AUTHORITY
            + r"|(?:must|should|required to|need to) have (?:previously |already )?(?:worked|"
            r"delivered|held (?:a )?contracts?|provided services?)\s+(?:for|with|to)\s+(?:the|this)\s+"
            + _AUTHORITY
            + r"|(?:on|from) (?:the|our) "
            + _AUTHORITY
            + r"['’]?s? (?:approved|preferred) "
            r"(?:suppliers?|contractors?) list|existing suppliers only",
            re.IGNORECASE,
        ),
    ),
    (
        "public_sector_only",
        re.compile(
            r"(?:experience|contracts?|examples?|references?|clients?)[^.]{0,60}?(?:must|shall|"
            r"should|need to|required to)\s+(?:be|have been)\s+(?:from|with|for|within|in)\s+"
            r"(?:the\s+|a\s+)?(?:public[- ]sector|local (?:authorit|government)|nhs|government|"
            r"public bod)"
            r"|(?:only|exclusively|solely)\s+(?:from|with|in|within)\s+(?:the\s+)?"
            r"(?:public[- ]sector|local (?:authorit|government)|nhs|public bod)"
            r"|(?:public[- ]sector|local (?:authority|government)) (?:experience|clients?|"
            r"contracts?|references?) (?:only|is (?:essential|required|mandatory)|are required)"
            r"|(?:must|shall|required to)[^.]{0,40}(?:contracts?|experience|examples?|references?)"
            r"[^.]{0,80}(?:delivered|provided|performed|carried out|held|undertaken) (?:for|with|to) "
            r"(?:(?:other |english |uk )?local authorities|(?:other )?councils|(?:the )?public sector|"
            r"nhs (?:bodies|trusts)|government (?:departments|bodies)|public bodies)",
            re.IGNORECASE,
        ),
    ),
    (
        "years_experience",
        re.compile(
            rf"(?:minimum of|at least|no less than|not less than|over)?\s*\b(?P<n>{NUM})\+?\s*"
            r"(?:\(\d+\)\s*)?years['’]?\s+(?:of\s+)?(?:relevant\s+|proven\s+|demonstrable\s+|"
            r"demonstrated\s+|direct\s+|previous\s+|practical\s+)*experience"
            rf"|experience of (?:at least |a minimum of |no less than )(?P<n2>{NUM})\s+years",
            re.IGNORECASE,
        ),
    ),
    (
        "references",
        re.compile(
            rf"(?:provide|supply|submit|give|include|details of|name)[^.]{{0,30}}?\b(?:up to\s+)?"
            rf"(?:{NUM}|a minimum of {NUM}|at least {NUM})\s+(?:\(\d+\)\s+)?(?:relevant\s+|"
            r"satisfactory\s+|written\s+|client\s+|customer\s+|recent\s+|previous\s+|similar\s+)*"
            r"(?:references|referees|contracts|examples|case studies|contract examples)"
            r"|\breferences? (?:will be|are|is) (?:required|sought|taken up)"
            rf"|^\W*(?:{NUM}|a minimum of {NUM}|at least {NUM})\s+(?:\w+\s+)?(?:references|referees)\b",
            re.IGNORECASE,
        ),
    ),
]
_EXPERIENCE_KEYS = re.compile(
    r"experience|reference|referee|example|case stud|previous|prior |existing|approved|"
    r"public[- ]sector|contracts? (?:with|for) the|worked (?:for|with)|details of|contracts? that"
)
_PUBLIC_OR_PRIVATE = re.compile(
    r"public (?:and/or|or|and) private|private (?:or|and) public|"
    r"either (?:the )?public",
    re.IGNORECASE,
)

_MSS_RE = re.compile(r"(?:modern )?slavery(?: and human trafficking)? statement", re.IGNORECASE)
_MSS_CONDITION = re.compile(
    r"36\s?m|36 million|section 54|relevant commercial organisation|if applicable|"
    r"where applicable|if (?:you are|your organisation is) (?:required|subject)|turnover|"
    r"subject to (?:section|s\.)",
    re.IGNORECASE,
)
_DEMAND_VERB = re.compile(
    r"\b(?:must|shall|please|required to|are required|is required|will be required|need to|"
    r"provide|submit|upload|attach|enclose|include|a copy of|link to)\b",
    re.IGNORECASE,
)
_CRP_RE = re.compile(r"carbon reduction plan|\bCRP\b|net zero (?:plan|commitment)", re.IGNORECASE)
_PAYMENT_TEST_RE = re.compile(
    r"95\s?%[^.]{0,120}invoices?[^.]{0,60}60 days|invoices?[^.]{0,60}60 days[^.]{0,60}95\s?%"
    r"|payment (?:performance|practices) (?:test|reporting|and performance)",
    re.IGNORECASE,
)
_CONSORTIA_FALSE = re.compile(
    r"consorti(?:a|um)(?: bids?| tenders?| applications?| submissions?| arrangements?)?\s+"
    r"(?:will|are|is|shall)\s+not\s+(?:be\s+)?(?:accepted|permitted|allowed|considered)"
    r"|(?:not|no)\s+(?:accept|permit|allow|consider)\w*[^.]{0,30}consorti"
    r"|consortium bids are not|no consortium",
    re.IGNORECASE,
)
_CONSORTIA_TRUE = re.compile(
    r"(?:bid|bidding|tender|tendering|apply|applying|submit|submitting)[^.]{0,40}(?:as|by|with)"
    r"\s+(?:a\s+|part of a\s+|(?:a\s+)?member of a\s+)?(?:group (?:or|and) )?consorti"
    r"|consortium (?:bids?|tenders?|proposals?|lead|arrangements?)"
    r"|(?:bid|tender|submit|apply)[^.]{0,80}consortium members?"
    r"|consortium members?[^.]{0,80}(?:bid|tender|submit|apply)"
    r"|lead (?:bidder|member) (?:of|on behalf of|for) (?:a|the|any) consortium"
    r"|as part of a (?:group or )?consortium|consorti(?:a|um)[^.]{0,40}(?:are|is|will be) "
    r"(?:welcome|permitted|accepted|allowed)",
    re.IGNORECASE,
)
_SUB_FALSE = re.compile(
    r"sub-?contract(?:ing|ors?)?[^.;]{0,50}?\b(?:is|are|will)\s+not\s+(?:be\s+)?(?:permitted|"
    r"allowed|accepted)|(?:must|shall|may) not sub-?contract(?![^.]{0,120}(?:without|except|unless))"
    r"|no sub-?contracting",
    re.IGNORECASE,
)
_SUB_TRUE = re.compile(
    r"(?:use|using|intend(?:s|ing)? to use|propos(?:e|es|ing) to use|with named)\s+"
    r"(?:any\s+)?sub-?contractors|sub-?contract (?:a |any )?(?:portion|proportion|part)"
    r"|details (?:of|for) (?:each|any|all) (?:your )?(?:intended )?sub-?contractors?"
    r"|sub-?contract(?:ing|ors)?[^.]{0,40}(?:are|is|will be) (?:permitted|allowed|welcome|"
    r"accepted)|(?:as|involve)[^.]{0,60}sub-?contractors",
    re.IGNORECASE,
)
_SUB_CONSENT = re.compile(
    r"sub-?contract[^.]{0,160}(?:without|except with|unless)[^.]{0,40}"
    r"(?:prior )?(?:written )?(?:consent|approval)",
    re.IGNORECASE,
)
_RELY_TRUE = re.compile(
    r"rel(?:y|ying|ied|ies)\s+(?:up)?on\s+(?:the\s+)?(?:capacity|capabilit|resources|financial "
    r"standing|economic|experience|technical)[^.]{0,60}(?:other|another|sub-?contractor|"
    r"consorti|group|parent|third)"
    r"|(?:being|is|are)\s+relied\s+(?:up)?on\s+to\s+(?:satisfy|meet)"
    r"|relying on (?:a particular |another |other |the )?(?:members?|sub-?contractors?|"
    r"consortium members?|entit(?:y|ies)|organisations?|person)"
    r"|relied (?:up)?on to meet the selection",
    re.IGNORECASE,
)
_RELY_FALSE = re.compile(
    r"(?:cannot|can ?not|may not|must not|will not be able to|not permitted to|not allowed to)"
    r"\s+rel(?:y|ied)[^.]{0,60}(?:other|another|third part|sub-?contractor|consorti|parent)",
    re.IGNORECASE,
)
_BOND_PATTERNS = [
    (
        "parent_company_guarantee",
        re.compile(r"parent(?:al)? company guarantee|\bPCG\b", re.IGNORECASE),
    ),
    (
        "performance_bond",
        re.compile(
            r"performance bonds?|\bbond of\b|bonds? (?:of|equal to) "
            r"\d",
            re.IGNORECASE,
        ),
    ),
    ("bank_guarantee", re.compile(r"bank guarantee", re.IGNORECASE)),
    (
        "deposit",
        re.compile(r"(?:security|refundable|cash|tender) deposit|deposit of £", re.IGNORECASE),
    ),
    (
        "retention",
        re.compile(
            r"retention (?:of \d+(?:\.\d+)?\s?%|sum|money|fund|monies)|"
            r"\d+(?:\.\d+)?\s?% retention|(?:%|per ?cent) of (?:each|the|every|all)"
            r"[^.]{0,30}payments? (?:will|shall) be (?:retained|withheld)",
            re.IGNORECASE,
        ),
    ),
]
_BOND_DEMAND = re.compile(
    r"\b(?:must|shall|will be required|is required|are required|may be required|required to|"
    r"require|requirement|will need to|need to provide|to provide|condition of|"
    r"will be (?:held|retained|deducted|withheld))\b",
    re.IGNORECASE,
)
_BOND_SOFT = re.compile(
    r"\b(?:if (?:necessary|required|requested|needed)|willing to|able to obtain|for example|"
    r"e\.g\.|you can allow|may choose|would you|would the)\b",
    re.IGNORECASE,
)
_PROCEDURES = (
    r"(?:restricted procedure|two[- ]stage (?:process|procedure|tender)|competitive "
    r"procedure with negotiation|competitive dialogue|competitive flexible procedure)"
)
_PQ_TRUE = re.compile(
    r"(?:this|the) (?:procurement|tender|competition|process|opportunity|contract) (?:is being|"
    r"will be|is|shall be) (?:run|conducted|carried out|undertaken|procured|let|tendered)"
    r"[^.]{0,40}"
    + _PROCEDURES
    + r"|"
    + _PROCEDURES
    + r"[^.]{0,80}(?:shortlist|invit|\bPQQ\b|selection questionnaire|\bSQ\b)"
    r"|shortlist(?:ed|ing)?\b[^.]{0,80}invit(?:ed|ation) to (?:tender|submit|participate)"
    r"|invit(?:ed|ation) to (?:tender|submit)[^.]{0,80}shortlist"
    r"|only (?:those|suppliers|bidders|applicants|organisations)[^.]{0,40}(?:pass|successful|"
    r"meet)[^.]{0,80}(?:invited|progress|proceed) to (?:tender|the (?:next|tender|second|ITT) "
    r"stage)"
    r"|(?:complete|return|submit)[^.]{0,30}(?:\bPQQ\b|pre-?qualification questionnaire)"
    r"|(?:the|this|our) (?:pre-?qualification|PQQ) (?:stage|questionnaire|process)",
    re.IGNORECASE,
)
_SQ_TRUE = re.compile(
    r"(?:complete|completed|completing|submit|submitted|return|fill in|respond to)\s+"
    r"(?:the\s+|this\s+|your\s+|a\s+|our\s+)?(?:standard\s+)?(?:selection questionnaire|"
    r"\bSQ\b|\bPQQ\b|pre-?qualification questionnaire|procurement specific questionnaire|\bPSQ\b)"
    r"|(?:selection questionnaire|\bSQ\b|\bPSQ\b|\bPQQ\b)[^.]{0,40}(?:must|should|shall|needs "
    r"to) be (?:completed|submitted|returned)",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\bnot used\b|\bn/a\b|\bnot applicable\b|\bmust not include\b|"
    r"\bdo not (?:have to|need to)\b",
    re.IGNORECASE,
)


def _policies(
    sentences: list[Sentence],
    i: int,
    low: str,
    out: dict[str, Found],
    experience: list[dict],
    exp_ev: list[Evidence],
) -> None:
    s = sentences[i]
    text = s.text
    example = bool(EXAMPLE_RE.search(text))
    guidance = bool(GUIDANCE_RE.search(text))

    if not example and not guidance and _EXPERIENCE_KEYS.search(low):
        for kind, rx in _EXPERIENCE_PATTERNS:
            m = rx.search(text)
            if not m:
                continue
            if kind == "public_sector_only" and (
                _PUBLIC_OR_PRIVATE.search(text)
                or not re.search(
                    r"experience|reference|example|track record|case stud|contracts?\b", low
                )
            ):
                continue
            if kind == "years_experience":
                n = to_number(m.group("n") or m.group("n2") or "")
                if not n or n > 40:
                    continue
            if kind == "previous_contract_with_authority" and re.search(
                r"\b(?:not|no) (?:required|necessary|a requirement)|regardless|whether or not", low
            ):
                continue
            ev = quote_of(s, m.start(), m.end())
            if sum(1 for e in experience if e["kind"] == kind) < 3:
                experience.append({"kind": kind, "quote": ev.quote})
                exp_ev.append(ev)

    if "slavery" in low:
        m = _MSS_RE.search(text)
        if m:
            window = " ".join(n.text for n in sentence_windows(sentences, i, 3, 1))
            if _MSS_CONDITION.search(window):
                out["modern_slavery_statement_required"].add(
                    False, 0.7, quote_of(s, m.start(), m.end())
                )
            elif (
                _DEMAND_VERB.search(text)
                and not guidance
                and not re.search(r"\bif\b|\bwhere\b|\bany\b", text[: m.start()], re.IGNORECASE)
            ):
                out["modern_slavery_statement_required"].add(
                    True, 0.75, quote_of(s, m.start(), m.end())
                )
    if "carbon" in low or "crp" in low or "net zero" in low:
        m = _CRP_RE.search(text)
        if (
            m
            and _DEMAND_VERB.search(text)
            and not guidance
            and not _NEGATED.search(text)
            and "taking account of" not in low
        ):
            out["carbon_reduction_plan_required"].add(True, 0.75, quote_of(s, m.start(), m.end()))
    if "60 days" in low or "payment performance" in low or "payment practices" in low:
        m = _PAYMENT_TEST_RE.search(text)
        if m and not guidance:
            out["payment_performance_test"].add(True, 0.75, quote_of(s, m.start(), m.end()))
    if "consorti" in low:
        m = _CONSORTIA_FALSE.search(text)
        if m:
            out["consortia_allowed"].add(False, 0.8, quote_of(s, m.start(), m.end()))
        else:
            m = _CONSORTIA_TRUE.search(text)
            if m and not guidance:
                out["consortia_allowed"].add(True, 0.7, quote_of(s, m.start(), m.end()))
    if "sub-contract" in low or "subcontract" in low or "sub contract" in low:
        m = _SUB_FALSE.search(text)
        if m:
            out["subcontracting_allowed"].add(False, 0.8, quote_of(s, m.start(), m.end()))
        else:
            m = _SUB_TRUE.search(text) or _SUB_CONSENT.search(text)
            if m and not guidance:
                conf = 0.7 if _SUB_TRUE.search(text) else 0.6
                out["subcontracting_allowed"].add(True, conf, quote_of(s, m.start(), m.end()))
    if "rel" in low and ("rely" in low or "relied" in low or "relying" in low):
        m = _RELY_FALSE.search(text)
        if m and "guarantor" not in low:
            out["reliance_on_others_allowed"].add(False, 0.8, quote_of(s, m.start(), m.end()))
        else:
            m = _RELY_TRUE.search(text)
            if m and not guidance:
                out["reliance_on_others_allowed"].add(True, 0.7, quote_of(s, m.start(), m.end()))
    if (
        "guarantee" in low
        or "bond" in low
        or "deposit" in low
        or "retention" in low
        or "retain" in low
        or "pcg" in low
    ) and not (example or guidance or _BOND_SOFT.search(text)):
        for kind, rx in _BOND_PATTERNS:
            m = rx.search(text)
            if (
                m
                and _BOND_DEMAND.search(text)
                and not re.search(
                    r"\bno (?:parent company guarantee|performance bond|bond|deposit)", low
                )
            ):
                out["bonds_guarantees"].add(kind, 0.7, quote_of(s, m.start(), m.end()))
    if (
        "qualif" in low
        or "pqq" in low
        or "shortlist" in low
        or "restricted" in low
        or "stage" in low
        or "negotiation" in low
        or "dialogue" in low
    ):
        m = _PQ_TRUE.search(text)
        if m and not guidance and not _NEGATED.search(text) and not CONDITIONAL_RE.search(text):
            out["pre_qualification_stage"].add(True, 0.7, quote_of(s, m.start(), m.end()))
    if "questionnaire" in low or "sq" in low or "pqq" in low:
        m = _SQ_TRUE.search(text)
        if m and not guidance and not _NEGATED.search(text) and not CONDITIONAL_RE.search(text):
            out["selection_questionnaire"].add(True, 0.75, quote_of(s, m.start(), m.end()))


# ---------------------------------------------------------------------------------------------

_BOOL_FACTS = (
    "audited_accounts_required",
    "accounts_alternative",
    "insurance_at_bid_stage",
    "insurance_sole_trader_exempt",
    "modern_slavery_statement_required",
    "carbon_reduction_plan_required",
    "payment_performance_test",
    "consortia_allowed",
    "subcontracting_allowed",
    "reliance_on_others_allowed",
    "pre_qualification_stage",
    "selection_questionnaire",
)
_VALUE_FACTS = (
    "min_turnover",
    "min_turnover_multiple",
    "min_turnover_basis",
    "accounts_years_required",
    "years_trading_required",
)
# When both values are found, the one that protects small suppliers less is reported:
# a prohibition beats a mention, a demand beats silence.
_PREFER = {
    "audited_accounts_required": True,
    "accounts_alternative": True,
    "insurance_at_bid_stage": True,
    "insurance_sole_trader_exempt": True,
    "modern_slavery_statement_required": True,
    "carbon_reduction_plan_required": True,
    "payment_performance_test": True,
    "consortia_allowed": False,
    "subcontracting_allowed": False,
    "reliance_on_others_allowed": False,
    "pre_qualification_stage": True,
    "selection_questionnaire": True,
}


@extractor
def supplier_requirements(ctx: Context) -> Iterator[Fact]:
    out: dict[str, Found] = {
        name: Found() for name in (*_BOOL_FACTS, *_VALUE_FACTS, "bonds_guarantees")
    }
    ins = _InsuranceState()
    certs = _CertState()
    experience: list[dict] = []
    exp_ev: list[Evidence] = []
    sentences = ctx.sentences
    for i, s in enumerate(sentences):
        low = s.text.lower()
        if "turnover" in low:
            _turnover(s, low, out)
        if "account" in low or "year" in low or "financial statement" in low:
            _accounts(s, low, out)
        if "liabilit" in low or "indemnity" in low or "insurance" in low:
            _insurance(s, i, out, ins)
        if (
            "sole trader" in low
            or "insurance" in low
            or "cover" in low
            or "in place" in low
            or "liabilit" in low
            or "indemnity" in low
        ):
            _insurance_flags(sentences, i, low, out, ins)
        if _CERT_KEYS.search(low):
            _certifications(sentences, i, certs)
        if (
            (_BRAND_KEYS is not None and _BRAND_KEYS.search(low))
            or "brand" in low
            or ("using" in low and ("machine" in low or "equipment" in low or "product" in low))
        ):
            _brands(s, certs)
        _policies(sentences, i, low, out, experience, exp_ev)

    # Turnover: a placeholder only when no real figure was found.
    yield from out["min_turnover"].facts("min_turnover")
    yield from out["min_turnover_multiple"].facts("min_turnover_multiple")
    yield from out["min_turnover_basis"].facts("min_turnover_basis")
    yield from out["accounts_years_required"].facts("accounts_years_required")
    if not out["accounts_alternative"] and (
        out["accounts_years_required"]
        or any(v for v, _, _ in out["audited_accounts_required"].items)
    ):
        # accounts are asked for and no route for organisations without them is offered
        first = (out["accounts_years_required"].items or out["audited_accounts_required"].items)[0]
        yield Fact(
            "accounts_alternative",
            False,
            evidence=[first[2]],
            confidence=0.5,
            note="no alternative to accounts was found",
        )
    yield from out["years_trading_required"].facts("years_trading_required")
    for name in _BOOL_FACTS:
        if name in ("insurance_sole_trader_exempt",):
            continue
        yield from out[name].best_bool(name, _PREFER[name])
    yield from out["insurance_sole_trader_exempt"].best_bool("insurance_sole_trader_exempt")
    yield from _insurance_facts(ins, out)
    if certs.certs:
        yield Fact(
            "certifications",
            list(certs.certs.values()),
            evidence=list(certs.evidence.values())[:12],
            confidence=0.75,
        )
    if certs.cyber:
        level = "plus" if "plus" in certs.cyber else "basic"
        yield Fact("cyber_essentials", level, evidence=[certs.cyber[level]], confidence=0.75)
    if certs.brands:
        yield Fact(
            "brands_named",
            list(certs.brands.values()),
            evidence=list(certs.brand_evidence.values())[:12],
            confidence=0.6,
        )
    if experience:
        yield Fact("experience_demands", experience, evidence=exp_ev[:12], confidence=0.7)
    if out["bonds_guarantees"]:
        kinds = sorted({v for v, _, _ in out["bonds_guarantees"].items})
        yield Fact(
            "bonds_guarantees",
            kinds,
            evidence=[e for _, _, e in out["bonds_guarantees"].items][:6],
            confidence=0.7,
        )


_CERT_KEYS = re.compile(
    "|".join(sorted({re.escape(c.lower().split()[0]) for c in CERTIFICATIONS} | {"iso", "bs "}))
)
_BRAND_KEYS = (
    re.compile("|".join(sorted({re.escape(b.lower().split()[0]) for b in BRANDS})))
    if BRANDS
    else None
)
