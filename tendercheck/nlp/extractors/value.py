"""Contract value, duration, authority type, contract type, regime and lots.

Value: only amounts with value words around them ("contract value", "estimated value", "budget",
"worth", "price envelope", "maximum value"); never turnover, insurance, spend on a framework, a
threshold ("contracts above £5m per annum") or a worked example. "£18,000 per Learning Partner"
is a per-unit budget: the amount is recorded as the total with a note. Placeholders ("£xxx")
become placeholder facts. Duration: the initial term, optional extensions ("two years with an
option to extend for twelve months", "3 + 1 + 1 years") and the maximum term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.model import Fact, Sentence
from tendercheck.nlp.money import find_money
from tendercheck.nlp.numbers import NUMBER_WORDS

# --- value ---------------------------------------------------------------------------------------

_HAS_MONEY = re.compile(r"£|GBP|pounds", re.IGNORECASE)
_VALUE_WORDS = re.compile(
    r"\b(?:contract\s+value|value\s+of\s+(?:the|this)\s+(?:proposed\s+)?(?:contract|framework|agreement|requirement|opportunity|services?|works?|tender|procurement)"
    r"|(?:estimated|anticipated|indicative|approximate|total|maximum|overall|annual|whole[- ]life|lifetime)\s+(?:total\s+|annual\s+|contract\s+|estimated\s+)?value"
    r"|(?:contract|framework|agreement)\s+(?:is\s+)?valued\s+at|valued\s+at"
    r"|(?:approximate|total|maximum|available|indicative|overall|annual|estimated|contract|project)?\s*budget"
    r"|\bworth\b|price\s+envelope|ceiling\s+price|affordability\s+(?:cap|limit|envelope)|funding\s+available)\b",
    re.IGNORECASE,
)  # fmt: skip
_NOT_VALUE = re.compile(
    r"turnover|insurance|insured|liabilit|indemnity|threshold|for example|\be\.g\.|such as|for instance"
    r"|if the (?:contract|value)|where the (?:contract|value)|\bspend\b|\bspent\b|\bFY\s?\d|financial year"
    r"|day rate|hourly|per hour|salary|wage|penalt|liquidated|deposit|\bbond\b|guarantee|sub-?contract"
    r"|discount|call-?off|minimum order|modern slavery|carbon reduction|net zero|apprentic"
    r"|\bany\s+(?:contract|order)|contracts\s+(?:with|of)\s+a\s+value",
    re.IGNORECASE,
)  # fmt: skip
_COMPARATOR_BEFORE = re.compile(
    r"(?:above|over|exceed(?:s|ing)?|below|under|less\s+than|more\s+than|greater\s+than|at\s+least"
    r"|in\s+excess\s+of|minimum\s+of|no\s+more\s+than|not\s+exceeding|threshold\s+of|from)\s*$",
    re.IGNORECASE,
)
_COMPARATOR_AFTER = re.compile(
    r"^\s*(?:\+|and\s+(?:above|over|more)|or\s+(?:more|above|over|less|below|under)|and\s+under)",
    re.IGNORECASE,
)
_PER_UNIT = re.compile(
    r"^\s*(?:per|for\s+each|each)\s+(?!annum|year|yr|month|week|day|hour|cent\b)"
    r"(?P<unit>[A-Za-z][\w-]*(?:\s+(?:[A-Z][\w-]*|partner|lot|school|site|provider|area|place))?)"
)
_ANNUAL_WORDS = re.compile(
    r"annual|per\s+annum|per\s+year|a\s+year|each\s+year|yearly|p\.a\.", re.I
)
_TOTAL_WORDS = re.compile(
    r"total|whole[- ]life|lifetime|over\s+the\s+(?:life|term|duration)|in\s+total|including\s+(?:the\s+)?(?:any\s+)?extension",
    re.I,
)
_ANNUAL_AFTER = re.compile(
    r"^\s*(?:for\s+the\s+year|a\s+year|per\s+year|each\s+year|every\s+year|annually|per\s+annum|p\.?a\.?\b)",
    re.I,
)
_TOTAL_AFTER = re.compile(
    r"^\s*(?:in\s+total|total|over\s+the\s+(?:life|term|whole)|for\s+the\s+whole)", re.I
)
_EX_VAT = re.compile(r"\b(?:ex(?:cluding|cl\.?|\.)?|exclusive\s+of|net\s+of|plus|\+)\s*VAT\b", re.I)
_INC_VAT = re.compile(r"\b(?:inc(?:luding|l\.?|\.)?|inclusive\s+of)\s*VAT\b", re.I)


def _value_facts(sentence: Sentence) -> Iterator[Fact]:
    text = sentence.text
    amounts = find_money(text)
    prev_end = 0
    for money in amounts:
        before = text[max(prev_end, money.start - 110) : money.start]
        after = text[money.end : money.end + 45]
        prev_end = money.end
        words = _VALUE_WORDS.search(before) or _VALUE_WORDS.search(after[:30])
        if (
            not words
            and before.rstrip().endswith("(")
            and re.match(r"^\s*(?:in\s+total|total)", after)
        ):
            # "(£60,000 in total)": a restatement of the value just given
            words = _VALUE_WORDS.search(text[max(0, money.start - 110) : money.start])
        if not words:
            continue
        window = text[max(0, money.start - 110) : money.end + 40]
        if _NOT_VALUE.search(window) or _COMPARATOR_BEFORE.search(before):
            continue
        if _COMPARATOR_AFTER.match(after):
            continue
        per_unit = _PER_UNIT.match(after) if money.per is None else None
        context = before + " " + money.text
        quote_start = max(0, money.start - 110)
        evidence = [sentence.evidence(text[quote_start : money.end + len(after)], quote_start)]
        tail = after[:20]
        if _TOTAL_AFTER.match(tail):
            annual = False
        elif money.per is not None or _ANNUAL_AFTER.match(tail):
            annual = True
        else:
            annual = bool(_ANNUAL_WORDS.search(context[-80:])) and not _TOTAL_WORDS.search(
                context[-60:]
            )
        name = "contract_value_annual" if annual else "contract_value_total"
        confidence = 0.85
        if re.search(r"budget|worth|envelope|funding", words.group(0), re.I):
            confidence = 0.75
        if money.placeholder:
            yield Fact(name, None, evidence=evidence, confidence=0.5, placeholder=True,
                       note=f"placeholder {money.text!r}")  # fmt: skip
            continue
        value = money.value
        note = ""
        if money.per in ("week", "day", "hour"):
            continue  # a rate, not a contract value
        if money.per == "month":
            value = money.value * 12
            note = f"{money.text} × 12"
        if per_unit:
            unit = per_unit.group("unit").strip()
            note = f"per {unit}: the budget stated for each {unit}, not the whole procurement"
            confidence = 0.6
        if value is None or value < 100:
            continue
        yield Fact(name, value, evidence=evidence, confidence=confidence, note=note)
        vat = money.vat
        if vat is None:
            if _EX_VAT.search(window):
                vat = "ex"
            elif _INC_VAT.search(window):
                vat = "inc"
        if vat:
            yield Fact("contract_value_vat", vat, evidence=evidence, confidence=confidence)


# --- duration ------------------------------------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:\.5)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty[- ]four|thirty[- ]six|forty[- ]eight|sixty)"


def _D(i: int) -> str:
    """A duration ("two (2) years", "36 months") with group names dn<i> and du<i>."""
    return (
        rf"(?P<dn{i}>{_NUM})(?:\s*\(\s*\d+\s*\))?(?:\s+(?:further|additional|more))?[\s-]*"
        rf"(?P<du{i}>years?|months?|yrs?)\b"
    )


def _months(m: re.Match[str]) -> float | None:
    """The months of the first duration group that matched in ``m``."""
    groups = m.groupdict()
    for key, val in groups.items():
        if key.startswith("dn") and val:
            return _dur(val, groups["du" + key[2:]])
    return None


def _dur(n: str, unit: str) -> float | None:
    n = n.lower().replace("  ", " ")
    value = NUMBER_WORDS.get(n)
    if value is None:
        try:
            value = float(n)
        except ValueError:
            return None
    months = value * 12 if unit.lower().startswith("y") else value
    return months if 0 < months <= 240 else None


_CONTRACT_WORD = r"(?:contract|agreement|framework|call-off|initial\s+term|term\s+of|duration|contract\s+period|initial\s+period|dps|dynamic\s+purchasing\s+system)"
_INITIAL_RE = re.compile(
    rf"\b{_CONTRACT_WORD}\b[^.;]{{0,60}}?(?:\bfor|\bof|\bis|\bbe|\brun\s+for|\blast|\blasting|\|)\s+"
    rf"(?:an?\s+)?(?:initial\s+)?(?:fixed\s+)?(?:period|term|duration)?\s*(?:of\s+)?(?P<upto>up\s+to\s+)?"
    rf"(?:approximately\s+|around\s+)?{_D(0)}"
    rf"|\b(?:an?\s+)?{_D(1)}\s+(?:initial\s+)?(?:fixed[- ]term\s+)?(?:contract|agreement|framework|term)\b",
    re.IGNORECASE,
)
_PLUS_RE = re.compile(
    r"\b(?P<a>\d{1,2})\s*\+\s*(?P<b>\d{1,2})(?:\s*\+\s*(?P<c>\d{1,2}))?(?:\s*\+\s*(?P<d>\d{1,2}))?\s*"
    r"(?P<unit>years?|months?)\b",
    re.IGNORECASE,
)
_EXT_RE = re.compile(
    rf"(?:option|options|right|possibility)\s+to\s+extend[^.;]{{0,50}}?\b(?:by|for)\s+(?:up\s+to\s+)?(?:a\s+|one\s+)?"
    rf"(?:further\s+|additional\s+)?(?:period\s+of\s+)?(?:up\s+to\s+)?(?:a\s+further\s+)?{_D(2)}"
    rf"|extend(?:ed)?\s+(?:the\s+)?(?:contract|agreement|framework|term)?\s*(?:by|for)\s+(?:up\s+to\s+)?(?:a\s+|one\s+)?(?:further\s+|additional\s+)?(?:period\s+of\s+)?(?:up\s+to\s+)?{_D(3)}"
    rf"|(?:plus|with)\s+(?:an?\s+)?(?:optional\s+|possible\s+)?(?:extension|option)\s+(?:period\s+)?(?:of|for)\s+(?:up\s+to\s+)?(?:a\s+)?(?:further\s+)?{_D(4)}",
    re.IGNORECASE,
)
_EXT_TIMES_RE = re.compile(
    rf"(?:extend|extension)[^.;]{{0,50}}?\b(?P<k>{_NUM})\s+(?:further\s+|additional\s+)?(?:periods?|times|extensions?)\s+of\s+(?:up\s+to\s+)?(?P<n>{_NUM})(?:\s*\(\s*\d+\s*\))?[\s-]*(?P<unit>years?|months?)\b",
    re.IGNORECASE,
)
_MAX_RE = re.compile(
    rf"maximum\s+(?:contract\s+|total\s+)?(?:duration|term|period|length)\s+(?:of\s+(?:the\s+)?(?:contract|agreement|framework)\s+)?(?:is\s+|will\s+be\s+|of\s+)?(?:up\s+to\s+)?{_D(5)}"
    rf"|up\s+to\s+a\s+maximum\s+(?:of\s+)?{_D(6)}",
    re.IGNORECASE,
)
_NOT_DURATION = re.compile(
    r"contract\s+year|\blast\s+\w+\s+(?:years|months)|within\s|notice|surviv|retain|records|insurance|"
    r"maintain|warrant|accounts|trading|experience|valid|validity|previous|past\s|turnover|\bage\b|"
    r"defects|liability\s+period|limitation|audit",
    re.IGNORECASE,
)
_AFTER_DURATION_NOT = re.compile(
    r"^\s*(?:from|after|following)\s+(?:the\s+)?(?:date\s+of\s+)?(?:termination|expiry|end|expiration|completion|award)"
    r"|^\s*['’]?\s*(?:written\s+)?notice|^\s*(?:and|or)\s+(?:above|over|more|longer|less|under|below)|^\s*\+",
    re.IGNORECASE,
)
_DURATION_PLACEHOLDER = re.compile(
    r"(?:contract\s+period|contract\s+length|initial\s+term|duration)\s*[:|]?\s*\[[^\]]*(?:month|year|period|duration|length)[^\]]*\]",
    re.IGNORECASE,
)
_HAS_DURATION = re.compile(r"years?|months?|yrs", re.IGNORECASE)


def _duration_facts(sentence: Sentence) -> Iterator[Fact]:
    text = sentence.text
    if _DURATION_PLACEHOLDER.search(text):
        m = _DURATION_PLACEHOLDER.search(text)
        yield Fact("contract_duration_months", None, evidence=[sentence.evidence(m.group(0), m.start())],
                   confidence=0.5, placeholder=True, note=f"placeholder {m.group(0)!r}")  # fmt: skip
        return
    if _NOT_DURATION.search(text) and not re.search(r"option\s+to\s+extend|extension", text, re.I):
        return

    def ev(m: re.Match[str]):
        return [sentence.evidence(m.group(0), m.start())]

    plus = _PLUS_RE.search(text)
    if plus and re.search(_CONTRACT_WORD + r"|term|period|extension", text, re.I):
        unit = plus.group("unit")
        parts = [plus.group(k) for k in "abcd" if plus.group(k)]
        first = _dur(parts[0], unit)
        extra = sum(_dur(p, unit) or 0 for p in parts[1:])
        if first:
            yield Fact("contract_duration_months", first, evidence=ev(plus), confidence=0.8,
                       note=f"initial term of {plus.group(0)}")  # fmt: skip
            yield Fact("contract_extension_months", extra, evidence=ev(plus), confidence=0.8)
            yield Fact(
                "contract_max_duration_months", first + extra, evidence=ev(plus), confidence=0.8
            )
        return
    found_initial = None
    for m in _INITIAL_RE.finditer(text):
        if _AFTER_DURATION_NOT.match(text[m.end() : m.end() + 40]):
            continue
        lead = text[max(0, m.start() - 40) : m.start()]
        if re.search(r"extend|extension|further|additional", lead + m.group(0), re.I):
            continue
        months = _months(m)
        if months:
            found_initial = (m, months)
            break
    if found_initial:
        m, months = found_initial
        note = "up to" if m.group("upto") else ""
        yield Fact("contract_duration_months", months, evidence=ev(m), confidence=0.8, note=note)
    if not found_initial:
        span = _date_range_months(text)
        if span is not None:
            m, months = span
            yield Fact("contract_duration_months", months, evidence=ev(m), confidence=0.6,
                       note="from the dates of the contract period")  # fmt: skip
    for m in _EXT_TIMES_RE.finditer(text):
        k = NUMBER_WORDS.get(m.group("k").lower()) or (
            int(m.group("k")) if m.group("k").isdigit() else None
        )
        each = _dur(m.group("n"), m.group("unit"))
        if k and each:
            yield Fact("contract_extension_months", k * each, evidence=ev(m), confidence=0.75,
                       note=f"{k} × {each:g} months")  # fmt: skip
            break
    else:
        for m in _EXT_RE.finditer(text):
            months = _months(m)
            if months:
                yield Fact("contract_extension_months", months, evidence=ev(m), confidence=0.75)
                break
    for m in _MAX_RE.finditer(text):
        months = _months(m)
        if months:
            yield Fact("contract_max_duration_months", months, evidence=ev(m), confidence=0.8)
            break


_RANGE_RE = re.compile(
    r"\bfrom\s+(?P<a>[^.;]{6,30}?)\s+(?:to|until|till|–|-)\s+(?P<b>[^.;]{6,30}?\b(?:19|20)\d\d)\b",
    re.I,
)
_RANGE_CONTEXT = re.compile(
    r"\b(?:contract|agreement|service|services|work|works|maintenance|quotes?|framework|term|period|year)\b",
    re.I,
)
_RANGE_NOT = re.compile(
    r"clos|standstill|clarification|deadline|submi|reception|holiday|consultation|engagement", re.I
)


def _date_range_months(text: str) -> tuple[re.Match[str], float] | None:
    """ "for the year from 1 April 2026 to 31 March 2027": the months of a stated contract period."""
    if "from" not in text.lower() or _RANGE_NOT.search(text) or not _RANGE_CONTEXT.search(text):
        return None
    from tendercheck.nlp.dates import find_dates

    for m in _RANGE_RE.finditer(text):
        a = [d for d in find_dates(m.group("a")) if d.date and d.year_stated]
        b = [d for d in find_dates(m.group("b")) if d.date and d.year_stated]
        if len(a) == 1 and len(b) == 1:
            days = (b[0].date - a[0].date).days + 1
            months = round(days / 30.4375)
            if 1 <= months <= 240:
                return m, float(months)
    return None


# --- authority, contract type, regime, lots -----------------------------------------------------

CENTRAL_NAMES = re.compile(
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
OTHER_NAMES = re.compile(
    r"\b[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\s(?:Borough|County|City|District|Parish|Town|Metropolitan(?: Borough)?|Unitary|Community)\sCouncil\b|"
    r"London Borough of [A-Z]\w+|Royal Borough of|Combined Authority|Greater London Authority|"
    r"\bNHS\b(?:\s[A-Z][\w&-]+){0,5}\s(?:Foundation\s)?Trust\b|Integrated Care Board|Clinical Commissioning Group|"
    r"University of [A-Z]\w+|[A-Z]\w+ University\b|Academy Trust|Housing Association|registered provider of social housing|"
    r"\b(?!Decent\b)[A-Z]\w+ Homes\b(?! Standard)|"
    r"Police (?:and Crime Commissioner|Service|Authority)|Fire (?:and|&) Rescue|National Park Authority",
)
_THE_COUNCIL = re.compile(r"(?<!British )\b(?:the|The)\s+Council\b")
_STRONG_AUTH = re.compile(
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
_THIRD_PARTY = re.compile(
    r"Companies House|HMRC|HM Revenue|Home Office|DVLA|DVSA|Environment Agency|Met Office|Ordnance Survey"
)
_SELF_CENTRAL = re.compile(r"\bCCS\b|Crown Commercial Service|British Council")


def _authority(ctx: Context) -> Iterator[Fact]:
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
        strong = bool(_STRONG_AUTH.search(text))
        for kind, pattern, self_names in (("central", CENTRAL_NAMES, _SELF_CENTRAL),
                                          ("other", OTHER_NAMES, _THE_COUNCIL)):  # fmt: skip
            named = pattern.search(text)
            own = self_names.findall(text)
            if not named and not own:
                continue
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


_LIGHT_TOUCH = re.compile(
    r"light[- ]touch|social care|health ?care services|\bcare services|domiciliary|home care|residential care|"
    r"supported (?:living|housing)|care homes?\b|nursing care|substance misuse|drug and alcohol|"
    r"mental health (?:services|support)|youth services|education services|community services|sexual health|"
    r"public health services|advocacy services|day services|early help|welfare services",
    re.IGNORECASE,
)
_WORKS = re.compile(
    r"\bworks contract|construction works|building works|civil engineering|refurbishment works|\bJCT\b|"
    r"\bNEC\s?\d?\s(?:Engineering and Construction|ECC)|principal contractor|construction phase plan|"
    r"(?:new[- ]build|extension|demolition) works|highway works",
    re.IGNORECASE,
)
_GOODS = re.compile(
    r"supply (?:and delivery )?of (?:goods|equipment|vehicles|materials|furniture|hardware|products)|"
    r"purchase of (?:goods|equipment|vehicles)|goods contract|contract for (?:the supply of )?goods",
    re.IGNORECASE,
)
_SERVICES = re.compile(
    r"provision of [\w ,]{0,40}services|\bservices contract|contract for (?:the provision of )?[\w ]{0,30}services|"
    r"\bITT\s*[-–:]?\s*Services|for services\b|the Services\b|services to (?:the )?(?:Council|Authority|British Council|CCS|Buyer)|"
    r"grounds maintenance|grass cutting|cleaning services|catering services|security services|consultancy services|"
    r"training services|evaluation services",
    re.IGNORECASE,
)


_STATED_TYPE = re.compile(
    r"\b(?:this|the)\s+(?:is\s+an?\s+|contract\s+is\s+an?\s+|procurement\s+is\s+(?:for\s+)?an?\s+)"
    r"(light[- ]touch|works?|goods|suppl(?:y|ies)|services?)\s+(?:contract|procurement)\b"
    r"|\b(?:under|subject\s+to)\s+the\s+(light[- ]touch)\s+(?:regime|rules)",
    re.IGNORECASE,
)
_TYPE_CHEAP = re.compile(
    r"ervice|work|goods|suppl|care|light|purchase|jct|nec|health|mainten|cleaning|cutting"
)


def _contract_type(ctx: Context) -> Iterator[Fact]:
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


_PA23 = re.compile(
    r"Procurement\s+Act\s+2023|Procurement\s+Regulations\s+2024|\bPA\s?23\b|\bPA\s?2023\b", re.I
)
_PA23_WEAK = re.compile(
    r"Central\s+Digital\s+Platform|assessment\s+summar(?:y|ies)|competitive\s+flexible\s+procedure|"
    r"Procurement\s+Review\s+Unit|contract\s+details\s+notice|debarment\s+list|"
    r"section\s+\d+(?:\(\d+\))?\s+of\s+the\s+Act\b",
    re.I,
)
_PCR15 = re.compile(
    r"Public\s+Contracts?\s+(?:\(Scotland\)\s+)?Regulations\s+2015|\bPCR\s?(?:20)?15\b|\bPCR\b",
    re.I,
)
_REGIME_CHEAP = re.compile(
    r"20(?:23|24|15)|PA\s?23|PCR|Central Digital|assessment summar|the Act\b|flexible procedure|Review Unit|details notice|debarment",
    re.I,
)


def _regime(ctx: Context) -> Iterator[Fact]:
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


_LOT_IDS = re.compile(
    r"\blots?\s+(?P<first>\d{1,2}\s?[a-z]?)(?![\w.])(?P<rest>(?:\s*(?:,|/|and/or|and|&|or|to|-|–)\s*(?:lots?\s*)?(?:\d{1,2}\s?[a-z]?|[a-z])(?![\w.]))*)",
    re.IGNORECASE,
)
_LOT_PART = re.compile(r"(\d{1,2})?\s?([a-z])?(?![\w])", re.IGNORECASE)
_NOT_DIVIDED = re.compile(
    r"(?:not|n[o']t)\s+(?:been\s+|be\s+)?(?:divided|split|broken\s+down|separated)\s+into\s+lots|"
    r"single\s+lot\b|no\s+lots\b|will\s+not\s+be\s+lotted|one\s+lot\s+only|not\s+be\s+let\s+in\s+lots",
    re.IGNORECASE,
)
_DIVIDED_N = re.compile(
    r"(?:divided|split|broken\s+down)\s+into\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:separate\s+)?lots"
    r"|(?:comprises|consists\s+of|has)\s+(?P<n2>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+lots",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:because|as|since|due\s+to|in\s+order\s+to|so\s+that|considers?\s+that|reason)\b", re.I
)


_TOC_NUMBER = re.compile(r"(?<![\w.])\d{1,2}\.\d{1,2}(?![\w.])")
_LOTS_STATED = re.compile(
    r"(?<!than\s)\b(?:the|all|into|of|for|across|in)\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d)\s+"
    r"(?:separate\s+|geographical\s+|distinct\s+)?lots\b",
    re.IGNORECASE,
)


def _lot_ids(text: str) -> list[str]:
    ids: list[str] = []
    if len(_TOC_NUMBER.findall(text)) >= 3:
        return ids  # a contents list: "2.4 Lots 8 2.5 Consortia 9"
    for m in _LOT_IDS.finditer(text):
        number = ""
        chunk = m.group("first") + m.group("rest")
        parts = re.split(r"\s*(?:,|/|and/or|and|&|or|to|-|–)\s*(?:lots?\s*)?", chunk, flags=re.I)
        if m.group(0)[:4].lower() == "lots" and len([p for p in parts if p.strip()]) < 2:
            continue  # "Lots 8": a heading and its page number, not a lot
        for part in parts:
            part = part.strip().replace(" ", "").lower()
            pm = re.fullmatch(r"(\d{1,2})?([a-z])?", part)
            if not pm or not part:
                continue
            if pm.group(1):
                number = pm.group(1)
            if not number:
                continue
            ids.append(number + (pm.group(2) or ""))
    return ids


def _lots(ctx: Context) -> Iterator[Fact]:
    ids: dict[str, Sentence] = {}
    stated: list[Fact] = []
    for s in ctx.sentences:
        text = s.text
        if "lot" not in text.lower():
            continue
        m = _NOT_DIVIDED.search(text)
        if m:
            yield Fact("lots", 1, evidence=[s.evidence()], confidence=0.85)
            reason = _REASON.search(text, m.end())
            if reason:
                yield Fact("lots_reason", text[reason.start() :].strip(), evidence=[s.evidence()],
                           confidence=0.7)  # fmt: skip
            else:
                nxt = _next_sentence(ctx, s)
                if nxt is not None and re.search(
                    r"\b(?:because|reason|considers|single (?:contractor|supplier|provider)|best value|"
                    r"economies|efficien|simplest|not practical|impractical)", nxt.text, re.I
                ):  # fmt: skip
                    yield Fact(
                        "lots_reason", nxt.text.strip(), evidence=[nxt.evidence()], confidence=0.6
                    )
            continue
        m = _DIVIDED_N.search(text)
        if m:
            n = m.group("n") or m.group("n2")
            count = NUMBER_WORDS.get(n.lower()) or int(n)
            yield Fact("lots", count, evidence=[s.evidence()], confidence=0.85)
            continue
        m = _LOTS_STATED.search(text)
        if m:
            n = m.group("n")
            count = NUMBER_WORDS.get(n.lower()) or int(n)
            if count >= 2:
                stated.append(
                    Fact(
                        "lots", count, evidence=[s.evidence(m.group(0), m.start())], confidence=0.8
                    )
                )
        for lot in _lot_ids(text):
            ids.setdefault(lot, s)
    if stated:
        # the count said most often (then first)
        best = max(stated, key=lambda f: sum(g.value == f.value for g in stated))
        yield best
        yield from (f for f in stated if f.value != best.value)
        return
    # "Lot 1" alongside "Lot 1a" is the parent of sub-lots, not a lot of its own.
    keys = [
        k
        for k in ids
        if not (
            k.isdigit()
            and any(o != k and o.startswith(k) and not o[len(k) :].isdigit() for o in ids)
        )
    ]
    if len(keys) >= 2:
        numbers = sorted(keys, key=lambda k: (int(re.match(r"\d+", k).group(0)), k))
        evidence = [ids[k].evidence() for k in numbers[:3]]
        yield Fact("lots", len(keys), evidence=evidence, confidence=0.7,
                   note="lots named: " + ", ".join(numbers))  # fmt: skip


def _next_sentence(ctx: Context, s: Sentence) -> Sentence | None:
    same = ctx.block_sentences(s.doc_index, s.block)
    for i, other in enumerate(same):
        if other is s and i + 1 < len(same):
            return same[i + 1]
    # the first sentence of the next block
    nxt = ctx.block_sentences(s.doc_index, s.block + 1)
    return nxt[0] if nxt else None


_THRESHOLD_STATED = re.compile(
    r"(?:this|the)\s+(?:is\s+an?\s+|procurement\s+is\s+|contract\s+is\s+|tender\s+is\s+)?(?P<side>below|above|under|over)[- ]threshold\s+(?:procurement|contract|tender|opportunity)"
    r"|(?:this|the)\s+(?:procurement|contract|tender|requirement)\s+is\s+(?P<side2>below|above)\s+(?:the\s+)?(?:relevant\s+)?threshold"
    r"|(?:contract|procurement|tender)\s+(?P<side3>below|above)\s+the\s+(?:relevant\s+)?threshold"
    r"|(?:^|\|\s*)(?P<side4>below|above)[- ]threshold\s+(?:[\w-]+\s+)?(?:procurement|contract|tender)\b(?!s)",
    re.IGNORECASE,
)


@extractor
def value(ctx: Context) -> Iterator[Fact]:
    for s in ctx.sentences:
        text = s.text
        if _HAS_MONEY.search(text) and (_VALUE_WORDS.search(text)):
            yield from _value_facts(s)
        if _HAS_DURATION.search(text):
            yield from _duration_facts(s)
        if "hreshold" in text:
            m = _THRESHOLD_STATED.search(text)
            if m:
                side = next(g for g in m.group("side", "side2", "side3", "side4") if g).lower()
                yield Fact("above_threshold", side in ("above", "over"), evidence=[s.evidence(m.group(0), m.start())],
                           confidence=0.8, note="stated in the document")  # fmt: skip
    yield from _authority(ctx)
    yield from _contract_type(ctx)
    yield from _regime(ctx)
    yield from _lots(ctx)
