"""Commercial terms: payment, TUPE and incumbency, unpaid work, penalties, how bids are
delivered (paper, USB, post), document fees, frameworks, shortlists, DPS and mobilisation.

One pass over the sentences with cheap keyword checks before any regular expression; each topic's
patterns and readers live in their own module.
"""

from __future__ import annotations

from collections.abc import Iterator

from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.extractors.candidates import EXAMPLE_RE, GUIDANCE_RE, Found
from tendercheck.nlp.extractors.frameworks_and_mobilisation import (
    read_dps,
    read_framework_places,
    read_mobilisation,
    read_shortlist,
)
from tendercheck.nlp.extractors.paper_submission_and_fees import (
    read_document_fees,
    read_paper_submission,
)
from tendercheck.nlp.extractors.payment_terms import (
    list_lead_in,
    read_flow_down,
    read_payment_by_results,
    read_payment_days,
    read_payment_in_arrears,
    read_payment_upfront,
)
from tendercheck.nlp.extractors.tupe_and_incumbent import read_incumbent, read_tupe
from tendercheck.nlp.extractors.unpaid_work_and_penalties import read_penalties, read_unpaid_work
from tendercheck.nlp.model import Evidence, Fact


@extractor
def commercial_terms(ctx: Context) -> Iterator[Fact]:
    names = (
        "payment_terms_days",
        "payment_flow_down",
        "payment_by_results",
        "payment_in_arrears",
        "payment_upfront",
        "tupe",
        "incumbent",
        "tupe_information",
        "current_contract_value",
        "penalties",
        "document_fees",
        "framework_places",
        "price_not_eliminating",
        "shortlist_max",
        "dps",
        "mobilisation_weeks",
    )
    out: dict[str, Found] = {n: Found() for n in names}
    unpaid: list[tuple[str, Evidence]] = []
    paper: dict[str, Evidence] = {}
    sentences = ctx.sentences
    last_pay_index = -10
    last_tupe_index = -10
    for i, s in enumerate(sentences):
        low = s.text.lower()
        text = s.text
        example = bool(EXAMPLE_RE.search(text))
        if example or not reads("statements", s.clause):
            continue  # worked examples, guidance, definitions, another procurement
        terms = reads("contract_terms", s.clause)
        bid_process = reads("bid_process", s.clause)
        guidance = bool(GUIDANCE_RE.search(text))
        lead_in = list_lead_in(sentences, i) if "day" in low else ""
        if read_payment_days(s, low, out, lead_in):
            last_pay_index = i
        read_flow_down(sentences, i, low, out, last_pay_index)
        read_payment_by_results(s, low, guidance, out)
        read_payment_in_arrears(s, low, out)
        read_payment_upfront(s, low, out)
        if "tupe" in low or "transfer of undertakings" in low or "transfer" in low:
            # "TUPE may apply (at call-off)" is not "TUPE applies", nor is "where TUPE applies,
            # the Supplier shall…": only the information about staff is read from them
            read_tupe(s, low, out, guidance, info_only=not terms)
            if "tupe" in low:
                last_tupe_index = i
        elif ("employ" in low or "staff" in low) and i - last_tupe_index <= 3:
            read_tupe(s, low, out, guidance, info_only=True)
        if s.clause is None or s.clause.part != "terms":
            read_incumbent(
                s, low, out
            )  # a call-off template's "incumbent supplier" is not this one
        if terms:
            read_unpaid_work(s, low, unpaid)
        read_penalties(s, low, guidance, out)
        if bid_process:  # printed reports delivered under the contract are not paper bids
            read_paper_submission(s, low, paper)
            read_document_fees(s, low, guidance, out)
        read_framework_places(s, low, guidance, out)
        read_shortlist(s, low, guidance, out)
        read_dps(s, low, guidance, out)
        read_mobilisation(s, low, guidance, out)

    for name in (
        "payment_terms_days",
        "payment_in_arrears",
        "current_contract_value",
        "framework_places",
        "shortlist_max",
        "mobilisation_weeks",
        "document_fees",
    ):
        yield from out[name].facts(name)
    for name in (
        "payment_flow_down",
        "payment_by_results",
        "payment_upfront",
        "tupe_information",
        "penalties",
        "dps",
        "price_not_eliminating",
    ):
        yield from out[name].best_bool(name)
    yield from out["tupe"].best_bool("tupe", True)
    if out["incumbent"]:
        named = [it for it in out["incumbent"].items if isinstance(it[0], str)]
        value, conf, ev = (named or out["incumbent"].items)[0]
        yield Fact("incumbent", value, evidence=[ev], confidence=conf)
    if unpaid:
        quotes = list(dict.fromkeys(q for q, _ in unpaid))
        yield Fact("unpaid_work", quotes, evidence=[e for _, e in unpaid][:12], confidence=0.7)
    if paper:
        yield Fact(
            "paper_submission", sorted(paper), evidence=list(paper.values()), confidence=0.75
        )
