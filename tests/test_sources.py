"""Plain sources: every built-in rule cites a law, a policy note or a published guide a reader can
look up, in a form kept as data (tendercheck/data/sources.yaml), never internal words."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.engine import load_rules
from tests.helpers import FIXTURES


def problems(text: str) -> list[str]:
    from tendercheck.report.sources import source_problems

    return source_problems(text)


def test_every_rule_cites_plain_sources() -> None:
    bad = {r.id: problems(r.source) for r in load_rules()}
    assert {k: v for k, v in bad.items() if v} == {}


@pytest.mark.parametrize(
    "source",
    [
        "PA23 s.54(4)–(5); PCR15 reg 27",
        "PA23 s.22(4)(c), s.56",
        "PA23 s.68, s.73, s.88; PCR15 reg 113",
        "PA23 s.16–17",
        "PPN 002 (was PPN 06/20)",
        "PPN 015/018",
        "PPN 03/24 (standard selection questionnaire)",
        'LGA supplier guidance ("don\'t bury it on page 86"; a specification behind 188 terms)',
        'Lloyds Bank Foundation "Commissioning in Crisis" (2016)',
        "PCR15 reg 58(9) (Directive 2014/24/EU art 58(3))",
        "Employers' Liability (Compulsory Insurance) Regulations 1998 reg 3",
    ],
)
def test_plain_forms_pass(source: str) -> None:
    assert problems(source) == []


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("seed guidance", "is not a known"),
        ("Seed guidance (incumbent head start)", "says 'seed'"),
        ("PA23 s.96 (electronic communication); bidder cost", "'bidder cost' is not a known"),
        ("PA23 s.21(5); good practice", "'good practice' is not a known"),
        ("Good practice (lets bidders act on answers)", "says 'good practice'"),
        ("RED FLAGS turnover indicator practice", "is not a known"),
        ("LGA supplier guidance (seed)", "says 'seed'"),
        ("Proportionality (PA23 s.22(1))", "is not a known"),
        ("Jon Harvey (spec behind 188 T&C items)", "is not a known"),
        ("PA23", "is not a known"),  # an Act with no section to look up
        ("", "no source given"),
    ],
)
def test_internal_words_and_unknown_forms_fail(source: str, why: str) -> None:
    found = problems(source)
    assert found and any(why in p for p in found), found


def test_the_report_names_each_guide_in_full(tmp_path) -> None:
    from tests.test_report_html import dom, text

    target = tmp_path / "report.html"
    done = CliRunner().invoke(
        main, [str(FIXTURES / "council-cleaning-itt.docx"), "-o", str(target), "--no-cache"]
    )
    assert done.exit_code == 1, done.output
    page = dom(target.read_text(encoding="utf-8"))
    section = page.get_element_by_id("references")
    items = [text(li) for li in section.iterfind(".//li")]
    assert not [i for i in items if "seed" in i.casefold() or "good practice" in i.casefold()]
    lga = [i for i in items if i.startswith("LGA supplier guidance")]
    assert len(lga) > 3
    assert sum('LGA councillor workbook "Commissioning services"' in i for i in lga) == 1
    sources = [
        text(dd) for dd in page.xpath("//article//dl/dt[.='Source']/following-sibling::dd[1]")
    ]
    assert sources and all(problems(s.split(" (more about")[0]) == [] for s in sources)
