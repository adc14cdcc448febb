"""Who is buying and under which rules: the authority type (central, local, NHS, other), the
contract type (works, goods, services, light-touch) and the regime (Procurement Act 2023 or PCR 2015).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.model import Fact, Sentence
from tendercheck.nlp.prefilter import compile_filtered

CENTRAL_NAMES = lazyre.compile(
    r"Crown Commercial Service|\bCCS\b|Cabinet Office|Government Digital Service|"
    r"\bHM (?:Treasury|Revenue (?:and|&) Customs|Land Registry|Courts (?:and|&) Tribunals Service|Prison (?:and|&) Probation Service)|"
    r"\bHMRC\b|\bHome Office\b|Ministry of (?:Defence|Justice|Housing)|Department for (?:Education|Work and Pensions|Transport|"
    r"Environment|Business|Culture|Science|Energy|International|Levelling|Digital)|Department of Health|"
    r"Foreign,? Commonwealth (?:and|&) Development Office|\bFCDO\b|\bDWP\b|\bDfE\b|\bDHSC\b|\bDEFRA\b|\bDefra\b|"
    r"Environment Agency|\bDVLA\b|\bDVSA\b|National Highways|Highways England|Government Property Agency|"
    r"Government Legal Department|British Council|Met Office|Ordnance Survey|Companies House|"
    r"UK Health Security Agency|Education and Skills Funding Agency|Education Funding Agency|"
    r"executive non-departmental public body|executive agency of",
)
OTHER_NAMES = lazyre.compile(
    r"\b[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\s(?:Borough|County|City|District|Parish|Town|Metropolitan(?: Borough)?|Unitary|Community)\sCouncil\b|"
    r"London Borough of [A-Z]\w+|Royal Borough of|Combined Authority|Greater London Authority|"
    r"\bNHS\b(?:\s[A-Z][\w&-]+){0,5}\s(?:Foundation\s)?Trust\b|Integrated Care Board|Clinical Commissioning Group|"
    r"University of [A-Z]\w+|[A-Z]\w+ University\b|Academy Trust|Housing Association|registered provider of social housing|"
    r"\b(?!Decent\b)[A-Z]\w+ Homes\b(?! Standard)|"
    r"Police (?:and Crime Commissioner|Service|Authority)|Fire (?:and|&) Rescue|National Park Authority",
)
_THE_COUNCIL = lazyre.compile(r"(?<!British )\b(?:the|The)\s+Council\b")
_STRONG_AUTH = lazyre.compile(
    r"contracting\s+(?:authority|body)\s+(?:is|will\s+be)|on\s+behalf\s+of|invites?\s+(?:tenders|bids|proposals|quotations)"
    r"|\((?:the\s+)?[\"“‘']?(?:Council|Authority|Buyer|Customer|CCS)[\"”’']?\)",
    re.IGNORECASE,
)


def classify_authority_name(name: str) -> str | None:
    """ "central" or "other" for a buyer's name (used for OCDS notices too), or None."""
    if not name:
        return None
    if CENTRAL_NAMES.search(name):
        return "central"
    if OTHER_NAMES.search(name) or re.search(
        r"\bcouncil\b|\bNHS\b|universit|college|school|academy|housing|homes\b|police|fire\b|"
        r"authority\b|trust\b|parish",
        name,
        re.IGNORECASE,
    ):
        return "other"
    if re.search(r"^(?:Ministry|Department|Office) (?:of|for)\b|\bHM\b", name):
        return "central"
    return None


# Bodies selection questions name as third parties (registration, tax, licences).
_THIRD_PARTY = lazyre.compile(
    r"Companies House|HMRC|HM Revenue|Home Office|DVLA|DVSA|Environment Agency|Met Office|Ordnance Survey"
)
_SELF_CENTRAL = lazyre.compile(r"\bCCS\b|Crown Commercial Service|British Council")


# A literal pre-filter for the name patterns (case-sensitive, as they are): every alternative
# of CENTRAL_NAMES and _SELF_CENTRAL holds one of _CENTRAL_WORDS, and every alternative of
# OTHER_NAMES and _THE_COUNCIL one of _OTHER_WORDS, so a sentence with none of them cannot match
# and its (slow, word-boundary) regex searches are skipped. Keep these in step with the patterns;
# tests/test_startup_cost.py checks the facts with and without the pre-filter.
_CENTRAL_WORDS = (
    "CCS", "Crown", "Office", "Government", "HM", "Ministry", "Department", "Commonwealth",
    "FCDO", "DWP", "DfE", "DHSC", "DEFRA", "Defra", "Agency", "DVLA", "DVSA", "Highways",
    "British Council", "Survey", "Companies House", "executive ",
)  # fmt: skip
_OTHER_WORDS = (
    "Council", "Borough of", "Authority", "NHS", "Care Board", "Clinical Commissioning Group",
    "University", "Academy Trust", "Housing Association", "registered provider of social housing",
    "Homes", "Police", "Rescue",
)  # fmt: skip


def authority_facts(ctx: Context) -> Iterator[Fact]:
    """Who is buying. Names count when the text says they run the procurement (the contracting
    authority is…, on behalf of…, "the Council"), or on a cover; otherwise only names that
    documents use for themselves (CCS, "the Council") count by frequency: HMRC, Companies House
    or the Home Office are often named as third parties in selection questions."""
    score = {"central": 0.0, "other": 0.0}
    first: dict[str, Sentence] = {}
    strong_seen: dict[str, Sentence] = {}
    counts = {"central": 0, "other": 0}
    first_block: dict[int, int] = {}
    for s in ctx.sentences:
        first_block.setdefault(s.doc_index, s.block)
        text = s.text
        if "C" not in text and "c" not in text:
            continue
        cover = s.block - first_block[s.doc_index] <= 12
        strong = None  # searched for only in a sentence that names a buyer
        for kind, pattern, self_names, words in (
            ("central", CENTRAL_NAMES, _SELF_CENTRAL, _CENTRAL_WORDS),
            ("other", OTHER_NAMES, _THE_COUNCIL, _OTHER_WORDS),
        ):
            if not any(map(text.__contains__, words)):
                continue  # neither pattern can match: see _CENTRAL_WORDS
            named = pattern.search(text)
            own = self_names.findall(text)
            if not named and not own:
                continue
            if strong is None:
                strong = bool(_STRONG_AUTH.search(text))
            if strong:
                score[kind] += 3
                strong_seen.setdefault(kind, s)
                first.setdefault(kind, s)
            elif cover and named and not _THIRD_PARTY.search(named.group(0)) and "?" not in text:
                score[kind] += 3
                first.setdefault(kind, s)
            if own:
                counts[kind] += len(own)
                first.setdefault(kind, s)
    for kind in score:
        score[kind] += min(counts[kind], 10) * 0.5
    best = max(score, key=score.get)
    other = "other" if best == "central" else "central"
    if score[best] < 3 or score[best] < 2 * score[other]:
        return
    s = strong_seen.get(best) or first[best]
    confidence = 0.8 if best in strong_seen else 0.65
    note = ""
    if "British Council" in s.text:
        note = "British Council: an executive NDPB, treated as central government for procurement"
        confidence = min(confidence, 0.6)
    yield Fact("authority_type", best, evidence=[s.evidence()], confidence=confidence, note=note)


_LIGHT_TOUCH = lazyre.lazy(
    compile_filtered,
    r"light[- ]touch|social care|health ?care services|\bcare services|domiciliary|home care|residential care|"
    r"supported (?:living|housing)|care homes?\b|nursing care|substance misuse|drug and alcohol|"
    r"mental health (?:services|support)|youth services|education services|community services|sexual health|"
    r"public health services|advocacy services|day services|early help|welfare services",
    re.IGNORECASE,
)
_WORKS = lazyre.lazy(
    compile_filtered,
    r"\bworks contract|construction works|building works|civil engineering|refurbishment works|\bJCT\b|"
    r"\bNEC\s?\d?\s(?:Engineering and Construction|ECC)|principal contractor|construction phase plan|"
    r"(?:new[- ]build|extension|demolition) works|highway works",
    re.IGNORECASE,
)
_GOODS = lazyre.lazy(
    compile_filtered,
    r"supply (?:and delivery )?of (?:goods|equipment|vehicles|materials|furniture|hardware|products)|"
    r"purchase of (?:goods|equipment|vehicles)|goods contract|contract for (?:the supply of )?goods",
    re.IGNORECASE,
)
_SERVICES = lazyre.compile(
    r"provision of [\w ,]{0,40}services|\bservices contract|contract for (?:the provision of )?[\w ]{0,30}services|"
    r"\bITT\s*[-–:]?\s*Services|for services\b|the Services\b|services to (?:the )?(?:Council|Authority|British Council|CCS|Buyer)|"
    r"grounds maintenance|grass cutting|cleaning services|catering services|security services|consultancy services|"
    r"training services|evaluation services",
    re.IGNORECASE,
)


_STATED_TYPE = lazyre.lazy(
    compile_filtered,
    r"\b(?:this|the)\s+(?:is\s+an?\s+|contract\s+is\s+an?\s+|procurement\s+is\s+(?:for\s+)?an?\s+)"
    r"(light[- ]touch|works?|goods|suppl(?:y|ies)|services?)\s+(?:contract|procurement)\b"
    r"|\b(?:under|subject\s+to)\s+the\s+(light[- ]touch)\s+(?:regime|rules)",
    re.IGNORECASE,
)
_TYPE_CHEAP = lazyre.lazy(
    compile_filtered,
    r"ervice|work|goods|suppl|care|light|purchase|jct|nec|health|mainten|cleaning|cutting",
)


def contract_type_facts(ctx: Context) -> Iterator[Fact]:
    hits: dict[str, list[Sentence]] = {"light-touch": [], "works": [], "goods": [], "services": []}
    for s in ctx.sentences:
        t = s.text
        m = _STATED_TYPE.search(t)
        if m:
            kind = (m.group(1) or m.group(2)).lower().replace(" ", "-")
            kind = {"supply": "goods", "service": "services", "work": "works"}.get(kind, kind)
            if kind.startswith("light"):
                kind = "light-touch"
            yield Fact(
                "contract_type", kind, evidence=[s.evidence(m.group(0), m.start())], confidence=0.8
            )
            return
        low = t.lower()
        if not _TYPE_CHEAP.search(low):
            continue
        for kind, pattern in (("light-touch", _LIGHT_TOUCH), ("works", _WORKS), ("goods", _GOODS),
                              ("services", _SERVICES)):  # fmt: skip
            if len(hits[kind]) < 5 and pattern.search(t):
                hits[kind].append(s)
    for kind, minimum, conf in (("light-touch", 2, 0.65), ("works", 2, 0.65), ("goods", 2, 0.6),
                                ("services", 1, 0.6)):  # fmt: skip
        if len(hits[kind]) >= minimum:
            s = hits[kind][0]
            yield Fact("contract_type", kind, evidence=[s.evidence()], confidence=conf)
            return


_PA23 = lazyre.compile(
    r"Procurement\s+Act\s+2023|Procurement\s+Regulations\s+2024|\bPA\s?23\b|\bPA\s?2023\b", re.I
)
_PA23_WEAK = lazyre.compile(
    r"Central\s+Digital\s+Platform|assessment\s+summar(?:y|ies)|competitive\s+flexible\s+procedure|"
    r"Procurement\s+Review\s+Unit|contract\s+details\s+notice|debarment\s+list|"
    r"section\s+\d+(?:\(\d+\))?\s+of\s+the\s+Act\b",
    re.I,
)
_PCR15 = lazyre.compile(
    r"Public\s+Contracts?\s+(?:\(Scotland\)\s+)?Regulations\s+2015|\bPCR\s?(?:20)?15\b|\bPCR\b",
    re.I,
)
_REGIME_CHEAP = lazyre.lazy(
    compile_filtered,
    r"20(?:23|24|15)|PA\s?23|PCR|Central Digital|assessment summar|the Act\b|flexible procedure|Review Unit|details notice|debarment",
    re.I,
)


def regime_facts(ctx: Context) -> Iterator[Fact]:
    pa23: list[Sentence] = []
    pcr: list[Sentence] = []
    weak: list[Sentence] = []
    for s in ctx.sentences:
        if not _REGIME_CHEAP.search(s.text):
            continue
        if _PA23.search(s.text):
            pa23.append(s)
        if _PCR15.search(s.text):
            pcr.append(s)
        if _PA23_WEAK.search(s.text):
            weak.append(s)
    if pa23 and (not pcr or len(pa23) >= 2 * len(pcr)):
        conf = 0.9 if not pcr else 0.6
        yield Fact("regime", "PA23", evidence=[pa23[0].evidence()], confidence=conf,
                   note="cites the Procurement Act 2023")  # fmt: skip
    elif pcr and (not pa23 or len(pcr) >= 2 * len(pa23)):
        conf = 0.9 if not pa23 and not weak else 0.6
        yield Fact("regime", "PCR15", evidence=[pcr[0].evidence()], confidence=conf,
                   note="cites the Public Contracts Regulations 2015")  # fmt: skip
    elif not pa23 and not pcr and len(weak) >= 2:
        yield Fact("regime", "PA23", evidence=[w.evidence() for w in weak[:2]], confidence=0.6,
                   note="uses Procurement Act 2023 terms (Central Digital Platform, assessment summaries…)")  # fmt: skip
