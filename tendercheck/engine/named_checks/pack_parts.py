"""The parts of a pack the SPEC, OUTCOME, SOCIAL and MARKET checks read: the specification's
sentences and the bid questions.
"""

from __future__ import annotations

from tendercheck.engine.context import select_scope
from tendercheck.engine.named_checks.text import norm
from tendercheck.nlp.model import Analysis, Sentence

# Parts of a specification document that are not its requirements (clause model parts)
NOT_SPEC_PARTS = frozenset({"contents", "definitions", "other_procurement"})


def spec_sentences(analysis: Analysis) -> list[Sentence] | None:
    """The specification's sentences; None when no specification was found.

    A spec_start supplied by the user (sidecar, option) has no location: find its heading.
    """
    fact = analysis.facts.get("spec_start")
    if fact is None or fact.placeholder or not isinstance(fact.value, dict):
        return None
    if fact.evidence and fact.evidence[0].doc_index >= 0 and fact.evidence[0].block >= 0:
        if fact.value.get("whole_document"):
            # a document named as the specification: all of it, but for what its headings
            # make another part (its contents page, its definitions)
            return [
                s
                for s in select_scope(analysis, "spec")
                if s.clause is None or s.clause.part not in NOT_SPEC_PARTS
            ]
        return _section_of(analysis, select_scope(analysis, "spec"))
    heading = norm(str(fact.value.get("heading") or ""))
    document = fact.value.get("document")
    if heading:
        for s in analysis.sentences:
            if (
                s.kind == "heading"
                and norm(s.text) == heading
                and (not document or s.document == document or len(analysis.pack.documents) == 1)
            ):
                return _section_of(
                    analysis,
                    [
                        t
                        for t in analysis.sentences
                        if t.doc_index == s.doc_index and t.block >= s.block
                    ],
                )
    return []


def _section_of(analysis: Analysis, rest: list[Sentence], min_sentences: int = 5) -> list[Sentence]:
    """The specification section: from its heading to the next heading at the same level or above.

    Falls back to the rest of the document when the heading is not a heading, or the section
    would be implausibly short (headings styled inconsistently).
    """
    if not rest or rest[0].kind != "heading" or not rest[0].section:
        return rest
    prefix = rest[0].section
    out = []
    for sentence in rest:
        if sentence.section[: len(prefix)] != prefix:
            break
        out.append(sentence)
    return out if len(out) >= min_sentences else rest


def questions(analysis: Analysis) -> list[dict] | None:
    fact = analysis.facts.get("questions")
    if fact is None or fact.placeholder or not isinstance(fact.value, list):
        return None
    return [q for q in fact.value if isinstance(q, dict)]


def question_texts(analysis: Analysis, scored_only: bool = False) -> list[str] | None:
    items = questions(analysis)
    if items is None:
        return None
    return [
        str(q.get("text") or "")
        for q in items
        if q.get("text") and (not scored_only or q.get("scored") is not False)
    ]


def scored_written_questions(questions: list) -> list[dict]:
    """Scored questions answered in writing: not price schedules, and not tick-box or upload
    answers (the questionnaire extractor marks those ``answer: choice | upload``)."""
    return [
        q
        for q in questions
        if isinstance(q, dict)
        and q.get("scored", True) is not False
        and q.get("topic") != "price"
        and q.get("answer", "written") == "written"
    ]
