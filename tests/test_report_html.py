"""The HTML report: its content on real fixtures (parsed with lxml), and the page in a real
browser (Debian's Chromium driven by Playwright, with axe-core) for accessibility, network
isolation, reflow at 320 px and 200% zoom, and escaping of hostile document text.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.documents import read_pack
from tendercheck.engine import evaluate, load_rules, waiver_hash
from tendercheck.engine.config import Config
from tendercheck.nlp import analyse
from tendercheck.nlp.model import Evidence, Fact
from tendercheck.report import Report
from tendercheck.report.html import render_html
from tendercheck.report.html_values import show
from tests.helpers import FIXTURES, make_docx_bytes

GENERATED = "2025-11-23T05:34:00+00:00"
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_TEXT = '<b>bold</b> & "quotes"'
RULES = load_rules()


def build(paths: list[Path], config: Config | None = None) -> Report:
    analysis = analyse(read_pack([str(p) for p in paths]))
    return Report(analysis=analysis, result=evaluate(analysis, RULES, config), generated=GENERATED)


def dom(html: str):
    return lxml.html.document_fromstring(html)


def text(element) -> str:
    return " ".join(element.text_content().split())


def cells(row) -> list[str]:
    return [text(cell) for cell in row]


@pytest.fixture(scope="module")
def cleaning() -> Report:
    return build([FIXTURES / "council-cleaning-itt.docx"])


@pytest.fixture(scope="module")
def wellbeing() -> Report:
    return build([FIXTURES / "nhs-community-wellbeing-spec.docx"])


@pytest.fixture(scope="module")
def catering() -> Report:
    return build([FIXTURES / "university-catering-itt.pdf"])


@pytest.fixture(scope="module")
def folder_pack(tmp_path_factory) -> Report:
    """Two documents and a skipped image, so the map has segments and the skipped table rows."""
    folder = tmp_path_factory.mktemp("pack")
    shutil.copy(FIXTURES / "nhs-community-wellbeing-spec.docx", folder / "1-itt.docx")
    shutil.copy(FIXTURES / "parish-grounds-maintenance-rfq.docx", folder / "2-rfq.docx")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    return build([folder])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Report:
    """HTML-like text in a heading, a finding's quote and a fact's value and evidence."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.docx"
    path.write_bytes(
        make_docx_bytes(
            [
                ("Heading 1", f"Invitation to tender {HOSTILE_SCRIPT}"),
                (None, "The estimated value of the contract is £40,000 per annum."),
                ("Heading 2", f"Selection {HOSTILE_TEXT}"),
                (
                    None,
                    "Tenderers must have a minimum annual turnover of £5,000,000 "
                    f"{HOSTILE_TEXT} {HOSTILE_SCRIPT}.",
                ),
            ]
        )
    )
    report = build([path])
    # A fact whose value itself is hostile (as an incumbent's name read from a document).
    evidence = Evidence(document="hostile.docx", page=1, section="", quote=HOSTILE_SCRIPT)
    report.analysis.facts["incumbent"] = Fact(
        "incumbent", f"{HOSTILE_TEXT} {HOSTILE_SCRIPT}", evidence=[evidence]
    )
    return report


BIDDER = {
    "organisation": "Riverside Community Trust",
    "verdict": "partner",
    "reasons": ["A partner could meet: minimum turnover."],
    "eligibility_gaps": [
        {
            "requirement": "Minimum turnover",
            "asks": "£5m a year",
            "has": "£120,000",
            "quote": "Tenderers must have a minimum annual turnover of £5,000,000.",
            "document": "council-cleaning-itt.docx",
            "page": 6,
            "section": "SELECTION CRITERIA",
            "partner_can_close": True,
            "you_can_close": False,
            "close_by": None,
            "note": "A consortium partner with that turnover can meet it.",
        }
    ],
    "effort": {"hours": 90.6, "days": 12.1, "cost": 3020, "day_rate": 250.0, "fit": "over"},
    "time": {"deadline": "2026-01-02T12:00", "working_days_left": 8, "fit": "tight"},
    "risks": [{"flag": "TUPE", "detail": "Staff may transfer.", "quote": "TUPE applies."}],
    "clarification_questions": ["Would you accept a consortium's turnover?"],
    "licence_note": "an unknown key, still shown",
}


@pytest.fixture(scope="module")
def cleaning_html(cleaning: Report) -> str:
    return render_html(cleaning)


# --- content ------------------------------------------------------------------------------------


def test_finding_has_rule_quote_location_why_fix_and_source(cleaning_html: str) -> None:
    article = dom(cleaning_html).get_element_by_id("rule-supplier-06")
    heading = text(article.find(".//h4"))
    assert heading.startswith("Warning SUPPLIER-06 Insurance levels out of proportion")
    quotes = [text(b) for b in article.iterfind(".//blockquote")]
    assert "Public liability | £10,000,000 for each and every claim" in quotes
    captions = [text(c) for c in article.iterfind(".//figcaption")]
    assert "council-cleaning-itt.docx, page 6, section “SELECTION CRITERIA > Insurance”" in captions
    about = {text(dt): text(dt.getnext()) for dt in article.iterfind(".//dt")}
    assert set(about) == {"Why it matters", "How to fix it", "Source"}
    assert "Employers' Liability (Compulsory Insurance) Regulations 1998 reg 3" in about["Source"]


def test_findings_grouped_by_category_most_severe_first(cleaning_html: str) -> None:
    section = dom(cleaning_html).get_element_by_id("category-supplier")
    ids = [a.get("id") for a in section.iterfind(".//article")]
    assert "rule-supplier-01" in ids and "rule-supplier-06" in ids
    assert ids.index("rule-supplier-01") < ids.index("rule-supplier-06")  # error before warning
    assert all(i.startswith("rule-supplier-") for i in ids)


def test_summary_scores_and_top_fixes_by_severity(cleaning: Report, cleaning_html: str) -> None:
    page = dom(cleaning_html)
    rows = page.get_element_by_id("summary").find(".//table").iterfind(".//tbody/tr")
    by_category = {text(r.find("th")).rsplit(" ", 1)[1]: text(r.findall("td")[0]) for r in rows}
    assert by_category["SUPPLIER"] == str(cleaning.result.scores["SUPPLIER"].score)
    fixes = page.get_element_by_id("summary").find(".//ol[@class='fixes']").findall("li")
    severities = [text(li).split()[0] for li in fixes]
    assert severities == sorted(severities, key=["Error", "Warning", "Info"].index)
    first = fixes[0]
    assert first.find(".//a").get("href") == "#rule-effort-01"
    assert "Cut what the bid asks for" in text(first)


def test_top_fixes_are_fixes_to_barriers_not_good_practice_notes(cleaning: Report) -> None:
    # Top fixes lists errors and warnings only; an info (a good-practice note, an absent
    # strength) is counted as a note, and a pack with only infos has no fix list at all.
    failed = [r for r in cleaning.result.results if r.status == "fail"]
    infos = [r for r in failed if r.severity == "info"]
    barriers = [r for r in failed if r.severity in ("error", "warning")]
    assert infos and barriers
    summary = dom(render_html(cleaning)).get_element_by_id("summary")
    listed = [text(li) for li in summary.find(".//ol[@class='fixes']").findall("li")]
    assert listed and all(not li.startswith("Info") for li in listed)
    assert len(listed) == min(5, len(barriers))
    assert f"{len(infos)} good-practice note" in text(summary)
    only_infos = copy.copy(cleaning)
    only_infos.result = dataclasses.replace(
        cleaning.result,
        results=[r for r in cleaning.result.results if r.severity == "info" or r.status != "fail"],
    )
    summary = dom(render_html(only_infos)).get_element_by_id("summary")
    assert summary.find(".//ol[@class='fixes']") is None
    assert "No barriers" in text(summary)
    assert f"{len(infos)} good-practice note" in text(summary)


def test_low_coverage_is_labelled(cleaning: Report) -> None:
    report = copy.copy(cleaning)
    scores = dict(cleaning.result.scores)
    scores["MARKET"] = dataclasses.replace(scores["MARKET"], coverage=0.4)
    report.result = dataclasses.replace(cleaning.result, scores=scores)
    page = dom(render_html(report))
    rows = page.get_element_by_id("summary").find(".//table").iterfind(".//tbody/tr")
    labelled = {text(r.find("th")).rsplit(" ", 1)[1]: "Low coverage" in text(r) for r in rows}
    assert labelled["MARKET"] is True
    assert labelled["SUPPLIER"] is False


def test_spec_position_marker(cleaning_html: str) -> None:
    section = dom(cleaning_html).get_element_by_id("pack-map")
    svg = section.find(".//svg")
    marker = svg.find(".//line[@class='marker-line']")
    assert float(marker.get("x1").rstrip("%")) == pytest.approx(85.0)
    assert "Specification starts: page 35" in text(svg.find(".//text[@class='marker-label']"))
    row = section.find(".//table/tbody/tr")
    assert cells(row) == ["1", "council-cleaning-itt.docx", "40 (100%)", "starts on page 35"]


def test_map_of_a_folder_pack(folder_pack: Report) -> None:
    page = dom(render_html(folder_pack))
    segments = page.get_element_by_id("pack-map").findall(".//svg/rect")
    names = [text(r.find("th")) for r in page.get_element_by_id("pack-map").iterfind(".//tbody/tr")]
    assert names == ["1-itt.docx", "2-rfq.docx"]
    assert [s.get("width") for s in segments[:2]] == ["83.333%", "16.667%"]  # 10 and 2 pages
    label = page.get_element_by_id("pack-map").find(".//svg/text[@class='marker-label']")
    assert text(label) == "Specification starts: document 1, page 3"
    skipped = page.get_element_by_id("skipped")
    assert "logo.png" in text(skipped) and "image file is not read" in text(skipped)


def test_facts_values_are_formatted(cleaning_html: str) -> None:
    rows = {
        r.find("th/code").text_content(): r
        for r in dom(cleaning_html).get_element_by_id("facts").iterfind(".//tbody/tr")
    }
    assert text(rows["min_turnover"].findall("td")[0]) == "£5,000,000"
    assert text(rows["submission_deadline"].findall("td")[0]).startswith(
        "Friday 2 January 2026, 12:00"
    )
    insurance = text(rows["insurance"].findall("td")[0])
    assert "Public liability: £10,000,000" in insurance
    assert "Employers' liability: £10,000,000" in insurance
    assert text(rows["weightings"].findall("td")[0]) == "Price: 60% Quality: 40%"
    source = text(rows["min_turnover"].findall("td")[1])
    assert "Tenderers must have a minimum annual turnover of £5,000,000" in source
    assert "council-cleaning-itt.docx, page 6" in source


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("contract_value_annual", 40000.0, "£40,000"),
        ("current_contract_value", 1234.5, "£1,234.50"),
        ("issue_date", "2025-12-15", "Monday 15 December 2025"),
        ("tender_period_working_days", 11, "11 working days"),
        ("min_turnover_multiple", 2.5, "2.5×"),
        ("audited_accounts_required", False, "no"),
        ("authority_type", "central", "central government"),
        ("paper_submission", [], "none found"),
        (
            "lots_reason",
            "2025-12-15 is when <b>it</b> starts",
            "2025-12-15 is when <b>it</b> starts",
        ),
    ],
)
def test_fact_value_words(name: str, value, shown: str) -> None:
    assert show(value, name).text == shown


def test_fact_value_structures() -> None:
    insurance = show({"public_liability": 5e6}, "insurance")
    assert [(k, v.text) for k, v in insurance.pairs] == [("Public liability", "£5,000,000")]
    questions = show([{"id": "Q1", "text": "Staffing", "word_limit": 500, "scored": True}])
    assert [q.text for q in questions.items] == [
        "Q1: Staffing (word limit: 500 words; scored: yes)"
    ]
    spec = show({"document": "a.docx", "page": 35, "fraction": 0.85}, "spec_start")
    assert spec.text == "page 35 of a.docx; 85% of the pack's pages come before it"


def test_effort_breakdown_and_model_note(cleaning: Report, cleaning_html: str) -> None:
    section = dom(cleaning_html).get_element_by_id("effort")
    items = [text(r.find("th")) for r in section.iterfind(".//tbody/tr")]
    assert items[0] == "Written answers"
    assert "Reading the pack" in items
    total = cells(section.find(".//tfoot/tr"))
    assert total == ["Total", "", f"{cleaning.result.effort['hours']:g}", ""]
    assert "not a measurement" in text(section.find(".//div[@class='note tone-info']"))


def test_not_assessed_says_how_to_supply(cleaning_html: str) -> None:
    rows = dom(cleaning_html).get_element_by_id("not-assessed").iterfind(".//tbody/tr")
    by_rule = {text(r.find("th")).split()[0]: text(r) for r in rows}
    assert "payment_by_results: 'payment_by_results' in tender.toml" in by_rule["MARKET-05"]


def test_waived_and_unused_waivers_are_shown() -> None:
    quote = "Public liability | £10,000,000 for each and every claim"
    config = Config(
        waivers=[
            {
                "rule": "SUPPLIER-06",
                "document": "*",
                "hash": waiver_hash(quote),
                "reason": "Agreed with the insurer",
            },
            {"rule": "TIME-01", "document": "*", "hash": "0" * 12, "reason": "Old text"},
        ]
    )
    page = dom(render_html(build([FIXTURES / "council-cleaning-itt.docx"], config)))
    article = page.get_element_by_id("rule-supplier-06")
    assert "waived" in article.get("class")
    assert text(article.find(".//h4")).startswith("Waived Warning SUPPLIER-06")
    assert "Waived: Agreed with the insurer" in text(article)
    fixes = text(page.get_element_by_id("summary").find(".//ol"))
    assert "SUPPLIER-06" not in fixes
    assert "TIME-01 in * (hash 000000000000): Old text" in text(page.get_element_by_id("findings"))


def test_references_link_to_rules(cleaning_html: str) -> None:
    section = dom(cleaning_html).get_element_by_id("references")
    groups = {
        text(h3): [text(li).split(" (cited by")[0] for li in h3.getnext().iterfind("li")]
        for h3 in section.iterfind("h3")
        if h3.getnext().tag == "ul"
    }
    assert list(groups) == [
        "Law and regulations",
        "Policy notes and government guidance",
        "Published guidance and evidence",
    ]
    law = groups["Law and regulations"]
    assert law.index("PA23 s.23(2)") < law.index("PA23 s.54(4)–(5)")  # in section order
    assert any(s.startswith("Modern Slavery Act 2015 s.54") for s in law)
    assert "PPN 002" in groups["Policy notes and government guidance"]
    # a semicolon inside brackets does not split a source
    assert (
        "LGA supplier guidance (cash flow for voluntary organisations; alternative funding models)"
        in groups["Published guidance and evidence"]
    )
    item = next(li for li in section.iterfind(".//li") if text(li).startswith("PA23 s.68, s.73"))
    assert [a.get("href") for a in item.iterfind(".//a")] == ["#rule-market-04"]


def test_structure_headings_tables_and_self_contained(cleaning_html: str) -> None:
    page = dom(cleaning_html)
    assert page.get("lang") == "en-GB"
    assert page.find(".//title").text == "tendercheck report: council-cleaning-itt.docx"
    levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    for landmark in ("header", "nav", "main", "footer"):
        assert len(page.findall(f".//{landmark}")) >= 1
    assert page.find(".//body/a").get("href") == "#main"  # the skip link comes first
    for table in page.iter("table"):
        assert table.find("caption") is not None
        assert all(th.get("scope") in ("col", "row") for th in table.iter("th"))
    assert not page.findall(".//script") and not page.findall(".//link")
    assert not page.findall(".//img") and not page.findall(".//iframe")
    assert "url(" not in cleaning_html and "@import" not in cleaning_html
    for element in page.iter():
        if element.get("src"):
            pytest.fail(f"external resource: {element.tag} src={element.get('src')}")


def test_output_is_deterministic_and_footer_has_version_and_time(cleaning: Report) -> None:
    first, second = render_html(cleaning), render_html(cleaning)
    assert first == second
    footer = dom(first).find(".//footer[@class='page-footer']")
    assert f"Made by tendercheck {cleaning.version} on 23 November 2025, 05:34 UTC" in text(footer)
    assert footer.find(".//time").get("datetime") == GENERATED
    untimed = dom(render_html(dataclasses.replace(cleaning, generated=None)))
    assert untimed.find(".//footer//time") is None


def test_escapes_document_text(hostile: Report) -> None:
    html = render_html(hostile)
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = dom(html)
    article = page.get_element_by_id("rule-supplier-01")
    assert f"{HOSTILE_TEXT} {HOSTILE_SCRIPT}" in text(article.find(".//blockquote"))
    assert f"Invitation to tender {HOSTILE_SCRIPT} > Selection {HOSTILE_TEXT}" in text(
        article.find(".//figcaption")
    )


def test_bidder_view_comes_first(cleaning: Report) -> None:
    page = dom(render_html(dataclasses.replace(cleaning, bidder=BIDDER)))
    sections = [s.get("id") for s in page.find(".//main").iterchildren("section")]
    assert sections[:2] == ["bidder", "summary"]
    bidder = page.get_element_by_id("bidder")
    assert text(bidder.find(".//p[@class='verdict tone-warning']")) == (
        "Verdict: Bid with a partner for Riverside Community Trust"
    )
    row = cells(bidder.find(".//table[@class='stack gaps']/tbody/tr"))
    assert row[:3] == ["Minimum turnover", "£5m a year", "£120,000"]
    assert "A partner could meet it." in row[3]
    assert "council-cleaning-itt.docx, page 6" in row[4]
    words = text(bidder)
    assert "Effort fit: Over" in words and "Time fit: Tight" in words
    assert "Friday 2 January 2026, 12:00" in words
    assert "TUPE: Staff may transfer." in words
    assert "Would you accept a consortium's turnover?" in words
    assert "Licence note an unknown key, still shown" in words
    assert page.find(".//nav//a").get("href") == "#bidder"


@pytest.mark.parametrize(
    "bidder",
    [
        {"verdict": "no-bid"},
        {"verdict": "bid", "reasons": "one reason", "risks": ["TUPE"], "effort": 12},
        {"eligibility_gaps": ["turnover"], "time": None, "clarification_questions": [{"q": 1}]},
        ["not", "a", "dict"],
    ],
)
def test_bidder_view_of_unexpected_shapes(cleaning: Report, bidder) -> None:
    page = dom(render_html(dataclasses.replace(cleaning, bidder=bidder)))
    assert page.get_element_by_id("bidder-title").text == "Should you bid?"


def test_bidder_view_from_the_bidder_stage(cleaning: Report, tmp_path: Path) -> None:
    bidder_stage = pytest.importorskip("tendercheck.bidder", reason="bidder stage not built yet")
    profile_path = tmp_path / "org.toml"
    profile_path.write_text(bidder_stage.EXAMPLE_PROFILE, encoding="utf-8")
    profile = bidder_stage.load_profile(profile_path)
    import datetime as dt

    bidder = bidder_stage.assess_bid(
        cleaning.analysis, cleaning.result, profile, dt.date(2025, 12, 18)
    )
    page = dom(render_html(dataclasses.replace(cleaning, bidder=bidder)))
    section = page.get_element_by_id("bidder")
    assert text(section.find(".//p")).startswith("Verdict: ")
    assert "Minimum turnover" in text(section.find(".//table"))


def test_cli_writes_report_beside_the_input(tmp_path: Path) -> None:
    source = tmp_path / "council-cleaning-itt.docx"
    shutil.copy(FIXTURES / "council-cleaning-itt.docx", source)
    result = CliRunner().invoke(main, [str(source)], env={"SOURCE_DATE_EPOCH": "1763876040"})
    assert result.exit_code == 1, result.output  # errors found
    report = tmp_path / "council-cleaning-itt.tendercheck.html"
    assert f"report: {report}" in result.output
    page = dom(report.read_text(encoding="utf-8"))
    assert page.get_element_by_id("rule-supplier-06") is not None
    assert page.find(".//footer//time").get("datetime") == "2025-11-23T05:34:00+00:00"


# --- in a browser -------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    package = pytest.importorskip("axe_playwright_python", reason="axe-playwright-python missing")
    return (Path(package.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


class Opened:
    """A report open in a page, with every request that was not the file itself."""

    def __init__(self, browser, html: str, path: Path, width: int, scripts: bool = True):
        path.write_text(html, encoding="utf-8")
        self.context = browser.new_context(
            viewport={"width": width, "height": 800}, java_script_enabled=scripts
        )
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def overflow(self) -> tuple[int, int]:
        return self.page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )

    def close(self) -> None:
        self.context.close()


REPORTS = ["cleaning", "wellbeing", "catering", "folder_pack", "cleaning_bidder"]


@pytest.fixture(scope="module")
def rendered(request) -> dict[str, str]:
    cleaning = request.getfixturevalue("cleaning")
    return {
        "cleaning": render_html(cleaning),
        "wellbeing": render_html(request.getfixturevalue("wellbeing")),
        "catering": render_html(request.getfixturevalue("catering")),
        "folder_pack": render_html(request.getfixturevalue("folder_pack")),
        "cleaning_bidder": render_html(dataclasses.replace(cleaning, bidder=BIDDER)),
    }


@pytest.mark.parametrize("name", REPORTS)
def test_axe_finds_no_wcag_violations(browser, axe_source, rendered, tmp_path, name) -> None:
    opened = Opened(browser, rendered[name], tmp_path / f"{name}.html", 1280)
    try:
        assert opened.page.locator("script").count() == 0
        opened.page.evaluate(axe_source)
        violations = opened.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' ')))",
            WCAG_TAGS,
        )
        assert violations == []
        assert opened.requests == []
    finally:
        opened.close()


@pytest.mark.parametrize("name", REPORTS)
def test_reflows_without_horizontal_scroll(browser, rendered, tmp_path, name) -> None:
    """No sideways scrolling on a 320 px phone, nor at 200% zoom (a 1280 px window = 640 px)."""
    opened = Opened(browser, rendered[name], tmp_path / f"{name}.html", 320, scripts=False)
    try:
        widths = {}
        for width in (320, 640):
            opened.page.set_viewport_size({"width": width, "height": 800})
            widths[width] = tuple(opened.overflow())
        assert widths == {320: (320, 320), 640: (640, 640)}
        assert opened.requests == []
    finally:
        opened.close()


def test_axe_at_phone_width(browser, axe_source, rendered, tmp_path) -> None:
    opened = Opened(browser, rendered["cleaning_bidder"], tmp_path / "phone.html", 320)
    try:
        opened.page.evaluate(axe_source)
        violations = opened.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(r => r.violations.map(v => v.id))",
            WCAG_TAGS,
        )
        assert violations == []
    finally:
        opened.close()


def test_hostile_text_is_shown_literally(browser, hostile, tmp_path) -> None:
    opened = Opened(browser, render_html(hostile), tmp_path / "hostile.html", 1280)
    try:
        page = opened.page
        assert page.locator("script").count() == 0
        assert page.locator("main b").count() == 0
        assert opened.dialogs == []
        quote = page.locator("#rule-supplier-01 blockquote").inner_text()
        assert f"{HOSTILE_TEXT} {HOSTILE_SCRIPT}" in quote
        caption = page.locator("#rule-supplier-01 figcaption").inner_text()
        assert f"Invitation to tender {HOSTILE_SCRIPT}" in caption
        fact = page.locator("#facts tr", has=page.locator("code", has_text="incumbent"))
        assert f"{HOSTILE_TEXT} {HOSTILE_SCRIPT}" in fact.locator("td").first.inner_text()
    finally:
        opened.close()


def test_skip_link_and_visible_focus(browser, rendered, tmp_path) -> None:
    opened = Opened(browser, rendered["cleaning"], tmp_path / "focus.html", 1280)
    try:
        page = opened.page
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.textContent, e.getBoundingClientRect().top >= 0, s.outlineStyle,"
            " s.outlineWidth]; })()"
        )
        assert focused == ["Skip to the report", True, "solid", "3px"]
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"
    finally:
        opened.close()


def test_print_stylesheet_hides_navigation(browser, rendered, tmp_path) -> None:
    opened = Opened(browser, rendered["cleaning"], tmp_path / "print.html", 1280)
    try:
        page = opened.page
        assert page.locator("nav.contents").is_visible()
        page.emulate_media(media="print")
        assert not page.locator("nav.contents").is_visible()
        assert page.locator("#rule-supplier-06").is_visible()
    finally:
        opened.close()


def test_a_quote_from_the_contract_terms_says_so() -> None:
    # The trap pack's contract terms hold delivery duties (unpaid rework, penalties): where a
    # finding quotes them, the report says the quote is from the contract terms, and a quote
    # from the invitation to tender carries no such label.
    from tendercheck.report.html import render_html

    report = build(sorted((FIXTURES / "traps").glob("*.docx")))
    page = dom(render_html(report))
    wheres = [text(w) for w in page.xpath("//span[contains(@class, 'where')] | //figcaption")]
    terms = [w for w in wheres if w.startswith("(03-contract-terms.docx") or w.startswith("03-")]
    itt = [w for w in wheres if "01-invitation-to-tender.docx" in w]
    assert terms and all(w.rstrip(")").endswith("; contract terms") for w in terms)
    assert itt and not any("contract terms" in w for w in itt)
