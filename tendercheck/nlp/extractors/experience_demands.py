"""Experience demands: a previous contract with the buyer, public-sector-only experience, years
of experience and references.
"""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.nlp.extractors.candidates import EXAMPLE_RE, GUIDANCE_RE, quote_of
from tendercheck.nlp.model import Evidence, Sentence
from tendercheck.nlp.numbers import NUM, to_number

_AUTHORITY = (
    r"(?:council|authority|trust|department|buyer|board|university|agency|"
    r"commissioner|partnership|(?:contracting|commissioning) (?:authority|body))"
)
_EXPERIENCE_PATTERNS = [
    (
        "previous_contract_with_authority",
        lazyre.compile(
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
        lazyre.compile(
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
        lazyre.compile(
            rf"(?:minimum of|at least|no less than|not less than|over)?\s*\b(?P<n>{NUM})\+?\s*"
            r"(?:\(\d+\)\s*)?years['’]?\s+(?:of\s+)?(?:relevant\s+|proven\s+|demonstrable\s+|"
            r"demonstrated\s+|direct\s+|previous\s+|practical\s+)*experience"
            rf"|experience of (?:at least |a minimum of |no less than )(?P<n2>{NUM})\s+years",
            re.IGNORECASE,
        ),
    ),
    (
        "references",
        lazyre.compile(
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
_EXPERIENCE_KEYS = lazyre.compile(
    r"experience|reference|referee|example|case stud|previous|prior |existing|approved|"
    r"public[- ]sector|contracts? (?:with|for) the|worked (?:for|with)|details of|contracts? that"
)
# A contract obligation ("The Supplier shall ... the previous supplier ...") is not a condition of
# participation: experience demands are made of bidders, tenderers, applicants or "you".
_CONTRACT_OBLIGATION = lazyre.compile(
    r"\bthe (?:supplier|contractor|provider|service provider|sub-?\s?contractor)s?\b[^.]{0,40}?"
    r"\b(?:shall|will|must)\b",
    re.IGNORECASE,
)
_ADDRESSED_TO_BIDDERS = lazyre.compile(
    r"tenderer|bidder|applicant|\byou(?:r)?\b|potential (?:supplier|provider)|organisations? (?:must|should)",
    re.IGNORECASE,
)
_PUBLIC_OR_PRIVATE = lazyre.compile(
    r"public (?:and/or|or|and) private|private (?:or|and) public|"
    r"either (?:the )?public",
    re.IGNORECASE,
)


def read_experience(s: Sentence, low: str, experience: list[dict], exp_ev: list[Evidence]) -> None:
    text = s.text
    if not _EXPERIENCE_KEYS.search(low) or EXAMPLE_RE.search(text) or GUIDANCE_RE.search(text):
        return  # only quoted by the document, or no experience words
    if _CONTRACT_OBLIGATION.search(text) and not _ADDRESSED_TO_BIDDERS.search(text):
        return  # what the contract asks of the winner, not a condition of participation
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
