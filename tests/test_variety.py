"""The wording-variety set (tests/labels/variety, issue 12): real phrasings of each fact from
notices and Crown documents, scored by bench/variety/score.py.

(a) Every entry loads, has the keys and value shape its fact needs, and names a fact the tool
    documents.
(b) A ratchet: accuracy per fact may not fall below the last figure measured (first before any
    tuning, bench/results/variety-before.json; now bench/results/variety-after.json), and the
    count of invented values per fact may not rise. Later work raises these floors as it
    improves the extractors; it cannot lower them.
Run with -s to see the table. The whole set scores in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bench.variety import score as variety

ROOT = Path(__file__).resolve().parents[1]

# fact: (right, of n, invented), a ratchet: raised as the extractors improve, never lowered.
# First measured before any extractor was tuned for the set (bench/results/variety-before.txt:
# 213/254, 6 invented); raised after the general fixes of issue 12 step 2
# (bench/results/variety-after.txt: 241/254, 1 invented; all sources, Sell2Wales held out while
# tuning); raised again after round 2 of issue 12 (general fixes made looking at the fresh
# set's and the voices' misses, and at three of this set's own; bench/results/
# variety-h12-after.txt: 244/254, 1 invented); 245/254 on main at stop 22's start and after
# round 3 (bench/results/variety-v12-{start,after}.txt; sme_vcse_suitability had risen to 17);
# 246/254, none invented, after round 4 (stop 23: the G-Cloud name box's word limit no longer
# taken; bench/results/variety-f12-{start,after}.txt); 249/254, none invented, after round 5
# (stop 24: an annual value from a value clause cut by a line break and "the initial 4 year
# period"; "want to hear from", "reserved contract for"; bench/results/variety-f12s24.txt).
FLOOR = {
    "clarification_deadline": (13, 13, 0),
    "contract_duration_months": (33, 33, 0),
    "contract_value_annual": (15, 16, 0),
    "contract_value_total": (25, 25, 0),
    "insurance": (24, 24, 0),
    "issue_date": (20, 20, 0),
    "market_engagement": (15, 15, 0),
    "min_turnover": (20, 20, 0),
    "payment_terms_days": (16, 17, 0),
    "presentations": (7, 7, 0),
    "sme_vcse_suitability": (19, 19, 0),
    "submission_deadline": (22, 22, 0),
    "weightings": (12, 15, 0),
    "word_limits": (8, 8, 0),
}


def documented_facts() -> set[str]:
    """Fact names the tool documents: the JSON report's Facts table, the facts in the rule
    examples, and the keys of the labelled documents."""
    import yaml

    names = set(
        re.findall(r"^\| `([a-z_]+)`", (ROOT / "docs" / "json-report.md").read_text(), re.M)
    )
    names |= set(re.findall(r"`([a-z_]+)`", (ROOT / "docs" / "json-report.md").read_text()))
    for facts in re.findall(
        r"\((?:supplied|with facts): ([^\n]*)\)", (ROOT / "docs" / "rules.md").read_text()
    ):
        names |= set(re.findall(r"(?:^|, )([a-z_]+)=", facts))
    for path in (ROOT / "tests" / "labels").glob("*.yaml"):
        for entry in yaml.safe_load(path.read_text()) or []:
            names |= set(entry.get("facts", {}))
    return names


def _is_date(value) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


SHAPES = {
    "issue_date": _is_date,
    "submission_deadline": _is_date,
    "clarification_deadline": _is_date,
    "contract_value_total": lambda v: isinstance(v, (int, float)) and v > 0,
    "contract_value_annual": lambda v: isinstance(v, (int, float)) and v > 0,
    "contract_duration_months": lambda v: isinstance(v, (int, float)) and v > 0,
    "min_turnover": lambda v: isinstance(v, (int, float)) and v > 0,
    "payment_terms_days": lambda v: isinstance(v, int) and v > 0,
    "insurance": lambda v: (
        isinstance(v, dict)
        and v
        and all(
            isinstance(k, str) and (x is None or isinstance(x, (int, float))) for k, x in v.items()
        )
    ),
    "weightings": lambda v: (
        isinstance(v, dict) and v and set(v) <= {"price", "quality", "social_value"}
    ),
    "word_limits": lambda v: isinstance(v, list) and v and all(isinstance(x, int) for x in v),
    "presentations": lambda v: v is True,
    "sme_vcse_suitability": lambda v: v is True,
    "market_engagement": lambda v: v is True,
}


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return variety.load()


@pytest.fixture(scope="module")
def result(entries) -> dict:
    return variety.score(entries)


def test_every_entry_loads_and_names_a_known_fact(entries) -> None:
    files = {p.stem for p in variety.SET.glob("*.yaml")}
    assert files == set(variety.FACTS) == set(FLOOR) == set(SHAPES)
    known = documented_facts()
    assert {tool_fact for tool_fact, _ in variety.FACTS.values()} <= known
    problems = []
    for i, e in enumerate(entries):
        problems += entry_problems(e["fact"], e, f"{e['fact']}[{i}] {e.get('where')}")
    assert not problems, "\n".join(problems)


def entry_problems(fact: str, e: dict, where: str) -> list[str]:
    """What is wrong with one snippet entry of a variety set: its source, place, text or table,
    and an expectation of the fact's shape (or null, with a note saying why)."""
    problems = []
    if e.get("source") not in variety.SOURCES:
        problems.append(f"{where}: source {e.get('source')!r}")
    if not e.get("where"):
        problems.append(f"{where}: no where")
    if (e.get("text") is None) == (e.get("table") is None):
        problems.append(f"{where}: needs exactly one of text / table")
    if "expect" not in e:
        problems.append(f"{where}: no expect")
    elif e["expect"] is None:
        if not e.get("note"):
            problems.append(f"{where}: a null expectation needs a note saying why")
    elif not SHAPES[fact](e["expect"]):
        problems.append(f"{where}: expect {e['expect']!r} is not a {fact} value")
    context = e.get("context")
    if context is not None and not (
        isinstance(context, dict)
        and context
        and set(context) <= CONTEXT_FACTS
        and all(_is_date(v) for v in context.values())
    ):
        problems.append(f"{where}: context {context!r} is not a notice's dates ({CONTEXT_FACTS})")
    return problems


# The facts an entry's ``context`` may give: what a snippet's own notice tells a reader beside
# its text (bench/variety/score.py supplies them as the notice would).
CONTEXT_FACTS = {"issue_date"}


def test_a_context_issue_date_dates_a_yearless_deadline_and_only_with_it() -> None:
    entry = {
        "source": "pcs",
        "where": "authored",
        "fact": "submission_deadline",
        "text": "Offers are to reach the Board no later than 9 March.",
        "expect": "2027-03-09",
        "context": {"issue_date": "2027-02-15"},
    }
    assert problems_free(entry)
    assert variety.score([entry])["overall"]["correct"] == 1
    assert variety.score([entry], use_context=False)["outcomes"][0]["found"] is None


def problems_free(entry: dict) -> bool:
    return not entry_problems(entry["fact"], entry, entry["where"])


def test_the_fresh2_context_dates_are_the_notices_publication_dates() -> None:
    import json

    from tests.helpers import CORPUS

    with_context = [
        e for e in variety.load(ROOT / "tests/labels/variety-fresh2") if e.get("context")
    ]
    assert len(with_context) == 2
    assert all(problems_free(e) for e in with_context)
    notices = CORPUS / "09_ocds_uk-notices_contractsfinder-pcs-sell2wales.json"
    if not notices.exists():
        pytest.skip("corpus 09 not present")
    data = json.loads(notices.read_text(encoding="utf-8"))
    dates = {
        r["release"]["ocid"]: str(r["release"].get("date", ""))[:10]
        for key in ("contracts_finder", "public_contracts_scotland", "sell2wales")
        for r in data[key]
    }
    for e in with_context:
        assert e["context"]["issue_date"] == dates[e["where"]], e["where"]


def test_accuracy_per_fact_does_not_fall_below_the_measured_floor(result) -> None:
    print("\n" + variety.report(result))
    worse = []
    for fact, (right, n, invented) in FLOOR.items():
        t = result["per_fact"][fact]
        if t["correct"] / t["n"] < right / n - 1e-9:
            worse.append(f"{fact}: {t['correct']}/{t['n']} right, floor {right}/{n}")
        if t["invented"] > invented:
            worse.append(f"{fact}: {t['invented']} invented, at most {invented} allowed")
    misses = [
        f"  [{o['fact']}] {o['source']}: expected {o['expect']!r}, found {o['found']!r}: "
        f"{o['snippet'][:120]}"
        for o in result["outcomes"]
        if not o["ok"]
    ]
    assert not worse, "\n".join([*worse, "misses:", *misses])


# The two sets labelled blind in stop 20 as a fresh test (tests/labels/variety-fresh) and the six
# buyer-voice fixtures (tests/labels/voices): first scored after the tuning on the set above was
# done (bench/results/variety-{fresh,voices}-{before,after}.txt). A ratchet on the whole of each:
# (right, of n, invented at most).
# Raised after round 2 of issue 12, which tuned on both (bench/results/variety-fresh-h12-after.txt,
# variety-voices-h12-after.txt): no longer blind tests, ratchets.
# The third round (tests/labels/variety-fresh2, the OGL part of the round labelled blind in stop
# 21) was scored before and after that tuning without being read: 47/55 both times, none invented
# (bench/results/variety-fresh2.txt).
# Raised after round 3 of issue 12 (stop 22), which tuned on fresh2's eight misses: no longer a
# blind test either (bench/results/variety-{fresh,fresh2,voices}-v12-{start,after}.txt).
# The fourth round (tests/labels/variety-fresh3) was scored blind at 29ae523 and after stop 22's
# tuning (bench/results/variety-fresh3-blind.txt: 85/96 and 86/96, 1 invented), then joined the
# tuning set in stop 23 (bench/results/variety-fresh3-f12-{start,after}.txt): a ratchet too.
# Raised after round 5 (stop 24, bench/results/variety-f12s24.txt): fresh 165 (a value "with an
# option to extend up to" a larger figure; "a mix of large and small organisations"); fresh2 54
# (its two yearless deadlines dated from their notices' publication dates, given as `context`).
# The fifth round (tests/labels/variety-fresh4) was scored blind at 9b7b314 and at e6e5251
# (bench/results/fresh4-blind-9b7b314.txt: 112/131, 4 invented), then joined the tuning set in
# stop 25: 129/131, none invented (bench/results/variety-f13s25.txt; award-criteria tables read
# by their type column, a potential duration, announcements and FOI requests not engagement,
# a flow-down read from who receives the invoice).
# The sixth round's tuning half (tests/labels/variety-fresh5, 72 entries; 35/72 blind at
# 6c58c20) after stop 25's tuning on it (bench/results/variety-f14s25.txt): record tables read by
# their headers, a term cell in its own words, a quick-quote e-mail's dates: 72/72.
# The held-out half then joined it (bench/results/fresh5-blind-and-heldout-s25.txt: 120/130,
# 1 invented) and its ten misses were mended (bench/results/variety-f15s25.txt): 130/130, none
# invented, all of it now tuned on.
FRESH_FLOOR = {
    "fresh": (165, 171, 0),
    "fresh2": (54, 55, 0),
    "fresh3": (92, 96, 0),
    "fresh4": (129, 131, 0),
    "fresh5": (130, 130, 0),  # whole again (48/58 held out, 1 invented), then tuned on (stop 25)
    "voices": (84, 84, 0),
}


@pytest.mark.parametrize("which", sorted(FRESH_FLOOR))
def test_the_fresh_sets_do_not_fall_below_their_first_score(which: str) -> None:
    loaded = (
        variety.load_voices()
        if which == "voices"
        else variety.load(ROOT / "tests" / "labels" / ("variety-" + which))
    )
    result = variety.score(loaded)
    right, n, invented = FRESH_FLOOR[which]
    overall = result["overall"]
    assert overall["n"] == n
    assert overall["correct"] >= right, variety.report(result, show_misses=100)
    assert overall["invented"] <= invented, variety.report(result, show_misses=100)
