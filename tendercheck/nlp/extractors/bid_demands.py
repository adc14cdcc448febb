"""What the evaluation asks of bidders besides written answers: presentations, interviews and site
visits, attachments, evidence at bid stage, and the rows of a pricing schedule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.extractors.evaluation_patterns import (
    EVALUATION_GUIDANCE_RE,
    EXAMPLE_TABLE_RE,
    row_index,
)
from tendercheck.nlp.model import Evidence, Fact

_PRES_CONTEXT = lazyre.compile(
    r"\b(?:tender(?:er)?s?|bidders?|suppliers?|shortlisted|applicants?|"
    r"you|your)\b",
    re.I,
)
_MANDATORY_RE = lazyre.compile(
    r"\b(?:must|will be required|are required|is required|mandatory|compulsory|"
    r"shall attend|will be invited|will attend|will need to|expected to)\b",
    re.I,
)
_OPTIONAL_RE = lazyre.compile(
    r"\b(?:(?<!\d\s)may(?!\s+\d{4})|might|reserve[s]? the right|if required|where necessary|optional|"
    r"if appropriate|if needed|wish to)\b",
    re.I,
)
_SITE_RE = lazyre.compile(
    r"\bsite visits?\b|\bvisit the site\b|\bsite inspections?\b|\bsite tours?\b", re.I
)
_NOT_PROCESS = lazyre.compile(
    r"entitled to interview any such person|interview any such|"
    r"press|media|television|radio|publicity|marketing",
    re.I,
)

_ATTACH_ITEMS = [
    (
        "credit report",  # a paid third-party report ("an up to date Dun and Bradstreet")
        lazyre.compile(
            r"\bdun\s+(?:and|&)\s+bradstreet\b|\bcredit\s+(?:check|reference|rating)\s+report\b|"
            r"\bcredit\s+report\b",
            re.I,
        ),
    ),
    ("CVs", lazyre.compile(r"\bCV[’']?s?\b|curricul(?:um|a) vitae", re.I)),
    ("case studies", lazyre.compile(r"\bcase stud(?:y|ies)\b", re.I)),
    (
        "sample report",
        lazyre.compile(r"\b(?:sample|example|previous)(?: relevant)?(?: research)? report\b", re.I),
    ),
    (
        "accounts",
        lazyre.compile(
            r"\b(?:audited|published|annual|statutory|filed) (?:financial )?accounts\b|"
            r"\bfinancial statements\b",
            re.I,
        ),
    ),
    (
        "references",
        lazyre.compile(
            r"\b(?:(?:client|customer|two|three|written|satisfactory|trade|"
            r"bank(?:er['’]?s)?)\s+references?|referees|reference letters?|"
            r"letters? of reference|references from)\b",
            re.I,
        ),
    ),
    (
        "insurance certificate",
        lazyre.compile(
            r"\b(?:insurance certificates?|certificates? of insurance|"
            r"evidence of (?:your )?insurance)\b",
            re.I,
        ),
    ),
    (
        "certificate",
        lazyre.compile(
            r"\bISO\s?\d{4,5}(?:-\d)?\b(?=[^.]{0,40}certific)|"
            r"\b(?:insurance|accreditation|registration) certificates?\b",
            re.I,
        ),
    ),
    (
        "policy",
        lazyre.compile(r"\b(?:[A-Za-z&]+(?:,? (?:and|&) [A-Za-z]+)? ){1,3}polic(?:y|ies)\b", re.I),
    ),
    ("method statement", lazyre.compile(r"\bmethod statements?\b", re.I)),
    ("carbon reduction plan", lazyre.compile(r"\bcarbon reduction plans?\b", re.I)),
    ("modern slavery statement", lazyre.compile(r"\bmodern slavery statement\b", re.I)),
]
_DEMAND_RE = lazyre.compile(
    r"\b(?:please (?:also )?(?:include|provide|attach|enclose|submit|upload|supply)|"
    r"(?:must|should|shall|will need to|are required to|is required to) (?:also )?"
    r"(?:include|provide|attach|enclose|submit|upload|supply|send)|"
    r"(?:include|provide|attach|enclose|submit|upload|supply) (?:a |the |your )?cop(?:y|ies) of|"
    r"confirm (?:that )?you have included|upload (?:a|your|the|one|either)|provide your|"
    r"(?:copy|copies) of (?:your|the|all)[^.]{0,60} (?:must|should) be (?:provided|submitted|enclosed|"
    r"attached|included))",
    re.I,
)
_NOT_BID_STAGE = lazyre.compile(
    r"\b(?:on request|upon request|if requested|when requested|prior to "
    r"(?:contract|award|commencement)|successful (?:bidder|tenderer|supplier)|"
    r"before (?:contract|award)|after award|at award|within \d+ days of award|"
    r"during the (?:contract|term)|shall provide the (?:management )?reports)\b",
    re.I,
)
# What answering a demand leads to ("Bidders who answer 'Yes' and provide a copy of the policy
# will Pass"): a consequence of a demand, not a demand of its own when its item is already asked.
_CONSEQUENCE_RE = lazyre.compile(
    r"\bwill\s+(?:automatically\s+)?(?:pass|fail|score|be\s+(?:awarded|given|scored|marked|"
    r"excluded|disqualified|rejected|deemed))\b",
    re.I,
)
_WITH_TENDER_RE = lazyre.compile(
    r"\b(?:with|in|as part of) (?:your|the) (?:tender|bid|submission|response|"
    r"proposal)|\bat (?:tender|bid) stage|\bwith your tender\b|enclose",
    re.I,
)


_STOP_WORDS = {
    "of",
    "your",
    "the",
    "a",
    "an",
    "copy",
    "copies",
    "provide",
    "include",
    "submit",
    "upload",
    "attach",
    "enclose",
    "and",
    "any",
    "all",
    "relevant",
    "its",
    "their",
    "our",
    "written",
    "current",
    "signed",
    "with",
    "please",
    "also",
}


# Said of every bidder: a demand, not an invitation some may take up.
_EVERY_BIDDER = (
    r"\b(?:every|each|all)\s+(?:shortlisted\s+)?(?:bidders?|tenderers?|applicants?)\b"
    r"|\(\s*(?:for\s+)?all\s+(?:shortlisted\s+)?(?:bidders|tenderers|applicants|suppliers)\s*\)"
)
_PRES_ASK_RE = lazyre.compile(
    r"\b(?:invit\w+|requir\w+|asked|expected|need|shortlisted \w+)\s+(?:[\w-]+\s+){0,5}?(?:to\s+)?"
    r"(?:attend|give|make|deliver|provide|present|participate in|take part in)?\s*(?:an?\s+|the\s+)?"
    r"(?:\w+\s+)?(presentations?|interviews?|demonstrations?|demos?)\b"
    r"|\b(presentations?|interviews?|demonstrations?)\s+(?:will|may|shall)\s+(?:be\s+)?"
    r"(?:held|form part|take place|required|invited|scored|evaluated|be part|used)"
    r"|\binvit\w+\s+to\s+(present)\b"
    r"|\b(interview|invite)\s+(?:shortlisted\s+)?(?:tenderers|bidders|suppliers|applicants)"
    r"|\b(?:tender|tenderer|bidder|supplier)\s+(interviews?|presentations?|demonstrations?)\b"
    r"|\b(presentations?|interviews?|demonstrations?)\s+(?:stage|session)s?\b"
    # "Every bidder must give a presentation", "all shortlisted suppliers will attend an interview":
    # said of the bidders (plural, "every", "each", "you"), not of "the Supplier" under a contract
    r"|\b(?:(?:every|each|all|any)\s+(?:\w+\s+)?(?:bidders?|tenderers?|applicants?|suppliers?|"
    r"providers?|organisations?)|bidders|tenderers|applicants|suppliers|shortlisted\s+\w+|you)\s+"
    r"(?:must|shall|will)\s+(?:also\s+|each\s+)?(?:attend|give|make|deliver|do|take\s+part\s+in)\s+"
    r"(?:an?\s+|the\s+)?(?:short\s+|online\s+|\w+-minute\s+)?(presentations?|interviews?|demonstrations?|demos?)\b"
    # "each bidder will present its approach"; a timetable row "Interviews (all bidders)"
    r"|\b(?:every|each|all)\s+(?:shortlisted\s+)?(?:bidders?|tenderers?|applicants?)\s+(?:must|shall|will)\s+(?:also\s+)?(present)\b"
    r"|\b(presentations?|interviews?|demonstrations?)\s*\(\s*(?:for\s+)?all\s+(?:shortlisted\s+)?"
    r"(?:bidders|tenderers|applicants|suppliers)\s*\)",
    re.I,
)
_EVERY_BIDDER_RE = lazyre.compile(_EVERY_BIDDER, re.I)
# A presentation in plain words: "talk us through your proposal", "walk the panel through
# their bid" (said of bidders; the kind is a presentation whatever the medium: a call, a visit).
_TALK_THROUGH_RE = lazyre.compile(
    r"\b(?:talk|walk|take)\s+(?:us|the\s+(?:panel|team|board|committee))\s+through\s+"
    r"(?:their|your|its|the)\s+(?:own\s+)?(?:proposals?|bids?|tenders?|submissions?|quotes?|"
    r"quotations?|approach|offers?)\b",
    re.I,
)


def presentation_facts(ctx: Context) -> Iterator[Fact]:
    kinds: dict[str, tuple[bool, Evidence]] = {}
    site: tuple[bool, Evidence] | None = None
    for s in ctx.sentences:
        low = s.text.lower()
        if (
            "present" not in low
            and "interview" not in low
            and "demo" not in low
            and "site" not in low
            and "through" not in low
        ):
            continue
        if _NOT_PROCESS.search(s.text) or not reads("bid_process", s.clause):
            continue  # not the bid process: a contract's duty, guidance, a later call-off
        if s.text.lstrip().startswith("[") or re.search(r"\[note", low):
            continue  # template instructions to the buyer
        asks = [
            (next(g for g in m.groups() if g).lower(), m) for m in _PRES_ASK_RE.finditer(s.text)
        ]
        asks += [("present", m) for m in _TALK_THROUGH_RE.finditer(s.text)]
        for word, m in asks:
            if word == "invite":
                continue
            kind = (
                "presentation"
                if word.startswith("present")
                else "interview"
                if word.startswith("interview")
                else "demonstration"
            )
            every = bool(_EVERY_BIDDER_RE.search(s.text))
            if re.search(r"\bstakeholder interviews?\b|\bmanagement reports?\b", low) or (
                "present its" in low and not every
            ):
                continue
            mandatory = bool(_MANDATORY_RE.search(s.text) or every) and not _OPTIONAL_RE.search(
                s.text
            )
            prev = kinds.get(kind)
            if prev is None or (mandatory and not prev[0]):
                kinds[kind] = (mandatory, s.evidence(m.group(0), m.start()))
        sm = _SITE_RE.search(s.text)
        if sm and (_PRES_CONTEXT.search(s.text) or re.search(r"mandatory|compulsory|attend", low)):
            mandatory = bool(
                re.search(
                    r"\b(?:mandatory|compulsory|must attend|required to attend|"
                    r"must visit|will be required)\b",
                    low,
                )
            )
            if site is None or (mandatory and not site[0]):
                site = (mandatory, s.evidence(sm.group(0), sm.start()))
    if kinds:
        yield Fact(
            "presentations",
            [{"kind": k, "mandatory": v[0]} for k, v in kinds.items()],
            evidence=[v[1] for v in kinds.values()],
            confidence=0.7,
        )
    if site is not None:
        yield Fact("site_visit", {"mandatory": site[0]}, evidence=[site[1]], confidence=0.7)


# A sentence naming an attachment holds one of these (a literal pre-filter).
_ATTACHMENT_VERBS = (
    "provide",
    "include",
    "attach",
    "enclose",
    "submit",
    "upload",
    "supply",
    "send",
    "copy",
    "copies",
)


def _asked_before(item: str, items: dict) -> bool:
    """Whether ``item`` ("policy") is one already asked for ("environmental policy")."""
    return any(k == item or k.endswith(" " + item) or item.endswith(" " + k) for k in items)


def attachment_facts(ctx: Context) -> Iterator[Fact]:
    items: dict[str, tuple[str, Evidence]] = {}
    at_bid: list[tuple[str, Evidence]] = []
    for s in ctx.sentences:
        low = s.text.lower()
        if not any(map(low.__contains__, _ATTACHMENT_VERBS)):
            continue
        if not reads("bid_demand", s.clause):
            continue  # "if requested", "if your sales are factored…", a contract duty
        d = _DEMAND_RE.search(s.text)
        if (
            not d
            or _NOT_BID_STAGE.search(s.text)
            or (EVALUATION_GUIDANCE_RE.search(s.text) and "e.g." in low)
        ):
            continue
        if re.search(
            r"\bnot (?:be )?(?:required|necessary|appropriate)|do not (?:submit|attach|send)|"
            r"no attachments",
            low,
        ):
            continue
        tail = s.text[max(0, d.start() - 40) :]
        consequence = bool(_CONSEQUENCE_RE.search(s.text))
        repeated = False
        for name, rx in _ATTACH_ITEMS:
            m = rx.search(tail)
            if not m:
                continue
            item = name
            if name in ("policy", "certificate"):
                words = m.group(0).lower().split()
                while words and words[0] in _STOP_WORDS:
                    words.pop(0)
                item = " ".join(words)
                if name == "certificate" and item.startswith("iso"):
                    item = item.upper() + " certificate"
                if name == "policy" and len(words) < 2:
                    item = "policy"
                if name == "policy" and re.search(
                    r"\b(?:this|our|the council['’]?s?|authority['’]?s?|"
                    r"british council|relevant|following|these|"
                    r"applicable)\b",
                    item,
                ):
                    continue
            if consequence and _asked_before(item, items):
                repeated = True  # the pass/fail rule of an item already asked for
                continue
            if item not in items:
                items[item] = (
                    s.text.strip()[:300],
                    s.evidence(m.group(0), tail and s.text.find(m.group(0))),
                )
        if (
            not repeated
            and _WITH_TENDER_RE.search(s.text)
            and re.search(r"\bcop(?:y|ies)\b|upload|enclose|evidence", low)
        ):
            at_bid.append((s.text.strip()[:300], s.evidence()))
    if items:
        yield Fact(
            "attachments_demanded",
            [
                {
                    "item": k,
                    "quote": v[0],
                    **({"lots": list(v[1].clause.lots)} if _lots(v[1]) else {}),
                }
                for k, v in items.items()
            ],
            evidence=[v[1] for v in items.values()][:10],
            confidence=0.65,
        )
        yield Fact(
            "attachment_count",
            len(items),
            evidence=[v[1] for v in items.values()][:10],
            confidence=0.6,
        )
    if at_bid:
        seen: list[str] = []
        for q, _ in at_bid:
            if q not in seen:
                seen.append(q)
        yield Fact(
            "evidence_at_bid_stage", seen, evidence=[e for _, e in at_bid][:10], confidence=0.6
        )


def pricing_schedule_facts(ctx: Context) -> Iterator[Fact]:
    idx = row_index(ctx)
    for d, doc in enumerate(ctx.pack.documents):
        for b, block in enumerate(doc.blocks):
            if block.kind != "table" or not block.rows or len(block.rows) < 2:
                continue
            section = " ".join(block.section).lower()
            header = " ".join(block.rows[0]).lower()
            if not (
                re.search(
                    r"pricing schedule|price schedule|schedule of rates|pricing matrix|"
                    r"price breakdown|cost breakdown|pricing proposal",
                    section + " " + header,
                )
                and re.search(r"price|rate|cost|£|total|charge", header)
            ):
                continue
            if EXAMPLE_TABLE_RE.search(header):
                continue
            items = sum(
                1
                for row in block.rows[1:]
                if any(c.strip() for c in row[:1])
                and not re.search(r"\btotal\b", " ".join(row), re.I)
            )
            if items:
                sent = idx.row(d, b, 0)
                yield Fact(
                    "pricing_schedule_items",
                    items,
                    evidence=[sent.evidence()] if sent else [],
                    confidence=0.6,
                )
                return


def _lots(evidence: Evidence) -> tuple[str, ...]:
    """The lots a demand's clause names (a lot-limited attachment), else ()."""
    return evidence.clause.lots if evidence.clause is not None else ()
