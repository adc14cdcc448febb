"""The generic kinds of tendercheck/engine/kinds_demand.py (issue 13): each option changes the
outcome, so a kind that ignored it would fail here."""

from __future__ import annotations

from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.engine import evaluate_rule, load_rules
from tendercheck.engine.checks import CHECK_KINDS
from tendercheck.engine.model import Rule
from tendercheck.nlp.model import Evidence, Fact
from tests.helpers import kind_rule
from tests.test_rules_time import make_analysis

READ = ("The Council invites tenders for the service.",)


def rule(kind: str = "demand", message: str = "{names}", **params) -> Rule:
    return kind_rule(kind, message, "SUPPLIER", **params)


def run(r: Rule, facts: dict | None = None, text: tuple[str, ...] = READ):
    return evaluate_rule(make_analysis(facts, text=text), r)


def quoted(name: str, value, quote: str) -> Fact:
    return Fact(name, value, evidence=[Evidence("itt.docx", 1, "", quote)])


# --- demand: items ------------------------------------------------------------------------------

CERTS = dict(
    fact="certifications",
    what="a certification",
    demanded="items",
    unless_where={"required": False, "equivalent_accepted": True},
    name_lots=True,
)


def test_items_where_decides_which_items_fail() -> None:
    r = rule(
        fact="experience_demands",
        what="experience",
        demanded="items",
        where={"kind": ["previous_contract_with_authority", "public_sector_only"], "stage": "bid"},
        name_field="kind",
    )
    other = {"experience_demands": [{"kind": "references", "stage": "bid"}]}
    assert run(r, other).status == "pass"
    later = {"experience_demands": [{"kind": "public_sector_only", "stage": "contract"}]}
    assert run(r, later).status == "pass"  # every field of where must match
    bad = {"experience_demands": [{"kind": "public_sector_only", "stage": "bid"}]}
    assert run(r, bad).status == "fail"


def test_items_unless_where_excludes_items_with_any_field() -> None:
    r = rule(**CERTS)
    assert run(r, {"certifications": [{"name": "CHAS"}]}).status == "fail"
    preferred = {"certifications": [{"name": "ISO 9001", "required": False}]}
    assert run(r, preferred).status == "pass"
    equivalent = {"certifications": [{"name": "ISO 9001", "equivalent_accepted": True}]}
    assert run(r, equivalent).status == "pass"
    both_false = {"certifications": [{"name": "CHAS", "equivalent_accepted": False}]}
    assert run(r, both_false).status == "fail"


def test_items_names_count_and_lots_in_the_message() -> None:
    r = rule(**CERTS, message="{names} ({count})")
    facts = {
        "certifications": [
            {"name": "ISO 9001", "lots": ["1a", "1b"]},
            {"name": "CHAS"},
            {"name": "ISO 27001", "equivalent_accepted": True},
        ]
    }
    assert run(r, facts).message == "ISO 9001 (Lots 1a, 1b), CHAS (2)"
    no_lots = rule(**{**CERTS, "name_lots": False}, message="{names}")
    assert run(no_lots, facts).message == "ISO 9001, CHAS"


def test_items_labels_and_plain_text_items() -> None:
    r = rule(
        fact="bonds_guarantees",
        what="a bond",
        demanded="items",
        where={"name": ["performance_bond"]},
        labels={"performance_bond": "performance bond"},
    )
    assert run(r, {"bonds_guarantees": ["insurance_certificate"]}).status == "pass"
    result = run(r, {"bonds_guarantees": ["performance_bond"]})
    assert (result.status, result.message) == ("fail", "performance bond")


def test_items_evidence_is_the_sentence_quoting_the_item() -> None:
    text = ("The Council invites tenders.", "Bidders must hold ISO 9001 certification.")
    r = rule(**CERTS)
    facts = {"certifications": [{"name": "ISO 9001", "quote": "Bidders must hold ISO 9001"}]}
    result = run(r, facts, text=text)
    assert [e.quote for e in result.evidence] == ["Bidders must hold ISO 9001 certification."]


# --- demand: yes/no, false, equals, at_least --------------------------------------------------


def test_fact_true_with_exempt_fact_and_exempt_patterns() -> None:
    r = rule(
        fact="audited_accounts_required",
        what="audited accounts",
        exempt_facts=["accounts_alternative"],
        exempt_patterns=[r"\bunaudited accounts\b"],
    )
    demand = {"audited_accounts_required": True}
    assert run(r, demand).status == "fail"
    assert run(r, {"audited_accounts_required": False}).status == "pass"
    assert run(r, {**demand, "accounts_alternative": True}).status == "pass"
    text = (*READ, "Unaudited accounts are accepted.")
    assert run(r, demand, text=text).status == "pass"


def test_exempt_scope_spec_reads_only_the_specification() -> None:
    r = rule(
        fact="cyber_essentials",
        what="Cyber Essentials Plus",
        demanded="equals",
        equals="plus",
        exempt_scope="spec",
        exempt_patterns=[r"\bpersonal data\b"],
        message="{scope}",
    )
    text = ("Contract terms: personal data is protected.", "Specification", "Cutting grass.")
    spec = quoted("spec_start", {"heading": "Specification"}, "Specification")
    spec.evidence = [Evidence("itt.docx", 1, "", "Specification", doc_index=0, block=1)]
    facts = {"cyber_essentials": "Plus", "spec_start": spec}
    result = run(r, facts, text=text)
    assert (result.status, result.message) == ("fail", "specification")
    assert run(r, {"cyber_essentials": "basic"}, text=text).status == "pass"
    # Without a specification the whole pack is read, and the contract terms count.
    assert run(r, {"cyber_essentials": "plus"}, text=text).status == "pass"


def test_exempt_quotes_must_match_every_quote_of_the_demand() -> None:
    r = rule(
        fact="modern_slavery_statement_required",
        what="a statement",
        exempt_quotes=[r"£36m"],
    )
    name = "modern_slavery_statement_required"
    lawful = quoted(name, True, "Bidders with a turnover of £36m or more must give a statement.")
    assert run(r, {name: lawful}).status == "pass"
    every = quoted(name, True, "All bidders must give a modern slavery statement.")
    assert run(r, {name: every}).status == "fail"


def test_fact_false_names_each_forbidden_fact_and_unread_ones() -> None:
    params = dict(
        fact="consortia_allowed",
        also=["subcontracting_allowed"],
        what="a ban",
        demanded="fact_false",
        labels={
            "consortia_allowed": "consortium bids",
            "subcontracting_allowed": "sub-contracting",
        },
        mention_patterns=[r"\bsub-contracting is not permitted\b"],
    )
    r = rule(**params)
    result = run(r, {"consortia_allowed": True, "subcontracting_allowed": False})
    assert (result.status, result.message) == ("fail", "sub-contracting")
    text = (*READ, "Sub-contracting is not permitted.")
    assert run(r, {"consortia_allowed": True}, text=text).status == "pass"
    unread = run(rule(**params, unread_if_mentioned=True), {"consortia_allowed": True}, text=text)
    assert (unread.status, unread.missing) == ("not-assessed", ["subcontracting_allowed"])


def test_at_least_takes_the_largest_figure_and_its_label() -> None:
    r = rule(
        fact="accounts_years_required",
        also=["years_trading_required"],
        what="years",
        demanded="at_least",
        at_least=3,
        labels={"accounts_years_required": "years of accounts", "years_trading_required": "years"},
        message="{number} {names}",
    )
    assert run(r, {"accounts_years_required": 2}).status == "pass"
    result = run(r, {"accounts_years_required": 2, "years_trading_required": 3})
    assert (result.status, result.message) == ("fail", "3 years")
    result = run(r, {"accounts_years_required": 4, "years_trading_required": 3})
    assert result.message == "4 years of accounts"


def test_at_least_and_equals_need_their_figure() -> None:
    assert CHECK_KINDS["demand"].validate({"fact": "x", "what": "w", "demanded": "at_least"})
    assert CHECK_KINDS["demand"].validate({"fact": "x", "what": "w", "only_below": "annual"})


# --- demand: the contract's value and the threshold ----------------------------------------------


def test_only_below_compares_the_contract_value_with_the_limit() -> None:
    r = rule(
        fact="carbon_reduction_plan_required",
        what="a plan",
        only_below="annual",
        limit=5_000_000,
        message="{value} {limit}",
    )
    demand = {"carbon_reduction_plan_required": True}
    small = run(r, {**demand, "contract_value_annual": 200_000})
    assert (small.status, small.message) == ("fail", "£200,000 £5m")
    assert run(r, {**demand, "contract_value_annual": 5_000_000}).status == "pass"
    unknown = run(r, demand)
    assert (unknown.status, unknown.missing) == ("not-assessed", ["contract_value_annual"])
    total = rule(fact="carbon_reduction_plan_required", what="w", only_below="total", limit=10)
    assert run(total, {**demand, "contract_value_total": 9}).status == "fail"


def test_below_threshold_only() -> None:
    r = rule(fact="pre_qualification_stage", what="a PQQ", below_threshold_only="above it")
    demand = {"pre_qualification_stage": True}
    above = run(r, {**demand, "above_threshold": True})
    assert (above.status, above.message) == ("not-applicable", "Not applicable: above it")
    assert run(r, {**demand, "above_threshold": False}).status == "fail"
    unknown = run(r, demand)
    assert unknown.status == "not-assessed"
    assert unknown.missing == ["above_threshold", "contract_value_total"]


# --- demand: not found ----------------------------------------------------------------------------


def test_not_found_passes_unless_the_pack_mentions_it() -> None:
    r = rule(
        fact="audited_accounts_required", what="audited accounts", mention_patterns=["audited"]
    )
    assert run(r, {}).status == "pass"
    mentioned = run(r, {}, text=(*READ, "Audited accounts are needed."))
    assert (mentioned.status, mentioned.missing) == ("not-assessed", ["audited_accounts_required"])
    assert run(r, {}, text=()).status == "not-assessed"  # nothing was read


def test_subject_fact_makes_an_unread_demand_not_assessed() -> None:
    r = rule(fact="insurance_at_bid_stage", subject_fact="insurance", what="insurance")
    unread = run(r, {"insurance": {"public_liability": 5_000_000}})
    assert (unread.status, unread.missing) == ("not-assessed", ["insurance_at_bid_stage"])
    assert run(r, {}).status == "pass"
    assert run(r, {"insurance_at_bid_stage": True}).status == "fail"


# --- fact_or_phrase --------------------------------------------------------------------------------


def test_fact_or_phrase_fails_on_the_fact_or_a_phrase_unless_excepted() -> None:
    r = rule(
        "fact_or_phrase",
        message="{phrases}",
        fact="unpaid_work",
        patterns=[r"\bfree trial\b"],
        unless=[r"\bpaid\b"],
    )
    assert run(r, {}).status == "pass"
    assert run(r, {}, text=(*READ, "A free trial is required.")).message == "free trial"
    assert run(r, {}, text=(*READ, "A paid free trial is required.")).status == "pass"
    assert run(r, {"unpaid_work": ["Pilot for a month"]}).message == "“Pilot for a month”"
    assert run(r, {}, text=()).status == "not-assessed"


# --- rules list -----------------------------------------------------------------------------------


def test_rules_list_shows_each_rules_kind() -> None:
    listed = CliRunner().invoke(main, ["rules", "list"]).output.splitlines()
    kinds = {line.split()[0]: line.split()[2] for line in listed}
    for r in load_rules():
        assert kinds[r.id] == r.check, r.id
    assert kinds["SUPPLIER-07"] == "demand"


# --- compare ---------------------------------------------------------------------------------------

PAYMENT = dict(
    figures={"max_days": 30},
    needs=["payment_terms_days"],
    problems=[
        {
            "when": {"fact": "payment_terms_days", "op": "gt", "value": {"figure": "max_days"}},
            "says": "{payment_terms_days} days, over {max_days}",
        },
        {"when": {"fact": "payment_flow_down", "op": "false"}, "says": "not flowed down"},
    ],
)


def test_compare_problems_figures_and_joiner() -> None:
    r = rule("compare", message="{problems}", **PAYMENT)
    assert run(r, {"payment_terms_days": 30, "payment_flow_down": True}).status == "pass"
    result = run(r, {"payment_terms_days": 45, "payment_flow_down": False})
    assert (result.status, result.message) == ("fail", "45 days, over 30; not flowed down")
    first = rule("compare", message="{problems}", first_only=True, **PAYMENT)
    assert run(first, {"payment_terms_days": 45, "payment_flow_down": False}).message == (
        "45 days, over 30"
    )
    looser = rule("compare", message="{problems}", **{**PAYMENT, "figures": {"max_days": 60}})
    assert run(looser, {"payment_terms_days": 45, "payment_flow_down": True}).status == "pass"


def test_compare_needs_and_untestable_problems_are_not_assessed() -> None:
    r = rule("compare", message="{problems}", **PAYMENT)
    unknown = run(r, {"payment_flow_down": False})
    assert (unknown.status, unknown.missing) == ("not-assessed", ["payment_terms_days"])
    flow = run(r, {"payment_terms_days": 20})
    assert (flow.status, flow.missing) == ("not-assessed", ["payment_flow_down"])


def test_compare_derived_values_and_not_applicable() -> None:
    r = rule(
        "compare",
        message="{pack_pages} pages, {contract_total_text}, {pages_per_10k:.0f} a £10k",
        figures={"small": 100_000, "most": 10},
        needs=["contract_total_value"],
        not_applicable_when={
            "fact": "contract_total_value",
            "op": "ge",
            "value": {"figure": "small"},
        },
        not_applicable_detail="£{small:,.0f} or more",
        show=["contract_total_text", "pack_pages"],
        problems=[{"when": {"fact": "pages_per_10k", "op": "gt", "value": {"figure": "most"}}}],
    )
    big = run(r, {"contract_value_total": 200_000, "pack_pages": 90})
    assert (big.status, big.message) == ("not-applicable", "Not applicable: £100,000 or more")
    small = run(r, {"contract_value_total": 20_000, "pack_pages": 30})
    assert (small.status, small.message) == ("fail", "30 pages, £20,000, 15 a £10k")
    assert run(r, {"contract_value_total": 20_000, "pack_pages": 10}).status == "pass"
    # The total worked out from the annual value and the duration.
    derived_total = run(r, {"contract_value_annual": 10_000, "contract_duration_months": 24})
    assert derived_total.status in ("pass", "fail")
    assert run(r, {}).missing == ["contract_value_total"]


def test_compare_tender_window_in_working_days() -> None:
    r = rule(
        "compare",
        message="{tender_working_days}{tender_span}",
        figures={"least": 10},
        needs=["tender_working_days"],
        show=["tender_span"],
        problems=[
            {"when": {"fact": "tender_working_days", "op": "lt", "value": {"figure": "least"}}}
        ],
    )
    # Issued on Monday 5 May 2025 (a bank holiday): Tuesday 6 to Friday 16 May is 9 working days.
    short = run(r, {"issue_date": "2025-05-05", "submission_deadline": "2025-05-16"})
    assert (short.status, short.message) == ("fail", "9 (5 May 2025 to 16 May 2025)")
    long = run(r, {"issue_date": "2025-05-05", "submission_deadline": "2025-05-30"})
    assert long.status == "pass"
    assert run(r, {"issue_date": "2025-05-05"}).missing == ["submission_deadline"]


def test_compare_rejects_a_figure_it_does_not_have() -> None:
    bad = {**PAYMENT, "figures": {}}
    problem = CHECK_KINDS["compare"].validate(bad)
    assert problem is not None and "max_days" in problem[1]
    assert CHECK_KINDS["compare"].validate({**PAYMENT, "show": ["nonsense"]})[0] == "show"


def test_thresholds_set_a_compare_rules_figures_one_by_one(tmp_path) -> None:
    import tomllib

    from tendercheck.engine import _check_thresholds, rule_params
    from tendercheck.engine.config import parse_config

    rules = {r.id: r for r in load_rules()}
    text = '[thresholds."EFFORT-07"]\nfigures = {max_pages_per_10k = 20}\n'
    config = parse_config(tomllib.loads(text), tmp_path / "tendercheck.toml")
    _check_thresholds(list(rules.values()), config)
    figures = rule_params(rules["EFFORT-07"], config)["figures"]
    assert figures == {"small_contract": 100000, "max_pages_per_10k": 20, "min_pages": 5}
    facts = {"contract_value_total": 20_000, "pack_pages": 30}  # 15 pages per £10,000
    assert evaluate_rule(make_analysis(facts, text=READ), rules["EFFORT-07"]).status == "fail"
    assert (
        evaluate_rule(make_analysis(facts, text=READ), rules["EFFORT-07"], config).status == "pass"
    )


# --- compare: else_patterns, texts, unknown_applicability (k13c, issue 13) ----------------------

RECRUIT = dict(
    else_patterns={"recruitment_required": [r"\brecruit\w*\s+new\s+staff\b"]},
    else_quotes=1,
    problems=[
        {"when": {"fact": "recruitment_required", "op": "true"}, "says": "new staff"},
        {"when": {"fact": "tupe", "op": "true", "default": False}, "says": "TUPE"},
    ],
    texts={
        "who": [
            {"when": {"fact": "tupe", "op": "true"}, "says": "TUPE applies"},
            {"when": {"fact": "incumbent", "op": "true"}, "says": "an incumbent"},
        ]
    },
)


def test_compare_else_patterns_let_the_text_stand_in_for_an_unknown_fact() -> None:
    r = rule("compare", message="{problems} ({who})", **RECRUIT)
    text = (
        "The Council invites tenders.",
        "The provider will recruit new staff for the night service.",
        "Successful bidders recruit new staff locally.",
    )
    result = run(r, {"incumbent": "Acme"}, text=text)
    # The fact is unknown: the matching sentence stands in for it and is quoted (else_quotes: 1),
    # and the fact is not asked for.
    assert (result.status, result.message, result.missing) == (
        "fail",
        "new staff (an incumbent)",
        [],
    )
    assert [(e.block, e.quote) for e in result.evidence] == [(1, text[1])]
    # No sentence matches: the fact reads false, never missing.
    assert run(r, {"incumbent": "Acme"}, text=READ).status == "pass"
    # The fact, when known, wins over the text either way.
    known = run(r, {"recruitment_required": False, "tupe": True}, text=text)
    assert (known.status, known.message) == ("fail", "TUPE (TUPE applies)")
    # The facts the problems read are quoted; the sentences that lost to the fact are not.
    assert [e.quote for e in known.evidence] == ["recruitment_required: False", "tupe: True"]


def test_compare_unknown_applicability_stop_makes_an_undecided_rule_not_assessed() -> None:
    gate = {"not": {"any": [{"fact": "tupe", "op": "true"}, {"fact": "incumbent", "op": "true"}]}}
    r = rule("compare", message="{problems}", not_applicable_when=gate, **RECRUIT)
    stop = rule(
        "compare",
        message="{problems}",
        not_applicable_when=gate,
        unknown_applicability="stop",
        **RECRUIT,
    )
    assert run(r, {"tupe": False}).status == "pass"  # go_on: the problems decide
    undecided = run(stop, {"tupe": False})
    assert (undecided.status, undecided.missing) == ("not-assessed", ["incumbent"])
    assert run(stop, {"tupe": False, "incumbent": False}).status == "not-applicable"


PLACES = dict(
    else_patterns={"framework_mentioned": [r"\bframework\b"]},
    problems=[{"when": {"fact": "framework_places", "op": "gt", "value": 20, "default": 0}}],
    not_assessed_when={
        "all": [
            {"fact": "framework_mentioned", "op": "true"},
            {"fact": "framework_places", "op": "unknown"},
            {"fact": "dps", "op": "unknown"},
        ]
    },
    not_assessed_needs=["framework_places"],
)


def test_compare_not_assessed_when_nothing_is_wrong_but_a_question_is_open() -> None:
    r = rule("compare", message="{problems}", **PLACES)
    text = ("This framework runs for four years.",)
    open_question = run(r, {}, text=text)
    assert (open_question.status, open_question.missing) == ("not-assessed", ["framework_places"])
    # op unknown: a false value is known (a DPS said not to be one), unlike absent.
    assert run(r, {"dps": False}, text=text).status == "pass"
    assert run(r, {}, text=READ).status == "pass"  # no framework mentioned
    assert run(r, {"framework_places": 30}, text=text).status == "fail"  # a problem wins


def test_compare_max_fact_evidence_and_quote_when_none() -> None:
    quoting = rule(
        "compare",
        message="{problems}",
        max_fact_evidence=1,
        quote_when_none=["framework_mentioned"],
        else_quotes=1,
        **{
            **PLACES,
            "problems": [
                {
                    "when": {
                        "any": [
                            {"fact": "framework_places", "op": "gt", "value": 20},
                            {"fact": "dps", "op": "true"},
                        ]
                    }
                }
            ],
        },
    )
    text = ("Plain words.", "This framework runs for four years.", "The framework is big.")
    capped = run(quoting, {"framework_places": 30, "dps": True}, text=text)
    assert [e.quote for e in capped.evidence] == ["framework_places: 30"]
    supplied = Fact("framework_places", 30, evidence=[])  # supplied: nothing of its own to quote
    bare = run(quoting, {"framework_places": supplied}, text=text)
    assert (bare.status, [(e.block, e.quote) for e in bare.evidence]) == ("fail", [(1, text[1])])


def test_compare_needs_first_false_reads_not_applicable_first_with_texts_in_its_detail() -> None:
    params = dict(
        needs=["payment_terms_days"],
        not_applicable_when={"fact": "dps", "op": "true"},
        not_applicable_detail="{why}",
        texts={"why": [{"when": {"fact": "dps", "op": "true"}, "says": "a DPS"}]},
        problems=[{"when": {"fact": "payment_terms_days", "op": "gt", "value": 30}}],
    )
    first = rule("compare", message="{problems}", **params)
    assert run(first, {"dps": True}).missing == ["payment_terms_days"]  # needs read first
    after = rule("compare", message="{problems}", needs_first=False, **params)
    assert run(after, {"dps": True}).message == "Not applicable: a DPS"
    lacking = run(after, {"dps": False})
    assert (lacking.status, lacking.missing) == ("not-assessed", ["payment_terms_days"])
