"""How bids are delivered (paper copies, USB sticks, CDs, post, by hand) and fees charged for the
tender documents or portal.
"""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.nlp.extractors.candidates import GUIDANCE_RE, Found, quote_of
from tendercheck.nlp.model import Evidence, Sentence
from tendercheck.nlp.money import find_money
from tendercheck.nlp.numbers import NUM

_SUBMISSION_CONTEXT = lazyre.compile(
    r"\b(?:tenders?|bids?|submissions?|submit(?:ted)?|responses?|proposals?|quotations?|"
    r"returns?|returned|copies|envelope)\b",
    re.IGNORECASE,
)
_SUBMISSION_NEGATED = lazyre.compile(
    r"(?:not|no|never)\s+(?:be\s+)?(?:accept\w*|required|need\w*|necessary|permitted|allowed|"
    r"keep|send|submit|required)[^.]{0,40}(?:paper|hard cop|post|hand|usb|memory stick|cd|"
    r"fax|printed)|destroy|(?:only|solely|exclusively) (?:be )?(?:accepted )?(?:via|through|"
    r"by|using) (?:the )?(?:e-?tender|portal|digital platform|electronic|email)|reference to "
    r"writing"
    r"|(?:paper|hard cop\w*|printed|usb|memory stick|cd|post(?:al)?|hand)[^.;]{0,40}\b(?:will|shall|must|are|is)\s+not\s+(?:be\s+)?(?:accept\w*|required|need\w*|necessary|permitted|allowed)",
    re.IGNORECASE,
)
_PAPER = [
    (
        "paper",
        lazyre.compile(
            rf"(?:{NUM}|a|one)\s+(?:\(\d+\)\s+)?(?:paper|hard|printed|bound|signed\s+paper|"
            r"original\s+paper|unbound)\s+cop(?:y|ies)|hard[- ]cop(?:y|ies)|paper (?:cop(?:y|ies)|"
            r"format|version|submissions?|form)|printed cop(?:y|ies)|in paper form|"
            r"(?:an? )?(?:signed )?original (?:and|plus) (?:\w+ )?cop(?:y|ies)",
            re.IGNORECASE,
        ),
    ),
    (
        "usb",
        lazyre.compile(
            r"memory sticks?|\busb\b|flash drives?|pen drives?|data sticks?|"
            r"memory (?:pen|key)",
            re.IGNORECASE,
        ),
    ),
    ("cd", lazyre.compile(r"\bcd(?:-?rom)?s?\b|\bdvds?\b", re.IGNORECASE)),
    (
        "post",
        lazyre.compile(
            r"(?:by|via) (?:first[- ]class |recorded |registered |pre-?paid )?"
            r"(?:post|recorded delivery|royal mail|courier)|\bpostal (?:submissions?|"
            r"tenders?)|\bposted to\b|tender return envelope|sealed envelope",
            re.IGNORECASE,
        ),
    ),
    (
        "hand",
        lazyre.compile(
            r"by hand|hand[- ]deliver(?:ed|y)?|delivered (?:in person|personally)|"
            r"personally delivered",
            re.IGNORECASE,
        ),
    ),
]
_PAPER_KEYS = (
    "paper",
    "cop",
    "memory",
    "usb",
    "stick",
    "drive",
    "cd",
    "dvd",
    "post",
    "courier",
    "hand",
    "envelope",
    "deliver",
    "royal mail",
)

_NOTICE_CLAUSE = lazyre.compile(
    r"\bany notices?\b|\bnotices? (?:under|given|served|shall|to be given)|deemed (?:to have been )?"
    r"received|service of notices",
    re.IGNORECASE,
)


def read_paper_submission(s: Sentence, low: str, paper: dict[str, Evidence]) -> None:
    """Bids asked for on paper, USB, CD, by post or by hand: the first quote of each kind."""
    if not any(k in low for k in _PAPER_KEYS):
        return
    text = s.text
    if "invoice" in low or not _SUBMISSION_CONTEXT.search(text) or _NOTICE_CLAUSE.search(text):
        return
    if _SUBMISSION_NEGATED.search(text) or GUIDANCE_RE.search(text):
        return
    for kind, rx in _PAPER:
        m = rx.search(text)
        if not m:
            continue
        if kind == "cd" and not re.search(
            r"cd-?rom|\bcds?\b[^.]{0,20}(?:copy|disk|format)|"
            r"(?:copy|version) on (?:a )?cd",
            low,
        ):
            continue
        paper.setdefault(kind, quote_of(s, m.start(), m.end()))


_FEE = lazyre.compile(
    r"(?:fee|charge|cost|payment|price|sum|deposit)s?\s+(?:of\s+£[\d,.]+\s+)?(?:is |are |will be )?"
    r"(?:payable |required |charged |made )?(?:for|to obtain|to access|to register|to download|"
    r"for access to|for obtaining)\s+(?:the\s+)?(?:tender|itt|rfp|procurement|bid)?\s*"
    r"(?:documents?|documentation|pack|portal|registration|platform|access)"
    r"|(?:tender documents?|documentation|tender pack|the itt)\s+(?:are|is|will be|can be)\s+"
    r"(?:available|obtained|provided|issued)[^.]{0,30}(?:on payment|at a cost|for a fee|"
    r"upon payment|at a charge|for £|at £)"
    r"|(?:registration|subscription|access)\s+(?:fee|charge)s?\b(?:[^.]{0,40}(?:portal|"
    r"platform|system|documents))?"
    r"|non-?refundable (?:\w+ )?(?:fee|deposit|charge)|(?:administration|document|tender pack) "
    r"(?:fee|charge) of|(?:documents?|documentation|pack)[^.]{0,80}(?:released|available|issued|"
    r"provided|sent) (?:on|upon) (?:receipt of|payment of)",
    re.IGNORECASE,
)
_FEE_SKIP = lazyre.compile(
    r"free of charge|no (?:fee|charge|cost)|without charge|not (?:pay|be "
    r"charged)|will not pay|management charge|free to (?:register|access|use)",
    re.IGNORECASE,
)


def read_document_fees(s: Sentence, low: str, guidance: bool, out: dict[str, Found]) -> None:
    """A fee to obtain the tender documents or use the portal: the sum, or True."""
    if (
        "fee" in low or "charge" in low or "cost" in low or "payment" in low or "deposit" in low
    ) and (
        "document" in low
        or "portal" in low
        or "regist" in low
        or "itt" in low
        or "pack" in low
        or "platform" in low
        or "access" in low
    ):
        text = s.text
        m = _FEE.search(text)
        if m and not _FEE_SKIP.search(text) and not guidance:
            monies = [mo for mo in find_money(text) if mo.value]
            value: object = monies[0].value if monies else True
            out["document_fees"].add(value, 0.7, quote_of(s, m.start(), m.end()))
