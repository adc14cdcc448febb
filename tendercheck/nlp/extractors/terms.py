"""Commercial terms: payment, TUPE and incumbency, unpaid work, penalties, how bids are
delivered (paper, USB, post), document fees, frameworks, shortlists, DPS and mobilisation.

One pass over the sentences with cheap keyword checks before any regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.extractors.candidates import (
    CONDITIONAL_RE,
    EXAMPLE_RE,
    GUIDANCE_RE,
    Found,
    quote_of,
    sentence_windows,
)
from tendercheck.nlp.model import Evidence, Fact, Sentence
from tendercheck.nlp.money import find_money
from tendercheck.nlp.numbers import NUM, to_number

# ---------------------------------------------------------------------------------------------
# Payment

_PAY_DAYS = re.compile(
    rf"(?:within|no later than|not later than|in|of|period of|terms (?:are|of|is)|net)\s+"
    rf"(?:a period of\s+|the\s+)?(?P<n>{NUM})\s*(?:\(\d+\)\s*)?(?:calendar\s+|working\s+|"
    r"business\s+)?days?\b(?P<tail>[^.;]{0,90})"
    rf"|(?P<n2>{NUM})[- ]day (?:payment )?terms",
    re.IGNORECASE,
)
_PAY_CONTEXT = re.compile(r"invoice|payment terms|\bpa(?:y|id|yment)\b|\bpayable\b", re.IGNORECASE)
_PAY_TAIL = re.compile(
    r"invoice|receipt|payment|valid|undisputed|date of|submission of|pay", re.IGNORECASE
)
_PAY_SKIP = re.compile(
    r"supply chain|sub-?contract|95\s?%|percentage of|payment practices|average number of "
    r"days|late payment|prompt payment code|terminat|notice|\bdisputes?\b|\binterest\b|"
    r"tax|social security|standstill|clarification",
    re.IGNORECASE,
)
_FLOW_DOWN = re.compile(
    r"(?:sub-?contract\w*|supply chain)[^.]{0,160}(?:30|thirty)[- ](?:calendar )?days?"
    r"|(?:30|thirty)[- ]day payment terms[^.]{0,120}(?:sub-?contract\w*|supply chain)"
    r"|comparable payment (?:provisions|terms)[^.]{0,80}sub-?contract"
    r"|sub-?contract\w*[^.]{0,80}(?:comparable|equivalent|same) payment (?:provisions|terms)"
    r"|(?:flow|flowed|flowing) down[^.]{0,60}payment|payment[^.]{0,60}(?:flow|flowed) down",
    re.IGNORECASE,
)
_FLOW_DEMAND = re.compile(r"\b(?:must|shall|ensure|include|required?|will)\b", re.IGNORECASE)
_PBR = re.compile(
    r"payment (?:by|on|against) (?:results|outcomes)|\bPbR\b|outcome[- ]based (?:payment|"
    r"funding|contract)|payment (?:will be |is |shall be )?(?:wholly |partly |partially )?"
    r"(?:linked|tied|contingent|dependent|conditional) (?:to|on|upon) (?:the )?(?:achievement "
    r"of )?(?:outcomes|results|performance)|results[- ]based payment",
    re.IGNORECASE,
)
_ARREARS = re.compile(
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
_UPFRONT = re.compile(
    r"(?:pay|paid|payment|payments|invoiced?|funding|fee)\s+(?:\w+\s+){0,3}in advance|"
    r"advance payments?|up-?front (?:payment|funding)|payment up-?front",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------
# TUPE and incumbency

_TUPE_TRUE = re.compile(
    r"(?:tupe|transfer of undertakings[^.]{0,80}?)\s+(?:regulations\s+)?(?:\(2006\)\s+)?"
    r"(?:will|may|is likely to|are likely to|is expected to|are expected to|is anticipated to|"
    r"could|might|does|do|shall|would)\s+(?:also\s+)?apply"
    r"|(?:anticipated|expected|likely|considered|envisaged|believed|understood)\s+that\s+"
    r"(?:the\s+)?(?:tupe|transfer of undertakings)[^.]{0,40}?\s+(?:will|may|would|could)\s+apply"
    r"|\btupe applies\b|\btupe (?:is|will be) applicable\b|subject to tupe\b|"
    r"(?:we|the council|the authority|the buyer) (?:expect|anticipate)s? (?:that )?tupe (?:to|will)"
    r" apply|"
    r"staff (?:will|may|are likely to) transfer (?:to the (?:new|successful) )?"
    r"(?:provider|supplier|contractor)?[^.]{0,20}under tupe",
    re.IGNORECASE,
)
_TUPE_FALSE = re.compile(
    r"(?:tupe|transfer of undertakings[^.]{0,80}?)\s+(?:regulations\s+)?(?:will|does|is|shall|"
    r"would|is not expected to|are not expected to)\s+not\s+(?:be expected to\s+)?apply"
    r"|tupe (?:is|are) not (?:expected|anticipated|likely) to apply|"
    r"(?:not|no)\s+(?:anticipated|expected|considered)[^.]{0,30}tupe[^.]{0,20}apply|"
    r"tupe does not apply|tupe will not apply|tupe is not applicable|"
    r"(?:do not|don't|does not|not) (?:expect|anticipate|envisage|believe|consider) (?:that )?"
    r"tupe (?:to|will|would) apply",
    re.IGNORECASE,
)
_TUPE_INFO = re.compile(
    r"(?:tupe|employee liability) (?:information|list|data|details|schedule)[^.]{0,80}"
    r"(?:provided|attached|available|enclosed|included|appended|issued|released|annex|appendix|"
    r"schedule|data room|will be (?:made available|provided|shared|issued))"
    r"|(?:attached|enclosed|annex|appendix|schedule|see|provided)[^.]{0,60}"
    r"(?:tupe|employee liability) (?:information|list|data|details)"
    r"|(?:number of|numbers of)\s+(?:staff|employees|posts|ftes?)[^.]{0,60}(?:transfer|tupe|"
    r"currently (?:employed|engaged|deliver))"
    rf"|\b{NUM}\s+(?:staff|employees|ftes?|posts)\s+(?:(?:who|that)\s+)?(?:may|will|are likely "
    r"to|could|would)\s+transfer"
    r"|employee (?:information|data|list|details) (?:is|are) (?:in|at|attached|provided|enclosed|"
    r"available)"
    rf"|(?:current|existing|incumbent) (?:service )?(?:provider|supplier|contractor) employs\s+"
    rf"(?:{NUM}|\d+)",
    re.IGNORECASE,
)
_SUPPLIER_OBLIGED = re.compile(
    r"(?:the\s+)?(?:supplier|contractor|provider|service provider)\s+(?:will|shall|must)\s+"
    r"(?:\w+\s+){0,12}?(?:provide|supply|give|disclose)",
    re.IGNORECASE,
)
_NAME = r"(?P<{g}>[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|of|and|&|for|the)){{0,6}})"
_INCUMBENT = re.compile(
    r"(?i:(?:the|this) (?:service|services|contract|work) (?:is|are) (?:currently|presently) "
    r"(?:delivered|provided|run|operated|supplied|held) by)\s+"
    + _NAME.format(g="name1")
    + r"|(?i:(?:current|existing|incumbent) (?:service )?(?:provider|supplier|contractor)s?"
    r"(?: (?:of|for) (?:the|this) (?:service|services|contract))?\s+(?:is|are))\s+"
    + _NAME.format(g="name2")
    + r"|(?i:(?:currently|presently) (?:delivered|provided) by (?:the )?(?:incumbent|current|"
    r"existing) (?:provider|supplier|contractor))"
    r"|(?i:the incumbent (?:provider|supplier|contractor))"
    r"|(?i:the (?:current|existing) (?:service )?(?:provider|supplier|contractor) (?:employs|has|"
    r"delivers|provides|runs))"
    r"|(?i:(?:current|existing) contract (?:is )?(?:held|delivered) by)\s+"
    + _NAME.format(g="name3"),
)
_CURRENT_VALUE = re.compile(
    r"(?:current|existing|present|previous)\s+(?:annual\s+)?(?:contract\s+)?(?:value|spend|cost|"
    r"price)|(?:current|existing) contract (?:is |was )?(?:worth|valued)",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------
# Unpaid work, penalties, how bids are delivered, fees

_UNPAID = re.compile(
    r"at no (?:additional|extra|further) (?:cost|charge|expense|fee)s?"
    r"|at no (?:cost|charge) to the (?:council|authority|buyer|customer|trust|client|"
    r"commissioner|department|purchaser|university)"
    r"|(?:free of charge|free-of-charge)"
    r"|without (?:any )?(?:additional |extra )?(?:charge|payment|cost) to the "
    r"(?:council|authority|buyer|customer|trust|client)"
    r"|unpaid (?:pilot|trial|mobilisation|presentation|work|demonstration|implementation)"
    r"|(?:pilot|trial|mobilisation|implementation|demonstration|set-?up)[^.]{0,60}"
    r"(?:will not be (?:paid|remunerated|funded|reimbursed)|is unpaid|shall be unpaid|"
    r"not be (?:paid|remunerated) for)",
    re.IGNORECASE,
)
_UNPAID_SKIP = re.compile(
    r"(?:council|authority|we|buyer|ccs|british council)\s+(?:will\s+)?(?:provide|supply|make "
    r"available|offer)s?[^.]{0,60}free of charge|documents?[^.]{0,40}free of charge|"
    r"free of charge[^.]{0,40}(?:documents?|portal|register|registration|to (?:access|download|"
    r"register))|(?:not|never) be charged|shall not be charged|free of charge to (?:staff|"
    r"workers|employees|(?:all )?(?:potential )?(?:suppliers|bidders|tenderers))|"
    r"(?:access|accessed|available|database)[^.]{0,60}free of charge",
    re.IGNORECASE,
)
_PENALTY = re.compile(
    r"liquidated damages|service credits?|financial penalt(?:y|ies)|penalty (?:deductions?|"
    r"regime|points|mechanism|clause|payments?)|(?:deductions?|abatements?) (?:from|to|of) "
    r"(?:the )?(?:payment|charges|invoice|fee|contract price)s?|performance deductions?|"
    r"(?:deduct|withhold|reduce)[^.]{0,40}(?:payment|charges|fee)s?[^.]{0,60}(?:fail|"
    r"performance|kpi|late|target)",
    re.IGNORECASE,
)
_SUBMISSION_CONTEXT = re.compile(
    r"\b(?:tenders?|bids?|submissions?|submit(?:ted)?|responses?|proposals?|quotations?|"
    r"returns?|returned|copies|envelope)\b",
    re.IGNORECASE,
)
_SUBMISSION_NEGATED = re.compile(
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
        re.compile(
            rf"(?:{NUM}|a|one)\s+(?:\(\d+\)\s+)?(?:paper|hard|printed|bound|signed\s+paper|"
            r"original\s+paper|unbound)\s+cop(?:y|ies)|hard[- ]cop(?:y|ies)|paper (?:cop(?:y|ies)|"
            r"format|version|submissions?|form)|printed cop(?:y|ies)|in paper form|"
            r"(?:an? )?(?:signed )?original (?:and|plus) (?:\w+ )?cop(?:y|ies)",
            re.IGNORECASE,
        ),
    ),
    (
        "usb",
        re.compile(
            r"memory sticks?|\busb\b|flash drives?|pen drives?|data sticks?|"
            r"memory (?:pen|key)",
            re.IGNORECASE,
        ),
    ),
    ("cd", re.compile(r"\bcd(?:-?rom)?s?\b|\bdvds?\b", re.IGNORECASE)),
    (
        "post",
        re.compile(
            r"(?:by|via) (?:first[- ]class |recorded |registered |pre-?paid )?"
            r"(?:post|recorded delivery|royal mail|courier)|\bpostal (?:submissions?|"
            r"tenders?)|\bposted to\b|tender return envelope|sealed envelope",
            re.IGNORECASE,
        ),
    ),
    (
        "hand",
        re.compile(
            r"by hand|hand[- ]deliver(?:ed|y)?|delivered (?:in person|personally)|"
            r"personally delivered",
            re.IGNORECASE,
        ),
    ),
]
_FEE = re.compile(
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
_FEE_SKIP = re.compile(
    r"free of charge|no (?:fee|charge|cost)|without charge|not (?:pay|be "
    r"charged)|will not pay|management charge|free to (?:register|access|use)",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------
# Frameworks, shortlists, DPS, mobilisation

_FRAMEWORK_PLACES = re.compile(
    rf"(?:appoint|award|select|admit)\w*\s+(?:a\s+)?(?:maximum of\s+|up to\s+|no more than\s+|"
    rf"a total of\s+)?(?P<n>{NUM})\s+(?:\(\d+\)\s+)?(?:suppliers|providers|bidders|contractors|"
    r"organisations|tenderers)[^.]{0,50}(?:framework|lot|panel|agreement)"
    rf"|(?:framework|panel|lot)[^.]{{0,60}}(?:maximum of|up to|no more than|limited to)\s+"
    rf"(?P<n2>{NUM})\s+(?:\(\d+\)\s+)?(?:suppliers|providers|bidders|contractors|"
    r"organisations|places)",
    re.IGNORECASE,
)
_FRAMEWORK_UNLIMITED = re.compile(
    r"(?:no (?:limit|maximum|cap) (?:on|to) the number of (?:suppliers|providers|places|"
    r"bidders)|unlimited number of (?:suppliers|providers|places)|all (?:compliant |successful )?"
    r"(?:bidders|suppliers|tenderers) (?:who|that) (?:pass|meet|achieve)[^.]{0,60}(?:will|shall)"
    r" be (?:awarded|appointed|admitted))",
    re.IGNORECASE,
)
_SHORTLIST = re.compile(
    rf"shortlist(?:ed)?\s+(?:of\s+)?(?:a maximum of\s+|up to\s+|no more than\s+|the top\s+|"
    rf"the highest[- ]scoring\s+)?(?P<n>{NUM})\b"
    rf"|(?:top|highest[- ]scoring|best)\s+(?P<n2>{NUM})\s+(?:\(\d+\)\s+)?(?:bidders|suppliers|"
    r"applicants|organisations|tenderers|candidates)[^.]{0,60}(?:invited|shortlisted|progress)"
    rf"|invite\s+(?:up to\s+|a maximum of\s+|no more than\s+)(?P<n3>{NUM})\s+(?:\(\d+\)\s+)?"
    r"(?:bidders|suppliers|applicants|organisations|tenderers|candidates)"
    rf"|(?:a maximum of|up to|no more than)\s+(?P<n4>{NUM})\s+(?:\(\d+\)\s+)?(?:bidders|"
    r"suppliers|applicants|organisations|tenderers|candidates)[^.]{0,40}(?:shortlisted|"
    r"invited to (?:tender|submit|participate))",
    re.IGNORECASE,
)
_DPS = re.compile(r"dynamic purchasing system|\bDPS\b")
_DPS_THIS = re.compile(
    r"(?:this|our) (?:dynamic purchasing system|DPS)\b|(?:join|admitted to|admission to|"
    r"appointed to|application to join) (?:the |this )?(?:dynamic purchasing system|DPS)"
    r"|DPS (?:agreement|needs|application|qualification)",
    re.IGNORECASE,
)
_MOBILISATION = re.compile(
    rf"(?:mobili[sz]ation|implementation|transition|handover|lead-?in|set-?up)\s+(?:period|phase)"
    rf"\s+(?:of\s+|will be\s+|is\s+|shall be\s+|lasting\s+)?(?:approximately\s+|around\s+|up to\s+|"
    rf"at least\s+|a minimum of\s+)?(?P<n>{NUM}|\d+(?:\.\d+)?)\s*(?:\(\d+\)\s*)?"
    r"(?P<unit>weeks?|months?|days?)"
    rf"|(?P<n2>{NUM}|\d+(?:\.\d+)?)\s*(?:\(\d+\)\s*)?[- ](?P<unit2>weeks?|months?|days?)['’]?"
    r"\s+(?:of\s+)?(?:mobili[sz]ation|implementation|transition|lead-?in)",
    re.IGNORECASE,
)


def _weeks(n: float, unit: str) -> float:
    unit = unit.lower()
    if unit.startswith("month"):
        return round(n * 52 / 12, 1)
    if unit.startswith("day"):
        return round(n / 7, 1)
    return n


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        v = to_number(text)
        return float(v) if v is not None else None


@extractor
def commercial_terms(ctx: Context) -> Iterator[Fact]:
    names = (
        "payment_terms_days",
        "payment_flow_down",
        "payment_by_results",
        "payment_in_arrears",
        "payment_upfront",
        "tupe",
        "incumbent",
        "tupe_information",
        "current_contract_value",
        "penalties",
        "document_fees",
        "framework_places",
        "shortlist_max",
        "dps",
        "mobilisation_weeks",
    )
    out: dict[str, Found] = {n: Found() for n in names}
    unpaid: list[tuple[str, Evidence]] = []
    paper: dict[str, Evidence] = {}
    sentences = ctx.sentences
    last_pay_index = -10
    last_tupe_index = -10
    for i, s in enumerate(sentences):
        low = s.text.lower()
        text = s.text
        example = bool(EXAMPLE_RE.search(text))
        if example:
            continue
        guidance = bool(GUIDANCE_RE.search(text))
        if "day" in low and _PAY_CONTEXT.search(text):
            found = _payment_days(s, out)
            if found:
                last_pay_index = i
        if (
            ("sub" in low and "pay" in low)
            or "same effect" in low
            or ("supply chain" in low and "pay" in low)
            or ("flow" in low and "pay" in low)
        ):
            _flow_down(sentences, i, low, out, last_pay_index)
        if "result" in low or "outcome" in low or "pbr" in low or "performance" in low:
            m = _PBR.search(text)
            if m and not guidance:
                negated = re.search(
                    r"\b(?:no|not|none|never|without)\b[^.]{0,40}$",
                    text[: m.start()],
                    re.IGNORECASE,
                )
                out["payment_by_results"].add(not negated, 0.7, quote_of(s, m.start(), m.end()))
        if "arrears" in low:
            m = _ARREARS.search(text)
            if m:
                freq = _FREQ.get((m.group("f1") or m.group("f2")).lower().replace("-", " "))
                if freq:
                    out["payment_in_arrears"].add(freq, 0.75, quote_of(s, m.start(), m.end()))
        if ("advance" in low or "front" in low) and (
            "pay" in low or "invoice" in low or "fund" in low or "fee" in low
        ):
            m = _UPFRONT.search(text)
            if m and not re.search(
                r"authori[sz]ed in advance|in advance of (?:the )?"
                r"(?:deadline|meeting|visit)|notify|notice",
                low,
            ):
                out["payment_upfront"].add(True, 0.65, quote_of(s, m.start(), m.end()))
        if "tupe" in low or "transfer of undertakings" in low or "transfer" in low:
            _tupe(s, low, out, guidance)
            if "tupe" in low:
                last_tupe_index = i
        elif ("employ" in low or "staff" in low) and i - last_tupe_index <= 3:
            _tupe(s, low, out, guidance, info_only=True)
        if "current" in low or "existing" in low or "incumbent" in low or "presently" in low:
            _incumbent(s, low, out)
        if (
            "unpaid" in low
            or "no additional" in low
            or "free" in low
            or "no cost" in low
            or ("no charge" in low)
            or "no extra" in low
            or "without" in low
            or "no further" in low
        ):
            m = _UNPAID.search(text)
            if m and not _UNPAID_SKIP.search(text) and len(unpaid) < 20:
                ev = quote_of(s, m.start(), m.end(), limit=220)
                unpaid.append((ev.quote, ev))
        if (
            "damages" in low
            or "credit" in low
            or "penalt" in low
            or "deduct" in low
            or "abatement" in low
            or "withhold" in low
        ):
            m = _PENALTY.search(text)
            if (
                m
                and not guidance
                and not re.search(
                    r"wages|staff|workers|recruitment|tax|vat|interest, penalties", low
                )
            ):
                out["penalties"].add(True, 0.7, quote_of(s, m.start(), m.end()))
        if any(k in low for k in _PAPER_KEYS):
            _paper(s, low, paper)
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
            m = _FEE.search(text)
            if m and not _FEE_SKIP.search(text) and not guidance:
                monies = [mo for mo in find_money(text) if mo.value]
                value: object = monies[0].value if monies else True
                out["document_fees"].add(value, 0.7, quote_of(s, m.start(), m.end()))
        if "framework" in low or "panel" in low or "lot" in low:
            _framework(s, low, out, guidance)
        if "shortlist" in low or "invite" in low or "top " in low or "highest" in low:
            m = _SHORTLIST.search(text)
            if m and not guidance:
                n = to_number(m.group("n") or m.group("n2") or m.group("n3") or m.group("n4"))
                if n and 1 < n <= 50:
                    out["shortlist_max"].add(n, 0.7, quote_of(s, m.start(), m.end()))
        if "dps" in low or "dynamic purchasing" in low:
            m = _DPS_THIS.search(text)
            if (
                m
                and not guidance
                and not CONDITIONAL_RE.search(text)
                and not re.search(
                    r"\bin a (?:dynamic purchasing system|dps)\b|framework agreements? or "
                    r"dynamic|or dynamic purchasing",
                    low,
                )
            ):
                out["dps"].add(True, 0.7, quote_of(s, m.start(), m.end()))
        if (
            "mobili" in low
            or "implementation" in low
            or "transition" in low
            or "handover" in low
            or "lead" in low
            or "set" in low
        ):
            m = _MOBILISATION.search(text)
            if m and not guidance:
                n = _num(m.group("n") or m.group("n2"))
                unit = m.group("unit") or m.group("unit2")
                if n and 0 < n <= 104:
                    out["mobilisation_weeks"].add(
                        _weeks(n, unit), 0.7, quote_of(s, m.start(), m.end())
                    )

    for name in (
        "payment_terms_days",
        "payment_in_arrears",
        "current_contract_value",
        "framework_places",
        "shortlist_max",
        "mobilisation_weeks",
        "document_fees",
    ):
        yield from out[name].facts(name)
    for name in (
        "payment_flow_down",
        "payment_by_results",
        "payment_upfront",
        "tupe_information",
        "penalties",
        "dps",
    ):
        yield from out[name].best_bool(name)
    yield from out["tupe"].best_bool("tupe", True)
    if out["incumbent"]:
        named = [it for it in out["incumbent"].items if isinstance(it[0], str)]
        value, conf, ev = (named or out["incumbent"].items)[0]
        yield Fact("incumbent", value, evidence=[ev], confidence=conf)
    if unpaid:
        quotes = list(dict.fromkeys(q for q, _ in unpaid))
        yield Fact("unpaid_work", quotes, evidence=[e for _, e in unpaid][:12], confidence=0.7)
    if paper:
        yield Fact(
            "paper_submission", sorted(paper), evidence=list(paper.values()), confidence=0.75
        )


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


def _payment_days(s: Sentence, out: dict[str, Found]) -> bool:
    text = s.text
    if _PAY_SKIP.search(text) or GUIDANCE_RE.search(text):
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
        conf = 0.8 if "invoice" in text.lower() or "payment terms" in text.lower() else 0.65
        out["payment_terms_days"].add(n, conf, quote_of(s, m.start(), m.end()))
        found = True
        break
    return found


def _flow_down(
    sentences: list[Sentence], i: int, low: str, out: dict[str, Found], last_pay_index: int
) -> None:
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


_TUPE_TBC = re.compile(
    r"\btupe\s*[:\-–]\s*(?:tbc|tba|to be confirmed|to be advised)\b", re.IGNORECASE
)
_AFTER_AWARD = re.compile(
    r"(?:successful|preferred|winning) (?:tenderer|bidder|supplier|provider|contractor)|"
    r"(?:following|after|upon|on) (?:the )?(?:contract )?award",
    re.IGNORECASE,
)


def _tupe(
    s: Sentence, low: str, out: dict[str, Found], guidance: bool, info_only: bool = False
) -> None:
    text = s.text
    m = None if info_only else _TUPE_TBC.search(text)
    if m:
        out["tupe"].add(None, 0.4, quote_of(s, m.start(), m.end()))
        return
    if (
        info_only
        or guidance
        or re.search(r"\bwhether\b|\bif tupe\b|\bwhere tupe\b|\bin the event\b", low)
    ):
        pass
    else:
        m = _TUPE_FALSE.search(text)
        if m:
            out["tupe"].add(False, 0.75, quote_of(s, m.start(), m.end()))
        else:
            m = _TUPE_TRUE.search(text)
            if m:
                out["tupe"].add(True, 0.75, quote_of(s, m.start(), m.end()))
    if info_only or "tupe" in low or "employee" in low or "transfer" in low:
        m = _TUPE_INFO.search(text)
        if (
            m
            and s.kind != "heading"
            and not _SUPPLIER_OBLIGED.search(text)
            and not re.search(r"replacement supplier|on (?:expiry|termination)|re-?tender", low)
        ):
            if _AFTER_AWARD.search(text):
                # promised only to the winner: nothing a newcomer can price from
                out["tupe_information"].add(False, 0.7, quote_of(s, m.start(), m.end()))
            else:
                out["tupe_information"].add(True, 0.7, quote_of(s, m.start(), m.end()))


def _incumbent(s: Sentence, low: str, out: dict[str, Found]) -> None:
    text = s.text
    m = _INCUMBENT.search(text)
    if m:
        name = (m.group("name1") or m.group("name2") or m.group("name3") or "").strip(" .,")
        value: object = (
            name
            if name and not re.match(r"(?:The|This|A|An|Our|It|We|Not|No|None|To|Being)\b", name)
            else True
        )
        out["incumbent"].add(value, 0.7 if value is True else 0.75, quote_of(s, m.start(), m.end()))
    if _CURRENT_VALUE.search(text):
        mv = _CURRENT_VALUE.search(text)
        for money in find_money(text):
            if money.placeholder or money.value is None or money.start < mv.start():
                continue
            if money.start - mv.end() > 80:
                break
            out["current_contract_value"].add(money.value, 0.7, quote_of(s, mv.start(), money.end))
            break


_NOTICE_CLAUSE = re.compile(
    r"\bany notices?\b|\bnotices? (?:under|given|served|shall|to be given)|deemed (?:to have been )?"
    r"received|service of notices",
    re.IGNORECASE,
)


def _paper(s: Sentence, low: str, paper: dict[str, Evidence]) -> None:
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


def _framework(s: Sentence, low: str, out: dict[str, Found], guidance: bool) -> None:
    if guidance:
        return
    text = s.text
    m = _FRAMEWORK_UNLIMITED.search(text)
    if m and "framework" in low:
        out["framework_places"].add("unlimited", 0.7, quote_of(s, m.start(), m.end()))
        return
    m = _FRAMEWORK_PLACES.search(text)
    if m:
        n = to_number(m.group("n") or m.group("n2"))
        if n and 1 <= n <= 500:
            out["framework_places"].add(n, 0.7, quote_of(s, m.start(), m.end()))
