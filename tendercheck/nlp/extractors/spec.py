"""Specification facts: where the specification starts, outcomes vs inputs, KPIs, market
engagement, SME/VCSE suitability and placeholders.

Facts:

- ``spec_start``: {"document", "page", "fraction", "clauses_before", "heading"}: the first
  specification / statement of requirements / scope HEADING in pack order (contents lists and
  prose mentions do not count), or the first page of a document whose name says specification.
- ``outcome_statements``: quotes from the specification that state outcomes.
- ``requirement_statements``: [{"quote", "kind": input|method|output|outcome}] from the spec.
- ``kpis``: [{"quote", "kind": output|outcome}].
- ``market_engagement``: bool (False, with no evidence, when nothing is found in the pack).
- ``sme_vcse_suitability``: {"sme": bool|None, "vcse": bool|None, "quote"} when stated, else False.
- ``placeholder`` facts (value None, placeholder=True), one per placeholder found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from tendercheck.documents.model import Block, Document
from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.model import Evidence, Fact, Sentence

_SPEC_WORDS = (
    r"(?:specification(?:\s+of\s+requirements?)?|statement\s+of\s+requirements?|"
    r"scope\s+of\s+(?:the\s+)?(?:services?|works?|requirements?|contract|supply)|"
    r"(?:our|the|service|services|business|authority['’]s|council['’]s|buyer['’]s)\s+requirements?|"
    r"requirements?|brief|service\s+description|terms\s+of\s+reference|what\s+we\s+(?:need|want|"
    r"require)|what\s+(?:you\s+will|the\s+(?:supplier|provider|contractor)\s+will)\s+(?:do|deliver|"
    r"provide))"
)
SPEC_HEADING_RE = re.compile(
    r"^(?:(?:framework\s+|call-?off\s+)?(?:part|section|schedule|annex|appendix|attachment)\s*"
    r"[\w.]{0,4}\s*[:.–—-]?\s*\(?\s*)?"
    r"(?:\d{1,2}(?:\.\d{1,2})*\.?\s*)?(?:[:.–—-]\s*)?(?:the\s+)?"
    r"(?:(?:detailed|full|service|services|technical|functional|framework|contract|outline|output|"
    r"outcome|business|core)\s+)?"
    + _SPEC_WORDS
    + r"\s*\)?(?:\s*(?:[:.–—-]|\(|for\b|and\b).{0,60})?$",
    re.I,
)
# Headings that contain the word but are not the specification.
NOT_SPEC_RE = re.compile(
    r"\b(?:mandatory|qualification|minimum|submission|tender|bid|response|insurance|financial|"
    r"legal|pricing|price|evaluation|award|compliance|selection|technical ability|reporting|"
    r"security|information|data|document|conditions?|instructions?|requirements? for bidders|"
    r"registration|format|other|general|policy)\b",
    re.I,
)
SPEC_DOC_RE = re.compile(
    r"specification|statement[-_ ]of[-_ ]requirements?|scope[-_ ]of[-_ ]"
    r"(?:works?|services?)|(?:^|[-_ ])SoR(?:[-_ .]|$)",
    re.I,
)
TOC_RE = re.compile(r"(?:\.{3,}|…{2,}|\t)\s*\d+\s*$|\s\d{1,3}\s*$")
CONTENTS_RE = re.compile(r"^\s*(?:table of )?contents\s*$|^\s*index\s*$", re.I)

TERMS_HEADING_RE = re.compile(
    r"conditions of contract|terms and conditions|terms & conditions|contract terms|agreed terms|"
    r"general conditions|special conditions|terms of (?:the )?contract|call-?off (?:contract|terms)|"
    r"framework (?:agreement|contract)|standard terms|articles of agreement|the contract\b",
    re.I,
)
NOT_TERMS_RE = re.compile(r"conditions of tender|tender conditions|instructions", re.I)
TERMS_DOC_RE = re.compile(r"terms|conditions|contract|call-?off|agreement|joint[-_ ]schedule", re.I)
END_TERMS_RE = re.compile(
    r"questionnaire|pricing|price schedule|form of tender|declaration|"
    r"supporting information|specification|annex|appendix",
    re.I,
)
CLAUSE_LABEL_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$|^\(?[a-z]\)$|^\(?[ivx]+\)$")
CLAUSE_TEXT_RE = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.)\s+\S")


def _is_spec_heading(block: Block) -> bool:
    text = " ".join(block.text.split())
    if not text or len(text) > 90 or len(text.split()) > 12:
        return False
    if TOC_RE.search(text) and not re.search(r"\bschedule\s*\d+\s*$", text, re.I):
        return False
    if not SPEC_HEADING_RE.match(text):
        return False
    core = re.sub(r"\(.*?\)", "", text)
    m = re.search(
        r"specification|statement of requirement|scope of|what we|what you will|"
        r"what the|terms of reference|service description",
        core,
        re.I,
    )
    # "Mandatory Requirements", "Qualification Requirements": words before "requirements" that
    # name something else.
    before = core[: m.start()] if m else core[: core.lower().rfind("requirement")]
    if NOT_SPEC_RE.search(before):
        return False
    # Without "specification" / "scope of" / "what we need", only a plain "requirements" or
    # "brief" heading counts.
    return bool(
        m or re.fullmatch(r"(?:\d[\d.]*\s*)?brief", text, re.I) or "requirement" in text.lower()
    )


def _in_contents(block: Block) -> bool:
    return any(CONTENTS_RE.match(s) for s in block.section[:-1] if block.kind == "heading") or any(
        CONTENTS_RE.match(s) for s in block.section if block.kind != "heading"
    )


def _heading_text(block: Block) -> str:
    text = " ".join(block.text.split())
    label = (block.label or "").strip()
    if (
        label
        and re.match(r"^[\dA-Za-z]{1,3}(?:\.\d{1,3})*\.?$", label)
        and not text.startswith(label)
    ):
        return f"{label} {text}"
    return text


MIN_SPEC_DOC_WORDS = 150


def _find_spec(ctx: Context) -> tuple[int, int, Block, str] | None:
    """(document index, block index, block, heading) of the first specification heading."""
    for d, doc in enumerate(ctx.pack.documents):
        # A document named as a specification counts, unless it is an empty template (a
        # call-off "Specification" schedule of a few lines for the buyer to fill in later).
        if SPEC_DOC_RE.search(doc.name):
            if doc.word_count < MIN_SPEC_DOC_WORDS:
                continue
            first = next((b for b in doc.blocks if b.text.strip()), None)
            if first is not None:
                heading = next((b.text for b in doc.blocks if b.kind == "heading"), doc.name)
                return d, first.index, first, " ".join(heading.split())[:120]
        for block in doc.blocks:
            if block.kind == "heading":
                if _in_contents(block) or not _is_spec_heading(block):
                    continue
                return d, block.index, block, _heading_text(block)
            if block.kind == "paragraph" and block.text.strip() and len(block.text) <= 60:
                # A heading set in a plain paragraph ("7 Specification" in bold body text).
                text = block.text.strip()
                if (
                    (block.label or re.match(r"^\d{1,2}\.?\s", text))
                    and _is_spec_heading(block)
                    and not _in_contents(block)
                    and "requirement" not in text.lower()
                ):
                    return d, block.index, block, _heading_text(block)
    return None


def _clauses_before(docs: list[Document], d_stop: int, b_stop: int) -> int:
    count = 0
    for d, doc in enumerate(docs[: d_stop + 1]):
        in_terms = bool(TERMS_DOC_RE.search(doc.name)) and not SPEC_DOC_RE.search(doc.name)
        for block in doc.blocks:
            if d == d_stop and block.index >= b_stop:
                break
            text = block.text.strip()
            if block.kind == "heading":
                if TERMS_HEADING_RE.search(text) and not NOT_TERMS_RE.search(text):
                    in_terms = True
                    continue
                if (
                    in_terms
                    and END_TERMS_RE.search(text)
                    and not CLAUSE_TEXT_RE.match(text)
                    and not (block.label and CLAUSE_LABEL_RE.match(block.label))
                ):
                    in_terms = False
                    continue
            if not in_terms or block.kind == "table":
                continue
            label = block.label or ""
            if (
                label and CLAUSE_LABEL_RE.match(label) and label[0].isdigit()
            ) or CLAUSE_TEXT_RE.match(text):
                count += 1
    return count


def _spec_region(ctx: Context, found: tuple[int, int, Block, str]) -> tuple[int, int, int]:
    """(document, first block, end block exclusive) of the specification."""
    d, b, block, _ = found
    doc = ctx.pack.documents[d]
    if SPEC_DOC_RE.search(doc.name) and block.kind != "heading":
        return d, b, len(doc.blocks)
    level = block.level or 1
    end = len(doc.blocks)
    for other in doc.blocks[b + 1 :]:
        if other.kind == "heading" and (other.level or 1) <= level:
            end = other.index
            break
    return d, b, end


# --------------------------------------------------------------------------------------------
# Outcomes, requirements, KPIs

OUTCOME_RE = re.compile(
    r"\b(?-i:outcomes?)\b|\bso that\b|\bin order to (?:improve|reduce|increase|enable|support)\b|"
    r"\b(?:improv\w+|reduc\w+|increas\w+|prevent\w*)\s+(?:the\s+)?(?:number|rates?|levels?|"
    r"proportion|wellbeing|well-being|health|quality of life|independence|outcomes?|"
    r"life chances|attainment|employment|confidence|access|engagement|understanding|"
    r"satisfaction|resilience|skills)\b|"
    r"\b(?:service users|residents|people|participants|clients|patients|families|children|"
    r"learners|beneficiaries)\s+(?:will (?:be able to|feel|have|gain|achieve|benefit|experience|"
    r"report|improve|become|live)|are able to|feel|report)\b|"
    r"\b(?:aims? (?:is |are )?to|objectives? (?:is |are )?to|purpose (?:of [\w ]{1,40})?is to)\b|"
    r"\bwe want\b[^.]{0,80}\bto (?:be|feel|have|become)\b",
    re.I,
)
REQUIREMENT_RE = re.compile(
    r"\b(?:must|shall|will be required to|is required to|are required to|"
    r"will need to|is expected to|are expected to|should)\b",
    re.I,
)
IMPERATIVE_RE = re.compile(
    r"^\s*(?:\W\s*)?(?:provide|deliver|develop|undertake|produce|ensure|"
    r"work|support|manage|maintain|attend|carry out|agree|review|report|"
    r"supply|install|monitor|respond|maintain|collect|design|oversee|"
    r"facilitate|coordinate|co-ordinate|build|create|conduct|prepare)\b",
    re.I,
)
INPUT_RE = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|ten)\s+(?:\w+\s+){0,2}(?:staff|"
    r"members? of staff|workers|officers|fte|full[- ]time|posts?|vehicles?|"
    r"hours? per|days? per|people)\b|\bstaff(?:ing)? ratios?\b|\bqualified to\b|"
    r"\bqualifications?\b|\bbased (?:in|at)\b|\boffice (?:in|within)\b|"
    r"\bpremises\b|\bequipment\b|\bvehicles?\b|\bstaff(?:ing)? levels?\b|"
    r"\bDBS\b|\bminimum of \d+ years\b",
    re.I,
)
METHOD_RE = re.compile(
    r"\b(?:use|using|follow|adopt|in accordance with|methodolog\w+|approach|"
    r"procedures?|process(?:es)?|model|framework|tools?|methods?)\b",
    re.I,
)
OUTPUT_RE = re.compile(
    r"\b(?:produce|deliver(?:ables?)?|report(?:s|ing)?|sessions?|visits?|"
    r"within \d+|number of|per (?:week|month|year|annum)|summary|review|"
    r"publication|framework|plan|recommendations?)\b",
    re.I,
)

KPI_RE = re.compile(
    r"\bKPIs?\b|\bkey performance indicators?\b|\bperformance (?:measures?|indicators?|"
    r"targets?|standards?)\b|\bservice levels?\b|\bSLAs?\b|\btargets?\b",
    re.I,
)
KPI_NUMBER_RE = re.compile(
    r"\d+\s*(?:%|per ?cent|hours?|days?|minutes?|working days|visits?|"
    r"calls?|sessions?)|\bwithin \d+|\b\d+\b",
    re.I,
)
KPI_OUTCOME_RE = re.compile(
    r"\b(?:wellbeing|well-being|into (?:work|employment)|sustained|"
    r"improv\w+|reduc\w+ in|increase in|outcomes?|independen\w+|"
    r"quality of life|health|recovery|re-?offending|attainment|"
    r"qualifications? gained|moved on)\b",
    re.I,
)


def _classify(text: str) -> str:
    if OUTCOME_RE.search(text):
        return "outcome"
    if INPUT_RE.search(text):
        return "input"
    if OUTPUT_RE.search(text):
        return "output"
    if METHOD_RE.search(text):
        return "method"
    return "output"


def _spec_sentences(ctx: Context, region: tuple[int, int, int] | None) -> list[Sentence]:
    if region is None:
        return []
    d, start, end = region
    return [s for s in ctx.sentences if s.doc_index == d and start <= s.block < end]


def _outcomes(ctx: Context, region) -> Iterator[Fact]:
    sentences = _spec_sentences(ctx, region)
    if not sentences:
        return
    outcomes: list[tuple[str, Evidence]] = []
    requirements: list[tuple[dict, Evidence]] = []
    kpis: list[tuple[dict, Evidence]] = []
    for s in sentences:
        text = s.text.strip()
        if len(text) < 12 or s.kind == "heading" or text.startswith("["):
            continue
        om = OUTCOME_RE.search(text)
        if om and not re.search(
            r"\b(?:expected outcomes?, highlighting|describe the outcomes?)", text, re.I
        ):
            outcomes.append((text[:300], s.evidence(om.group(0), om.start())))
        if REQUIREMENT_RE.search(text) or (s.kind == "list_item" and IMPERATIVE_RE.match(text)):
            requirements.append(({"quote": text[:300], "kind": _classify(text)}, s.evidence()))
        km = KPI_RE.search(text)
        if km and KPI_NUMBER_RE.search(text):
            kind = "outcome" if KPI_OUTCOME_RE.search(text) else "output"
            kpis.append(({"quote": text[:300], "kind": kind}, s.evidence(km.group(0), km.start())))
    yield Fact(
        "outcome_statements",
        [q for q, _ in outcomes],
        evidence=[e for _, e in outcomes][:10],
        confidence=0.6,
    )
    if requirements:
        yield Fact(
            "requirement_statements",
            [r for r, _ in requirements],
            evidence=[e for _, e in requirements][:10],
            confidence=0.55,
        )
    if kpis:
        yield Fact(
            "kpis", [k for k, _ in kpis], evidence=[e for _, e in kpis][:10], confidence=0.55
        )


# --------------------------------------------------------------------------------------------
# Market engagement and suitability

# Market engagement phrases are the entity ruler's MARKET_ENGAGEMENT patterns (nlp/vocabulary.py).
MARKET_NEGATIVE = re.compile(
    r"\bno (?:preliminary )?market engagement\b|\bhas not (?:carried out|"
    r"undertaken|conducted)",
    re.I,
)
SUITABLE_RE = re.compile(
    r"\bsuitab(?:le|ility)\b[^.]{0,60}\b(SMEs?|VCSEs?|small (?:and medium[- ]sized )?"
    r"(?:enterprises|businesses)|voluntary|charit\w+|social enterprises?)\b|"
    r"\b(SMEs?|VCSEs?)\b[^.]{0,40}\b(?:are )?(?:encouraged|welcome)d? to (?:bid|tender|apply)\b|"
    r"\b(?:glad to hear from|welcome (?:bids|tenders|quotes|quotations|applications) from|"
    r"encourage (?:bids|tenders|quotes) from)\b[^.]{0,60}\b(local businesses|sole traders|small "
    r"businesses|SMEs?|VCSEs?|charities|social enterprises|voluntary)\b",
    re.I,
)


def _engagement_mentions(ctx: Context) -> Iterator[tuple[Sentence, int, int]]:
    for s in ctx.sentences:
        for label, _id, start, end in s.ents:
            if label == "MARKET_ENGAGEMENT":
                yield s, start, end


def _market(ctx: Context) -> Iterator[Fact]:
    for s, start, end in _engagement_mentions(ctx):
        if MARKET_NEGATIVE.search(s.text):
            yield Fact("market_engagement", False, evidence=[s.evidence()], confidence=0.7)
            break
        quote = s.text[start:end]
        yield Fact("market_engagement", True, evidence=[s.evidence(quote, start)], confidence=0.75)
        break
    else:
        yield Fact(
            "market_engagement",
            False,
            confidence=0.5,
            note="no mention of market engagement, supplier days or soft market testing",
        )
    for s, m in ctx.search(SUITABLE_RE):
        if re.search(r"\bnot\b[^.]{0,30}suitab", s.text, re.I):
            value = {"sme": False, "vcse": False, "quote": s.text.strip()[:300]}
        else:
            low = s.text.lower()
            value = {
                "sme": True
                if re.search(r"\bsmes?\b|small|sole trader|local business", low)
                else None,
                "vcse": True
                if re.search(r"vcse|voluntary|charit|social enterprise", low)
                else None,
                "quote": s.text.strip()[:300],
            }
        yield Fact(
            "sme_vcse_suitability",
            value,
            evidence=[s.evidence(m.group(0), m.start())],
            confidence=0.7,
        )
        return
    yield Fact(
        "sme_vcse_suitability",
        False,
        confidence=0.5,
        note="suitability for SMEs or VCSEs is not stated",
    )


# --------------------------------------------------------------------------------------------
# Placeholders

PLACEHOLDER_RES = re.compile(
    r"\[\s*(?:insert|enter|add|state|name|date|time|tbc|tba|x{2,}|specify|buyer|council officer|"
    r"identification|your |job title|tel|departmental|i/we|number|amount|value|figure|details|"
    r"contact|address)[^\]]{0,120}\]"
    r"|£\s?(?:[xX]{2,}(?:[,.][xX]+)*|\[[^\]]{0,40}\]|\.{3,}|_{2,}|TBC|TBA)"
    r"|(?<![\w£])(?:[xX]{2,}|\[\s*[xX]+\s*\])\s?%"
    r"|\bX{2,}\b(?!\s*%)"
    r"|\bTB[CA]\b|\bto be confirmed\b|\bto be advised\b"
    r"|\(\s*(?:date|time\s*/\s*date|time|name|buyer\s*-?\s*insert[^)]{0,80}|x)\s*\)"
    r"|\bdd\s?/\s?mm\s?/\s?yy(?:yy)?\b",
    re.I,
)
_PLACEHOLDER_PREFILTER = ("[", "£", "x", "X", "tb", "TB", "to be", "(", "dd")


def _placeholders(ctx: Context) -> Iterator[Fact]:
    for s in ctx.sentences:
        text = s.text
        if not any(p in text for p in _PLACEHOLDER_PREFILTER):
            continue
        for m in PLACEHOLDER_RES.finditer(text):
            quote = m.group(0)
            if quote.upper() == "XX" and not re.search(r"\bXX\b", text):
                continue
            if re.fullmatch(r"X{2,}", quote) and re.search(r"\bX{2,}L\b", text):
                continue  # clothing sizes "XXL"
            yield Fact(
                "placeholder",
                None,
                evidence=[s.evidence(quote, m.start())],
                placeholder=True,
                confidence=0.9,
                note=f"placeholder {quote!r}",
            )


# --------------------------------------------------------------------------------------------


@extractor
def spec_facts(ctx: Context) -> Iterable[Fact]:
    found = _find_spec(ctx)
    region = None
    if found is not None:
        d, b, block, heading = found
        docs = ctx.pack.documents
        total = ctx.pack.pages or 1
        pages_before = sum(doc.pages for doc in docs[:d]) + (block.page - 1)
        value = {
            "document": docs[d].name,
            "page": block.page,
            "fraction": round(pages_before / total, 3),
            "clauses_before": _clauses_before(docs, d, b),
            "heading": heading,
        }
        sentence = next((s for s in ctx.sentences if s.doc_index == d and s.block == b), None)
        evidence = (
            [sentence.evidence()]
            if sentence
            else [
                Evidence(
                    docs[d].name,
                    block.page,
                    " > ".join(block.section),
                    heading,
                    doc_index=d,
                    block=b,
                )
            ]
        )
        yield Fact("spec_start", value, evidence=evidence, confidence=0.75)
        region = _spec_region(ctx, found)
    yield from _outcomes(ctx, region)
    yield from _market(ctx)
    yield from _placeholders(ctx)
