"""Length: the HTML report printed (to PDF, by headless Chromium) shows the findings and the facts,
not every passing rule, and long quote lists stay folded; a report of a dozen findings prints in
a couple of dozen pages, not forty."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main
from tests.helpers import CORPUS, FIXTURES

CLEANING = FIXTURES / "council-cleaning-itt.docx"  # 32 findings; printed as 54 pages before
CHARNWOOD = CORPUS / "01_charnwood-bc_itt-services-template.docx"  # 11 findings; was 35 pages
# Page ceilings on A4, with room for font differences between machines (measured: 37 and 21).
CEILINGS = {"cleaning": 42, "charnwood": 25}


def report(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / f"{source.stem}.html"
    done = CliRunner().invoke(main, [str(source), "-o", str(target), "--no-cache"])
    assert done.exit_code == 1, done.output
    return target


def printed_pages(browser, html: Path) -> int:
    import pypdfium2

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(html.as_uri())
        return len(pypdfium2.PdfDocument(page.pdf(format="A4")))
    finally:
        context.close()


def test_a_report_prints_within_its_page_ceiling(browser, tmp_path) -> None:
    assert printed_pages(browser, report(CLEANING, tmp_path)) <= CEILINGS["cleaning"]


@pytest.mark.skipif(not CHARNWOOD.exists(), reason="../shared/corpus is absent")
def test_a_dozen_findings_print_in_under_25_pages(browser, tmp_path) -> None:
    assert printed_pages(browser, report(CHARNWOOD, tmp_path)) <= CEILINGS["charnwood"]


def test_print_shows_findings_and_facts_not_passing_rules(browser, tmp_path) -> None:
    html = report(CLEANING, tmp_path)
    context = browser.new_context(viewport={"width": 794, "height": 1123})
    try:
        page = context.new_page()
        page.goto(html.as_uri())
        page.emulate_media(media="print")
        assert page.locator("#rule-supplier-01 .message").is_visible()  # a finding
        assert page.locator("#facts table.facts").first.is_visible()  # the facts
        # passing rules: only the one-line count, not the list
        passed = page.locator("#category-time ul.checks li").first
        assert not passed.is_visible()
        assert page.locator("#category-time details:not(.waiver) > summary").first.is_visible()
        # a finding's waiver (to copy into tendercheck.toml) is for the screen, not for paper
        assert not page.locator("#rule-supplier-01 details.waiver").is_visible()
        # quotes beyond the first three stay folded, with their count
        more = page.locator("details:not(.waiver)")
        finding = page.locator("article.finding", has=more).first
        assert finding.locator("ul.quotes").first.locator("> li").count() == 3
        assert not finding.locator("details ul.quotes li").first.is_visible()
        assert "more quote" in finding.locator("details:not(.waiver) > summary").inner_text()
        # sources cited only by passing rules are left out of the printed references
        hidden = page.locator("#references li.no-finding")
        assert hidden.count() > 0 and not hidden.first.is_visible()
    finally:
        context.close()


def test_long_placeholder_lists_collapse(browser, tmp_path) -> None:
    # the housing association's tender leaves 15 placeholders ("[insert date]", "£xxx")
    html = report(FIXTURES / "housing-association-repairs-tender.docx", tmp_path)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(html.as_uri())
        shown = page.locator("#not-assessed > ul.quotes > li")
        folded = page.locator("#not-assessed details ul.quotes > li")
        assert shown.count() == 3
        assert folded.count() == 12 and not folded.first.is_visible()
        summary = page.locator("#not-assessed details > summary")
        assert summary.inner_text() == "12 more placeholders"
        summary.click()
        assert folded.first.is_visible()
    finally:
        context.close()
