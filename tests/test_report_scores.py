"""Honest scores: a category with no rule assessed says "not assessed" (never a green "No
findings"), an info rule (good practice, a strength) never drives a score down, and the HTML says
beside the score how scores and coverage are worked out, in words that match the code and docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.engine import LOW_COVERAGE, SEVERITY_WEIGHT, score
from tests.helpers import FIXTURES

from .report_helpers import REPO, make_rule
from .test_report_baseline import DRAFT

CLEANING = FIXTURES / "council-cleaning-itt.docx"


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--no-cache"], catch_exceptions=False)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, str]:
    """The cleaning ITT (SOCIAL: only info rules assessed, both failing) as JSON and HTML; a
    one-page draft whose OUTCOME rules all need facts it lacks, as HTML, text and Markdown."""
    folder = tmp_path_factory.mktemp("scores")
    draft = folder / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    out = {}
    for name, source, fmt in [
        ("cleaning.json", CLEANING, "json"),
        ("cleaning.html", CLEANING, "html"),
        ("draft.html", draft, "html"),
        ("draft.text", draft, "text"),
        ("draft.markdown", draft, "md"),
    ]:
        target = folder / name
        done = run(str(source), "-f", fmt, "-o", str(target))
        assert done.exit_code == 1, done.output
        out[name] = target.read_text(encoding="utf-8")
    return out


def test_info_rules_weigh_nothing() -> None:
    from tendercheck.engine.model import RuleResult

    def result(rule_id: str, severity: str, status: str) -> RuleResult:
        rule = make_rule(rule_id, severity=severity)
        return RuleResult(rule=rule, status=status, severity=severity, message="")

    strength_missing = [result("SOCIAL-96", "info", "fail"), result("SOCIAL-97", "info", "fail")]
    scores = score(strength_missing)
    assert scores["SOCIAL"].score is None and scores["SOCIAL"].assessed == 2
    mixed = [*strength_missing, result("SOCIAL-98", "warning", "pass")]
    assert score(mixed)["SOCIAL"].score == 100
    mixed.append(result("SOCIAL-99", "error", "fail"))
    assert score(mixed)["SOCIAL"].score == 40  # 2 of 5


def test_a_strength_does_not_drive_a_category_to_zero(reports) -> None:
    report = json.loads(reports["cleaning.json"])
    social = [r for r in report["rules"] if r["category"] == "SOCIAL"]
    assessed = [r for r in social if r["status"] in ("pass", "fail")]
    # The cleaning ITT misses the SOCIAL-06 strength and weights social value under 10%: two
    # info findings, which used to score SOCIAL 0.
    assert {r["id"] for r in assessed} == {"SOCIAL-02", "SOCIAL-06"}
    assert all(r["severity"] == "info" and r["status"] == "fail" for r in assessed)
    assert report["scores"]["categories"]["SOCIAL"]["score"] is None
    assert report["scores"]["categories"]["SOCIAL"]["assessed"] == 2


def test_the_cleaning_report_shows_social_as_unscored_not_zero(browser, reports, tmp_path) -> None:
    page = open_page(browser, reports["cleaning.html"], tmp_path)
    try:
        row = page.locator("table.scores tr", has=page.locator("a[href='#category-social']"))
        assert row.locator("td").first.inner_text().strip() == "not scored (info rules only)"
    finally:
        page.context.close()


def test_a_category_with_no_rule_assessed_says_so(browser, reports, tmp_path) -> None:
    page = open_page(browser, reports["draft.html"], tmp_path)
    try:
        row = page.locator("table.scores tr", has=page.locator("a[href='#category-outcome']"))
        assert row.locator("td").first.inner_text().strip() == "Not assessed"
        section = page.locator("#category-outcome > p").first
        text = section.inner_text()
        assert text.startswith("Not assessed None of this category's rules could be assessed")
        assert "No findings" not in page.locator("#category-outcome").inner_text()
        assert section.locator(".tone-pass").count() == 0
    finally:
        page.context.close()
    assert re.search(r"  OUTCOME not assessed  ", reports["draft.text"])
    assert "OUTCOME not assessed" in reports["draft.markdown"]


def test_how_scores_work_is_beside_the_score(browser, reports, tmp_path) -> None:
    from tendercheck.report.html_view import how_scores_work

    page = open_page(browser, reports["cleaning.html"], tmp_path)
    try:
        card = page.locator("#summary .scorecard")
        how = card.locator("p.how")
        assert how.is_visible()
        words = how.inner_text()
        assert words == how_scores_work()
        assert len(re.findall(r"[.!?](?:\s|$)", words)) == 2  # two sentences
        # beside the score: in the score's own box, and in view with it
        big, note = card.locator(".big").bounding_box(), how.bounding_box()
        assert note["y"] - (big["y"] + big["height"]) < 200
    finally:
        page.context.close()


def test_the_explanation_and_the_docs_match_the_code() -> None:
    from tendercheck.report.html_view import how_scores_work

    words = how_scores_work()
    for severity, weight in SEVERITY_WEIGHT.items():
        if weight:
            assert f"{severity} weighs {weight}" in words
        else:
            assert (
                f"{severity} rules (good practice and strengths) are listed but do not count"
                in (words)
            )
    assert f"under {round(LOW_COVERAGE * 100)}%" in words
    docs = (REPO / "docs" / "json-report.md").read_text(encoding="utf-8")
    weights = ", ".join(f"{s} {w}" for s, w in SEVERITY_WEIGHT.items())
    assert f"({weights}:" in docs
    assert f"Below {LOW_COVERAGE}" in docs
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    counted = [f"{s} {w}" for s, w in SEVERITY_WEIGHT.items() if w]
    assert f"where an {counted[0].replace(' ', ' weighs ')} and a {counted[1]};" in readme


def open_page(browser, html: str, tmp_path: Path):
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri())
    return page
