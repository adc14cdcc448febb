"""SPEC rules on hand-built analyses: boundaries, placeholders, missing facts."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tendercheck.documents.model import Block, Document, TenderPack
from tendercheck.engine import evaluate_rule, load_rules
from tendercheck.engine.model import RuleResult
from tendercheck.nlp.model import Analysis, Evidence, Fact, Sentence

RULES = {r.id: r for r in load_rules()}


def build(
    blocks: list[tuple[str, str]] = (),
    facts: dict[str, Any] | None = None,
    *,
    pages: int = 1,
    placeholders: list[Evidence] | None = None,
    fact_objects: list[Fact] = (),
) -> Analysis:
    """An Analysis of one document whose blocks are (kind, text); a sentence per sentence."""
    doc = Document(
        name="pack.docx",
        format="docx",
        pages=pages,
        blocks=[Block(kind, text, level=1 if kind == "heading" else None) for kind, text in blocks],
    )
    doc.finish()
    sentences = []
    for block in doc.blocks:
        parts = (
            [block.text]
            if block.kind in ("heading", "table")
            else re.split(r"(?<=[.?!])\s+", block.text)
        )
        offset = 0
        for part in parts:
            start = block.text.index(part, offset)
            offset = start + len(part)
            sentences.append(
                Sentence(
                    part,
                    0,
                    block.index,
                    start,
                    offset,
                    block.page,
                    block.section,
                    block.kind,
                    doc.name,
                    lemmas=tuple(w.lower() for w in re.findall(r"\w+|[^\w\s]", part)),
                    row=0 if block.kind == "table" else -1,
                )
            )
    analysis = Analysis(
        pack=TenderPack(documents=[doc]), sentences=sentences, placeholders=list(placeholders or [])
    )
    for name, value in (facts or {}).items():
        analysis.facts[name] = Fact(name, value, source="option")
    for fact in fact_objects:
        analysis.facts[fact.name] = fact
    return analysis


def run(rule_id: str, analysis: Analysis) -> RuleResult:
    return evaluate_rule(analysis, RULES[rule_id])


def spec_at(
    page: int = 3, fraction: float = 0.1, clauses: int = 0, heading: str = "Specification"
) -> dict:
    return {
        "document": "pack.docx",
        "page": page,
        "fraction": fraction,
        "clauses_before": clauses,
        "heading": heading,
    }


def spec_blocks(*paragraphs: str) -> list[tuple[str, str]]:
    return [("heading", "Specification"), *(("paragraph", p) for p in paragraphs)]


# --- SPEC-01 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "status", "severity"),
    [
        (20, "pass", None),
        (21, "fail", "warning"),
        (50, "fail", "warning"),
        (51, "fail", "error"),
    ],
)
def test_spec_01_page_boundaries(page, status, severity):
    result = run("SPEC-01", build(spec_blocks("Text."), {"spec_start": spec_at(page=page)}))
    assert result.status == status
    if severity:
        assert result.severity == severity
        assert f"page {page}" in result.message


def test_spec_01_fraction_and_clauses():
    big = build(spec_blocks("Text."), {"spec_start": spec_at(fraction=0.41)}, pages=40)
    assert run("SPEC-01", big).status == "fail"
    at_limit = build(
        spec_blocks("Text."), {"spec_start": spec_at(fraction=0.4, clauses=100)}, pages=40
    )
    assert run("SPEC-01", at_limit).status == "pass"
    small = build(spec_blocks("Text."), {"spec_start": spec_at(fraction=0.8)}, pages=4)
    assert run("SPEC-01", small).status == "pass"  # a 4-page pack buries nothing
    clauses = build(spec_blocks("Text."), {"spec_start": spec_at(clauses=101)})
    assert "101 clauses" in run("SPEC-01", clauses).message


def test_spec_01_missing_and_placeholder_spec_is_not_assessed():
    assert run("SPEC-01", build(spec_blocks("Text."))).status == "not-assessed"
    holder = Fact("spec_start", None, placeholder=True)
    assert (
        run("SPEC-01", build(spec_blocks("Text."), fact_objects=[holder])).status == "not-assessed"
    )


# --- SPEC-02 ------------------------------------------------------------------------------------


def test_spec_02_absence_is_the_finding():
    assert run("SPEC-02", build([("paragraph", "Submit by noon.")])).status == "fail"
    assert run("SPEC-02", build(spec_blocks("Text."), {"spec_start": spec_at()})).status == "pass"


# --- SPEC-03 ------------------------------------------------------------------------------------


def test_spec_03_every_placeholder_fails_even_outside_the_spec():
    analysis = build(
        spec_blocks("The provider will clean four centres every weekday."),
        {"spec_start": spec_at()},
        placeholders=[Evidence("pack.docx", 1, "Cover", "[Insert date]", 0, 0, 0, 13)],
    )
    result = run("SPEC-03", analysis)
    assert result.status == "fail"
    assert "[Insert date]" in result.message
    assert result.evidence[0].quote == "[Insert date]"


def test_spec_03_own_placeholder_patterns_and_no_duplicates():
    analysis = build([("paragraph", "The value is £xxx per year.")])
    result = run("SPEC-03", analysis)
    assert result.status == "fail" and "1 unfilled placeholder" in result.message


def test_spec_03_density_threshold():
    vague = "Provide any other duties as directed."  # two vague phrases in one sentence
    filler = " ".join(["The provider cleans the centre daily."] * 200)  # about 1,200 words
    one = build(spec_blocks("Clean the hall as directed.", filler), {"spec_start": spec_at()})
    assert run("SPEC-03", one).status == "pass"  # one vague phrase is below the 2-hit minimum
    two = build(spec_blocks(vague, filler), {"spec_start": spec_at()})
    assert run("SPEC-03", two).status == "fail"  # each phrase counts, not each sentence
    dense = build(
        spec_blocks(vague, "Hours are to be agreed.", "Tasks as required."),
        {"spec_start": spec_at()},
    )
    assert run("SPEC-03", dense).status == "fail"


def test_spec_03_falls_back_to_whole_pack_without_spec():
    analysis = build(
        [("paragraph", "Provide any other duties as directed. Hours are to be agreed.")]
    )
    result = run("SPEC-03", analysis)
    assert result.status == "fail"
    assert "no specification was found" in result.message


def test_spec_03_law_references_are_not_vague():
    analysis = build(
        spec_blocks("Insurance as required by law.", "Policies as amended from time to time."),
        {"spec_start": spec_at()},
    )
    assert run("SPEC-03", analysis).status == "pass"


# --- SPEC-04 / SPEC-05 --------------------------------------------------------------------------

LONG = (
    "The Contractor shall in accordance with the requirements set out in this Specification and "
    "having regard at all times to the reasonable instructions of the Authority provide a service."
)
SHORT = "You will cut the grass every two weeks."


def test_spec_04_needs_spec_or_questions():
    result = run("SPEC-04", build([("paragraph", LONG)] * 6))
    assert result.status == "not-assessed"
    assert "spec_start" in result.missing


def test_spec_04_long_sentence_share():
    # 1 long sentence in 7 is 14% (under 15%), and the average stays under 20 words.
    ok = build(spec_blocks(LONG, *[SHORT] * 6), {"spec_start": spec_at()})
    assert run("SPEC-04", ok).status == "pass"
    bad = build(spec_blocks(LONG, LONG, *[SHORT] * 5), {"spec_start": spec_at()})
    assert run("SPEC-04", bad).status == "fail"


def test_spec_04_reads_questions_when_no_spec():
    questions = [
        {"id": f"Q{i}", "text": LONG, "scored": True, "topic": "quality"} for i in range(5)
    ]
    assert run("SPEC-04", build([("paragraph", "x")], {"questions": questions})).status == "fail"


def test_spec_05_flesch():
    plain = build(spec_blocks(*[SHORT] * 5), {"spec_start": spec_at()})
    assert run("SPEC-05", plain).status == "pass"
    hard = build(
        spec_blocks(
            *[
                "Comprehensive multidisciplinary implementation necessitates "
                "institutional accountability."
            ]
            * 5
        ),
        {"spec_start": spec_at()},
    )
    assert run("SPEC-05", hard).status == "fail"


def test_spec_05_never_quotes_a_contents_entry():
    """A scored question's words found first in a contents entry: the entry is not the
    evidence (only the sentences quoted are checked here; the clause model marks contents)."""
    from dataclasses import replace

    from tendercheck.nlp.clauses import Clause

    entry = (
        "Describe your approach to comprehensive multidisciplinary safeguarding implementation 4"
    )
    hard = (
        "Comprehensive multidisciplinary implementation necessitates institutional accountability."
    )
    analysis = build(
        [("paragraph", entry), *spec_blocks(*[hard] * 5)],
        {"spec_start": spec_at(), "questions": [{"id": "Q1", "text": entry[:-2]}]},
    )
    analysis.sentences[0] = replace(analysis.sentences[0], clause=Clause(part="contents"))
    result = run("SPEC-05", analysis)
    assert result.status == "fail"
    assert {e.quote for e in result.evidence} == {hard}


# --- SPEC-06 ------------------------------------------------------------------------------------


def test_spec_06_acronyms():
    assert (
        run("SPEC-06", build([("paragraph", "Meet the KPIs. VAT applies in the UK.")])).status
        == "fail"
    )
    defined = build(
        [("paragraph", "Meet the key performance indicators (KPIs). Then the KPI report.")]
    )
    assert run("SPEC-06", defined).status == "pass"
    later = build([("paragraph", "Meet the KPI. Key performance indicators (KPI) are listed.")])
    assert run("SPEC-06", later).status == "fail"  # defined, but not on first use
    shouting = build([("heading", "SCHEDULE 4 TUPE"), ("paragraph", "The Supplier MUST comply.")])
    assert run("SPEC-06", shouting).status == "pass"


def test_spec_06_glossary_table_counts_as_defined():
    analysis = build([("table", "DPS | Dynamic Purchasing System"), ("paragraph", "Join the DPS.")])
    assert run("SPEC-06", analysis).status == "pass"


# --- SPEC-07 ------------------------------------------------------------------------------------


def q(text: str, **more) -> dict:
    return {
        "id": more.pop("id", "Q1"),
        "text": text,
        "word_limit": 500,
        "page_limit": None,
        "weighting": more.pop("weighting", 20),
        "scored": more.pop("scored", True),
        "topic": more.pop("topic", "quality"),
        **more,
    }


def test_spec_07_boundaries():
    two = build(facts={"questions": [q("How? Why?")]})
    assert run("SPEC-07", two).status == "pass"
    three = build(facts={"questions": [q("How? Why? When?")]})
    assert run("SPEC-07", three).status == "fail"
    eighty = build(facts={"questions": [q(" ".join(["word"] * 80))]})
    assert run("SPEC-07", eighty).status == "pass"
    long = build(facts={"questions": [q(" ".join(["word"] * 81))]})
    assert "81 words" in run("SPEC-07", long).message
    unscored = build(facts={"questions": [q("How? Why? When?", scored=False)]})
    assert run("SPEC-07", unscored).status == "not-applicable"
    assert run("SPEC-07", build()).status == "not-assessed"


# --- SPEC-08 ------------------------------------------------------------------------------------


def test_spec_08_placeholder_weighting_is_not_stated():
    holder = Fact(
        "weightings",
        None,
        placeholder=True,
        evidence=[Evidence("pack.docx", 3, "Evaluation", "[insert figure %]")],
    )
    result = run(
        "SPEC-08", build([("paragraph", "Quality [insert figure %].")], fact_objects=[holder])
    )
    assert result.status == "fail"
    assert "placeholder" in result.message


def test_spec_08_mixed_question_weights():
    facts = {
        "weightings": {"price": 40, "quality": 60},
        "questions": [q("A", id="Q1"), q("B", id="Q2", weighting=None)],
    }
    result = run("SPEC-08", build(facts=facts))
    assert result.status == "fail" and "Q2" in result.message


def test_spec_08_scoring_scale_with_weightings_passes():
    facts = {
        "weightings": {"price": 40, "quality": 60},
        "questions": [q("A", weighting=None), q("B", id="Q2", weighting=None)],
    }
    assert run("SPEC-08", build(facts=facts)).status == "fail"
    scale = [("paragraph", "Each answer will be scored on a scale of 0 to 5.")]
    assert run("SPEC-08", build(scale, facts)).status == "pass"


def test_spec_08_nothing_found_is_not_assessed_and_price_only_passes():
    assert run("SPEC-08", build([("paragraph", "Hello.")])).status == "not-assessed"
    assert run("SPEC-08", build(facts={"award_method": "price_only"})).status == "pass"
    assert run("SPEC-08", build(facts={"weightings_kind": "rank"})).status == "pass"


# --- SPEC-09 ------------------------------------------------------------------------------------

PARKS = spec_blocks("The contractor will cut grass, prune hedges and clear litter in the parks.")


def test_spec_09_overlap():
    unrelated = q("Describe your cyber security controls for confidential patient records.")
    assert (
        run("SPEC-09", build(PARKS, {"spec_start": spec_at(), "questions": [unrelated]})).status
        == "fail"
    )
    related = q("How will you schedule hedge pruning and litter picking in parks?")
    assert (
        run("SPEC-09", build(PARKS, {"spec_start": spec_at(), "questions": [related]})).status
        == "pass"
    )


def test_spec_09_skips_social_value_and_needs_both_facts():
    sv = q(
        "Describe your cyber security controls for confidential patient records.",
        topic="social_value",
    )
    assert (
        run("SPEC-09", build(PARKS, {"spec_start": spec_at(), "questions": [sv]})).status
        == "not-applicable"
    )
    result = run("SPEC-09", build(PARKS, {"questions": [sv]}))
    assert result.status == "not-assessed" and "spec_start" in result.missing


def test_spec_06_addresses_and_reference_codes_are_names_not_prose():
    # Authored: capitals inside an e-mail address, a web address or a slash-joined code.
    names = build(
        [
            ("paragraph", "Send invoices to RT.Payables@harbourtrust.example.org by post."),
            ("paragraph", "The form is at www.harbourtrust.example.org/QMS/forms for download."),
            ("paragraph", "Processing follows Council Regulation 2016/679/EDP as amended."),
        ]
    )
    assert run("SPEC-06", names).status == "pass"
    # the same letters standing as words are still acronyms to spell out
    prose = build([("paragraph", "Send the RT payables form with the QMS manual.")])
    result = run("SPEC-06", prose)
    assert result.status == "fail" and "RT, QMS." in result.message


def test_spec_06_a_reference_marker_or_cover_is_not_a_first_use(tmp_path):
    # Authored, in the shape of a notice written out: the bracketed reference line is the
    # notice's reference (clause part "contents"), not prose that should spell out "LB".
    from tendercheck.runner import CheckSettings, analyse_paths

    notice = (
        "# Mobile library van servicing\n\n## Description\n\n"
        "The county seeks a garage to service two mobile library vans each quarter. "
        "The garage will collect each van from the depot.\n\n"
        "## Additional information\n\nTo take part, register on the county's portal.\n\n"
        "(LB Ref:55120)\n"
    )
    path = tmp_path / "notice.md"
    path.write_text(notice)
    result = run("SPEC-06", analyse_paths([path], CheckSettings()))
    assert result.status == "pass", result.message
    # the same acronym in the notice's own words is still a first use to spell out
    path.write_text(notice.replace("each quarter.", "each quarter under the LB scheme."))
    result = run("SPEC-06", analyse_paths([path], CheckSettings()))
    assert result.status == "fail" and "LB" in result.message
    assert [e.quote for e in result.evidence] == [
        "The county seeks a garage to service two mobile library vans each quarter under "
        "the LB scheme."
    ]
