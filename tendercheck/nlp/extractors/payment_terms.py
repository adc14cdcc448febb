"""Payment terms in commercial terms: days to pay an invoice, flow-down to subcontractors,
payment by results, payment in arrears and payment up front.
"""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.nlp.clauses import payment_parties
from tendercheck.nlp.extractors.candidates import (
    GUIDANCE_RE,
    Found,
    quote_of,
    sentence_windows,
)
from tendercheck.nlp.model import Sentence
from tendercheck.nlp.numbers import NUM, to_number

_PAY_DAYS = lazyre.compile(
    rf"(?:within|no later than|not later than|in|of|period of|terms (?:are|of|is)|net"
    rf"|\bpays?|\bpaid)\s+"
    rf"(?:a period of\s+|the\s+)?(?P<n>{NUM})\s*(?:\(\d+\)\s*)?(?:calendar\s+|working\s+|"
    r"business\s+)?days?\b(?P<tail>[^.;]{0,90})"
    rf"|(?P<n2>{NUM})[- ]day (?:payment )?terms",
    re.IGNORECASE,
)
_PAY_CONTEXT = lazyre.compile(
    r"invoice|payment terms|\bpa(?:y|id|yment)\b|\bpayable\b", re.IGNORECASE
)
_PAY_TAIL = lazyre.compile(
    r"invoice|receipt|payment|valid|undisputed|date of|submission of|pay", re.IGNORECASE
)
_PAY_SKIP = lazyre.compile(
    r"95\s?%|percentage of|payment practices|average number of "
    r"days|late payment|prompt payment code|terminat|notice|\bdisputes?\b|\binterest\b|"
    r"tax|social security|standstill|clarification",
    re.IGNORECASE,
)
# The supply chain: a payment period in the same part of a sentence is the supplier's to its
# subcontractors, not the buyer's ("…within 30 days, and require the same of its sub-contractors"
# keeps the buyer's 30 days; "ensure its subcontractors are paid within 30 days" does not).
_SUPPLY_CHAIN = lazyre.compile(r"supply chain|sub-?contract", re.IGNORECASE)
_PART_BREAK = lazyre.compile(
    r";|,\s*(?:and|but|while|whereas)\b|\.\s"
    r"|\band\s+(?:will\s+|shall\s+|must\s+)?(?:require|ensure|impose|expect|oblige)\b",
    re.IGNORECASE,
)
_FLOW_DOWN = lazyre.compile(
    r"(?:sub-?contract\w*|supply chain)[^.]{0,160}(?:30|thirty)[- ](?:calendar )?days?"
    r"|(?:30|thirty)[- ]day payment terms[^.]{0,120}(?:sub-?contract\w*|supply chain)"
    r"|comparable payment (?:provisions|terms)[^.]{0,80}sub-?contract"
    r"|sub-?contract\w*[^.]{0,80}(?:comparable|equivalent|same) payment (?:provisions|terms)"
    r"|(?:flow|flowed|flowing) down[^.]{0,60}payment|payment[^.]{0,60}(?:flow|flowed) down"
    r"|(?:pay|paid|payment)[^.]{0,120}(?:require|impose|apply|ensure)s?\s+the\s+same\s+"
    r"(?:\w+\s+){0,3}(?:of|on|to|for|with|from)\s+(?:its|their|your|any|all)?\s*"
    r"(?:own\s+)?sub-?contract",
    re.IGNORECASE,
)
# A period to send the invoice, not to pay it: "the Supplier must submit an invoice to the Buyer
# within twenty-one (21) days of the cost being incurred" (no paying between the invoice and
# the period).
_INVOICING = lazyre.compile(
    r"\b(?:submit|issue|raise|send|render|present|forward|provide|deliver|produce)(?:s|ed|ing)?"
    r"\s+(?:\w+\s+){0,3}?invoices?\b"
    r"(?![^.;]*\b(?:pa(?:y|id|yment|yable)|settle)\w*)[^.;]*$",
    re.IGNORECASE,
)
# A contract's own term with its defined party as subject ("The Buyer must pay the Supplier …"):
# GUIDANCE_RE reads "Buyer must" as guidance to buyers ("Buyers must pay …"), which the clause
# model already tells apart by the document's part (a term in a contract, guidance elsewhere).
_DEFINED_PAYER = lazyre.compile(
    r"\b[Tt]he (?:Buyer|Customer|Authority|Contracting Authority|Client|Purchaser)"
    r" (?:must|shall|will) pay\b"
)
_FLOW_DEMAND = lazyre.compile(r"\b(?:must|shall|ensure|include|required?|will)\b", re.IGNORECASE)
_PBR = lazyre.compile(
    r"payment (?:by|on|against) (?:results|outcomes)|\bPbR\b|outcome[- ]based (?:payment|"
    r"funding|contract)|payment (?:will be |is |shall be )?(?:wholly |partly |partially )?"
    r"(?:linked|tied|contingent|dependent|conditional) (?:to|on|upon) (?:the )?(?:achievement "
    r"of )?(?:outcomes|results|performance)|results[- ]based payment",
    re.IGNORECASE,
)
_ARREARS = lazyre.compile(
    r"(?P<f1>monthly|quarterly|annually|yearly|six[- ]monthly|bi-?annually)\s+in\s+arrears"
    r"|in arrears[^.]{0,30}?(?:on a |each |every )?(?P<f2>monthly|quarterly|annual|yearly|month|"
    r"quarter|year)",
    re.IGNORECASE,
)
_FREQ = {
    "monthly": "monthly",
    "month": "monthly",
    "quarterly": "quarterly",
    "quarter": "quarterly",
    "annually": "annually",
    "annual": "annually",
    "yearly": "annually",
    "year": "annually",
    # six-monthly is reported as "quarterly" (the rule reads "quarterly or longer")
    "six monthly": "quarterly",
    "bi annually": "quarterly",
    "biannually": "quarterly",
}
_UPFRONT = lazyre.compile(
    r"(?:pay|paid|payment|payments|invoiced?|funding|fee)\s+(?:\w+\s+){0,3}in advance|"
    r"advance payments?|up-?front (?:payment|funding)|payment up-?front",
    re.IGNORECASE,
)


def read_payment_days(s: Sentence, low: str, out: dict[str, Found], lead_in: str = "") -> bool:
    """Days within which the buyer pays the supplier's invoice; True when this sentence states
    them. Who pays whom comes from the clause model (:func:`payment_parties`). ``lead_in`` is
    the list lead-in the sentence is an item of ("require that all Subcontractors are paid:"):
    a period under a lead-in about the supply chain is the supplier's to its subcontractors."""
    text = s.text
    if "day" not in low or not _PAY_CONTEXT.search(lead_in + " " + text):
        return False
    if lead_in and _SUPPLY_CHAIN.search(lead_in):
        return False
    if _PAY_SKIP.search(text) or GUIDANCE_RE.search(_DEFINED_PAYER.sub(" ", text)):
        return False
    found = False
    for m in _PAY_DAYS.finditer(text):
        if m.group("n2"):
            n = to_number(m.group("n2"))
            tail_ok = True
        else:
            n = to_number(m.group("n"))
            tail_ok = bool(_PAY_TAIL.search(m.group("tail") or "")) or bool(
                re.search(r"invoice|payment terms", text[: m.start()], re.IGNORECASE)
            )
        if n is None or not (5 <= n <= 120) or not tail_ok:
            continue
        figure_end = m.end("n2") if m.group("n2") else m.end("n")
        if "invoice" in low and _INVOICING.search(text, 0, m.start()):
            continue  # when the invoice is sent, not when it is paid
        if _SUPPLY_CHAIN.search(_part_of(text, m.start(), figure_end)):
            continue  # the supplier's terms to its subcontractors
        if not payment_parties(text, m.start()).buyer_to_supplier:
            continue  # the supplier pays (CCS, its subcontractors), or a record of past payments
        conf = 0.8 if "invoice" in text.lower() or "payment terms" in text.lower() else 0.65
        out["payment_terms_days"].add(n, conf, quote_of(s, m.start(), m.end()))
        found = True
        break
    return found


def list_lead_in(sentences: list[Sentence], i: int) -> str:
    """The lead-in ("…:") that sentence ``i`` is an item of, or "": the nearest paragraph before
    it in the same document that ends with a colon, with only list items between ("…; or",
    "…; and", "…,") ."""
    s = sentences[i]
    j = i - 1
    while j >= 0 and i - j <= 4:
        prev = sentences[j]
        if prev.doc_index != s.doc_index or prev.kind == "heading":
            return ""
        end = prev.text.rstrip()
        if end.endswith(":"):
            return prev.text
        if not re.search(r"(?:[;,]|;\s*(?:or|and))$", end):
            return ""
        j -= 1
    return ""


def _part_of(text: str, start: int, end: int) -> str:
    """The part of a sentence around ``start``..``end``, between breaks such as "; " or
    ", and"."""
    left = max((m.end() for m in _PART_BREAK.finditer(text, 0, start)), default=0)
    right = _PART_BREAK.search(text, end)
    return text[left : right.start() if right else len(text)]


def read_flow_down(
    sentences: list[Sentence], i: int, low: str, out: dict[str, Found], last_pay_index: int
) -> None:
    """Payment terms passed down to subcontractors, from sentence ``i``."""
    if not (
        ("sub" in low and "pay" in low)
        or "same effect" in low
        or ("supply chain" in low and "pay" in low)
        or ("flow" in low and "pay" in low)
    ):
        return
    s = sentences[i]
    text = s.text
    if GUIDANCE_RE.search(text):
        return
    m = _FLOW_DOWN.search(text)
    if m and _FLOW_DEMAND.search(text) and not re.search(r"percentage|95\s?%|average", low):
        out["payment_flow_down"].add(True, 0.75, quote_of(s, m.start(), m.end()))
        return
    # "Where the Supplier enters into a Sub-Contract, the Supplier shall include in that
    # Sub-Contract: (a) provisions having the same effect as Clause 8.1 to Clause 8.4" just
    # after the payment clause.
    if "same effect" in low and i - last_pay_index <= 4:
        window = sentence_windows(sentences, i, 2, 0)
        if any(re.search(r"sub-?contract", w.text, re.IGNORECASE) for w in window):
            out["payment_flow_down"].add(True, 0.65, quote_of(s))


def read_payment_by_results(s: Sentence, low: str, guidance: bool, out: dict[str, Found]) -> None:
    if "result" in low or "outcome" in low or "pbr" in low or "performance" in low:
        text = s.text
        m = _PBR.search(text)
        if m and not guidance:
            negated = re.search(
                r"\b(?:no|not|none|never|without)\b[^.]{0,40}$",
                text[: m.start()],
                re.IGNORECASE,
            )
            out["payment_by_results"].add(not negated, 0.7, quote_of(s, m.start(), m.end()))


def read_payment_in_arrears(s: Sentence, low: str, out: dict[str, Found]) -> None:
    if "arrears" in low:
        text = s.text
        m = _ARREARS.search(text)
        if m:
            freq = _FREQ.get((m.group("f1") or m.group("f2")).lower().replace("-", " "))
            if freq:
                out["payment_in_arrears"].add(freq, 0.75, quote_of(s, m.start(), m.end()))


def read_payment_upfront(s: Sentence, low: str, out: dict[str, Found]) -> None:
    if ("advance" in low or "front" in low) and (
        "pay" in low or "invoice" in low or "fund" in low or "fee" in low
    ):
        m = _UPFRONT.search(s.text)
        if m and not re.search(
            r"authori[sz]ed in advance|in advance of (?:the )?"
            r"(?:deadline|meeting|visit)|notify|notice",
            low,
        ):
            out["payment_upfront"].add(True, 0.65, quote_of(s, m.start(), m.end()))
