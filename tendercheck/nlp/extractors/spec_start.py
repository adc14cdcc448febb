"""Where the specification starts: the first specification heading in pack order (or a document
named as one), the contract clauses before it, and the region of blocks it covers.
"""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.documents.model import Block, Document
from tendercheck.nlp.clauses import vocabulary
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.extractors.placeholders import PLACEHOLDER_RES
from tendercheck.nlp.model import Evidence, Fact

_SPEC_WORDS = (
    r"(?:specification(?:\s+of\s+requirements?)?|statement\s+of\s+requirements?|"
    r"scope\s+of\s+(?:the\s+)?(?:services?|works?|requirements?|contract|supply)|"
    r"(?:our|the|service|services|business|authority['’]s|council['’]s|buyer['’]s)\s+requirements?|"
    r"requirements?|brief|service\s+description|terms\s+of\s+reference|what\s+we\s+(?:need|want|"
    r"require)|what\s+(?:you\s+will|the\s+(?:supplier|provider|contractor)\s+will)\s+(?:do|deliver|"
    r"provide))"
)
SPEC_HEADING_RE = lazyre.compile(
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
NOT_SPEC_RE = lazyre.compile(
    r"\b(?:mandatory|qualification|minimum|submission|tender|bid|response|insurance|financial|"
    r"legal|pricing|price|evaluation|award|compliance|selection|technical ability|reporting|"
    r"security|information|data|document|conditions?|instructions?|requirements? for bidders|"
    r"registration|format|other|general|policy)\b",
    re.I,
)
SPEC_DOC_RE = lazyre.compile(
    r"specification|statement[-_ ]of[-_ ]requirements?|scope[-_ ]of[-_ ]"
    r"(?:works?|services?)|(?:^|[-_ ])SoR(?:[-_ .]|$)",
    re.I,
)
TOC_RE = lazyre.compile(r"(?:\.{3,}|…{2,}|\t)\s*\d+\s*$|\s\d{1,3}\s*$")
CONTENTS_RE = lazyre.compile(r"^\s*(?:table of )?contents\s*$|^\s*index\s*$", re.I)

TERMS_HEADING_RE = lazyre.compile(
    r"conditions of contract|terms and conditions|terms & conditions|contract terms|agreed terms|"
    r"general conditions|special conditions|terms of (?:the )?contract|call-?off (?:contract|terms)|"
    r"framework (?:agreement|contract)|standard terms|articles of agreement|the contract\b",
    re.I,
)
NOT_TERMS_RE = lazyre.compile(r"conditions of tender|tender conditions|instructions", re.I)
TERMS_DOC_RE = lazyre.compile(
    r"terms|conditions|contract|call-?off|agreement|joint[-_ ]schedule", re.I
)
END_TERMS_RE = lazyre.compile(
    r"questionnaire|pricing|price schedule|form of tender|declaration|"
    r"supporting information|specification|annex|appendix",
    re.I,
)
CLAUSE_LABEL_RE = lazyre.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$|^\(?[a-z]\)$|^\(?[ivx]+\)$")
CLAUSE_TEXT_RE = lazyre.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.)\s+\S")


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


def _unfilled(doc: Document) -> bool:
    """Whether the document holds a placeholder left for the buyer to fill in."""
    return any(PLACEHOLDER_RES.search(block.text) for block in doc.blocks if block.text)


def find_spec(ctx: Context) -> tuple[int, int, Block, str] | None:
    """(document index, block index, block, heading) of the first specification heading."""
    for d, doc in enumerate(ctx.pack.documents):
        # A document named as a specification counts, unless it is an empty template (a
        # call-off "Specification" schedule of a few lines for the buyer to fill in later: short,
        # and holding a placeholder such as "[Insert the Specification]"). A short one with no
        # placeholder is a short specification, not a template.
        if SPEC_DOC_RE.search(doc.name):
            if doc.word_count < MIN_SPEC_DOC_WORDS and _unfilled(doc):
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


def named_spec_document(ctx: Context, found: tuple[int, int, Block, str]) -> bool:
    """Whether the specification found is a whole document named as one (its first block):
    every section of it is specification, the clause model's parts telling apart the few that
    are not (its contents, its definitions), even when its title and each section are headings
    of one level."""
    d, b, _block, _ = found
    doc = ctx.pack.documents[d]
    first = next((x for x in doc.blocks if x.text.strip()), None)
    return bool(SPEC_DOC_RE.search(doc.name)) and first is not None and first.index == b


def spec_region(ctx: Context, found: tuple[int, int, Block, str]) -> tuple[int, int, int]:
    """(document, first block, end block exclusive) of the specification."""
    d, b, block, _ = found
    doc = ctx.pack.documents[d]
    if named_spec_document(ctx, found):
        return d, b, len(doc.blocks)
    level = block.level or 1
    end = len(doc.blocks)
    for other in doc.blocks[b + 1 :]:
        if other.kind == "heading" and (other.level or 1) <= level:
            end = other.index
            break
    return d, b, end


def spec_start_fact(ctx: Context, found: tuple[int, int, Block, str]) -> Fact:
    """The ``spec_start`` fact for the specification heading ``found``."""
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
    if named_spec_document(ctx, found):
        value["whole_document"] = True
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
    return Fact("spec_start", value, evidence=evidence, confidence=0.75)


# Documents that make a whole tender: without one, the pack is a questionnaire, guidance, forms
# or terms on their own, and its specification is issued elsewhere.
_TENDER_PARTS = ("instructions", "specification")


NOTICE_ONLY_NOTE = (
    "the pack is a tender notice alone: its specification, terms and forms are in the tender "
    "documents, which are not in the pack"
)


def notice_only_fact(ctx: Context) -> Fact:
    """Whether every document of the pack reads as a tender notice (the clause model's notice
    genre): a summary of the procurement, not the tender documents themselves."""
    clauses = [s.clause for s in ctx.sentences if s.clause is not None]
    if clauses and all(c.notice for c in clauses):
        return Fact("notice_only", True, confidence=0.8, note=NOTICE_ONLY_NOTE)
    return Fact("notice_only", False, confidence=0.8)


def spec_elsewhere_fact(ctx: Context, spec_found: bool, notice_only: bool = False) -> Fact:
    """Whether the specification is in a document the pack does not include."""
    if spec_found:
        return Fact("spec_in_another_document", False, confidence=0.8)
    if notice_only:
        return Fact("spec_in_another_document", True, confidence=0.8, note=NOTICE_ONLY_NOTE)
    clauses = [s.clause for s in ctx.sentences if s.clause is not None]
    if clauses and not any(c.document_part in _TENDER_PARTS for c in clauses):
        parts = sorted({c.document_part for c in clauses})
        return Fact(
            "spec_in_another_document",
            True,
            confidence=0.7,
            note=f"the pack holds only {', '.join(parts)} documents, not a whole tender",
        )
    reference = re.compile(vocabulary()["specification_reference_pattern"])
    for s in ctx.sentences:
        if s.clause is not None and s.clause.other:
            continue
        m = reference.search(s.text)
        if m:
            return Fact(
                "spec_in_another_document",
                True,
                evidence=[s.evidence(m.group(0), m.start())],
                confidence=0.7,
                note="the pack names a specification document it does not include",
            )
    return Fact("spec_in_another_document", False, confidence=0.6)
