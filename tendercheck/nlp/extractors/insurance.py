"""Insurance demands: the levels asked for each type of cover, statutory and placeholder levels,
whether cover must be in place at bid stage, and whether sole traders are exempt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tendercheck import lazyre
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors.candidates import (
    EXAMPLE_RE,
    GUIDANCE_RE,
    Found,
    phrase_regex,
    quote_of,
    sentence_windows,
)
from tendercheck.nlp.model import Evidence, Fact, Sentence
from tendercheck.nlp.money import Money, find_money
from tendercheck.nlp.vocabulary import COMBINED_COVERS, INSURANCE_TYPES

_INS_PHRASES = sorted(
    ((p, kind) for kind, phrases in INSURANCE_TYPES.items() for p in phrases),
    key=lambda pk: len(pk[0]),
    reverse=True,
)
_INS_KIND: dict[str, tuple[str, ...]] = {}
for _p, _k in _INS_PHRASES:
    _INS_KIND[re.sub(r"['’\s]", "", _p.lower())] = (_k,)
for _p, _kinds in COMBINED_COVERS.items():
    _INS_KIND[re.sub(r"['’\s]", "", _p.lower())] = _kinds
# A figure further than 150 characters from the cover it belongs to is taken only after words
# stating a level ("Professional Indemnity Insurance covering … to the level of 5000000 GBP").
_LEVEL_BEFORE = lazyre.compile(
    r"(?:level|limit|sum|amount|value|minimum|indemnity)\s+of\s*$|not\s+less\s+than\s*$|"
    r"at\s+least\s*$|[=:]\s*$",
    re.IGNORECASE,
)
INSURANCE_RE = lazyre.compile(
    r"\b(?:" + "|".join(phrase_regex(p) for p, _ in _INS_PHRASES) + r")",
    re.IGNORECASE,
)
_INS_ABBREV = lazyre.compile(r"\b(?P<ab>EL|PL|PI)\b(?=\s*(?:insurance|cover)?\s*[:=\-–|]?\s*£)")
_ABBREV_KIND = {
    "EL": "employers_liability",
    "PL": "public_liability",
    "PI": "professional_indemnity",
}
_STATUTORY_RE = lazyre.compile(
    r"legal(?:ly)? (?:requirement|minimum|required|obligation)|statutory|required by law|"
    r"\bby law\b|the law requires|compulsory insurance\) regulations|regulations 1998|"
    r"that required by law|legal requirement",
    re.IGNORECASE,
)
_INS_DEMAND_CONTEXT = lazyre.compile(
    r"insurance cover|levels? of (?:insurance|cover)|following insurances?|insurance requirements?"
    r"|required insurances?|hold (?:the following )?insurance|insurance.{0,40}(?:required|must)",
    re.IGNORECASE,
)
_SOLE_TRADER_RE = lazyre.compile(
    r"(?:except|excluding|other than|not (?:applicable|apply|required)|exempt|does not apply|"
    r"doesn't apply|unless)[^.]{0,40}sole traders?|sole traders?[^.]{0,30}(?:are |is )?"
    r"(?:exempt|excluded|not required)",
    re.IGNORECASE,
)
_BID_STAGE_TRUE = lazyre.compile(
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
_BID_STAGE_FALSE = lazyre.compile(
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
_BID_STAGE_NOT_NEEDED = lazyre.compile(
    r"(?:do not|don't|does not|not) (?:need|required?|have) to (?:hold|have|send|provide|submit)"
    r"[^.]{0,40}(?:insurances?|cover|certificates?)[^.]{0,60}(?:when you (?:bid|tender|apply)|"
    r"(?:with|in) your (?:bid|tender|quote|quotation|response|submission)|at (?:bid|tender) stage)"
    r"|(?:do not|don't|does not|not) (?:need|required?) to (?:hold|have|send|provide)[^.]{0,40}"
    r"insurance",
    re.IGNORECASE,
)
# The buyer's own cover ("The hall is covered by our own £10m public liability policy", "we
# carry our own insurance"): said of the buyer, not asked of bidders, unless the sentence also
# demands something ("must", "required").
_BUYER_OWN_COVER = lazyre.compile(
    r"\b(?:covered|insured)\s+(?:by|under)\s+our\b|\bour\s+own\s+[^.;]{0,40}"
    r"(?:polic(?:y|ies)|insurances?|cover)\b|\bwe\s+(?:hold|have|carry|maintain)\s+(?:our\s+own\s+)?"
    r"[^.;]{0,40}(?:polic(?:y|ies)|insurances?)\b",
    re.IGNORECASE,
)
_DEMANDED = lazyre.compile(r"\b(?:must|shall|required|requires?|should)\b", re.IGNORECASE)
# A cover heading its item: its name, then a dash, colon or equals sign before the level.
_HEADED = lazyre.compile(r"\s*(?:insurance\s*)?(?:cover\s*)?[-–=:|]", re.IGNORECASE)
# A cover heading a bare level, its currency left unsaid or misspelt ("Employers Liability
# Insurance = 10,000,000", "Public Liability Insurance - GDP 10 million"): millions only, with
# their thousands separators or the word, so a clause number or a count is never a level.
_HEADED_FIGURE = lazyre.compile(
    r"\s*(?:insurance\s*)?(?:cover\s*)?[-–=:]\s*(?:(?:GBP|GPB|GDP)\s*)?"
    r"(?P<num>\d{1,3}(?:,\d{3}){2,}|\d{1,3}(?:\.\d+)?\s*(?:million|mill?ion|m)\b)",
    re.IGNORECASE,
)
_ITEM_START = lazyre.compile(r"[\s\-–•*·\d.()]*")
# Nothing but spaces (or "insurance", "cover") between a cover and its level: "Employer's
# liability £5m".
_LEVEL_NEXT = lazyre.compile(r"\s*(?:insurance\s*)?(?:cover\s*)?", re.IGNORECASE)
_INS_MIN = 100_000
_INS_WORDS = lazyre.compile(r"insurance|liability|indemnity", re.IGNORECASE)


@dataclass
class InsuranceState:
    amounts: dict[str, tuple[float, Evidence]] = field(default_factory=dict)
    lot_limited: set[str] = field(default_factory=set)  # kinds whose amount one lot's clause set
    by_lot: dict[str, dict[str, tuple[float, Evidence]]] = field(default_factory=dict)
    statutory: dict[str, tuple[float, Evidence]] = field(default_factory=dict)
    placeholders: dict[str, Evidence] = field(default_factory=dict)
    asked: bool = False
    el_seen: list[int] = field(default_factory=list)


def _clause_of(text: str, start: int, end: int) -> str:
    """The part of a sentence between semicolons that holds ``start``..``end``."""
    lo = text.rfind(";", 0, start) + 1
    hi = text.find(";", end)
    return text[lo : hi if hi >= 0 else len(text)]


def _asked_of_bidders(ev: Evidence) -> bool:
    """Said where bidders meet it (a questionnaire, the instructions), not in the contract."""
    return ev.clause is not None and reads("bid_process", ev.clause)


def _insurance_mentions(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in INSURANCE_RE.finditer(text):
        key = re.sub(r"['’\s]", "", m.group(0).lower())
        for kind in _INS_KIND.get(key, ()):
            found.append((m.start(), m.end(), kind))  # a combined cover gives each of its kinds
    for m in _INS_ABBREV.finditer(text):
        found.append((m.start(), m.end(), _ABBREV_KIND[m.group("ab")]))
    found.sort()
    return found


def _figure_before(monies: list[Money], after: int, start: int) -> Money | None:
    """The last figure between ``after`` and ``start`` that ends within 25 characters of
    ``start`` ("£10m public liability")."""
    chosen = None
    for money in monies:
        if after <= money.start and money.end <= start and start - money.end <= 25:
            chosen = money
    return chosen


def _headed_figure(text: str, end: int) -> Money | None:
    """A bare level right after the cover that heads it (see ``_HEADED_FIGURE``)."""
    m = _HEADED_FIGURE.match(text, end)
    if m is None:
        return None
    raw = m.group("num")
    figure = re.match(r"[\d.,]+", raw).group(0).replace(",", "")
    value = float(figure) * (1 if raw[-1].isdigit() else 1e6)
    return Money(value, m.start("num"), m.end("num"), raw)


def read_insurance(s: Sentence, idx: int, out: dict[str, Found], st: InsuranceState) -> None:
    text = s.text
    if _INS_DEMAND_CONTEXT.search(text):
        st.asked = True
    mentions = _insurance_mentions(text)
    if not mentions:
        return
    if EXAMPLE_RE.search(text) or any(
        GUIDANCE_RE.search(_clause_of(text, start, end)) for start, end, _ in mentions
    ):
        return  # an example, or guidance in a cover's own clause (not "…; we cannot accept it…")
    if _BUYER_OWN_COVER.search(text) and not _DEMANDED.search(text):
        return  # the buyer's own policy, not a level asked of bidders
    statutory = bool(_STATUTORY_RE.search(text))
    monies = [m for m in find_money(text)]
    for k, (start, end, kind) in enumerate(mentions):
        if kind == "employers_liability":
            st.el_seen.append(idx)
        later = [m_[0] for m_ in mentions[k + 1 :] if m_[0] > start]
        next_start = later[0] if later else len(text)
        seg_end = min(next_start, end + 150)
        chosen: Money | None = None
        for money in monies:
            if end <= money.start < seg_end:
                chosen = money
                break
        prev_end = mentions[k - 1][1] if k else 0
        before = _figure_before(monies, prev_end, start)
        if (
            before is not None
            and (
                not k
                or re.fullmatch(r"[\s,;&]*(?:and|or|plus)?[\s,;&]*", text[prev_end : before.start])
            )
            and chosen is not None
            and later
            and chosen.end <= next_start
            and _figure_before([chosen], end, next_start) is chosen
        ):
            # "£10m public liability and £5m employer's liability": each figure stands before its
            # cover, so the one after this cover is the next cover's
            chosen = before
        if chosen is None and not later:
            # the last cover named: a figure further on that is stated as its level
            chosen = next(
                (
                    money
                    for money in monies
                    if money.start >= seg_end
                    and _LEVEL_BEFORE.search(text[max(seg_end, money.start - 25) : money.start])
                ),
                None,
            )
        if chosen is None:
            # "£10m public liability": an amount just before the type
            chosen = before
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
            chosen = _headed_figure(text, end)
        if chosen is None:
            continue
        ev = quote_of(s, start, chosen.end)
        if chosen.placeholder:
            st.placeholders.setdefault(kind, ev)
            continue
        if chosen.value is None or chosen.value < _INS_MIN:
            continue
        heads_item = _ITEM_START.fullmatch(text[:start]) and (
            _HEADED.match(text[end:])
            or (chosen.start >= end and _LEVEL_NEXT.fullmatch(text[end : chosen.start]))
        )
        if statutory and not heads_item:
            st.statutory.setdefault(kind, (chosen.value, ev))
            continue
        # else a statutory figure stated as the level of a cover that heads its own item of the
        # list ("Employers Liability - statutory minimum of 5 million GBP", "Employer's
        # liability £5m (a legal requirement …)"): the level asked
        lots = s.clause.lots if s.clause is not None else ()
        for lot in lots:
            st.by_lot.setdefault(lot, {}).setdefault(kind, (chosen.value, ev))
        if kind not in st.amounts:
            st.amounts[kind] = (chosen.value, ev)
            if lots:
                st.lot_limited.add(kind)
        elif (
            chosen.value == st.amounts[kind][0]
            and _asked_of_bidders(ev)
            and not _asked_of_bidders(st.amounts[kind][1])
        ):
            # The same cover in the contract particulars and in the questionnaire: quote the
            # questionnaire, where bidders meet it
            st.amounts[kind] = (chosen.value, ev)
        elif lots and kind in st.lot_limited and chosen.value > st.amounts[kind][0]:
            # Cover differs by lot: the pack-wide figure is the highest any lot asks, quoted
            # from that lot's clause (Lot 2's £1m is never given as Lot 1's £10m)
            st.amounts[kind] = (chosen.value, ev)


def read_insurance_flags(
    sentences: list[Sentence], i: int, low: str, out: dict[str, Found], st: InsuranceState
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
        elif s.clause is not None and s.clause.stage == "award" and _INS_WORDS.search(s.text):
            # cover asked for under award or contract start ("Stage 5 Framework contract award")
            out["insurance_at_bid_stage"].add(False, 0.6, quote_of(s))


def insurance_facts(st: InsuranceState, out: dict[str, Found]) -> Iterator[Fact]:
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
        per_lot = {
            lot: {k: v for k, (v, _) in kinds.items()} for lot, kinds in sorted(st.by_lot.items())
        }
        if len(per_lot) > 1 and len({tuple(sorted(v.items())) for v in per_lot.values()}) > 1:
            # what each lot asks, where lots differ: the bidder view judges the lots bid for
            yield Fact(
                "insurance_by_lot",
                per_lot,
                evidence=[ev for kinds in st.by_lot.values() for _, ev in kinds.values()][:10],
                confidence=conf,
            )
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
