"""Certifications and accreditations demanded (ISO standards, CHAS, Cyber Essentials...), whether
an equivalent is accepted, and brands named where a generic description would do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from tendercheck import lazyre
from tendercheck.nlp.extractors.candidates import EXAMPLE_RE, GUIDANCE_RE, phrase_regex, quote_of
from tendercheck.nlp.model import Evidence, Sentence
from tendercheck.nlp.prefilter import compile_filtered
from tendercheck.nlp.vocabulary import BRANDS, CERTIFICATIONS


def _name_regex(names: Iterable[str]) -> str:
    return "|".join(phrase_regex(n) for n in sorted(set(names), key=len, reverse=True))


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
CERT_RE = lazyre.compile(
    r"\b(?:BS\s+EN\s+)?ISO(?:/IEC)?\s?(?P<iso>\d{4,5})(?P<part>-\d{1,2})?(?::\d{4})?\b"
    r"|\b(?P<name>"
    + _name_regex(c for c in CERTIFICATIONS if not c.upper().startswith(("ISO", "BS EN ISO")))
    + r")(?P<plus>\s*(?:\+|plus\b))?",
    re.IGNORECASE,
)
_EQUIV_RE = lazyre.compile(
    r"or (?:an? )?(?:recognised |accepted |acceptable )?equivalent|or equivalent|"
    r"equivalent (?:standards?|schemes?|certifications?|accreditations?|bodies|evidence|"
    r"qualifications?)[^.]{0,60}(?:accepted|considered)|or (?:a )?(?:similar|comparable) "
    r"(?:scheme|standard|accreditation)|(?:other|alternative) (?:evidence|schemes?)[^.]{0,40}"
    r"(?:accepted|considered)",
    re.IGNORECASE,
)
# Just before a name: it is named as an example of what counts ("an appropriate accreditation
# body such as NICEIC or ECA"), so any of its kind is accepted.
_EXAMPLE_OF = lazyre.compile(
    r"\b(?:such as|e\.g\.?|for example)[\s,:]+(?:the\s+)?"
    r"(?:[\w&+-]+(?:\s+[\w&+-]+){0,3}\s*(?:,|\bor\b|\band\b)\s*){0,4}$",
    re.IGNORECASE,
)
_CERT_DEMAND = lazyre.compile(
    r"\b(?:must|shall|required?|requirement|mandatory|essential|need to|needs to|"
    r"provide|upload|submit|hold|holds|accredited|certified|registered|compliant|"
    r"evidence|pass/fail|minimum)\b",
    re.IGNORECASE,
)
_CERT_OPTIONAL = lazyre.compile(
    r"\b(?:desirable|preferred|preferable|advantage|advantageous|optional|welcome|"
    r"not (?:required|mandatory|essential)|do(?:es)? (?:you|your organisation) (?:have|hold)|"
    r"are you|please indicate|if you (?:have|hold)|are you prepared|if the buyer requires|"
    # a standard referred to, not a certificate asked for
    r"as defined (?:in|by)|set out in|aligned (?:with|to)|in line with|best practices?|"
    r"corrected to|reference to|advisory)\b",
    re.IGNORECASE,
)
BRAND_RE = lazyre.compile(r"\b(?:" + _name_regex(BRANDS) + r")\b") if BRANDS else None
_BRAND_CONTEXT = lazyre.compile(
    r"\b(?:must|shall|required?|will need to|needs? to|is to)\b[^.]{0,30}\b(?:use|using|be "
    r"compatible with|integrate with|run on|be (?:based|hosted) on|supply|provide|install)\b",
    re.IGNORECASE,
)
_BRAND_SKIP = lazyre.compile(
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
class CertState:
    certs: dict[str, dict] = field(default_factory=dict)
    # the lots each requirement applies to; () is every lot
    lots: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    cyber: dict[str, Evidence] = field(default_factory=dict)
    brands: dict[str, dict] = field(default_factory=dict)
    brand_evidence: dict[str, Evidence] = field(default_factory=dict)

    def entry(self, name: str) -> dict:
        """A certification with the lots its requirement is limited to (absent: every lot)."""
        out = dict(self.certs[name])
        scopes = self.lots.get(name, set())
        if scopes and () not in scopes:
            out["lots"] = sorted({lot for scope in scopes for lot in scope})
        return out


def read_certifications(
    sentences: list[Sentence], i: int, st: CertState, required_ok: bool = True
) -> None:
    """Certifications named, whether an equivalent is accepted and whether they are required.
    Only a clause binding on bidders or the winner (``required_ok``) can require one."""
    s = sentences[i]
    text = s.text
    matches = [(m, _cert_name(m)) for m in CERT_RE.finditer(text)]
    matches = [(m, n) for m, n in matches if n]
    if not matches or EXAMPLE_RE.search(text) or GUIDANCE_RE.search(text):
        return
    if re.search(r"\bnot used\b", text, re.IGNORECASE):
        return
    equivalent = bool(_EQUIV_RE.search(text)) or bool(s.clause and s.clause.equivalent)
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
    required = demand and not optional and required_ok
    for k, (m, name) in enumerate(matches):
        entry = st.certs.setdefault(
            name, {"name": name, "equivalent_accepted": False, "required": False}
        )
        example = bool(_EXAMPLE_OF.search(text[max(0, m.start() - 120) : m.start()]))
        entry["equivalent_accepted"] = entry["equivalent_accepted"] or equivalent or example
        entry["required"] = entry["required"] or required
        # The quote for a certification is the first clause that requires it, else its first
        # mention ("Reference to ISO 20001 corrected…" is no demand to quote).
        if required and name not in st.lots:
            st.evidence[name] = quote_of(s, m.start(), m.end())
        else:
            st.evidence.setdefault(name, quote_of(s, m.start(), m.end()))
        if required:
            st.lots.setdefault(name, set()).add(_mention_lots(s, text, matches, k))
        if (
            required
            and name.lower().startswith("cyber essentials")
            and not re.search(r"\bnot (?:required|mandatory)\b", text, re.IGNORECASE)
        ):
            level = "plus" if name.endswith("Plus") else "basic"
            st.cyber.setdefault(level, quote_of(s, m.start(), m.end()))


def _mention_lots(s: Sentence, text: str, matches: list, k: int) -> tuple[str, ...]:
    """The lots the k-th certification named in a sentence is required for: those named after it
    and before the next certification ("Cyber Essentials Plus … under Lot 1a or Lot 1b, and Cyber
    Essentials … under Lot 2a, Lot 2b and 3"), else the sentence's own."""
    from tendercheck.nlp.clauses import get_matcher, lots_in

    end = matches[k + 1][0].start() if k + 1 < len(matches) else len(text)
    return lots_in(get_matcher(), text[matches[k][0].end() : end]) or (
        s.clause.lots if s.clause else ()
    )


_BRAND_GENERIC = lazyre.compile(
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


def read_brands(s: Sentence, st: CertState) -> None:
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


# Cheap keyword checks before the patterns above.
CERT_KEYS = lazyre.lazy(
    compile_filtered,
    "|".join(sorted({re.escape(c.lower().split()[0]) for c in CERTIFICATIONS} | {"iso", "bs "})),
)
BRAND_KEYS = (
    lazyre.lazy(
        compile_filtered, "|".join(sorted({re.escape(b.lower().split()[0]) for b in BRANDS}))
    )
    if BRANDS
    else None
)
