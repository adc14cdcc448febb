"""A pack that is only a tender notice, and a specification document whose title and sections are
all top-level headings. Authored in fresh wording; the corpus is only read by the last test."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import CORPUS

NOTICE = """# Grounds Maintenance for Hollowbrook Parish Council 2027

## Description

Hollowbrook Parish Council seeks a contractor to cut verges, clear leaves and keep the \
churchyard tidy across the parish, as and when required.

The work covers the cemetery, the recreation ground, the allotments and the village green, \
as well as any other open space the council looks after.

## Lot 1, selection criteria

Bidders will be assessed on the questionnaire held in the tender documents.

## Additional information

Register on the council's procurement portal to download the tender documents.

(HPC Ref: GM-311)
"""


def _judged(folder: Path):
    from tendercheck.documents import read_pack
    from tendercheck.engine import evaluate, load_rules
    from tendercheck.nlp import analyse

    analysis = analyse(read_pack([str(folder)]))
    result = evaluate(analysis, load_rules())
    return analysis, result, {r.rule.id: r for r in result.results}


def test_a_notice_alone_is_not_judged_for_what_its_tender_documents_hold(tmp_path: Path) -> None:
    path = tmp_path / "notice.md"
    path.write_text(NOTICE, encoding="utf-8")
    analysis, result, rules = _judged(path)
    assert analysis.value("notice_only") is True
    # "No specification found" (an error) is not assessed: the notice is not the tender pack
    assert rules["SPEC-02"].status == "not-assessed"
    assert "tender notice" in rules["SPEC-02"].message
    # nor is anything else read from a specification or judged by its absence
    for rule in ("SPEC-03", "SPEC-08", "MARKET-01", "MARKET-02", "MARKET-08", "SOCIAL-06"):
        assert rules[rule].status == "not-assessed", rule
    assert not [r.rule.id for r in result.results if r.status == "fail" and r.severity == "error"]
    # the effort estimate says it counts only the notice
    assert result.effort["complete"] is False
    assert any("tender notice" in a for a in result.effort["assumptions"])


def test_the_same_words_as_an_invitation_are_judged(tmp_path: Path) -> None:
    # not a notice: a heading no notice field has (the pack is an invitation to tender)
    path = tmp_path / "itt.md"
    path.write_text(NOTICE.replace("## Lot 1, selection criteria", "## How we will choose"))
    analysis, _result, rules = _judged(path)
    assert analysis.value("notice_only") is False
    assert rules["SPEC-02"].status == "fail"
    assert rules["SPEC-02"].severity == "error"


SPECIFICATION = """# Schedule 1 (Specification)

1. General 1

2. Definitions 2

3. The Services 3

4. Reporting 5

5. Standards 6

# General

This schedule sets out the services that the council will buy under the agreement.

# Definitions

"Site" means each of the open spaces listed in the annex.

# The Services

The contractor shall cut the grass on every site at least once every fortnight between \
April and October, keeping to the heights set out for each kind of site in the annex, and \
shall remove all cuttings from paths, roads and drains on the same day that the cutting is done.

The contractor shall clear fallen leaves from the paths of the churchyard and the cemetery \
each week from October to December, taking the leaves to the council's own compost site.

# Reporting

The contractor shall send the council a short report each month listing the visits made.

# Standards

All machinery shall be kept in good repair and used only by trained staff.
"""


def test_a_specification_document_is_specification_in_every_section(tmp_path: Path) -> None:
    from tendercheck.engine.named_checks.pack_parts import spec_sentences

    (tmp_path / "grounds-specification.md").write_text(SPECIFICATION, encoding="utf-8")
    analysis, _result, _rules = _judged(tmp_path)
    spec = analysis.facts["spec_start"]
    assert spec.value["document"] == "grounds-specification.md"
    texts = [s.text for s in spec_sentences(analysis) or []]
    # each top-level section after the title is specification, to the end of the document
    assert any(t.startswith("The contractor shall cut the grass") for t in texts)
    assert any(t.startswith("All machinery shall be kept") for t in texts)
    # but not the lines its headings make something else: the contents, the definitions
    assert not any(t.startswith("3. The Services") or t.startswith("The Services 3") for t in texts)
    assert not any(t.startswith('"Site" means') for t in texts)


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not here")
def test_readability_quotes_come_from_the_text_it_measured() -> None:
    """G-Cloud 15: the specification's readability is measured over Framework Schedule 1 and
    the questionnaire's questions, so its quotes come from those documents, never from the
    instructions' scoring table that repeats a question's title."""
    from .test_finding_precision import checked

    result, _view = checked("gcloud15")
    analysis_docs = {"Framework-Schedule-1-Specification-RM1557.15-v2.1.docx"}
    analysis_docs.add("RM1557.15-G-Cloud-15-Attachment-2d-Quality-questionnaire-v4.0.docx")
    measured = [r for r in result.results if r.rule.id in ("SPEC-04", "SPEC-05")]
    assert any(r.status == "fail" for r in measured)
    for r in measured:
        for e in r.evidence:
            assert e.document.rsplit("/", 1)[-1] in analysis_docs, (r.rule.id, e.document)


def test_a_quote_is_placed_in_the_document_it_was_read_from(tmp_path: Path) -> None:
    from tendercheck.documents import read_pack
    from tendercheck.engine.named_checks.evidence import quote_evidence
    from tendercheck.nlp import analyse

    (tmp_path / "a-instructions.md").write_text(
        "# Instructions\n\n| Question | Weight |\n|---|---|\n| Safe handling of keys to "
        "tenants' homes | 10% |\n",
        encoding="utf-8",
    )
    (tmp_path / "b-questionnaire.md").write_text(
        "# Questionnaire\n\nQ4. Safe handling of keys to tenants' homes: describe your key "
        "log and who may sign keys out.\n",
        encoding="utf-8",
    )
    analysis = analyse(read_pack([str(tmp_path)]))
    names = [d.name for d in analysis.pack.documents]
    asked = {names.index("b-questionnaire.md")}
    found = quote_evidence(analysis, "Safe handling of keys to tenants' homes", asked)
    assert found is not None and found.document == "b-questionnaire.md"
    # with no document given, the first place in the pack that holds the words
    first = quote_evidence(analysis, "Safe handling of keys to tenants' homes")
    assert first is not None and first.document == "a-instructions.md"


FRAMEWORK = """# Invitation to tender: framework agreement for playground inspection 2027

## About this framework agreement

The council is setting up a framework agreement with two lots: Lot 1 for routine inspections \
and Lot 2 for annual independent inspections.

## Standards

{line}

## How to tender

Tenders must be sent through the council's e-tendering portal by noon on 3 March 2027.
"""


@pytest.mark.parametrize(
    ("line", "fails"),
    [
        # a requirement of the later call-off contracts: not a condition of joining
        (
            "ISO 45001 certification is a mandatory requirement for call-off contracts awarded "
            "under Lot 2.",
            False,
        ),
        # the same certificate asked of every bidder to join the framework
        ("ISO 45001 certification is mandatory for every bidder for Lot 2.", True),
    ],
)
def test_a_requirement_of_the_call_off_contracts_is_no_condition_of_joining(
    tmp_path: Path, line: str, fails: bool
) -> None:
    path = tmp_path / "itt.md"
    path.write_text(FRAMEWORK.format(line=line), encoding="utf-8")
    _analysis, _result, rules = _judged(path)
    assert (rules["SUPPLIER-07"].status == "fail") is fails


@pytest.mark.parametrize(
    ("line", "fails"),
    [
        # schemes named as examples of what counts: any scheme of the kind will do
        (
            "Every bidder must belong to a recognised safety scheme such as CHAS or SafeContractor.",
            False,
        ),
        ("Every bidder must belong to CHAS.", True),
    ],
)
def test_a_certification_named_as_an_example_is_no_demand_for_that_one(
    tmp_path: Path, line: str, fails: bool
) -> None:
    path = tmp_path / "itt.md"
    text = "# Invitation to tender: painting of council depots\n\n## Who may bid\n\n" + line
    path.write_text(text + "\n\nSend your tender through the portal by 4 May 2027.\n")
    _analysis, _result, rules = _judged(path)
    assert (rules["SUPPLIER-07"].status == "fail") is fails, rules["SUPPLIER-07"].message
