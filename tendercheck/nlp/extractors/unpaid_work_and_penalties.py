"""Unpaid work ("at no additional cost", unpaid pilots) and penalties (liquidated damages,
service credits, deductions) in commercial terms.
"""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.nlp.extractors.candidates import Found, quote_of
from tendercheck.nlp.model import Evidence, Sentence

_UNPAID = lazyre.compile(
    r"at no (?:additional|extra|further) (?:cost|charge|expense|fee)s?"
    r"|at no (?:cost|charge) to the (?:council|authority|buyer|customer|trust|client|"
    r"commissioner|department|purchaser|university)"
    r"|(?:free of charge|free-of-charge)"
    r"|without (?:any )?(?:additional |extra )?(?:charge|payment|cost) to the "
    r"(?:council|authority|buyer|customer|trust|client)"
    r"|unpaid (?:pilot|trial|mobilisation|presentation|work|demonstration|implementation)"
    r"|(?:pilot|trial|mobilisation|implementation|demonstration|set-?up)[^.]{0,60}"
    r"(?:will not be (?:paid|remunerated|funded|reimbursed)|is unpaid|shall be unpaid|"
    r"not be (?:paid|remunerated) for)"
    r"|at (?:the )?(?:supplier|contractor|provider|service provider)['’]s own (?:cost|expense)"
    r"|without (?:additional|further|extra) (?:payment|charge|cost)"
    r"|(?:will|shall) not be (?:paid|remunerated|reimbursed) for",
    re.IGNORECASE,
)
_UNPAID_SKIP = lazyre.compile(
    r"(?:council|authority|we|buyer|ccs|british council)\s+(?:will\s+)?(?:provide|supply|make "
    r"available|offer)s?[^.]{0,60}free of charge|documents?[^.]{0,40}free of charge|"
    r"free of charge[^.]{0,40}(?:documents?|portal|register|registration|to (?:access|download|"
    r"register))|(?:not|never) be charged|shall not be charged|free of charge to (?:staff|"
    r"workers|employees|(?:all )?(?:potential )?(?:suppliers|bidders|tenderers))|"
    r"(?:access|accessed|available|database)[^.]{0,60}free of charge|"
    # remedies, not unpaid work: re-doing failed work, replacing what the supplier damaged
    r"\b(?:re-?perform|re-?do|rectif|remed|make good|correct|re-?execut|replace)\w*[^.]{0,120}"
    r"(?:at (?:its|the supplier['’]s|the contractor['’]s|their) own (?:cost|expense)|at no "
    r"(?:additional |extra )?(?:cost|charge))|(?:defective|damaged|lost|failed|faulty|"
    r"non-?conforming)[^.]{0,80}(?:at (?:its|their) own (?:cost|expense)|at no (?:additional |"
    r"extra )?(?:cost|charge))|"
    # given to the supplier by the buyer, not asked of it
    r"\b(?:to|for) (?:the )?(?:supplier|contractor)(?:['’]s)?\b[^.]{0,160}free of charge|"
    r"provided (?:to|for) (?:them|it|the supplier|the contractor|suppliers)[^.]{0,40}free of "
    r"charge|free of charge by (?:the )?(?:ministry|buyer|authority|council|department|customer)|"
    # ancillary duties of contract management (co-operating with monitoring or audit, giving
    # information, records or copies): standard terms, not a part of the work left unpaid
    # (a clause number's dot, "Clause 13.1", does not end the sentence); agreeing the changes a
    # contract needs is not work either
    r"\b(?:co-?operat\w*|information|cop(?:y|ies)|records?|audit\w*|monitoring|agree\w*"
    r"(?=[^.]{0,60}\bchanges\b))\b(?:[^.]|\.(?=\d)){0,200}"
    r"(?:at no (?:additional |extra )?(?:cost|charge)|free of charge|without (?:any )?"
    r"(?:additional |extra |further )?(?:cost|charge|payment))|"
    # an endeavours duty to absorb a cost ("use all reasonable endeavours to reallocate
    # resources to provide such assistance without additional costs"): qualified, not a demand
    # for unpaid work (what it cannot absorb is priced, typically by variation)
    r"\b(?:endeavou?rs?|efforts)\b[^.]{0,160}(?:without|at no|free of)\b|"
    # bidders bear their own bid costs: a disclaimer, not unpaid contract work
    r"\b(?:prepar\w*|submi\w*|complet\w*|participat\w*\s+in)\s+(?:of\s+)?(?:the\s+|their\s+|"
    r"its\s+|a\s+|this\s+)?(?:tender|bid|response|submission|procurement|process)|"
    r"\bnot\s+liable\s+for\s+any\s+(?:costs|expenses)\b",
    re.IGNORECASE,
)
_PENALTY = lazyre.compile(
    r"liquidated damages|service credits?|financial penalt(?:y|ies)|penalty (?:deductions?|"
    r"regime|points|mechanism|clause|payments?)|(?:deductions?|abatements?) (?:from|to|of) "
    r"(?:the )?(?:payment|charges|invoice|fee|contract price)s?|performance deductions?|"
    r"(?:deduct|withhold|reduce)[^.]{0,40}(?:payment|charges|fee)s?[^.]{0,60}(?:fail|"
    r"performance|kpi|late|target)",
    re.IGNORECASE,
)


def read_unpaid_work(s: Sentence, low: str, unpaid: list[tuple[str, Evidence]]) -> None:
    """Work asked for at no cost, appended to ``unpaid`` (at most 20)."""
    if (
        "unpaid" in low
        or "no additional" in low
        or "free" in low
        or "no cost" in low
        or ("no charge" in low)
        or "no extra" in low
        or "without" in low
        or "no further" in low
        or "own cost" in low
        or "own expense" in low
        or "not be paid" in low
        or "not be remunerated" in low
        or "not be reimbursed" in low
    ):
        text = s.text
        m = _UNPAID.search(text)
        if m and not _UNPAID_SKIP.search(text) and len(unpaid) < 20:
            ev = quote_of(s, m.start(), m.end(), limit=220)
            unpaid.append((ev.quote, ev))


def read_penalties(s: Sentence, low: str, guidance: bool, out: dict[str, Found]) -> None:
    if (
        "damages" in low
        or "credit" in low
        or "penalt" in low
        or "deduct" in low
        or "abatement" in low
        or "withhold" in low
    ):
        m = _PENALTY.search(s.text)
        if (
            m
            and not guidance
            and not re.search(
                r"wages|staff|workers|recruitment|tax|vat|interest, penalties|pension", low
            )
        ):
            out["penalties"].add(True, 0.7, quote_of(s, m.start(), m.end()))
