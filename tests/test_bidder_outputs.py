"""Outputs a bidder can trust (issue 14), through the command line on real documents: a verdict
that says when it cannot tell, turnover read both ways, clarification questions about clauses
that ask something, a believable effort estimate, and a text view that is the bidder's own."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main

from .helpers import CORPUS, FIXTURES, make_docx_bytes

PROFILES = FIXTURES / "profiles"
GCLOUD = CORPUS / "gcloud15-pack"
SQ07 = CORPUS / "07_ccs_rm6264_attachment6-standard-selection-questionnaire.pdf"
TODAY = "2026-12-03"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def runner(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TENDERCHECK_CACHE_DIR", str(cache_dir))
    return CliRunner()


def bidder_run(runner: CliRunner, path: Path, *extra: str, profile: str = "tiny-charity"):
    args = [
        "check", str(path), "--as", "bidder", "--profile", str(PROFILES / f"{profile}.toml"),
        "--today", TODAY, *extra,
    ]  # fmt: skip
    return runner.invoke(main, args)


# The bidder view of a read-only input (the corpus, the fixtures), by its arguments: several
# tests read the same view of the G-Cloud pack, whose cache entry alone takes seconds to load.
_VIEWS: dict[tuple, str] = {}


def bidder_json(runner: CliRunner, path: Path, *extra: str, profile: str = "tiny-charity") -> dict:
    key = (str(path), extra, profile)
    read_only = path.is_relative_to(CORPUS) or path.is_relative_to(FIXTURES)
    if read_only and key in _VIEWS:
        return json.loads(_VIEWS[key])["bidder"]
    result = bidder_run(runner, path, "-f", "json", *extra, profile=profile)
    assert result.exit_code in (0, 1), result.output
    if read_only:
        _VIEWS[key] = result.stdout
    return json.loads(result.stdout)["bidder"]


def need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"corpus document not available: {path}")


# --- 1. a verdict that says when it cannot tell -------------------------------------------------


@pytest.mark.corpus
def test_gcloud_open_framework_is_never_deadline_passed_and_cannot_tell(
    runner: CliRunner, tmp_path: Path
) -> None:
    """G-Cloud 15's round closed on 30 January 2026 and the pack states no value: a small
    charity is told it can't tell yet, what to find out, and that the framework reopens."""
    need(GCLOUD)
    view = bidder_json(runner, GCLOUD)
    assert view["verdict"] == "cant-tell"
    assert view["time"]["fit"] == "reopens"
    assert view["time"]["procedure"] == "framework"
    find = " ".join(view["find_out"])
    assert "the contract value" in find
    assert "when the framework next takes new suppliers (this round closed on 2026-01-30)" in find
    assert view["reasons"][0].startswith("Can't tell yet: the pack does not say 2 thing(s)")
    assert not any(r.startswith("Don't bid") or "deadline (2026" in r for r in view["reasons"])
    # the one-line summary says the verdict
    out = tmp_path / "gcloud.html"
    result = bidder_run(runner, GCLOUD, "-o", str(out))
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.startswith("tendercheck: verdict: can't tell yet; score ")


@pytest.mark.corpus
def test_sq_alone_cannot_tell_and_a_dps_takes_suppliers_after_its_first_deadline(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Corpus 07, the RM6264 DPS's selection questionnaire, read alone: no value, no deadline
    and no specification (it says the specification is elsewhere). Told it is a DPS whose
    first deadline has passed, it is still not "deadline passed"."""
    need(SQ07)
    view = bidder_json(runner, SQ07)
    assert view["verdict"] == "cant-tell"
    assert [f.split(" (")[0].split(",")[0].split(":")[0] for f in view["find_out"]] == [
        "the contract value",
        "the submission deadline",
        "what is to be delivered",
    ]
    assert "it is in another document" in view["find_out"][2]
    pack = tmp_path / "rm6264"
    pack.mkdir()
    shutil.copy(SQ07, pack / "sq.pdf")
    (pack / "tender.toml").write_text('procedure = "dps"\ndeadline = "2021-06-30"\n', "utf-8")
    view = bidder_json(runner, pack / "sq.pdf")
    assert view["time"]["fit"] == "reopens"
    assert view["verdict"] == "cant-tell"  # the value and the specification are still unknown
    assert "the submission deadline" not in " ".join(view["find_out"])
    assert any("a dynamic purchasing system takes new suppliers" in r for r in view["reasons"])
    assert not any("has passed." in r for r in view["reasons"])
    # with no deadline at all, a DPS is not asked for one either
    (pack / "tender.toml").write_text('procedure = "dps"\n', "utf-8")
    view = bidder_json(runner, pack / "sq.pdf")
    assert "the submission deadline" not in " ".join(view["find_out"])


def test_a_known_value_deadline_and_specification_still_give_a_verdict(
    runner: CliRunner,
) -> None:
    """The council cleaning ITT states its value, deadline and specification: a verdict."""
    view = bidder_json(
        runner,
        FIXTURES / "council-cleaning-itt.docx",
        "--today",
        "2025-12-16",
        profile="large-firm",
    )
    assert view["verdict"] == "bid"
    assert view["find_out"] == []


# --- 2. turnover in both directions -------------------------------------------------------------


def test_turnover_reach_under_the_tenders_twice_the_value_test(runner: CliRunner) -> None:
    """The catering ITT asks turnover of twice the £100,000 annual value: £1.5m turnover reaches
    £750,000 a year, £120,000 only £60,000 a year."""
    tender = FIXTURES / "university-catering-itt.pdf"
    social = bidder_json(runner, tender, profile="social-enterprise")["turnover_reach"]
    assert (social["qualifies_up_to"], social["basis"], social["within"]) == (
        750_000,
        "annual",
        True,
    )
    assert social["text"] == (
        "Your £1.5m turnover qualifies you, under the tender's test of 2× the annual contract "
        "value, for contracts worth up to £750,000 a year; this one is worth £100,000 a year: "
        "within that."
    )
    result = bidder_run(runner, tender, "-f", "text")
    assert (
        "Your £120,000 turnover qualifies you, under the tender's test of 2× the annual contract "
        "value, for contracts worth up to £60,000 a year; this one is worth £100,000 a year: "
        "above that." in result.stdout
    )


@pytest.mark.corpus
def test_turnover_reach_without_the_contract_value(runner: CliRunner) -> None:
    """Corpus 01 asks twice the annual value and leaves the value as '£xxx': the reach is still
    known, so a charity can tell what size of contract it can go for."""
    charnwood = CORPUS / "01_charnwood-bc_itt-services-template.docx"
    need(charnwood)
    reach = bidder_json(runner, charnwood)["turnover_reach"]
    assert reach["qualifies_up_to"] == 60_000
    assert reach["contract_value"] is None and reach["within"] is None
    assert "twice the annual estimated value" in reach["quote"]
    assert reach["text"].endswith("for contracts worth up to £60,000 a year.")
    # a fixed amount is no multiple: nothing to turn round
    fixed = bidder_json(runner, FIXTURES / "council-cleaning-itt.docx")
    assert fixed["turnover_reach"] is None


# --- 3. clarification questions about clauses that ask something --------------------------------

NAMED = re.compile(
    r"^(?P<question>.+\?) \(About “(?P<quote>[^”]+)”, (?P<doc>[^,]+?)(?: p\.\d+)?\.\)$"
)


def test_each_question_names_the_clause_that_asks(runner: CliRunner) -> None:
    """The council cleaning ITT: every question names its clause, which is in the document and
    asks something of bidders; the TUPE note ("TUPE information will be made available to the
    successful tenderer following award") asks nothing, so no question is made of it."""
    tender = FIXTURES / "council-cleaning-itt.docx"
    view = bidder_json(runner, tender, "--today", "2025-12-16")
    questions = view["clarification_questions"]
    assert len(questions) >= 8
    units = clauses_of(runner, tender)
    for question in questions:
        named = NAMED.match(question)
        assert named, question
        assert named["doc"] == tender.name
        quote = named["quote"].rstrip("…")
        unit = next(u for u in units if u["text"].startswith(quote[:60]))
        clause = unit["clause"]
        # a demand, or a row of a table of demands (a line of required cover, a date)
        assert clause["force"] in ("must", "conditional") or unit["kind"] == "table", unit
        assert clause["part"] not in ("guidance", "definitions", "contents", "other_procurement")
        assert not clause.get("later_call_off")
    assert not any("TUPE staff information" in q for q in questions)
    assert any(q.startswith("Would you accept a consortium or a parent company's turnover") and
               "“Tenderers must have a minimum annual turnover of £5,000,000" in q
               for q in questions)  # fmt: skip


def test_no_question_the_document_answers(runner: CliRunner, tmp_path: Path) -> None:
    """'ISO 9001 certification; equivalents accepted': the clause accepts an equivalent, so
    asking whether an equivalent is accepted would be a question the document answers."""
    tender = tmp_path / "itt.docx"
    tender.write_bytes(
        make_docx_bytes(
            [
                ("Heading 1", "Selection criteria"),
                (None, "Tenderers must hold ISO 9001 certification; equivalents accepted."),
            ]
        )
    )
    view = bidder_json(runner, tender, "--today", "2025-12-16")
    assert not any("equivalent" in q for q in view["clarification_questions"])
    assert "Certification: ISO 9001" not in [g["requirement"] for g in view["eligibility_gaps"]]


@pytest.mark.corpus
def test_no_question_about_a_framework_call_off_term(runner: CliRunner) -> None:
    """G-Cloud's exit schedule binds later call-offs: no question about unpaid exit work now,
    and none about extending a deadline that has passed."""
    need(GCLOUD)
    questions = bidder_json(runner, GCLOUD)["clarification_questions"]
    assert not any("no additional cost" in q or "deadline be extended" in q for q in questions)
    for question in questions:
        assert NAMED.match(question), question


def clauses_of(runner: CliRunner, tender: Path) -> list[dict]:
    result = runner.invoke(main, ["inspect", str(tender), "--clauses", "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["units"]


# --- 4. a believable effort estimate ------------------------------------------------------------


def test_effort_from_the_questions_with_its_rates_as_data(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The council cleaning ITT: ten 1,000-word questions (each planned), one asking for a
    mobilisation plan (a method statement); the rates come from tendercheck/data/effort.yaml
    and [effort] in tendercheck.toml changes them."""
    import yaml

    rates = yaml.safe_load(
        (Path(__file__).parents[1] / "tendercheck" / "data" / "effort.yaml").read_text("utf-8")
    )
    effort = bidder_json(
        runner,
        FIXTURES / "council-cleaning-itt.docx",
        "--today",
        "2025-12-16",
        profile="large-firm",
    )["effort"]
    lines = {b["item"]: b for b in effort["breakdown"]}
    assert lines["written answers"]["quantity"] == 10_000
    assert lines["planning each written question"]["quantity"] == 10
    assert lines["planning each written question"]["hours"] == 10 * rates["hours_per_question"]
    assert lines["method statements and plans"]["quantity"] == 1
    assert effort["complete"] is True and effort["assumptions"] == []
    assert effort["rates"]["hours_per_method_statement"] == rates["hours_per_method_statement"]
    pack = tmp_path / "pack"
    pack.mkdir()
    shutil.copy(FIXTURES / "council-cleaning-itt.docx", pack / "itt.docx")
    (pack / "tendercheck.toml").write_text("[effort]\nhours_per_method_statement = 10\n", "utf-8")
    changed = bidder_json(
        runner, pack / "itt.docx", "--trust-pack-config", "--today", "2025-12-16",
        profile="large-firm",
    )["effort"]  # fmt: skip
    lines = {b["item"]: b for b in changed["breakdown"]}
    assert lines["method statements and plans"]["hours"] == 10
    assert changed["hours"] == effort["hours"] + 10 - rates["hours_per_method_statement"]


def test_heavily_weighted_questions_get_another_review(runner: CliRunner) -> None:
    """The homecare ITT's questions worth 10% of the marks or more are reviewed again."""
    effort = bidder_json(runner, FIXTURES / "county-council-homecare-itt.pdf")["effort"]
    lines = {b["item"]: b for b in effort["breakdown"]}
    heavy = lines["another review of the heavily weighted answers"]
    assert heavy["quantity"] > 0
    assert heavy["hours"] == round(heavy["quantity"] / 250 * 0.5, 1)


@pytest.mark.corpus
def test_gcloud_effort_is_a_lower_bound_so_never_ok(runner: CliRunner) -> None:
    """G-Cloud 15: five spreadsheets are not read and most questions are for particular lots:
    the estimate is a lower bound, so even an organisation with 400 hours is not told 'ok';
    the call-off schedules and terms are skimmed."""
    need(GCLOUD)
    view = bidder_json(runner, GCLOUD, profile="large-firm")
    effort = view["effort"]
    assert effort["complete"] is False
    assert effort["hours_fit"] == "ok" and effort["fit"] is None
    assumed = " ".join(effort["assumptions"])
    assert "5 file(s) of the pack could not be read" in assumed
    assert "question(s) for particular lots are not counted" in assumed
    assert any("Effort fit: not known." in r for r in view["reasons"])
    lines = {b["item"]: b for b in effort["breakdown"]}
    skim = lines["skimming contract terms and call-off documents"]
    assert skim["quantity"] > lines["reading the pack"]["quantity"]
    assert skim["basis"].startswith("40 pages/hour")
    text = bidder_run(runner, GCLOUD, "-f", "text", profile="large-firm").stdout
    assert "; a lower bound, so fit: not known" in text
    assert "  - assumed: 5 file(s) of the pack could not be read" in text
    # a bidder that names its lots gets its lots' questions counted
    lots = bidder_json(runner, GCLOUD, profile="tiny-charity-cloud-support")["effort"]
    assert "for particular lots" not in " ".join(lots["assumptions"])


# --- 5. the bidder's text is its own, not the officer's report again -----------------------------


def test_bidder_text_does_not_repeat_the_officer_report(runner: CliRunner) -> None:
    """The council cleaning ITT as a small charity: the buyer's findings are listed one line
    each; the officer's effort (at the officer's day rate) and 'supply this in tender.toml'
    list are not repeated beside the bidder's own figures."""
    tender = FIXTURES / "council-cleaning-itt.docx"
    officer = runner.invoke(main, ["check", str(tender), "-f", "text", "--today", "2025-12-16"])
    bidder = bidder_run(runner, tender, "-f", "text", "--today", "2025-12-16")
    view = bidder_json(runner, tender, "--today", "2025-12-16")
    assert "Estimated bid effort" in officer.stdout and "Not assessed" in officer.stdout
    text = bidder.stdout
    assert "Estimated bid effort" not in text
    assert "Not assessed" not in text and "fix:" not in text
    hours = {float(h.replace(",", "")) for h in re.findall(r"([\d,.]+) hours", text)}
    assert hours <= {
        view["effort"]["hours"],
        view["effort"]["hours_available"],
        *(b["hours"] for b in view["effort"]["breakdown"]),
        *(view["effort"]["rates"].values()),
    }, hours
    for rule_id in re.findall(r"^(?:ERROR|WARN |INFO ) (\S+)", officer.stdout, re.M):
        assert re.search(rf"^(?:ERROR|WARN |INFO ) {re.escape(rule_id)} ", text, re.M)
    assert text.rstrip().endswith("run without --as bidder.")
